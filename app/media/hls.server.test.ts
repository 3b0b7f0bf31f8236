/**
 * HLS packaging below the HTTP layer: the rendition ladder, the `media.hls` job on clips made on the
 * spot (landscape, upright, small), what it stores, failure, reruns, the backfill, and deletion.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-hls-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const { db } = await setupTestDatabase()
const { jobs, media } = await import('~db/schema')
const { enqueue, runDueJobs } = await import('~/jobs/queue.server')
const { SLOW_JOBS } = await import('~/jobs/registry.server')
const { getStorage } = await import('./storage.server')
const { makeClip } = await import('./testing/clips')
const { backfillHls, deleteHls, HLS_FILE, hlsFiles, hlsPrefix, planRenditions, requestHls } = await import('./hls.server')

const clips = mkdtempSync(join(tmpdir(), 'sunlight-hls-clips-'))
afterAll(() => rmSync(clips, { recursive: true, force: true }))

/** A ready video row whose bytes are `path`, stored as an upload would be. */
async function readyVideo(path: string, values: Partial<typeof media.$inferInsert> = {}) {
  const bytes = readFileSync(path)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const storageKey = `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.mp4`
  const copy = join(clips, `${sha256}.copy`)
  writeFileSync(copy, bytes)
  await getStorage().putFile(storageKey, copy)
  const [row] = await db.insert(media).values({ kind: 'video', storageKey, contentType: 'video/mp4', byteSize: bytes.length, sha256, status: 'ready', isPublic: true, ...values }).returning()
  return row!
}

async function text(key: string) {
  const chunks: Buffer[] = []
  for await (const chunk of await getStorage().read(key)) chunks.push(Buffer.from(chunk as Uint8Array))
  return Buffer.concat(chunks).toString('utf8')
}

const runSlowJobs = async () => {
  while ((await runDueJobs(db, { lane: { only: SLOW_JOBS } })) > 0) continue
}
const rowOf = async (id: string) => (await db.select().from(media).where(eq(media.id, id)))[0]!

test('the ladder: 360p and 720p by the short side, never taller than the source; a small source keeps its size, one between steps adds its own', () => {
  const names = (w: number, h: number) => planRenditions(w, h).map((r) => `${r.name}:${r.shortSide}`)
  expect(names(1920, 1080)).toEqual(['360p:360', '720p:720'])
  expect(names(1080, 1920)).toEqual(['360p:360', '720p:720'])
  expect(names(1280, 720)).toEqual(['360p:360', '720p:720'])
  // Well between two steps: the source's own size too, so a large screen is not held at 360p.
  expect(names(854, 480)).toEqual(['360p:360', '480p:480'])
  expect(names(540, 960)).toEqual(['360p:360', '540p:540'])
  // Just above a step: that step alone.
  expect(names(640, 400)).toEqual(['360p:360'])
  expect(names(320, 240)).toEqual(['240p:240'])
  expect(names(175, 99)).toEqual(['98p:98'])
})

