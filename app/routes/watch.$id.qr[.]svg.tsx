/** /watch/<id>/qr.svg: the QR code of a public video's share link (the share sheet shows it on demand). */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { publicOrigin } from '~/mail/messages.server'
import { getVideo } from '~/models/videos.server'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { isUuid } from '~/utils/ids'
import { qrSvg } from '~/utils/qr.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.id ?? ''
  const video = isUuid(id) ? await getVideo(db(), id) : null
  if (!video) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const svg = await qrSvg(`${publicOrigin(request, getEnv().PUBLIC_URL)}/watch/${video.id}`)
  return new Response(svg, {
    headers: {
      'Content-Type': 'image/svg+xml',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'public, max-age=3600, s-maxage=86400',
    },
  })
}
