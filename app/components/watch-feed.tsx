/**
 * The full-screen vertical video feed (/watch) and one video's page: a video per screen with
 * scroll-snap; the video in view plays muted, the others pause, the next one preloads; an overlay
 * with the organisation, the project's progress, and follow, share, report and donate. Without
 * JavaScript each item is its poster linking to the video's page, and the overlay's links work.
 *
 * The player reports attention to /watch/events with sendBeacon: an impression when shown, a play
 * after 3 s actually watched, a completion at the end, a share (the server decides what counts).
 */
import { Link, useFetcher } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatMoney, percentOf } from '~/utils/money'
import { ProgressBar } from './ui/progress-bar'
import { VerifiedBadge } from './verified-badge'
import { imageUrl, mediaUrl } from '~/media/urls'
import { StreamingVideo } from './streaming-video'
import { VIDEO_COMPLETE_EVENT } from './participation-offer'
import { langIf } from './content-language'

export interface WatchItemData {
  id: string
  source: 'update' | 'supporter'
  title: string
  /** The language the title is shown in (an update's; null for a supporter's video, written in any). */
  lang: string | null
  mediaId: string
  posterId: string | null
  hls: boolean
  durationMs: number | null
  width: number | null
  height: number | null
  shareCode: string
  creator: string | null
  challenge: { slug: string; tag: string } | null
  project: { slug: string; title: string; lang: string; currency: string; goalAmount: bigint; raisedAmount: bigint; acceptsDonations: boolean }
  organization: { slug: string; name: string; lang: string; verified: boolean }
  raised: bigint
  plays: number
  shareUrl: string
  following: boolean | null
}

const PLAY_MS = 3_000

export function sendVideoEvent(video: string, event: 'impression' | 'play' | 'complete' | 'share', watched = 0) {
  const body = new URLSearchParams({ video, event, watched: String(Math.round(watched)) })
  if (typeof navigator !== 'undefined' && navigator.sendBeacon?.('/watch/events', body)) return
  void fetch('/watch/events', { method: 'POST', body, keepalive: true, credentials: 'same-origin' }).catch(() => undefined)
}

/**
 * Plays the video while `active`, pauses it otherwise, and reports attention: watched time is the
 * sum of small forward steps of currentTime while playing, so seeking or a stalled tab adds nothing.
 */
function useAttention(video: HTMLVideoElement | null, id: string, active: boolean) {
  const sent = useRef({ impression: false, play: false, complete: false })
  const watched = useRef(0)
  const last = useRef<number | null>(null)
  const playing = useRef(active)
  playing.current = active

  useEffect(() => {
    if (!video) return
    if (active) {
      if (!sent.current.impression) {
        sent.current.impression = true
        sendVideoEvent(id, 'impression')
      }
      // With sound on, a browser may still refuse to play before the viewer has touched the page:
      // then it plays muted, as every feed does.
      void video.play().catch(() => {
        if (video.muted) return
        video.muted = true
        void video.play().catch(() => undefined)
      })
      // The source can change under us (hls.js attaching replaces the file): play again once it can.
      const resume = () => {
        if (video.paused) void video.play().catch(() => undefined)
      }
      video.addEventListener('canplay', resume)
      return () => video.removeEventListener('canplay', resume)
    }
    video.pause()
    return undefined
  }, [video, id, active])

  useEffect(() => {
    if (!video) return
    const onTime = () => {
      const now = video.currentTime
      if (last.current !== null && !video.paused) {
        const step = now - last.current
        if (step > 0 && step < 1.5) watched.current += step * 1000
      }
      last.current = now
      if (!sent.current.play && watched.current >= PLAY_MS) {
        sent.current.play = true
        sendVideoEvent(id, 'play', watched.current)
      }
    }
    const onEnded = () => {
      if (sent.current.play && !sent.current.complete) {
        sent.current.complete = true
        // Sent with fetch, not a beacon, so the page learns when the server has the completion: a
        // sponsor's offer for watching to the end (ParticipationOffer) claims only after it.
        const body = new URLSearchParams({ video: id, event: 'complete', watched: String(Math.round(watched.current)) })
        void fetch('/watch/events', { method: 'POST', body, keepalive: true, credentials: 'same-origin' })
          .then(() => window.dispatchEvent(new CustomEvent(VIDEO_COMPLETE_EVENT, { detail: id })))
          .catch(() => undefined)
      }
      last.current = null
      // Loop by hand: 'ended' fires (a loop attribute would hide it), then start again — only while
      // it is the video in view and not paused: one that ended just as the viewer moved on stays put.
      video.currentTime = 0
      if (playing.current) void video.play().catch(() => undefined)
    }
    const onSeek = () => (last.current = video.currentTime)
    video.addEventListener('timeupdate', onTime)
    video.addEventListener('ended', onEnded)
    video.addEventListener('seeking', onSeek)
    return () => {
      video.removeEventListener('timeupdate', onTime)
      video.removeEventListener('ended', onEnded)
      video.removeEventListener('seeking', onSeek)
    }
  }, [video, id])
}

