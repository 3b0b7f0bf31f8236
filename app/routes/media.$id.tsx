/**
 * Serves an uploaded file to those allowed to see it. The Content-Type is the one detected from
 * the bytes at upload (never the uploader's claim), with nosniff and a sandboxing CSP, so a file
 * can never run as a page of this site. Private files are never cached by shared caches. The
 * access and caching rules are media/serve.server.ts's, shared with the file's HLS package
 * (media.$id_.hls.$.tsx) and image variants (media.$id_.$variant.tsx).
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { mediaCacheControl, requireReadableMedia, serveStored } from '~/media/serve.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = await requireReadableMedia(request, params.id ?? '')
  return serveStored(request, {
    key: file.storageKey,
    contentType: file.contentType,
    etag: `"${file.sha256}"`,
    cacheControl: mediaCacheControl(file),
    disposition: file.contentType === 'application/pdf' ? `inline; filename="${file.id}.pdf"` : 'inline',
  })
}
