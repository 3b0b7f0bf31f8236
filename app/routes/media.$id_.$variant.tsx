/**
 * An image at a fixed width and format: /media/<id>/w640.webp (widths 320, 640, 960, 1280; AVIF,
 * WebP or JPEG). The same readers and caching as the image itself (media/serve.server.ts); made on
 * the first request and stored (media/images.server.ts). Anything off the fixed lists is a 404, so
 * nobody can make the server render arbitrary sizes.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { ensureVariant, parseVariant, VARIANT_CONTENT_TYPES, VARIANT_SOURCES } from '~/media/images.server'
import { mediaCacheControl, mediaNotFound, requireReadableMedia, serveStored } from '~/media/serve.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const variant = parseVariant(params.variant ?? '')
  if (!variant) return mediaNotFound()
  const file = await requireReadableMedia(request, params.id ?? '')
  if (file.status !== 'ready' || !VARIANT_SOURCES.has(file.contentType)) return mediaNotFound()
  const stored = await ensureVariant(file, variant)
  if (!stored) return mediaNotFound()
  return serveStored(request, {
    key: stored.key,
    size: stored.size,
    contentType: VARIANT_CONTENT_TYPES[variant.format],
    etag: `"${file.sha256}-w${variant.width}.${variant.format}"`,
    cacheControl: mediaCacheControl(file),
  })
}
