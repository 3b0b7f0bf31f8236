/**
 * Responsive images: an image at one of a few fixed widths, as AVIF, WebP or JPEG, made with sharp
 * from the original on its first request and stored back under a key derived from the original's
 * sha256 (`variants/ab/<sha256>/w640.webp`), so later requests — from any server — read it like
 * any stored file. Rendering streams the original through libvips with sequential reads and a
 * pixel limit, one image at a time per process on one libvips thread (the servers have two cores
 * and requests to answer). Two first requests at once are safe: in one process they share one
 * render; across servers each writes whole bytes under the same key (a rename on disk, one PUT on
 * S3), and the bytes are the same.
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import sharp from 'sharp'
import { logger } from '~/utils/logger.server'
import { getStorage, uploadTempDir } from './storage.server'
import { MAX_IMAGE_PIXELS } from './upload.server'
import { IMAGE_FORMATS, IMAGE_WIDTHS, type ImageFormat, type ImageWidth } from './urls'

sharp.concurrency(1)
sharp.cache(false)

/** Originals a variant can be made from: the image types uploads accept (detected from their bytes). */
export const VARIANT_SOURCES = new Set(['image/jpeg', 'image/png', 'image/webp'])
export const VARIANT_CONTENT_TYPES: Record<ImageFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpg: 'image/jpeg' }

export interface Variant {
  width: ImageWidth
  format: ImageFormat
}

/** `w640.webp` → { width: 640, format: 'webp' }; anything not on the fixed lists → null. */
export function parseVariant(name: string): Variant | null {
  const match = /^w([1-9]\d{2,3})\.([a-z]{3,4})$/.exec(name)
  if (!match) return null
  const width = IMAGE_WIDTHS.find((w) => w === Number(match[1]))
  const format = IMAGE_FORMATS.find((f) => f === match[2])
  return width && format ? { width, format } : null
}

export const variantKey = (sha256: string, variant: Variant) => `variants/${sha256.slice(0, 2)}/${sha256}/w${variant.width}.${variant.format}`

/** Every variant key of an original (to delete them with it). */
export const allVariantKeys = (sha256: string) => IMAGE_WIDTHS.flatMap((width) => IMAGE_FORMATS.map((format) => variantKey(sha256, { width, format })))

const RENDERS_AT_ONCE = 1
let rendering = 0
const waiting: (() => void)[] = []

/** Runs `work` when a render slot is free; a finished render hands its slot straight to the next in line. */
async function withRenderSlot<T>(work: () => Promise<T>) {
  if (rendering < RENDERS_AT_ONCE) rendering++
  else await new Promise<void>((resolve) => waiting.push(resolve))
  try {
    return await work()
  } finally {
    const next = waiting.shift()
    if (next) next()
    else rendering--
  }
}

function encoder(variant: Variant) {
  const image = sharp({ limitInputPixels: MAX_IMAGE_PIXELS, sequentialRead: true })
    // Upright as the camera meant it (EXIF orientation), then at most `width` wide: never enlarged.
    .rotate()
    .resize({ width: variant.width, withoutEnlargement: true })
    .timeout({ seconds: 60 })
  if (variant.format === 'avif') return image.avif({ quality: 50, effort: 2 })
  if (variant.format === 'webp') return image.webp({ quality: 75 })
  return image.jpeg({ quality: 78, mozjpeg: true })
}

async function render(sourceKey: string, key: string, variant: Variant) {
  await mkdir(uploadTempDir(), { recursive: true })
  const temp = join(uploadTempDir(), `variant-${randomUUID()}.${variant.format}`)
  try {
    await pipeline(await getStorage().read(sourceKey), encoder(variant), createWriteStream(temp))
    await getStorage().putFile(key, temp)
  } finally {
    await rm(temp, { force: true })
  }
}

const inFlight = new Map<string, Promise<void>>()

/**
 * The stored variant of an original, made now if it does not exist yet; null when the original
 * cannot be read as an image (it then has no variants).
 */
export async function ensureVariant(original: { storageKey: string; sha256: string }, variant: Variant): Promise<{ key: string; size: number } | null> {
  const storage = getStorage()
  const key = variantKey(original.sha256, variant)
  const stored = await storage.size(key)
  if (stored !== null) return { key, size: stored }
  let pending = inFlight.get(key)
  if (!pending) {
    pending = withRenderSlot(async () => {
      // Another request may have finished it while this one waited.
      if ((await storage.size(key)) === null) await render(original.storageKey, key, variant)
    }).finally(() => inFlight.delete(key))
    inFlight.set(key, pending)
  }
  try {
    await pending
  } catch (error) {
    logger.warn({ key, err: error instanceof Error ? error.message : String(error) }, 'image variant failed')
    return null
  }
  const size = await storage.size(key)
  return size === null ? null : { key, size }
}
