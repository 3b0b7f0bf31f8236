/**
 * Where uploaded bytes live, behind one interface: local disk under DATA_DIR by default, or an
 * S3-compatible bucket (S3_BUCKET and friends) for production, where several app servers share it.
 */
import { createReadStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import type { Readable } from 'node:stream'
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { getEnv } from '~/utils/env.server'

export interface Storage {
  /** Moves a finished local file into storage under `key` (the local file is gone afterwards). */
  putFile(key: string, localPath: string): Promise<void>
  /** The bytes of `key`, or of the inclusive byte range. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>
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

  async read(key: string, range?: { start: number; end: number }) {
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

export class S3Storage implements Storage {
  private readonly client: S3Client
  constructor(
    private readonly bucket: string,
    config: S3ClientConfig,
  ) {
    this.client = new S3Client(config)
  }

  async putFile(key: string, localPath: string) {
    // Multipart upload in 8 MB parts, streamed from disk: memory stays flat for any size.
    const upload = new Upload({ client: this.client, params: { Bucket: this.bucket, Key: key, Body: createReadStream(localPath) }, partSize: 8 * 1024 * 1024, queueSize: 2 })
    await upload.done()
    await rm(localPath, { force: true })
  }

  async read(key: string, range?: { start: number; end: number }) {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }))
    return answer.Body as Readable
  }

  async size(key: string) {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))
      return head.ContentLength ?? null
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
      if (status === 404 || (error as { name?: string }).name === 'NotFound') return null
      throw error
    }
  }

  async delete(key: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }))
  }
}

let storage: Storage | undefined
export function getStorage(): Storage {
  if (storage) return storage
  const env = getEnv()
  storage = env.S3_BUCKET
    ? new S3Storage(env.S3_BUCKET, {
        region: env.S3_REGION,
        endpoint: env.S3_ENDPOINT,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
        credentials: env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
      })
    : new LocalDiskStorage(join(env.DATA_DIR, 'media'))
  return storage
}

/** Scratch space for uploads in flight, on the same disk as local storage so promotion is a rename. */
export function uploadTempDir() {
  return join(getEnv().DATA_DIR, 'uploads-tmp')
}
