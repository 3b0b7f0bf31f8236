/**
 * Streaming uploads. Each file part is written to a temporary file as it arrives (never held whole
 * in memory), hashed on the way, cut off as soon as it passes its size limit, and then identified
 * by its content (magic bytes) — never by its name or declared type. Only after the whole form is
 * valid does the action promote a file into storage under its content-addressed key.
 */
import { readForm } from '~/utils/forms.server'
import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, open, rm } from 'node:fs/promises'
import { join } from 'node:path'
import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
  type UploadHandler,
} from '@remix-run/node'
import { fileTypeFromBuffer } from 'file-type'
import { imageSize } from 'image-size'
import type { Db } from '~db/client.server'
import { media } from '~db/schema'
import { enqueue } from '~/jobs/queue.server'
import { logger } from '~/utils/logger.server'
import { getStorage, uploadTempDir } from './storage.server'
import { probeVideo, type VideoInfo } from './video.server'

export const MB = 1024 * 1024

export interface UploadRule {
  kind: 'document' | 'image' | 'video'
  maxBytes: number
  /** Content types accepted, as detected from the bytes. */
  accept: readonly string[]
}

export const RULES = {
  certificate: { kind: 'document', maxBytes: 10 * MB, accept: ['application/pdf', 'image/jpeg', 'image/png'] },
  logo: { kind: 'image', maxBytes: 10 * MB, accept: ['image/jpeg', 'image/png', 'image/webp'] },
  evidence: { kind: 'document', maxBytes: 10 * MB, accept: ['application/pdf', 'image/jpeg', 'image/png'] },
  cover: { kind: 'image', maxBytes: 10 * MB, accept: ['image/jpeg', 'image/png', 'image/webp'] },
  image: { kind: 'image', maxBytes: 10 * MB, accept: ['image/jpeg', 'image/png', 'image/webp'] },
  video: { kind: 'video', maxBytes: videoMaxBytes(), accept: ['video/mp4', 'video/quicktime', 'video/webm', 'video/x-matroska', 'video/x-m4v'] },
} as const satisfies Record<string, UploadRule>

/** 500 MB; UPLOAD_VIDEO_MAX_MB raises it only for the upload benchmark. */
function videoMaxBytes() {
  const override = Number(process.env.UPLOAD_VIDEO_MAX_MB)
  return (Number.isFinite(override) && override > 0 ? override : 500) * MB
}

export type UploadError =
  | 'validation.fileRequired'
  | 'validation.fileTooLarge'
  | 'validation.fileType'
  | 'validation.fileEmpty'
  | 'validation.fileName'
  | 'validation.videoUnreadable'
  | 'validation.videoTooLong'
  | 'validation.videoTooBig'
  | 'validation.videoTooShort'
  | 'validation.videoTooSmall'
  | 'validation.videoNoPicture'
  | 'validation.imageUnreadable'
  | 'validation.imageTooLarge'

export interface StagedUpload {
  tempPath: string
  sha256: string
  byteSize: number
  contentType: string
  extension: string
  rule: UploadRule
  /** What ffprobe found, for videos. */
  video?: VideoInfo
}

export type UploadOutcome = { ok: true; file: StagedUpload } | { ok: false; error: UploadError }

const SNIFF_BYTES = 4100
/** 40 megapixels (a 50 MP phone photo is rarer than a bomb), and no side over 16,384 pixels. */
export const MAX_IMAGE_PIXELS = 40_000_000
export const MAX_IMAGE_SIDE = 16_384

/** Width and height from an image's header (the first megabyte is plenty, even after big EXIF blocks). */
async function imageDimensions(path: string): Promise<{ width: number; height: number } | null> {
  const file = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(1024 * 1024)
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0)
    const size = imageSize(buffer.subarray(0, bytesRead))
    return size.width && size.height ? { width: size.width, height: size.height } : null
  } catch {
    return null
  } finally {
    await file.close()
  }
}

