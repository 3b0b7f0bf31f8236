/** Giving days: the ones running now, the ones coming, and the ones that ended with what was matched. */
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { campaignPhase, publicCampaigns, titleIn } from '~/models/campaigns.server'
import { langIf } from '~/components/content-language'
import { pageKeys, publicPageHeaders } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { formatMoney } from '~/utils/money'

export async function loader({ request }: LoaderFunctionArgs) {
  const [rows, t, language] = await Promise.all([publicCampaigns(db()), getFixedT(request), detectLanguage(request)])
  const when = dateFormatter(language, { withTime: true })
  const now = new Date()
  const list = rows.map((c) => ({ slug: c.slug, ...titleIn(c, language), phase: campaignPhase(c, now), window: `${when(c.startsAt)} – ${when(c.endsAt)}`, matched: c.matched, currency: c.currency, projects: c.projects }))
  return data({ title: `${t('campaigns.title')} — ${t('app.name')}`, campaigns: list }, pageKeys('campaigns'))
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args, 10)
export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

const PHASES = ['running', 'upcoming', 'ended'] as const

export default function Campaigns() {
  const { campaigns } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  return (
    <section className="container section" aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">{t('campaigns.title')}</h1>
      <p className="lead">{t('campaigns.lead')}</p>
      {campaigns.length === 0 ? <p className="muted">{t('campaigns.none')}</p> : null}
      {PHASES.map((phase) => {
        const list = campaigns.filter((c) => c.phase === phase)
        if (!list.length) return null
        return (
          <section key={phase} aria-labelledby={`campaigns-${phase}`}>
            <h2 id={`campaigns-${phase}`}>{t(`campaigns.phase.${phase}`)}</h2>
            <ul className="campaign-list" role="list">
              {list.map((c) => (
                <li key={c.slug} className="card">
                  <h3>
                    <Link to={`/campaigns/${c.slug}`} lang={langIf(c.lang, i18n.language)}>
                      {c.title}
                    </Link>
                  </h3>
                  <p className="small muted">{c.window}</p>
                  <p className="small">{t('campaigns.listFigures', { matched: formatMoney(c.matched, c.currency, i18n.language), count: c.projects })}</p>
                </li>
              ))}
            </ul>
          </section>
        )
      })}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
