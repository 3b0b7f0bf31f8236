/**
 * Adaptive streaming for ready videos: the `media.hls` job packages a video's playable MP4 as HLS
 * VOD — 360p and 720p renditions (never taller than the source; one at the source's size when it is
 * smaller than 360p) with a master playlist — and stores every file through the storage interface
 * under `hls/<sha256 prefix>/<sha256>/`, so local disk and S3 work alike and identical bytes share
 * one package. The row says `ready` only after the last file is stored; a rerun after a crash
 * writes the same keys again. A video ffmpeg cannot package is marked `failed`: its MP4 still plays.
 *
 * Asking for packaging is one guarded UPDATE (hls_status null → pending) plus an enqueue in the same
 * transaction: at the end of processing (process.server.ts), and for ready videos that never asked
 * (seeded, imported, or ready before this existed) by the periodic backfill (runtime/schedule.server.ts).
 */
import { getEnv } from '~/utils/env.server'
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { media } from '~db/schema'
import { defineJob, enqueue } from '~/jobs/queue.server'
import { logger } from '~/utils/logger.server'
import { getStorage, uploadTempDir, type Storage } from './storage.server'
import { encodeHls, probeVideo, type Rendition } from './video.server'

/** The ladder, lowest first. Rates are caps on a constant-quality encode (phone videos of people and places). */
export const HLS_LADDER: readonly Rendition[] = [
  { name: '360p', shortSide: 360, maxKbps: 1_000 },
  { name: '720p', shortSide: 720, maxKbps: 3_000 },
]

/** Every name the packager writes, and so every name the route serves: nothing else, no `..`, no slashes but one. */
export const HLS_FILE = /^(?:master\.m3u8|[1-9]\d{0,3}p\/(?:index\.m3u8|init\.mp4|seg-\d{5}\.m4s))$/

const VARIANT_PLAYLIST = /^[1-9]\d{0,3}p\/index\.m3u8$/
const SEGMENT = /^seg-\d{5}\.m4s$/

export const hlsPrefix = (sha256: string) => `hls/${sha256.slice(0, 2)}/${sha256}`

/** The renditions for a picture of width × height (either way up): the ladder's steps that fit its short side. */
export function planRenditions(width: number, height: number): Rendition[] {
  const short = Math.min(width, height)
  const fitting = HLS_LADDER.filter((r) => r.shortSide <= short)
  const top = fitting.at(-1)
  const highest = HLS_LADDER.at(-1)!
  // A source well between two steps (a 540×960 phone video) also gets a rendition at its own size:
  // otherwise a large screen would only ever see the 360p step of it.
  if (top && top !== highest && short >= top.shortSide * 1.25) {
    const side = short - (short % 2)
    const kbps = Math.round(top.maxKbps + ((side - top.shortSide) / (highest.shortSide - top.shortSide)) * (highest.maxKbps - top.maxKbps))
    return [...fitting, { name: `${side}p`, shortSide: side, maxKbps: kbps }]
  }
  if (fitting.length) return fitting
  const side = Math.max(2, short - (short % 2))
  return [{ name: `${side}p`, shortSide: side, maxKbps: HLS_LADDER[0]!.maxKbps }]
}

// ── fMP4 init segments: the picture size and the exact codec string, for the master playlist ─────

interface Box {
  type: string
  start: number
  end: number
}

function* boxes(buffer: Buffer, start: number, end: number): Generator<Box> {
  let at = start
  while (at + 8 <= end) {
    let size = buffer.readUInt32BE(at)
    let header = 8
    if (size === 1) {
      if (at + 16 > end) return
      size = Number(buffer.readBigUInt64BE(at + 8))
      header = 16
    } else if (size === 0) size = end - at
    if (size < header || at + size > end) return
    yield { type: buffer.toString('latin1', at + 4, at + 8), start: at + header, end: at + size }
    at += size
  }
}

function child(buffer: Buffer, parent: Box | null, type: string, offset = 0) {
  for (const box of boxes(buffer, (parent?.start ?? 0) + offset, parent?.end ?? buffer.length)) if (box.type === type) return box
  return null
}

const hex = (byte: number) => byte.toString(16).padStart(2, '0')

/**
 * Reads an init segment's sample entries: the H.264 picture size and `avc1.PPCCLL` (profile,
 * constraint flags and level as the encoder wrote them, RFC 6381), plus AAC-LC when there is sound.
 */
