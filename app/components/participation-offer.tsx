/**
 * "Watch to the end and <sponsor> gives ¥0.10 to this project" (ADR 0019): the offer, the claim and
 * its outcome. With JavaScript the claim is made for the person when the video ends (the player
 * fires `sunlight:video-complete` after the server has its completion) or when the disclosure page
 * has been open long enough; without it, the button posts the same form and the page comes back with
 * the outcome. Either way the server decides from its own records.
 */
import { Form, Link, useFetcher } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { formatMoney } from '~/utils/money'
import type { ParticipateResult } from '~/routes/participate'

export const VIDEO_COMPLETE_EVENT = 'sunlight:video-complete'

export interface ParticipationView {
  action: 'watch_update' | 'read_disclosure'
  itemId: string
  signedIn: boolean
  offer: { sponsor: string; amount: bigint; currency: string } | null
  earned: { sponsor: string; amount: bigint } | null
  /** The disclosure page's signed opening time (read_disclosure, signed in). */
  token: string | null
  readSeconds: number
  /** This page, to come back to after signing in or claiming without JavaScript. */
  back: string
}

export function ParticipationOffer({ view, watchHref }: { view: ParticipationView; watchHref?: string }) {
  const { t, i18n } = useTranslation()
  const fetcher = useFetcher<ParticipateResult>()
  const submitted = useRef(false)
  const currency = view.offer?.currency ?? 'CNY'
  const money = (amount: bigint | string) => formatMoney(BigInt(amount), currency, i18n.language)
  const claimable = Boolean(view.signedIn && view.offer && !view.earned && !watchHref)

  useEffect(() => {
    if (!claimable) return
    const claim = () => {
      if (submitted.current) return
      submitted.current = true
      fetcher.submit({ intent: view.action, item: view.itemId, token: view.token ?? '', mode: 'fetch' }, { method: 'post', action: '/participate' })
    }
    if (view.action === 'watch_update') {
      const onComplete = (event: Event) => {
        if ((event as CustomEvent<string>).detail === view.itemId) claim()
      }
      window.addEventListener(VIDEO_COMPLETE_EVENT, onComplete)
      return () => window.removeEventListener(VIDEO_COMPLETE_EVENT, onComplete)
    }
    const timer = window.setTimeout(claim, view.readSeconds * 1000 + 500)
    return () => window.clearTimeout(timer)
    // The fetcher's identity changes as it runs; the claim is made once per page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [claimable, view.action, view.itemId, view.token, view.readSeconds])

  const result = fetcher.data
  const earned = view.earned ?? (result?.status === 'earned' ? { sponsor: result.sponsor, amount: BigInt(result.amount) } : null)
  if (earned) {
    return (
      <aside className="participation-offer participation-earned" role="status" aria-live="polite">
        <p>
          <span aria-hidden="true">✓ </span>
          {t('participation.earned', { sponsor: earned.sponsor, amount: money(earned.amount) })}
        </p>
        <p className="small">
          <Link to="/account/participation">{t('participation.mine.link')}</Link>
        </p>
      </aside>
    )
  }
  if (!view.offer) return null
  const offerText = t(`participation.offer.${view.action}`, { sponsor: view.offer.sponsor, amount: money(view.offer.amount), seconds: view.readSeconds })
  return (
    <aside className="participation-offer" aria-label={offerText}>
      <p className="participation-lead">{offerText}</p>
      <p className="small muted">{t('participation.noPayment')}</p>
      {result?.status === 'refused' ? (
        <p className="notice notice-warning small" role="alert">
          {t(`participation.refused.${result.reason === 'invalid' ? 'unknownItem' : result.reason}`)}
        </p>
      ) : null}
      {!view.signedIn ? (
        <p>
          <Link className="btn btn-secondary btn-sm" to={`/login?redirectTo=${encodeURIComponent(view.back)}`}>
            {t('participation.signIn')}
          </Link>
        </p>
      ) : watchHref ? (
        <p>
          <Link className="btn btn-secondary btn-sm" to={watchHref}>
            {t('participation.watchLink')}
          </Link>
        </p>
      ) : (
        <Form method="post" action="/participate" className="participation-form">
          <input type="hidden" name="intent" value={view.action} />
          <input type="hidden" name="item" value={view.itemId} />
          {view.token ? <input type="hidden" name="token" value={view.token} /> : null}
          <input type="hidden" name="back" value={view.back} />
          <p className="small muted">{view.action === 'watch_update' ? t('participation.watchHint') : t('participation.readHint', { seconds: view.readSeconds })}</p>
          <button type="submit" className="btn btn-secondary btn-sm" disabled={fetcher.state !== 'idle'}>
            {t('participation.claim', { sponsor: view.offer.sponsor, amount: money(view.offer.amount) })}
          </button>
        </Form>
      )}
    </aside>
  )
}