test('a 3 s 720p clip becomes two renditions with a master playlist; every file named in it is stored', { timeout: 60_000 }, async () => {
  const video = await readyVideo(makeClip(clips, 'landscape', { seconds: 3, size: '1280x720', rate: 30 }))
  expect(await requestHls(db, video.id)).toBe(true)
  // Asked once: a second ask is a no-op.
  expect(await requestHls(db, video.id)).toBe(false)
  expect((await rowOf(video.id)).hlsStatus).toBe('pending')
  await runSlowJobs()

  const row = await rowOf(video.id)
  expect(row).toMatchObject({ hlsStatus: 'ready', hlsKey: hlsPrefix(video.sha256), status: 'ready' })
  const master = await text(`${row.hlsKey}/master.m3u8`)
  const variants = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'))
  expect(variants).toHaveLength(2)
  expect(variants[0]).toMatch(/^#EXT-X-STREAM-INF:BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,RESOLUTION=640x360,CODECS="avc1\.4d40[0-9a-f]{2},mp4a\.40\.2"$/)
  expect(variants[1]).toMatch(/RESOLUTION=1280x720,CODECS="avc1\.4d40[0-9a-f]{2},mp4a\.40\.2"$/)
  expect(master).toContain('360p/index.m3u8\n')
  expect(master).toContain('720p/index.m3u8\n')

  for (const rendition of ['360p', '720p']) {
    const playlist = await text(`${row.hlsKey}/${rendition}/index.m3u8`)
    expect(playlist).toContain('#EXT-X-PLAYLIST-TYPE:VOD')
    expect(playlist).toContain('#EXT-X-ENDLIST')
    expect(playlist).toContain('#EXT-X-MAP:URI="init.mp4"')
    expect(Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(playlist)![1])).toBeLessThanOrEqual(6)
    const durations = [...playlist.matchAll(/#EXTINF:([\d.]+),/g)].map((m) => Number(m[1]))
    expect(durations.length).toBeGreaterThan(0)
    for (const seconds of durations) expect(seconds).toBeLessThanOrEqual(6)
    expect(durations.reduce((a, b) => a + b, 0)).toBeCloseTo(3, 0)
  }
  const names = await hlsFiles(getStorage(), row.hlsKey!)
  expect(names.at(-1)).toBe('master.m3u8')
  for (const name of names) {
    expect(name).toMatch(HLS_FILE)
    expect(await getStorage().size(`${row.hlsKey}/${name}`), name).toBeGreaterThan(0)
  }
})

test('a video that processing makes ready asks for its HLS in the same transaction, and gets it', { timeout: 60_000 }, async () => {
  const video = await readyVideo(makeClip(clips, 'uploaded', { seconds: 2, size: '320x240', rate: 10 }), { status: 'processing' })
  await enqueue(db, 'media.process', { mediaId: video.id })
  await runSlowJobs()
  expect(await rowOf(video.id)).toMatchObject({ status: 'ready', hlsStatus: 'ready', hlsKey: hlsPrefix(video.sha256) })
})

test('an upright 9:16 clip is scaled by its short side: 360p is 360 px wide', { timeout: 60_000 }, async () => {
  const video = await readyVideo(makeClip(clips, 'upright', { seconds: 3, size: '720x1280', rate: 30 }))
  await requestHls(db, video.id)
  await runSlowJobs()
  const master = await text(`${(await rowOf(video.id)).hlsKey}/master.m3u8`)
  expect(master).toContain('RESOLUTION=360x640')
  expect(master).toContain('RESOLUTION=720x1280')
})

test('a source smaller than 360p gets one rendition at its own size, never enlarged', { timeout: 60_000 }, async () => {
  const video = await readyVideo(makeClip(clips, 'small', { seconds: 3, size: '320x240' }))
  await requestHls(db, video.id)
  await runSlowJobs()
  const master = await text(`${(await rowOf(video.id)).hlsKey}/master.m3u8`)
  expect(master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'))).toEqual([expect.stringContaining('RESOLUTION=320x240')])
  expect(master).toContain('240p/index.m3u8')
})

test('bytes ffmpeg cannot read: HLS is marked failed, the video stays ready, nothing is stored', async () => {
  const path = join(clips, 'garbage.mp4')
  writeFileSync(path, Buffer.concat([Buffer.from('000000186674797069736f6d', 'hex'), Buffer.alloc(5000, 7)]))
  const video = await readyVideo(path)
  await requestHls(db, video.id)
  await runSlowJobs()
  expect(await rowOf(video.id)).toMatchObject({ status: 'ready', hlsStatus: 'failed', hlsKey: null })
  expect(await getStorage().size(`${hlsPrefix(video.sha256)}/master.m3u8`)).toBeNull()
  // The job itself finished (no retries of a hopeless input).
  const [job] = await db.select().from(jobs).where(sql`${jobs.payload}->>'mediaId' = ${video.id}`)
  expect(job).toMatchObject({ attempts: 1, failedAt: null })
  expect(job!.doneAt).not.toBeNull()
})

test('a rerun (after a crash, or asked again) writes the same keys and ends ready again', { timeout: 60_000 }, async () => {
  const video = await readyVideo(makeClip(clips, 'again', { seconds: 3, size: '320x240', rate: 10 }))
  await requestHls(db, video.id)
  await runSlowJobs()
  const first = await rowOf(video.id)
  const names = await hlsFiles(getStorage(), first.hlsKey!)
  // A crash after storing some files and before the row said ready looks like this: asked, files present.
  await db.update(media).set({ hlsStatus: null, hlsKey: null }).where(eq(media.id, video.id))
  await getStorage().delete(`${first.hlsKey}/master.m3u8`)
  expect(await requestHls(db, video.id)).toBe(true)
  await runSlowJobs()
  const second = await rowOf(video.id)
  expect(second).toMatchObject({ hlsStatus: 'ready', hlsKey: first.hlsKey })
  expect(await hlsFiles(getStorage(), second.hlsKey!)).toEqual(names)
})

test('the backfill asks once for each ready video without HLS, and for nothing else', async () => {
  const clip = makeClip(clips, 'backfill', { seconds: 1, size: '160x120', rate: 10 })
  const waiting = await readyVideo(clip)
  const processing = await db
    .insert(media)
    .values({ kind: 'video', storageKey: 'x/y/z.mp4', contentType: 'video/mp4', byteSize: 1, sha256: 'e'.repeat(64), status: 'processing' })
    .returning()
  const image = await db.insert(media).values({ kind: 'image', storageKey: 'x/y/z.jpg', contentType: 'image/jpeg', byteSize: 1, sha256: 'd'.repeat(64) }).returning()
  expect(await backfillHls(db)).toBeGreaterThanOrEqual(1)
  expect(await backfillHls(db)).toBe(0)
  expect((await rowOf(waiting.id)).hlsStatus).toBe('pending')
  expect((await rowOf(processing[0]!.id)).hlsStatus).toBeNull()
  expect((await rowOf(image[0]!.id)).hlsStatus).toBeNull()
  const asked = await db.select().from(jobs).where(sql`${jobs.name} = 'media.hls' and ${jobs.payload}->>'mediaId' = ${waiting.id}`)
  expect(asked).toHaveLength(1)
  await runSlowJobs()
  expect((await rowOf(waiting.id)).hlsStatus).toBe('ready')
})

test('deleting a package removes every file the playlists name', { timeout: 60_000 }, async () => {
  const video = await readyVideo(makeClip(clips, 'gone', { seconds: 2, size: '320x240', rate: 10 }))
  await requestHls(db, video.id)
  await runSlowJobs()
  const prefix = (await rowOf(video.id)).hlsKey!
  const names = await hlsFiles(getStorage(), prefix)
  expect(names.length).toBeGreaterThanOrEqual(4)
  await deleteHls(getStorage(), prefix)
  for (const name of names) expect(await getStorage().size(`${prefix}/${name}`)).toBeNull()
})