/**
 * `stream`: whether this video may stream through HLS when it first loads. The feed says no for the
 * videos it loads with the page (the first and the next play their small faststart files, so the
 * page is interactive at once) and yes once the viewer has moved on; a video keeps what it started with.
 */
export function WatchItem({
  item,
  active,
  preload,
  hydrated,
  stream = true,
  first = false,
  headingLevel = 2,
  sound,
  onSound,
}: {
  item: WatchItemData
  active: boolean
  preload: boolean
  hydrated: boolean
  stream?: boolean
  first?: boolean
  headingLevel?: 1 | 2
  /** Sound on or off, kept by the feed so that the next video plays as the viewer left the last. */
  sound?: boolean
  onSound?: (on: boolean) => void
}) {
  const { t, i18n } = useTranslation()
  const [video, setVideo] = useState<HTMLVideoElement | null>(null)
  const [paused, setPaused] = useState(false)
  const [ownSound, setOwnSound] = useState(false)
  const soundOn = sound ?? ownSound
  const setSound = onSound ?? setOwnSound
  const muted = !soundOn
  const [sharing, setSharing] = useState(false)
  const shareButton = useRef<HTMLButtonElement>(null)
  // Once loaded (shown or next in line) a video stays loaded, so scrolling back resumes it.
  const [warm, setWarm] = useState<null | { hls: boolean }>(null)
  useEffect(() => {
    if ((active || preload) && !warm) setWarm({ hls: stream })
  }, [active, preload, warm, stream])
  useAttention(video, item.id, active && !paused)
  const percent = percentOf(item.project.raisedAmount, item.project.goalAmount)
  const money = (amount: bigint) => formatMoney(amount, item.project.currency, i18n.language)
  const Heading = headingLevel === 1 ? 'h1' : 'h2'
  // The poster frame as a 640-pixel WebP (every browser that plays these videos reads WebP).
  const poster = item.posterId ? imageUrl(item.posterId, 640, 'webp') : undefined
  const donateHref = item.project.acceptsDonations ? `/projects/${item.project.slug}/donate?ref=${item.shareCode}` : null

  return (
    <article className="watch-item" tabIndex={-1} aria-labelledby={`video-${item.id}-title`} data-video={item.id} data-active={active ? 'true' : 'false'}>
      <div className="watch-stage">
        {hydrated ? (
          <StreamingVideo
            ref={setVideo}
            mediaId={item.mediaId}
            hls={item.hls && warm?.hls === true}
            poster={poster}
            muted={muted}
            playsInline
            preload={active || preload || warm ? 'auto' : 'none'}
            className="watch-video"
            aria-label={item.title}
            width={item.width ?? 9}
            height={item.height ?? 16}
            onPause={() => active && video && !video.ended && video.currentTime < (video.duration || Infinity) && setPaused(true)}
            onPlay={() => setPaused(false)}
          />
        ) : headingLevel === 1 ? (
          // One video's own page: it plays with the browser's controls before (or without) JavaScript.
          <video controls playsInline preload="none" poster={poster ?? undefined} src={mediaUrl(item.mediaId)} className="watch-video" aria-label={item.title} width={item.width ?? 9} height={item.height ?? 16} />
        ) : (
          <a href={`/watch/${item.id}`} className="watch-poster-link">
            {poster ? (
              // The same picture the player shows as its poster: fetched once, the first one first.
              <img src={poster} alt={item.title} className="watch-video" width={item.width ?? 9} height={item.height ?? 16} loading={first ? 'eager' : 'lazy'} decoding="async" {...(first ? { fetchpriority: 'high' } : {})} />
            ) : (
              <span className="watch-video watch-no-poster">{item.title}</span>
            )}
          </a>
        )}
        {hydrated ? (
          <div className="watch-controls">
            <button
              type="button"
              className="watch-control"
              aria-describedby={`video-${item.id}-title`}
              onClick={() => {
                if (!video) return
                // What the viewer asked for, not the element's state: at the end of a loop the video
                // is paused for a moment, and a press on "Pause" then must still pause it.
                if (paused) {
                  setPaused(false)
                  void video.play().catch(() => undefined)
                } else {
                  setPaused(true)
                  video.pause()
                }
              }}
            >
              {paused ? t('watch.play') : t('watch.pause')}
            </button>
            <button
              type="button"
              className="watch-control"
              aria-describedby={`video-${item.id}-title`}
              onClick={() => {
                if (video) video.muted = !muted
                setSound(muted)
              }}
            >
              {muted ? t('watch.unmute') : t('watch.mute')}
            </button>
          </div>
        ) : null}
      </div>
      <div className="watch-overlay">
        <p className="watch-org">
          <Link to={`/organizations/${item.organization.slug}`} lang={langIf(item.organization.lang, i18n.language)}>
            {item.organization.name}
          </Link>
          {item.organization.verified ? <VerifiedBadge label={t('project.verified')} /> : null}
        </p>
        <Heading id={`video-${item.id}-title`} className="watch-title">
          <Link to={`/watch/${item.id}`} lang={langIf(item.lang ?? undefined, i18n.language)}>
            {item.title}
          </Link>
        </Heading>
        <p className="watch-meta small">
          {item.creator && item.source === 'supporter' ? <span>{t('supporterVideos.by', { name: item.creator })}</span> : null}
          {item.challenge ? (
            <Link to={`/challenges/${item.challenge.slug}`} className="watch-tag">
              #{item.challenge.tag}
            </Link>
          ) : null}
          <span>{t('watch.plays', { count: item.plays })}</span>
          <a className="watch-report" href={`/report?type=${item.source === 'update' ? 'update' : 'supporter_video'}&id=${item.id}`} rel="nofollow">
            {t('report.link')}
          </a>
        </p>
        <p className="watch-project">
          <Link to={`/projects/${item.project.slug}`} lang={langIf(item.project.lang, i18n.language)}>
            {item.project.title}
          </Link>
        </p>
        <ProgressBar percent={percent} label={t('project.progressLabel', { percent })} />
        <p className="small watch-figures">
          {t('project.raisedOf', { raised: money(item.project.raisedAmount), goal: money(item.project.goalAmount) })}
          {' · '}
          <strong>{t('watch.raisedHere', { amount: money(item.raised) })}</strong>
        </p>
        <div className="watch-actions">
          {donateHref ? (
            <Link to={donateHref} className="btn btn-primary btn-md watch-donate">
              {t('watch.donate')}
            </Link>
          ) : (
            <span className="muted small">{t('watch.notRaising')}</span>
          )}
          <FollowButton slug={item.project.slug} following={item.following} title={item.project.title} here={headingLevel === 1 ? `/watch/${item.id}` : '/watch'} />
          {hydrated ? (
            <button ref={shareButton} type="button" className="btn btn-secondary btn-md" aria-expanded={sharing} aria-controls={`share-${item.id}`} onClick={() => setSharing(!sharing)}>
              {t('watch.share')}
            </button>
          ) : (
            // Without JavaScript the video's own page carries the share sheet.
            <a className="btn btn-secondary btn-md" href={`/watch/${item.id}#share`}>
              {t('watch.share')}
            </a>
          )}
        </div>
        {sharing ? (
          <ShareSheet
            item={item}
            onClose={() => {
              setSharing(false)
              shareButton.current?.focus()
            }}
          />
        ) : null}
      </div>
    </article>
  )
}

