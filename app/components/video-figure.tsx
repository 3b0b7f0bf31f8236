import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { hlsUrl, imageUrl, mediaUrl } from '~/media/urls'
import { VideoPlayer } from './video-player'

export interface VideoData {
  id: string
  status: 'processing' | 'ready' | 'rejected'
  rejection: string | null
  posterId: string | null
  durationMs: number | null
  width: number | null
  height: number | null
  /** Its HLS renditions are stored (media.hls_status = 'ready'). */
  hls: boolean
}

function duration(ms: number) {
  const seconds = Math.round(ms / 1000)
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/**
 * A video with its poster, loaded only when played (preload="none"), and the project's donation
 * entry beside it: a plain link to the donate form carrying the video's attribution code, so it
 * works without JavaScript. A video still processing or refused says so instead.
 */
export function VideoFigure({ video, title, donateHref }: { video: VideoData; title: string; donateHref: string | null }) {
  const { t } = useTranslation()
  if (video.status === 'processing') {
    return (
      <p className="video-state" role="status">
        {t('updates.videoProcessing')}
      </p>
    )
  }
  if (video.status === 'rejected') {
    return (
      <p className="video-state video-rejected" role="status">
        {t('updates.videoRejected')} {video.rejection ? t(video.rejection as 'validation.videoUnreadable') : null}
      </p>
    )
  }
  return (
    <figure className="video">
      <VideoPlayer
        controls
        preload="none"
        playsInline
        // The poster frame as a 640-pixel WebP (every browser that plays these videos shows WebP).
        poster={video.posterId ? imageUrl(video.posterId, 640, 'webp') : undefined}
        src={mediaUrl(video.id)}
        hlsSrc={video.hls ? hlsUrl(video.id) : null}
        aria-label={title}
        // Width and height give the box its aspect ratio before anything loads (no inline style: CSP).
        width={video.width ?? 16}
        height={video.height ?? 9}
      />
      <figcaption className="video-bar">
        {video.durationMs ? <span className="muted small">{t('updates.duration', { time: duration(video.durationMs) })}</span> : <span />}
        {donateHref ? (
          <Link to={donateHref} className="btn btn-primary btn-sm video-donate">
            {t('updates.donateFromVideo')}
          </Link>
        ) : null}
      </figcaption>
    </figure>
  )
}