export function describeInitSegment(buffer: Buffer): { width: number; height: number; codecs: string[] } | null {
  const moov = child(buffer, null, 'moov')
  if (!moov) return null
  let video: { width: number; height: number; codec: string } | null = null
  let audio = false
  for (const trak of boxes(buffer, moov.start, moov.end)) {
    if (trak.type !== 'trak') continue
    const stsd = ['mdia', 'minf', 'stbl', 'stsd'].reduce<Box | null>((box, type) => (box ? child(buffer, box, type) : null), trak)
    if (!stsd) continue
    // stsd is a full box: version and flags, entry count, then the sample entries.
    for (const entry of boxes(buffer, stsd.start + 8, stsd.end)) {
      if (entry.type === 'mp4a') audio = true
      if (entry.type !== 'avc1' || entry.start + 78 > entry.end) continue
      // VisualSampleEntry: 8 bytes of SampleEntry, 16 reserved, width and height, then 50 more before its boxes.
      const avcC = child(buffer, entry, 'avcC', 78)
      if (!avcC || avcC.start + 4 > avcC.end) continue
      const codec = `avc1.${hex(buffer[avcC.start + 1]!)}${hex(buffer[avcC.start + 2]!)}${hex(buffer[avcC.start + 3]!)}`
      video = { width: buffer.readUInt16BE(entry.start + 24), height: buffer.readUInt16BE(entry.start + 26), codec }
    }
  }
  if (!video) return null
  return { width: video.width, height: video.height, codecs: audio ? [video.codec, 'mp4a.40.2'] : [video.codec] }
}

// ── Packaging ─────────────────────────────────────────────────────────────────────────────────

export interface PackagedRendition {
  name: string
  width: number
  height: number
  codecs: string[]
  /** Peak segment bit rate, as the master playlist's BANDWIDTH must be (RFC 8216 §4.3.4.2). */
  bandwidth: number
  averageBandwidth: number
  segments: { name: string; seconds: number }[]
}

export interface Package {
  renditions: PackagedRendition[]
  /** Every file as `[storage name, local path]`, in the order they must be stored: the master last. */
  files: [string, string][]
}

