/** What a person gave to projects by taking part on giving days (ADR 0019): only their own. */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { participationsOf } from '~/models/participation.server'
import { localize } from '~/content/localized'
import { campaignIn, sponsorIn } from '~/models/campaigns.server'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { formatMoney } from '~/utils/money'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireUser } from '~/utils/permissions.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const [rows, t, language] = await Promise.all([participationsOf(db(), { userId: user.id }), getFixedT(request), detectLanguage(request)])
  const when = dateFormatter(language, { withTime: true })
  return data(
    {
      title: `${t('participation.mine.title')} — ${t('app.name')}`,
      rows: rows.map((r) => ({ id: r.id.toString(), action: r.action, itemId: r.itemId, amount: r.amount, currency: r.currency.trim(), sponsor: sponsorIn({ sponsor: r.sponsor, translations: r.sponsorTranslations }, r.campaign.contentLanguage, language), project: { slug: r.project.slug, title: localize(r.project, ['title'], language).title }, campaign: { slug: r.campaign.slug, title: campaignIn(r.campaign, language).title }, at: when(r.createdAt) })),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export default function MyParticipation() {
  const { rows } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const money = (amount: bigint, currency: string) => formatMoney(amount, currency, i18n.language)
  const currency = rows[0]?.currency ?? 'CNY'
  const total = rows.reduce((sum, r) => sum + r.amount, 0n)
  return (
    <section className="container section" aria-labelledby="participation-title">
      <p className="small">
        <Link to="/account">← {t('nav.account')}</Link>
      </p>
      <h1 id="participation-title">{t('participation.mine.title')}</h1>
      <p className="lead">{t('participation.mine.lead')}</p>
      {rows.length === 0 ? (
        <p className="muted">
          {t('participation.mine.empty')} <Link to="/campaigns">{t('campaigns.title')}</Link>
        </p>
      ) : (
        <>
          <p>{t('participation.mine.total', { amount: money(total, currency), count: rows.length })}</p>
          <div className="table-scroll">
            <table className="data-table participation-table">
              <thead>
                <tr>
                  <th scope="col">{t('participation.mine.what')}</th>
                  <th scope="col">{t('participation.mine.project')}</th>
                  <th scope="col">{t('participation.mine.sponsor')}</th>
                  <th scope="col" className="num">
                    {t('participation.mine.amount')}
                  </th>
                  <th scope="col">{t('participation.mine.when')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>{r.action === 'watch_update' ? <Link to={`/watch/${r.itemId}`}>{t(`participation.action.${r.action}`)}</Link> : t(`participation.action.${r.action}`)}</td>
                    <td>
                      <Link to={`/projects/${r.project.slug}`}>{r.project.title}</Link>
                    </td>
                    <td>
                      {r.sponsor} · <Link to={`/campaigns/${r.campaign.slug}`}>{r.campaign.title}</Link>
                    </td>
                    <td className="num">{money(r.amount, r.currency)}</td>
                    <td>{r.at}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
