/** Thank-you page: shows what the webhook has recorded, never marks anything paid itself. */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ButtonLink } from '~/components/ui/button'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { MatchLines } from '~/components/match-lines'
import { matchesForDonation, matchesIn } from '~/models/campaigns.server'
import { canViewDonation, getDonation } from '~/models/donations.server'
import { db } from '~/utils/db.server'
import { formatMoney } from '~/utils/money'
import { getOptionalUser } from '~/utils/permissions.server'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'
import { localize } from '~/content/localized'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const row = params.id ? await getDonation(db(), params.id) : null
  const token = new URL(request.url).searchParams.get('t')
  const user = await getOptionalUser(request)
  invariantResponse(row && canViewDonation(row.donation, user, token), 404, 'Not found')
  const { donation, project } = row
  const [t, matched, language] = await Promise.all([getFixedT(request), matchesForDonation(db(), donation.id), detectLanguage(request)])
  const shown = localize(project, ['title'], language)
  return data(
    {
      title: `${t('thanks.title')} — ${t('app.name')}`,
      status: donation.status,
      amount: donation.amount,
      currency: donation.currency,
      locale: donation.locale,
      reason: donation.failureReason ?? '',
      project: { slug: project.slug, title: shown.title },
      matches: matchesIn(matched, language),
      receiptHref: `/receipts/${donation.id}${token ? `?t=${encodeURIComponent(token)}` : ''}`,
    },
    { headers: { 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer' } },
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: pageTitle(data, error) },
  { name: 'robots', content: 'noindex' },
  // While the payment is being confirmed, the page refreshes itself (no JavaScript needed).
  ...(data?.status === 'pending' ? [{ httpEquiv: 'refresh', content: '3' } as const] : []),
]

export default function Thanks() {
  const { status, amount, currency, reason, project, receiptHref, matches } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const money = formatMoney(amount, currency, i18n.language)
  return (
    <section className="container narrow section" aria-labelledby="thanks-title">
      <h1 id="thanks-title">{status === 'failed' ? t('myDonations.status.failed') : t('thanks.title')}</h1>
      <div role="status" aria-live="polite">
        {status === 'pending' ? <p className="lead">{t('thanks.processing')}</p> : null}
        {status === 'succeeded' || status === 'partially_refunded' || status === 'disputed' ? (
          <>
            <p className="lead">{t('thanks.succeeded', { amount: money, project: project.title })}</p>
            <MatchLines gift={amount} currency={currency} matches={matches} />
          </>
        ) : null}
        {status === 'refunded' ? <p className="lead">{t('thanks.refunded')}</p> : null}
        {status === 'failed' ? <p className="lead">{t('thanks.failed', { reason })}</p> : null}
      </div>
      <p className="button-row">
        {status !== 'pending' && status !== 'failed' ? <ButtonLink to={receiptHref}>{t('thanks.receipt')}</ButtonLink> : null}
        {status === 'failed' ? <ButtonLink to={`/projects/${project.slug}/donate`}>{t('thanks.tryAgain')}</ButtonLink> : null}
        <Link className="btn btn-secondary" to={`/projects/${project.slug}`}>
          {t('thanks.back')}
        </Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
