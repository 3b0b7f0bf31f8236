/**
 * The `media.process` job: gives a processing video its poster frame and, when browsers cannot play
 * it as uploaded (HEVC .mov from phones, Matroska …), an H.264/AAC MP4 in its place. Ends in `ready`
 * (and asks for HLS renditions, the `media.hls` job) or `rejected` with a reason the uploader sees. Idempotent: a rerun after a crash redoes the work
 * and lands on the same content-addressed keys.
 */
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { and, eq } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { media } from '~db/schema'
import { defineJob } from '~/jobs/queue.server'
import { logger } from '~/utils/logger.server'
import { requestHls } from './hls.server'
import { getStorage, uploadTempDir } from './storage.server'
import { browserPlayable, extractPoster, probeVideo, transcodeToMp4 } from './video.server'

async function sha256File(path: string) {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

const keyFor = (sha256: string, extension: string) => `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.${extension}`

async function putLocalFile(path: string, extension: string) {
  const sha256 = await sha256File(path)
  const byteSize = (await stat(path)).size
  const key = keyFor(sha256, extension)
  const storage = getStorage()
  if ((await storage.size(key)) === byteSize) await rm(path, { force: true })
  else await storage.putFile(key, path)
  return { key, sha256, byteSize }
}

export async function processVideo(db: Db, mediaId: string) {
  const [file] = await db.select().from(media).where(eq(media.id, mediaId))
  if (!file || file.kind !== 'video' || file.status !== 'processing') return
  const work = join(uploadTempDir(), `job-${randomUUID()}`)
  await mkdir(work, { recursive: true })
  const reject = async (reason: string) => {
    await db.update(media).set({ status: 'rejected', rejectionReason: reason }).where(and(eq(media.id, mediaId), eq(media.status, 'processing')))
    logger.info({ mediaId, reason }, 'video rejected')
  }
  try {
    const source = join(work, 'source')
    await pipeline(await getStorage().read(file.storageKey), createWriteStream(source))
    const probe = await probeVideo(source)
    if (!probe.ok) return await reject(probe.error)

    let playable = { key: file.storageKey, sha256: file.sha256, byteSize: file.byteSize, contentType: file.contentType }
    if (!browserPlayable(file.contentType, probe.info)) {
      const output = join(work, 'out.mp4')
      const failure = await transcodeToMp4(source, output)
      if (failure) {
        logger.warn({ mediaId, failure }, 'transcode failed')
        return await reject('validation.videoUnreadable')
      }
      const stored = await putLocalFile(output, 'mp4')
      playable = { ...stored, contentType: 'video/mp4' }
    }

    const posterPath = join(work, 'poster.jpg')
    await extractPoster(source, posterPath, probe.info.durationMs)
    const poster = await putLocalFile(posterPath, 'jpg')
    await db.transaction(async (tx) => {
      const [posterRow] = await tx
        .insert(media)
        .values({ kind: 'image', storageKey: poster.key, contentType: 'image/jpeg', byteSize: poster.byteSize, sha256: poster.sha256, isPublic: file.isPublic, uploadedBy: file.uploadedBy, organizationId: file.organizationId })
        .returning({ id: media.id })
      await tx
        .update(media)
        .set({
          status: 'ready',
          storageKey: playable.key,
          sha256: playable.sha256,
          byteSize: playable.byteSize,
          contentType: playable.contentType,
          posterMediaId: posterRow!.id,
          durationMs: probe.info.durationMs,
          width: probe.info.width,
          height: probe.info.height,
        })
        .where(and(eq(media.id, mediaId), eq(media.status, 'processing')))
      // Ready to play as MP4; the HLS renditions follow (hls.server.ts).
      await requestHls(tx, mediaId)
    })
    // The unplayable original is no longer needed unless another upload shares its bytes.
    if (playable.key !== file.storageKey) {
      const others = await db.select({ id: media.id }).from(media).where(eq(media.storageKey, file.storageKey)).limit(1)
      if (others.length === 0) await getStorage().delete(file.storageKey)
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

export const PROCESS_VIDEO = defineJob<{ mediaId: string }>('media.process', {
  leaseMs: 35 * 60_000,
  run: (db, { mediaId }) => processVideo(db, mediaId),
})