/** Streams one part to a temporary file, enforcing the rule while it arrives. */
async function stagePart(data: AsyncIterable<Uint8Array>, rule: UploadRule): Promise<UploadOutcome> {
  await mkdir(uploadTempDir(), { recursive: true })
  const tempPath = join(uploadTempDir(), randomUUID())
  const out = createWriteStream(tempPath, { flags: 'wx' })
  const hash = createHash('sha256')
  const head: Buffer[] = []
  let headBytes = 0
  let size = 0
  let tooLarge = false
  try {
    for await (const chunk of data) {
      size += chunk.byteLength
      if (tooLarge) continue
      if (size > rule.maxBytes) {
        // Refused the moment the limit is passed: what was written is deleted now, and the rest of
        // the part is read and discarded (never stored), so the browser still gets a page saying why.
        tooLarge = true
        out.destroy()
        await rm(tempPath, { force: true })
        continue
      }
      hash.update(chunk)
      if (headBytes < SNIFF_BYTES) {
        head.push(Buffer.from(chunk))
        headBytes += chunk.byteLength
      }
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
    }
  } catch (error) {
    // The client went away mid-upload (or the body was malformed): leave nothing behind.
    out.destroy()
    await rm(tempPath, { force: true })
    throw error
  } finally {
    if (!out.destroyed) await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
  }
  const refuse = async (error: UploadError): Promise<UploadOutcome> => {
    await rm(tempPath, { force: true })
    return { ok: false, error }
  }
  if (tooLarge) return refuse('validation.fileTooLarge')
  if (size === 0) return refuse('validation.fileEmpty')
  const detected = await fileTypeFromBuffer(Buffer.concat(head))
  if (!detected || !rule.accept.includes(detected.mime)) return refuse('validation.fileType')
  if (detected.mime.startsWith('image/')) {
    // Decompression bombs: a few kilobytes that claim a gigapixel picture. Dimensions come from the
    // header, without decoding; a picture whose header cannot be read is refused too.
    const dimensions = await imageDimensions(tempPath)
    if (!dimensions) return refuse('validation.imageUnreadable')
    if (dimensions.width * dimensions.height > MAX_IMAGE_PIXELS || Math.max(dimensions.width, dimensions.height) > MAX_IMAGE_SIDE) return refuse('validation.imageTooLarge')
  }
  let video: VideoInfo | undefined
  if (rule.kind === 'video') {
    const probe = await probeVideo(tempPath)
    if (!probe.ok) return refuse(probe.error)
    video = probe.info
  }
  return {
    ok: true,
    file: { tempPath, sha256: hash.digest('hex'), byteSize: size, contentType: detected.mime, extension: detected.ext, rule, video },
  }
}

/**
 * The name is never used to store or serve a file, but a name that tries to climb directories or
 * carries control characters is a sign of a hostile client: refuse it with a message.
 */
export function acceptableFileName(name: string) {
  // eslint-disable-next-line no-control-regex
  return name.length <= 255 && !/[\\/\u0000-\u001f\u007f]/.test(name) && !/^\.\.?$/.test(name)
}

const FILENAME = Buffer.from('filename="')

/**
 * Passes the body through unchanged while noting every `filename="…"` in it as sent (the multipart
 * parser strips directories before we see a name). Costs one native byte search per chunk.
 */
function watchFileNames(request: Request) {
  const names: string[] = []
  if (!request.body) return { request, names }
  let carry = Buffer.alloc(0)
  const body = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const view = Buffer.concat([carry, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)])
        let at = view.indexOf(FILENAME)
        while (at !== -1) {
          const end = view.indexOf(0x22, at + FILENAME.length)
          if (end === -1 || end - at > 1024) break
          names.push(view.subarray(at + FILENAME.length, end).toString('utf8'))
          at = view.indexOf(FILENAME, end)
        }
        // Keep a tail so a name split across chunks is still seen (once).
        const tailStart = Math.max(0, view.length - 1100)
        const lastSeen = at === -1 ? view.lastIndexOf(0x22) + 1 : at
        carry = Buffer.from(view.subarray(Math.max(tailStart, Math.min(lastSeen, view.length))))
        controller.enqueue(chunk)
      },
    }),
  )
  return { request: new Request(request.url, { method: request.method, headers: request.headers, body, duplex: 'half' } as RequestInit), names }
}

/**
 * Parses a multipart form: file fields named in `rules` are staged; other fields are kept in
 * memory up to 64 KB each. Returns the text fields as FormData and the upload outcomes by field.
 * A part too large to be a text field, or a malformed body, is reported as an invalid form.
 */
