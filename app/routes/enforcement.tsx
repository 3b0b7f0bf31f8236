/**
 * The public enforcement log: what moderators hid, removed or suspended and why, with monthly
 * totals. Built from `enforcement_actions`, which holds no personal data by construction.
 */
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { decidedCaseTotals, enforcementLog, enforcementTotals, ENFORCEMENT_PAGE } from '~/models/moderation.server'
import { pageKeys, publicPageHeaders } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'

function decodeBefore(value: string | null) {
  return value && /^\d{1,15}$/.test(value) ? Number(value) : undefined
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const [rows, totals, decided, t, language] = await Promise.all([
    enforcementLog(db(), decodeBefore(url.searchParams.get('before'))),
    enforcementTotals(db()),
    decidedCaseTotals(db()),
    getFixedT(request),
    detectLanguage(request),
  ])
  const date = dateFormatter(language)
  const months = [...new Set([...totals.map((r) => r.month), ...decided.map((r) => r.month)])].sort().reverse()
  const last = rows.at(-1)
  return data({
    title: `${t('enforcement.title')} — ${t('app.name')}`,
    months: months.map((month) => ({
      month,
      hide: totals.find((r) => r.month === month && r.action === 'hide')?.n ?? 0,
      remove: totals.find((r) => r.month === month && r.action === 'remove')?.n ?? 0,
      suspend: totals.find((r) => r.month === month && r.action === 'suspend')?.n ?? 0,
      decided: decided.find((r) => r.month === month)?.n ?? 0,
    })),
    entries: rows.map((r) => ({
      id: r.id,
      at: date(r.createdAt),
      action: r.action,
      kind: r.targetType,
      category: r.category,
      reason: r.publicReason,
      organization: r.organizationName ? { name: r.organizationName, slug: r.organizationSlug! } : null,
      // A hidden project is named but not linked.
      project: r.projectTitle ? { title: r.projectTitle, slug: r.projectVisible ? r.projectSlug : null } : null,
    })),
    next: rows.length === ENFORCEMENT_PAGE && last ? String(last.id) : null,
  }, pageKeys('enforcement'))
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args)
export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function Enforcement() {
  const { months, entries, next } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <section className="container section" aria-labelledby="enforcement-title">
      <h1 id="enforcement-title">{t('enforcement.title')}</h1>
      <p className="lead">{t('enforcement.lead')}</p>
      <h2 id="totals-title">{t('enforcement.totals')}</h2>
      {months.length === 0 ? (
        <p className="muted">{t('enforcement.none')}</p>
      ) : (
        // Scrolls sideways on a phone: focusable, so keyboard users can scroll it too.
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="totals-title">
          <table className="data-table" aria-labelledby="totals-title">
            <thead>
              <tr>
                <th scope="col">{t('enforcement.month')}</th>
                <th scope="col" className="num">{t('moderation.actionPast.hide')}</th>
                <th scope="col" className="num">{t('moderation.actionPast.remove')}</th>
                <th scope="col" className="num">{t('moderation.actionPast.suspend')}</th>
                <th scope="col" className="num">{t('enforcement.casesDecided')}</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{m.month}</th>
                  <td className="num">{m.hide}</td>
                  <td className="num">{m.remove}</td>
                  <td className="num">{m.suspend}</td>
                  <td className="num">{m.decided}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('enforcement.recent')}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t('enforcement.none')}</p>
      ) : (
        <ol className="enforcement-log" role="list">
          {entries.map((e) => (
            <li key={e.id} className="card">
              <p>
                <strong>
                  {t(`moderation.actionPast.${e.action}`)} · {t(`moderation.kind.${e.kind}`)}
                </strong>{' '}
                <span className="tag">{t(`report.reasons.${e.category}`)}</span>
              </p>
              <p className="small muted">
                {e.at}
                {e.project ? (
                  <>
                    {' · '}
                    {e.project.slug ? <Link to={`/projects/${e.project.slug}`}>{t('enforcement.onProject', { project: e.project.title })}</Link> : t('enforcement.onProject', { project: e.project.title })}
                  </>
                ) : null}
                {e.organization ? (
                  <>
                    {' · '}
                    <Link to={`/organizations/${e.organization.slug}`}>{e.organization.name}</Link>
                  </>
                ) : null}
              </p>
              {e.reason ? (
                <p>
                  {t('enforcement.reason')}: {e.reason}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {next ? (
        <p>
          <Link to={`?before=${next}`}>{t('enforcement.older')}</Link>
        </p>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