export function masterPlaylist(renditions: PackagedRendition[]) {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS']
  for (const r of renditions) {
    lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},AVERAGE-BANDWIDTH=${r.averageBandwidth},RESOLUTION=${r.width}x${r.height},CODECS="${r.codecs.join(',')}"`)
    lines.push(`${r.name}/index.m3u8`)
  }
  return `${lines.join('\n')}\n`
}

/**
 * Checks what ffmpeg wrote in `outDir` and makes it the package: each rendition's playlist must be
 * a finished VOD list of segments named as the route expects; its init segment is renamed
 * `init.mp4`; its sizes and rates are measured; the master playlist is written. Throws when
 * anything is missing or odd (nothing is stored then).
 */
export async function assemblePackage(outDir: string, renditions: Rendition[]): Promise<Package> {
  const packaged: PackagedRendition[] = []
  const files: [string, string][] = []
  for (const [index, rendition] of renditions.entries()) {
    const dir = join(outDir, String(index))
    const text = await readFile(join(dir, 'index.m3u8'), 'utf8')
    if (!text.includes('#EXT-X-ENDLIST')) throw new Error(`rendition ${rendition.name}: playlist not finished`)
    const lines: string[] = []
    const segments: { name: string; seconds: number; bytes: number }[] = []
    let init: string | null = null
    let seconds: number | null = null
    for (const line of text.split(/\r?\n/)) {
      const map = /^#EXT-X-MAP:URI="([^"/]+)"$/.exec(line)
      const inf = /^#EXTINF:([\d.]+),/.exec(line)
      if (map) {
        init = map[1]!
        lines.push('#EXT-X-MAP:URI="init.mp4"')
      } else if (inf) {
        seconds = Number(inf[1])
        lines.push(line)
      } else if (line && !line.startsWith('#')) {
        if (!SEGMENT.test(line) || seconds === null) throw new Error(`rendition ${rendition.name}: unexpected entry ${line.slice(0, 40)}`)
        segments.push({ name: line, seconds, bytes: (await stat(join(dir, line))).size })
        seconds = null
        lines.push(line)
      } else lines.push(line)
    }
    if (!init || segments.length === 0) throw new Error(`rendition ${rendition.name}: no init segment or no media segments`)
    const described = describeInitSegment(await readFile(join(dir, init)))
    if (!described) throw new Error(`rendition ${rendition.name}: unreadable init segment`)
    await writeFile(join(dir, 'index.m3u8'), lines.join('\n'))
    const totalSeconds = segments.reduce((sum, s) => sum + s.seconds, 0)
    const totalBits = segments.reduce((sum, s) => sum + s.bytes * 8, 0)
    packaged.push({
      name: rendition.name,
      ...described,
      bandwidth: Math.ceil(Math.max(...segments.map((s) => (s.bytes * 8) / Math.max(s.seconds, 0.1)))),
      averageBandwidth: Math.ceil(totalBits / Math.max(totalSeconds, 0.1)),
      segments: segments.map(({ name, seconds }) => ({ name, seconds })),
    })
    files.push([`${rendition.name}/init.mp4`, join(dir, init)], ...segments.map((s): [string, string] => [`${rendition.name}/${s.name}`, join(dir, s.name)]))
    files.push([`${rendition.name}/index.m3u8`, join(dir, 'index.m3u8')])
  }
  await writeFile(join(outDir, 'master.m3u8'), masterPlaylist(packaged))
  files.push(['master.m3u8', join(outDir, 'master.m3u8')])
  return { renditions: packaged, files }
}

/** Packages one local video file into `outDir`, or says why it cannot (unreadable, ffmpeg's complaint). */
export async function packageFile(input: string, outDir: string): Promise<Package | { failed: string }> {
  const probe = await probeVideo(input)
  if (!probe.ok) return { failed: probe.error }
  const renditions = planRenditions(probe.info.width, probe.info.height)
  await mkdir(outDir, { recursive: true })
  const failure = await encodeHls(input, outDir, renditions, { audio: probe.info.audioCodec !== null })
  if (failure) return { failed: failure }
  try {
    return await assemblePackage(outDir, renditions)
  } catch (error) {
    return { failed: error instanceof Error ? error.message : String(error) }
  }
}

export async function packageVideoHls(db: Db, mediaId: string) {
  const [file] = await db.select().from(media).where(eq(media.id, mediaId))
  if (!file || file.kind !== 'video' || file.status !== 'ready' || file.hlsStatus === 'ready') return
  const work = join(uploadTempDir(), `hls-${randomUUID()}`)
  await mkdir(work, { recursive: true })
  try {
    const source = join(work, 'source')
    await pipeline(await getStorage().read(file.storageKey), createWriteStream(source))
    const packaged = await packageFile(source, join(work, 'out'))
    if ('failed' in packaged) {
      logger.warn({ mediaId, failure: packaged.failed }, 'HLS packaging failed; the MP4 still plays')
      await db
        .update(media)
        .set({ hlsStatus: 'failed' })
        .where(and(eq(media.id, mediaId), sql`${media.hlsStatus} is distinct from 'ready'`))
      return
    }
    const prefix = hlsPrefix(file.sha256)
    // Segments before the playlists that name them, the master last; the row says ready after all.
    for (const [name, path] of packaged.files) await getStorage().putFile(`${prefix}/${name}`, path)
    await db
      .update(media)
      .set({ hlsStatus: 'ready', hlsKey: prefix })
      .where(and(eq(media.id, mediaId), eq(media.status, 'ready')))
    logger.info({ mediaId, renditions: packaged.renditions.map((r) => r.name) }, 'HLS ready')
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

export const PACKAGE_HLS = defineJob<{ mediaId: string }>('media.hls', {
  leaseMs: 35 * 60_000,
  run: (db, { mediaId }) => packageVideoHls(db, mediaId),
})

/**
 * Asks for a ready video's HLS once: null → pending and the job, together (call it inside the
 * transaction that made the video ready). Clearing hls_status asks again.
 */
export async function requestHls(db: Db, mediaId: string) {
  if (getEnv().VIDEO_STREAMING === 'off') return
  const asked = await db
    .update(media)
    .set({ hlsStatus: 'pending' })
    .where(and(eq(media.id, mediaId), sql`${media.kind} = 'video' and ${media.status} = 'ready' and ${media.hlsStatus} is null`))
    .returning({ id: media.id })
  if (asked.length) await enqueue(db, PACKAGE_HLS, { mediaId })
  return asked.length > 0
}

/** Ready videos that never asked for HLS (seeded, imported, older than packaging) ask now; returns how many. */
export async function backfillHls(db: Db, limit = 100) {
  if (getEnv().VIDEO_STREAMING === 'off') return 0
  // Literal conditions, so the planner matches the partial index media_hls_backlog_idx.
  const rows = await db
    .select({ id: media.id })
    .from(media)
    .where(sql`${media.kind} = 'video' and ${media.status} = 'ready' and ${media.hlsStatus} is null`)
    .orderBy(media.createdAt)
    .limit(limit)
  let asked = 0
  for (const row of rows) if (await db.transaction((tx) => requestHls(tx, row.id))) asked++
  return asked
}

// ── Reading and deleting packages ───────────────────────────────────────────────────────────────

async function readText(storage: Storage, key: string, maxBytes = 1024 * 1024) {
  const size = await storage.size(key)
  if (size === null || size > maxBytes) return null
  const chunks: Buffer[] = []
  for await (const chunk of await storage.read(key)) chunks.push(Buffer.from(chunk as Uint8Array))
  return Buffer.concat(chunks).toString('utf8')
}

/** Every stored name of the package under `prefix` (as the playlists list them), the master last. */
export async function hlsFiles(storage: Storage, prefix: string) {
  const master = await readText(storage, `${prefix}/master.m3u8`)
  if (master === null) return []
  const names: string[] = []
  for (const variant of master.split('\n').filter((line) => VARIANT_PLAYLIST.test(line))) {
    const dir = variant.slice(0, variant.indexOf('/'))
    const playlist = (await readText(storage, `${prefix}/${variant}`)) ?? ''
    for (const line of playlist.split('\n')) {
      const map = /^#EXT-X-MAP:URI="(init\.mp4)"$/.exec(line)
      if (map) names.push(`${dir}/${map[1]}`)
      else if (SEGMENT.test(line)) names.push(`${dir}/${line}`)
    }
    names.push(variant)
  }
  names.push('master.m3u8')
  return names
}

/** Deletes a package: its media files, then the playlists that name them. */
export async function deleteHls(storage: Storage, prefix: string) {
  for (const name of await hlsFiles(storage, prefix)) await storage.delete(`${prefix}/${name}`)
}

