/**
 * Serving stored media to those allowed to see it, one way for every URL of a file: the file itself
 * (/media/<id>), its HLS package (/media/<id>/hls/…) and its image variants (/media/<id>/w640.webp).
 * One access rule (`requireReadableMedia`), one caching rule (`mediaCacheControl`) and one answer
 * with stored bytes (`serveStored`: ETag, Range, and headers that keep a file from ever running as
 * a page of this site).
 */
import { createReadableStreamFromReadable } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { media } from '~db/schema'
import { canReadMedia } from '~/models/organizations.server'
import { db as appDb } from '~/utils/db.server'
import { isUuid } from '~/utils/ids'
import { getOptionalUser } from '~/utils/permissions.server'
import { getStorage } from './storage.server'

export type MediaFile = typeof media.$inferSelect

const plain = { 'Content-Type': 'text/plain; charset=utf-8' }
export const mediaNotFound = () => new Response('Not found', { status: 404, headers: plain })

/**
 * Parses a single `bytes=a-b` range; null when absent or when the whole file is the answer, and
 * 'invalid' when unsatisfiable. Several ranges, another unit or a malformed header are ignored, as
 * RFC 9110 (§14.2) allows: the client gets the whole file with 200, not an error.
 */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return null
  let start: number
  let end: number
  if (match[1] === '') {
    const suffix = Number(match[2])
    if (suffix === 0) return 'invalid'
    start = Math.max(0, size - suffix)
    end = size - 1
  } else {
    start = Number(match[1])
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  }
  if (start > end || start >= size) return 'invalid'
  return { start, end }
}

/**
 * The media row `id` when the request's reader may see it. Throws 404 when they may not — a file
 * the reader may not see is indistinguishable from a missing one — and 410 when moderation took
 * it down (admins still see it).
 */
export async function requireReadableMedia(request: Request, id: string, db: Db = appDb()): Promise<MediaFile> {
  if (!isUuid(id)) throw mediaNotFound()
  const [file] = await db.select().from(media).where(eq(media.id, id)).limit(1)
  if (!file) throw mediaNotFound()
  const user = await getOptionalUser(request, db)
  if (!(await canReadMedia(db, file, user))) throw mediaNotFound()
  // A video still processing (or refused) is for its uploader, its organisation and admins only.
  if (file.status !== 'ready' && file.isPublic && !(await canReadMedia(db, { ...file, isPublic: false }, user))) throw mediaNotFound()
  if (file.hiddenAt && !user?.isAdmin) throw new Response('Gone', { status: 410, headers: plain })
  return file
}

/**
 * Public and ready, the bytes behind a media URL never change (a video is transcoded and packaged
 * before it is ready; variants are derived from immutable originals): any cache may keep them for a
 * year. Anything else — private, not ready, taken down — is for this reader only.
 */
export function mediaCacheControl(file: Pick<MediaFile, 'isPublic' | 'status' | 'hiddenAt'>) {
  return file.isPublic && file.status === 'ready' && !file.hiddenAt ? 'public, max-age=31536000, immutable' : 'private, max-age=0, must-revalidate'
}

/**
 * Answers with the stored bytes of `key`: 304 on a matching ETag, 206 for a satisfiable Range, 416
 * for one that is not, 404 when the key holds nothing. The Content-Type is the caller's (detected
 * from content or fixed by the packager), never the uploader's claim; nosniff and a sandboxing CSP
 * go with it.
 */
export async function serveStored(
  request: Request,
  file: { key: string; contentType: string; etag: string; cacheControl: string; disposition?: string; size?: number | null },
) {
  const size = file.size ?? (await getStorage().size(file.key))
  if (size === null) return mediaNotFound()
  const headers = new Headers({
    'Content-Type': file.contentType,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Content-Disposition': file.disposition ?? 'inline',
    'Accept-Ranges': 'bytes',
    ETag: file.etag,
    'Cache-Control': file.cacheControl,
  })
  if (request.headers.get('If-None-Match') === file.etag) return new Response(null, { status: 304, headers })

  const range = parseRange(request.headers.get('Range'), size)
  if (range === 'invalid') {
    headers.set('Content-Range', `bytes */${size}`)
    return new Response(null, { status: 416, headers })
  }
  if (range) {
    headers.set('Content-Range', `bytes ${range.start}-${range.end}/${size}`)
    headers.set('Content-Length', String(range.end - range.start + 1))
    return new Response(createReadableStreamFromReadable(await getStorage().read(file.key, range)), { status: 206, headers })
  }
  headers.set('Content-Length', String(size))
  return new Response(createReadableStreamFromReadable(await getStorage().read(file.key)), { status: 200, headers })
}