function FollowButton({ slug, following, title, here }: { slug: string; following: boolean | null; title: string; here: string }) {
  const { t } = useTranslation()
  const fetcher = useFetcher()
  if (following === null) {
    return (
      <Link to={`/login?redirectTo=${encodeURIComponent(here)}`} className="btn btn-secondary btn-md">
        {t('watch.follow')}
      </Link>
    )
  }
  const pending = fetcher.formData?.get('intent')
  const shown = pending ? pending === 'follow' : following
  return (
    <fetcher.Form method="post" action={`/projects/${slug}`}>
      <input type="hidden" name="back" value={here} />
      <button type="submit" name="intent" value={shown ? 'unfollow' : 'follow'} className="btn btn-secondary btn-md" aria-pressed={shown} aria-label={shown ? t('watch.unfollowProject', { title }) : t('watch.followProject', { title })}>
        {shown ? t('watch.following') : t('watch.follow')}
      </button>
    </fetcher.Form>
  )
}

/** Copy the link, scan the QR code, and what gifts through this video have raised. */
export function ShareSheet({ item, onClose }: { item: WatchItemData; onClose?: () => void }) {
  const { t, i18n } = useTranslation()
  const [copied, setCopied] = useState(false)
  const field = useRef<HTMLInputElement>(null)
  const dialog = onClose !== undefined
  // Opened from a button, the sheet takes the focus (Escape or Close gives it back to the button).
  useEffect(() => {
    if (dialog) field.current?.focus()
  }, [dialog])
  return (
    <section
      id={`share-${item.id}`}
      className="share-sheet card"
      role={onClose ? 'dialog' : undefined}
      aria-label={t('watch.shareTitle')}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && onClose) {
          event.stopPropagation()
          onClose()
        }
      }}
    >
      <label className="share-field">
        {t('project.shareLink')}
        <input ref={field} readOnly value={item.shareUrl} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <div className="share-row">
        <button
          type="button"
          className="btn btn-primary btn-sm"
          onClick={() => {
            void navigator.clipboard
              ?.writeText(item.shareUrl)
              .then(() => setCopied(true))
              .catch(() => undefined)
            sendVideoEvent(item.id, 'share')
          }}
        >
          {copied ? t('watch.copied') : t('watch.copy')}
        </button>
        {onClose ? (
          <button type="button" className="btn btn-ghost btn-sm" onClick={onClose}>
            {t('watch.close')}
          </button>
        ) : null}
      </div>
      <img className="qr" src={`/watch/${item.id}/qr.svg`} alt={t('project.qrAlt', { title: item.title })} width={160} height={160} loading="lazy" />
      <p className="small">{t('watch.linkRaised', { amount: formatMoney(item.raised, item.project.currency, i18n.language) })}</p>
      <span role="status" className="visually-hidden">
        {copied ? t('watch.copied') : ''}
      </span>
    </section>
  )
}