export async function parseUploadForm(request: Request, rules: Record<string, UploadRule>) {
  const uploads = new Map<string, UploadOutcome>()
  // A form without a file part may come URL-encoded; anything else is not a form at all (415).
  if (!(request.headers.get('Content-Type') ?? '').toLowerCase().startsWith('multipart/form-data')) return { ok: true as const, formData: await readForm(request), uploads }
  const fileHandler: UploadHandler = async ({ name, filename, data }) => {
    const rule = rules[name]
    if (!rule) return undefined
    if (!filename) {
      // An empty file input still sends a part; drain it.
      for await (const _chunk of data) void _chunk
      return undefined
    }
    // Several files under one name (an input with `multiple`) are kept as name, name[2], name[3] …
    let key = name
    for (let n = 2; uploads.has(key); n++) key = `${name}[${n}]`
    if (!acceptableFileName(filename)) {
      for await (const _chunk of data) void _chunk
      uploads.set(key, { ok: false, error: 'validation.fileName' })
      return ''
    }
    uploads.set(key, await stagePart(data, rule))
    return ''
  }
  const handler = unstable_composeUploadHandlers(fileHandler, unstable_createMemoryUploadHandler({ maxPartSize: 64 * 1024 }))
  const watched = watchFileNames(request)
  let formData: FormData
  try {
    formData = await unstable_parseMultipartFormData(watched.request, handler)
  } catch (error) {
    await discardUploads(uploads)
    // A text part over 64 KB, a malformed body, a client that went away: the form is invalid.
    if (!(error instanceof MaxPartSizeExceededError || error instanceof TypeError)) logger.warn({ err: error }, 'multipart upload aborted')
    return { ok: false as const }
  }
  for (const name of Object.keys(rules)) formData.delete(name)
  // The parser hands us only the last path segment of a name; a client that sent a path is refused.
  if (watched.names.some((name) => !acceptableFileName(name))) {
    await discardUploads(uploads)
    for (const key of uploads.keys()) uploads.set(key, { ok: false, error: 'validation.fileName' })
  }
  return { ok: true as const, formData, uploads }
}

/** Every outcome uploaded under `name` (one per file of a `multiple` input), in order. */
export function uploadsNamed(uploads: Map<string, UploadOutcome>, name: string) {
  return [...uploads.entries()].filter(([key]) => key === name || key.startsWith(`${name}[`)).map(([, outcome]) => outcome)
}

export async function discardUploads(uploads: Map<string, UploadOutcome>) {
  await Promise.all([...uploads.values()].map((u) => (u.ok ? rm(u.file.tempPath, { force: true }) : undefined)))
}

/** The content-addressed storage key of a staged file. */
export function storageKey(file: StagedUpload) {
  return `${file.sha256.slice(0, 2)}/${file.sha256.slice(2, 4)}/${file.sha256}.${file.extension}`
}

/** Moves a staged file into storage. Identical content lands on the same key, stored once. */
export async function promote(file: StagedUpload) {
  const key = storageKey(file)
  const storage = getStorage()
  if ((await storage.size(key)) === file.byteSize) await rm(file.tempPath, { force: true })
  else await storage.putFile(key, file.tempPath)
  return key
}

/**
 * Promotes a staged file and records it. A video starts as `processing`; a job extracts its poster
 * and, when browsers cannot play it, transcodes it (media/process.server.ts).
 */
export async function storeMedia(db: Db, file: StagedUpload, owner: { uploadedBy: string; organizationId?: string | null; isPublic: boolean }) {
  const storageKey = await promote(file)
  const isVideo = file.rule.kind === 'video'
  const [row] = await db
    .insert(media)
    .values({
      kind: file.rule.kind,
      storageKey,
      contentType: file.contentType,
      byteSize: file.byteSize,
      sha256: file.sha256,
      isPublic: owner.isPublic,
      uploadedBy: owner.uploadedBy,
      organizationId: owner.organizationId ?? null,
      status: isVideo ? 'processing' : 'ready',
      durationMs: file.video?.durationMs,
      width: file.video?.width,
      height: file.video?.height,
    })
    .returning({ id: media.id })
  if (isVideo) await enqueue(db, 'media.process', { mediaId: row!.id }, { dedupeKey: `media.process:${row!.id}` })
  return row!.id
}
