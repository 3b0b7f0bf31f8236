/**
 * The pieces of a giving day's page: the countdown, a sponsor pool's published rules in plain words,
 * and the live figures that follow the campaign without a reload (polling live.json). Without
 * JavaScript the server's figures and countdown stand as they were when the page was made.
 */
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LiveFigures } from '~/models/campaigns.server'
import { formatMoney } from '~/utils/money'

const POLL_MS = 10_000

/** The figures from the loader, then fresh ones every ten seconds while the page is visible. */
export function useLiveFigures(slug: string, initial: LiveFigures) {
  const { i18n } = useTranslation()
  const language = i18n.language
  const [figures, setFigures] = useState(initial)
  useEffect(() => setFigures(initial), [initial])
  useEffect(() => {
    let stopped = false
    const poll = async () => {
      if (document.visibilityState !== 'visible') return
      try {
        const response = await fetch(`/campaigns/${encodeURIComponent(slug)}/live.json?lang=${encodeURIComponent(language)}`, { headers: { Accept: 'application/json' } })
        if (response.ok && !stopped) setFigures((await response.json()) as LiveFigures)
      } catch {
        // A missed poll is retried at the next tick; the figures on screen stay.
      }
    }
    const timer = window.setInterval(poll, POLL_MS)
    return () => {
      stopped = true
      window.clearInterval(timer)
    }
  }, [slug, language])
  return figures
}

/** Days, hours, minutes and seconds from `now` to `to` (never negative). */
function parts(ms: number) {
  const s = Math.max(0, Math.floor(ms / 1000))
  return { days: Math.floor(s / 86_400), hours: Math.floor((s % 86_400) / 3_600), minutes: Math.floor((s % 3_600) / 60), seconds: s % 60 }
}

/**
 * "Starts in …" or "Ends in …", counting down each second in the browser. The first render uses the
 * server's clock (the same text on both sides: no hydration mismatch); the reader's clock takes over after.
 */
export function Countdown({ phase, startsAt, endsAt, serverNow }: { phase: LiveFigures['phase']; startsAt: string; endsAt: string; serverNow: string }) {
  const { t } = useTranslation()
  const [now, setNow] = useState(() => new Date(serverNow).getTime())
  useEffect(() => {
    setNow(Date.now())
    const timer = window.setInterval(() => setNow(Date.now()), 1000)
    return () => window.clearInterval(timer)
  }, [])
  const start = new Date(startsAt).getTime()
  const end = new Date(endsAt).getTime()
  const current = phase === 'ended' || now >= end ? 'ended' : now < start ? 'upcoming' : 'running'
  if (current === 'ended') return <p className="countdown countdown-ended">{t('campaigns.ended')}</p>
  const left = parts((current === 'upcoming' ? start : end) - now)
  const pad = (n: number) => String(n).padStart(2, '0')
  return (
    <p className="countdown">
      <span className="countdown-label">{current === 'upcoming' ? t('campaigns.startsIn') : t('campaigns.endsIn')}</span>{' '}
      <time className="countdown-time" dateTime={`P${left.days}DT${left.hours}H${left.minutes}M${left.seconds}S`} role="timer" aria-live="off">
        {t('campaigns.countdown', { days: left.days, hours: pad(left.hours), minutes: pad(left.minutes), seconds: pad(left.seconds) })}
      </time>
    </p>
  )
}

export interface PoolRulesView {
  ratioPercent: number
  capPerGift: bigint | null
  capPerDonorDay: bigint | null
  capPerProject: bigint | null
  firstGiftOnly: boolean
  window: string
}

/** A pool's published rules as sentences: what the matching arithmetic does (models/matching-rules.ts). */
export function PoolRules({ rules, currency }: { rules: PoolRulesView; currency: string }) {
  const { t, i18n } = useTranslation()
  const money = (v: bigint) => formatMoney(v, currency, i18n.language)
  return (
    <ul className="pool-rules small">
      <li>{rules.ratioPercent === 100 ? t('campaigns.rule.oneToOne') : t('campaigns.rule.ratio', { percent: rules.ratioPercent })}</li>
      {rules.capPerGift !== null ? <li>{t('campaigns.rule.capPerGift', { amount: money(rules.capPerGift) })}</li> : null}
      {rules.capPerDonorDay !== null ? <li>{t('campaigns.rule.capPerDonorDay', { amount: money(rules.capPerDonorDay) })}</li> : null}
      {rules.capPerProject !== null ? <li>{t('campaigns.rule.capPerProject', { amount: money(rules.capPerProject) })}</li> : null}
      {rules.firstGiftOnly ? <li>{t('campaigns.rule.firstGiftOnly')}</li> : null}
      <li>{t('campaigns.rule.window', { window: rules.window })}</li>
    </ul>
  )
}
