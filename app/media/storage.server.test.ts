/**
 * Both storage drivers behind one contract. The S3 driver talks real S3 protocol (AWS SDK v3) to
 * s3rver, a local S3-compatible server, over HTTP.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import S3rver from 's3rver'
import { afterAll, describe, expect, test } from 'vitest'
import { LocalDiskStorage, S3Storage, type Storage } from './storage.server'

const dir = mkdtempSync(join(tmpdir(), 'sunlight-storage-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: join(dir, 's3'), configureBuckets: [{ name: 'sunlight-media', configs: [] }] })
const { port } = (await s3.run()) as unknown as { port: number }
afterAll(() => s3.close())

async function text(stream: Readable) {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array))
  return Buffer.concat(chunks).toString()
}

const drivers: [string, Storage][] = [
  ['local disk', new LocalDiskStorage(join(dir, 'local'))],
  ['S3', new S3Storage('sunlight-media', { region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } })],
]

describe.each(drivers)('%s storage', (_name, storage) => {
  test('stores a file under its key, reads it whole and by range, reports size, deletes', async () => {
    const local = join(dir, `upload-${Math.random()}`)
    writeFileSync(local, '0123456789abcdef')
    const key = `ab/cd/${'e'.repeat(64)}.mp4`
    await storage.putFile(key, local)
    expect(await storage.size(key)).toBe(16)
    expect(await text(await storage.read(key))).toBe('0123456789abcdef')
    expect(await text(await storage.read(key, { start: 10, end: 15 }))).toBe('abcdef')
    await storage.delete(key)
    expect(await storage.size(key)).toBeNull()
  })

  test('a missing key has no size', async () => {
    expect(await storage.size('00/00/missing.png')).toBeNull()
  })
})

test('the local driver never leaves its root', async () => {
  await expect(new LocalDiskStorage(join(dir, 'local')).read('../../etc/passwd')).rejects.toThrow(/escapes the root/)
})
