/**
 * A stored video by its media id: the faststart MP4 (plays everywhere, without JavaScript too) and,
 * once packaged, its HLS playlist (VideoPlayer picks native HLS, hls.js or the file). `data-media`
 * names the file for tests and tools; VideoPlayer marks `data-engine` with what plays it.
 */
import { forwardRef } from 'react'
import { hlsUrl, mediaUrl } from '~/media/urls'
import { VideoPlayer, type VideoPlayerProps } from './video-player'

export type StreamingVideoProps = Omit<VideoPlayerProps, 'src' | 'hlsSrc'> & { mediaId: string; hls: boolean }

export const StreamingVideo = forwardRef<HTMLVideoElement, StreamingVideoProps>(function StreamingVideo({ mediaId, hls, ...props }, ref) {
  return <VideoPlayer ref={ref} src={mediaUrl(mediaId)} hlsSrc={hls ? hlsUrl(mediaId) : null} data-media={mediaId} {...props} />
})
