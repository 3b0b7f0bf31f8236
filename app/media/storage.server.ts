/**
 * Where uploaded bytes live, behind one interface: local disk under DATA_DIR by default; an
 * S3-compatible driver implements the same four operations for production (video issue).
 */
import { createReadStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import type { Readable } from 'node:stream'
import { getEnv } from '~/utils/env.server'

export interface Storage {
  /** Moves a finished local file into storage under `key`. */
  putFile(key: string, localPath: string): Promise<void>
  read(key: string, range?: { start: number; end: number }): Readable
  size(key: string): Promise<number | null>
  delete(key: string): Promise<void>
}

export class LocalDiskStorage implements Storage {
  constructor(private readonly root: string) {}

  private path(key: string) {
    // Keys are app-generated ([0-9a-f/.]); still, never leave the root.
    const full = resolve(this.root, key)
    if (!full.startsWith(resolve(this.root) + sep)) throw new Error(`storage key escapes the root: ${key}`)
    return full
  }

  async putFile(key: string, localPath: string) {
    const target = this.path(key)
    await mkdir(dirname(target), { recursive: true })
    await rename(localPath, target)
  }

  read(key: string, range?: { start: number; end: number }) {
    return createReadStream(this.path(key), range)
  }

  async size(key: string) {
    try {
      return (await stat(this.path(key))).size
    } catch {
      return null
    }
  }

  async delete(key: string) {
    await rm(this.path(key), { force: true })
  }
}

let storage: Storage | undefined
export function getStorage(): Storage {
  storage ??= new LocalDiskStorage(join(getEnv().DATA_DIR, 'media'))
  return storage
}

/** Scratch space for uploads in flight, on the same disk as storage so promotion is a rename. */
export function uploadTempDir() {
  return join(getEnv().DATA_DIR, 'uploads-tmp')
}
