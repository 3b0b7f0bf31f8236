/**
 * A <video> that streams adaptively when it can and plays a plain file when it cannot. It renders
 * the progressive file (a faststart MP4) as `src`, so it plays without JavaScript; with an HLS
 * playlist (`hlsSrc`), Safari and iOS play the playlist natively, and other browsers that have
 * Media Source Extensions get hls.js — downloaded only then (a dynamic import: never in the main
 * bundle), destroyed on unmount. A fatal streaming error falls back to the file where it was.
 * Nothing here assumes video on demand, so a live playlist plays the same way.
 *
 * "Natively on Safari" cannot be asked as `canPlayType('application/vnd.apple.mpegurl')` alone any
 * more: Chrome answers "maybe" too since it gained its own HLS playback (Chromium 156 here). Like
 * Video.js (native only on Safari), we go native where Apple's media stack plays — the browsers
 * with AirPlay's `WebKitPlaybackTargetAvailabilityEvent` (Safari, every iOS browser) — and use
 * hls.js wherever Media Source Extensions can, falling back to a native player that says it can.
 * Only videos that load at once stream (the watch pages); one that waits for a tap plays the file.
 *
 * The ref is the <video> element, so a parent can play, pause or mute it.
 */
import type Hls from 'hls.js'
import { forwardRef, useCallback, useEffect, useRef, type ComponentPropsWithoutRef } from 'react'

export interface VideoPlayerProps extends Omit<ComponentPropsWithoutRef<'video'>, 'src' | 'children'> {
  /** A file every browser plays (the faststart MP4): the `src` without JavaScript and the fallback. */
  src?: string
  /** An HLS playlist (VOD or live), played when the browser can. */
  hlsSrc?: string | null
}

export const VideoPlayer = forwardRef<HTMLVideoElement, VideoPlayerProps>(function VideoPlayer({ src, hlsSrc, preload, autoPlay, ...props }, forwarded) {
  const element = useRef<HTMLVideoElement | null>(null)
  const setRef = useCallback(
    (node: HTMLVideoElement | null) => {
      element.current = node
      if (typeof forwarded === 'function') forwarded(node)
      else if (forwarded) forwarded.current = node
    },
    [forwarded],
  )
  // With preload="none" nothing is fetched before the first play, streamed or not.
  const lazy = preload === 'none' && !autoPlay
  useEffect(() => {
    const video = element.current
    // A video that waits for a tap (preload="none") plays its faststart file: loading hls.js (185 KB
    // compressed) for every video a timeline lists would cost each page more than streaming saves.
    if (!video || !hlsSrc || lazy) return
    return stream(video, { src, hlsSrc, lazy })
  }, [src, hlsSrc, lazy])
  return <video ref={setRef} src={src} preload={preload} autoPlay={autoPlay} {...props} />
})

const playsHlsNatively = (video: HTMLVideoElement) => video.canPlayType('application/vnd.apple.mpegurl') !== ''
const isAppleWebKit = () => 'WebKitPlaybackTargetAvailabilityEvent' in window

/** Plays `hlsSrc` in `video`; returns what undoes it. */
function stream(video: HTMLVideoElement, { src, hlsSrc, lazy }: { src?: string; hlsSrc: string; lazy: boolean }) {
  if (isAppleWebKit() && playsHlsNatively(video)) {
    video.src = hlsSrc
    video.dataset.engine = 'native-hls'
    return undefined
  }
  let hls: Hls | null = null
  let stopped = false
  const startOnPlay = () => hls?.startLoad()
  const fallBack = () => {
    const resumeAt = video.currentTime
    const playing = !video.paused
    hls?.destroy()
    hls = null
    delete video.dataset.engine
    if (!src) return
    video.addEventListener(
      'loadedmetadata',
      () => {
        if (resumeAt > 0) video.currentTime = resumeAt
        if (playing) video.play().catch(() => undefined)
      },
      { once: true },
    )
    video.src = src
  }
  import('hls.js')
    .then(({ default: HlsPlayer }) => {
      if (stopped) return
      if (!HlsPlayer.isSupported()) {
        if (playsHlsNatively(video)) {
          video.src = hlsSrc
          video.dataset.engine = 'native-hls'
        }
        return
      }
      // No worker: the page's CSP allows no blob: workers, and fMP4 segments need no transmuxing.
      hls = new HlsPlayer({ enableWorker: false, autoStartLoad: !lazy, capLevelToPlayerSize: true })
      hls.on(HlsPlayer.Events.ERROR, (_event, data) => {
        if (data.fatal) fallBack()
      })
      hls.loadSource(hlsSrc)
      hls.attachMedia(video)
      video.dataset.engine = 'hls.js'
      if (lazy) video.addEventListener('play', startOnPlay, { once: true })
    })
    // hls.js could not be loaded (offline, a deploy in between): the file plays.
    .catch(() => undefined)
  return () => {
    stopped = true
    video.removeEventListener('play', startOnPlay)
    hls?.destroy()
    hls = null
    delete video.dataset.engine
  }
}
