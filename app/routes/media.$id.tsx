/**
 * Serves an uploaded file to those allowed to see it. The Content-Type is the one detected from
 * the bytes at upload (never the uploader's claim), with nosniff and a sandboxing CSP, so a file
 * can never run as a page of this site. Private files are never cached by shared caches.
 */
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { media } from '~db/schema'
import { getStorage } from '~/media/storage.server'
import { canReadMedia } from '~/models/organizations.server'
import { isUuid } from '~/utils/ids'
import { db } from '~/utils/db.server'
import { getOptionalUser } from '~/utils/permissions.server'

const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })

/** Parses a single `bytes=a-b` range; null when absent, 'invalid' when unsatisfiable. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return 'invalid'
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

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.id ?? ''
  if (!isUuid(id)) return notFound()
  const [file] = await db().select().from(media).where(eq(media.id, id)).limit(1)
  if (!file) return notFound()
  const user = await getOptionalUser(request)
  // A file the reader may not see is indistinguishable from a missing one.
  if (!(await canReadMedia(db(), file, user))) return notFound()
  // A video still processing (or refused) is for its uploader, its organisation and admins only.
  if (file.status !== 'ready' && file.isPublic && !(await canReadMedia(db(), { ...file, isPublic: false }, user))) return notFound()
  // Taken down by moderation: gone for everyone but admins.
  if (file.hiddenAt && !user?.isAdmin) return new Response('Gone', { status: 410, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const size = await getStorage().size(file.storageKey)
  if (size === null) return notFound()

  const etag = `"${file.sha256}"`
  const headers = new Headers({
    'Content-Type': file.contentType,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Content-Disposition': file.contentType === 'application/pdf' ? `inline; filename="${file.id}.pdf"` : 'inline',
    'Accept-Ranges': 'bytes',
    ETag: etag,
    // Content is immutable per id once ready (a video is transcoded before it is ready).
    'Cache-Control': file.isPublic && file.status === 'ready' ? 'public, max-age=31536000, immutable' : 'private, max-age=0, must-revalidate',
  })
  if (request.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers })

  const range = parseRange(request.headers.get('Range'), size)
  if (range === 'invalid') {
    headers.set('Content-Range', `bytes */${size}`)
    return new Response(null, { status: 416, headers })
  }
  if (range) {
    headers.set('Content-Range', `bytes ${range.start}-${range.end}/${size}`)
    headers.set('Content-Length', String(range.end - range.start + 1))
    return new Response(createReadableStreamFromReadable(await getStorage().read(file.storageKey, range)), { status: 206, headers })
  }
  headers.set('Content-Length', String(size))
  return new Response(createReadableStreamFromReadable(await getStorage().read(file.storageKey)), { status: 200, headers })
}
