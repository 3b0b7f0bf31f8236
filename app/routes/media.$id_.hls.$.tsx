/**
 * A video's HLS package: /media/<id>/hls/master.m3u8, /media/<id>/hls/360p/index.m3u8,
 * …/360p/init.mp4, …/360p/seg-00001.m4s. The same readers as the video itself (media/serve.server.ts);
 * only names the packager writes (HLS_FILE), so no path leaves the package; 404 until it is ready.
 * Public packages are immutable (VOD), so any cache may keep playlists and segments for a year.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { HLS_FILE } from '~/media/hls.server'
import { mediaCacheControl, mediaNotFound, requireReadableMedia, serveStored } from '~/media/serve.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const name = params['*'] ?? ''
  if (!HLS_FILE.test(name)) return mediaNotFound()
  const file = await requireReadableMedia(request, params.id ?? '')
  if (file.kind !== 'video' || file.status !== 'ready' || file.hlsStatus !== 'ready' || !file.hlsKey) return mediaNotFound()
  return serveStored(request, {
    key: `${file.hlsKey}/${name}`,
    contentType: name.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp4',
    etag: `"${file.sha256}-${name.replace('/', '-')}"`,
    cacheControl: mediaCacheControl(file),
  })
}
