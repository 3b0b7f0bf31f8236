/** The annual consolidated receipt: every confirmed gift of the year to one organisation. */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { annualGifts } from '~/models/donations.server'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { formatMoney } from '~/utils/money'
import { requireUser } from '~/utils/permissions.server'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const year = Number(params.year)
  invariantResponse(Number.isInteger(year) && year >= 2000 && year <= 2100 && params.org, 404, 'Not found')
  const [rows, t, language] = await Promise.all([annualGifts(db(), { userId: user.id, organizationSlug: params.org, year }), getFixedT(request), detectLanguage(request)])
  invariantResponse(rows.length > 0, 404, 'Not found')
  const date = dateFormatter(language)
  const currency = rows[0]!.donation.currency
  const total = rows.reduce((sum, r) => sum + r.donation.amount - r.donation.refundedAmount, 0n)
  return data(
    {
      title: `${t('annual.title', { year })} — ${rows[0]!.organization.name}`,
      year,
      donor: user.displayName,
      organization: rows[0]!.organization,
      currency,
      total,
      gifts: rows.map((r) => ({ id: r.donation.id, number: r.donation.receiptNumber, date: date(r.donation.succeededAt), project: r.project.title, net: r.donation.amount - r.donation.refundedAmount })),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export default function AnnualReceipt() {
  const { year, donor, organization, currency, total, gifts } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const money = (v: bigint) => formatMoney(v, currency, i18n.language)
  return (
    <article className="container narrow section receipt" aria-labelledby="annual-title">
      <h1 id="annual-title">{t('annual.title', { year })}</h1>
      <p>{t('annual.lead', { year, organization: organization.name })}</p>
      <dl className="details">
        <dt>{t('receipt.donor')}</dt>
        <dd>{donor}</dd>
        <dt>{t('receipt.organization')}</dt>
        <dd>
          {organization.name} <span className="mono small">({organization.uscc})</span>
        </dd>
      </dl>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('receipt.number')}</th>
            <th scope="col">{t('receipt.date')}</th>
            <th scope="col">{t('receipt.project')}</th>
            <th scope="col" className="num">
              {t('receipt.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {gifts.map((g) => (
            <tr key={g.id}>
              <td className="mono">{g.number}</td>
              <td className="nowrap">{g.date}</td>
              <td>{g.project}</td>
              <td className="num">{money(g.net)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t('annual.total')}
            </th>
            <td className="num">
              <strong>{money(total)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
      <p className="small muted">{t('receipt.note')}</p>
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