/**
 * The feed: items in a scroll-snap column; the one mostly in view is active. Arrow keys, j/k,
 * Page Up/Down move between videos; more load as the end nears (or through the plain link).
 */
export function WatchFeed({ items, nextHref, onNearEnd, loading = false }: { items: WatchItemData[]; nextHref: string | null; onNearEnd?: () => void; loading?: boolean }) {
  const { t } = useTranslation()
  const [hydrated, setHydrated] = useState(false)
  const [active, setActive] = useState(0)
  const [moved, setMoved] = useState(false)
  const [sound, setSound] = useState(false)
  // Playing and preloading start once the page has loaded: on a slow phone the first video's
  // picture and the page's scripts come first (decoding video while the page hydrates made the
  // main thread busy for a second under Lighthouse's phone throttling; docs/benchmarks.md).
  const [settled, setSettled] = useState(false)
  const list = useRef<HTMLOListElement>(null)
  useEffect(() => setHydrated(true), [])
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const soon = () => (timer = setTimeout(() => setSettled(true), 500))
    if (document.readyState === 'complete') soon()
    else window.addEventListener('load', soon, { once: true })
    return () => {
      window.removeEventListener('load', soon)
      clearTimeout(timer)
    }
  }, [])
  useEffect(() => {
    if (active > 0) setMoved(true)
  }, [active])

  useEffect(() => {
    const root = list.current
    if (!root || !hydrated) return
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue
          const index = (entry.target as HTMLElement).dataset.index
          // The last slot ("more videos") is no video: reaching it asks for more, and once it fills
          // the screen no video is active (the last one must not play, with sound, out of sight).
          if (index === undefined) {
            onNearEndRef.current?.()
            if (entry.intersectionRatio >= 0.6) setActive(root.children.length - 1)
          } else if (entry.intersectionRatio >= 0.6) setActive(Number(index))
        }
      },
      { root, threshold: [0, 0.6] },
    )
    for (const child of Array.from(root.children)) observer.observe(child)
    return () => observer.disconnect()
  }, [hydrated, items.length])

  const onNearEndRef = useRef(onNearEnd)
  onNearEndRef.current = onNearEnd
  useEffect(() => {
    if (active >= items.length - 2) onNearEndRef.current?.()
  }, [active, items.length])

  // The focus follows the video in view: after moving on, Tab starts from this video's buttons,
  // not from those of one scrolled away.
  useEffect(() => {
    const root = list.current
    const focused = document.activeElement
    if (!root || !focused || focused === root || !root.contains(focused)) return
    const slot = root.children[active] as HTMLElement | undefined
    if (slot && !slot.contains(focused)) slot.querySelector<HTMLElement>('article')?.focus({ preventScroll: true })
  }, [active])

  const move = useCallback((step: number) => {
    const root = list.current
    if (!root) return
    const target = root.children[Math.max(0, Math.min(root.children.length - 1, active + step))] as HTMLElement | undefined
    // Scroll the feed alone: scrollIntoView would also scroll the page and slide the feed under the header.
    if (target) root.scrollTo({ top: target.offsetTop - root.offsetTop, behavior: 'smooth' })
  }, [active])

  type Key = { key: string; target: EventTarget | null; altKey: boolean; ctrlKey: boolean; metaKey: boolean; preventDefault(): void }
  const onKey = (event: Key) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return
    // Keys typed into a field or inside the share dialog are theirs, not the feed's.
    if ((event.target as HTMLElement | null)?.closest?.('input, textarea, select, [role="dialog"]')) return
    const step = { ArrowDown: 1, PageDown: 1, j: 1, ArrowUp: -1, PageUp: -1, k: -1 }[event.key]
    if (!step) return
    event.preventDefault()
    move(step)
  }

  // Before anything has focus (just after the page opened, or after a click on the video), the keys
  // reach the document: they move the feed too, instead of scrolling the page under the header.
  const onKeyRef = useRef(onKey)
  onKeyRef.current = onKey
  useEffect(() => {
    const onDocumentKey = (event: globalThis.KeyboardEvent) => {
      if (event.target === document.body || event.target === document.documentElement) onKeyRef.current(event)
    }
    document.addEventListener('keydown', onDocumentKey)
    return () => document.removeEventListener('keydown', onDocumentKey)
  }, [])

  return (
    <div className="watch-shell" onKeyDown={onKey}>
      <ol ref={list} className="watch-feed" aria-label={t('watch.feedLabel')} tabIndex={hydrated ? 0 : undefined}>
        {items.map((item, index) => (
          <li key={item.id} data-index={index} className="watch-slot">
            <WatchItem item={item} active={hydrated && settled && index === active} preload={settled && index === active + 1} hydrated={hydrated} stream={moved} first={index === 0} sound={sound} onSound={setSound} />
          </li>
        ))}
        <li className="watch-slot watch-end">
          {nextHref && hydrated && onNearEnd ? (
            // Loaded in place: a link would leave the feed and start it again from the next page.
            <button type="button" className="btn btn-secondary btn-md" onClick={onNearEnd} aria-busy={loading}>
              {loading ? t('watch.loading') : t('watch.more')}
            </button>
          ) : nextHref ? (
            <a href={nextHref} rel="next" className="btn btn-secondary btn-md">
              {t('watch.more')}
            </a>
          ) : (
            <p>
              {t('watch.end')} <Link to="/discover">{t('feed.discover')}</Link>
            </p>
          )}
        </li>
      </ol>
      {hydrated ? (
        <div className="watch-nav" aria-label={t('watch.navLabel')} role="group">
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => move(-1)} disabled={active === 0}>
            {t('watch.previous')}
          </button>
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => move(1)} disabled={active >= items.length - 1}>
            {t('watch.next')}
          </button>
        </div>
      ) : null}
    </div>
  )
}
