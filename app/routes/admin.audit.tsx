import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FilterInput, FilterSelect } from '~/components/filters'
import { Button } from '~/components/ui/button'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { auditActions, auditEntries } from '~/models/organizations.server'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { requireAdmin } from '~/utils/permissions.server'
import { pageTitle } from '~/utils/meta'

const PAGE = 50

/** Browse and filter the append-only audit log, newest first, keyset-paginated by id. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const url = new URL(request.url)
  const filter = {
    action: url.searchParams.get('action')?.slice(0, 80) || undefined,
    actorEmail: url.searchParams.get('actor')?.trim().slice(0, 254) || undefined,
    targetId: url.searchParams.get('target')?.trim().slice(0, 80) || undefined,
  }
  const beforeParam = url.searchParams.get('before') ?? ''
  const before = /^\d{1,18}$/.test(beforeParam) ? BigInt(beforeParam) : undefined
  const [rows, actions, t, language] = await Promise.all([
    auditEntries(db(), { ...filter, before, limit: PAGE + 1 }),
    auditActions(db()),
    getFixedT(request),
    detectLanguage(request),
  ])
  const date = dateFormatter(language, { withTime: true })
  const page = rows.slice(0, PAGE)
  let older: string | null = null
  if (rows.length > PAGE) {
    const params = new URLSearchParams(url.searchParams)
    params.set('before', String(page.at(-1)!.id))
    older = `?${params}`
  }
  return {
    title: `${t('admin.auditTitle')} — ${t('app.name')}`,
    actions,
    filter: { action: filter.action ?? '', actor: filter.actorEmail ?? '', target: filter.targetId ?? '' },
    entries: page.map((e) => ({
      id: String(e.id),
      at: date(e.createdAt),
      actor: e.actorEmail ? `${e.actorName} <${e.actorEmail}>` : '—',
      action: e.action,
      target: `${e.targetType}:${e.targetId}`,
      targetLink: e.targetType === 'organization' ? `/admin/organizations/${e.targetId}` : null,
      reason: e.reason ?? '',
      details: Object.keys(e.details).length ? JSON.stringify(e.details) : '',
    })),
    older,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function AuditLog() {
  const { actions, filter, entries, older } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('admin.auditTitle')}</h1>
      <p className="muted">{t('admin.auditLead')}</p>
      <Form method="get" className="filters">
        <FilterSelect label={t('admin.filterAction')} name="action" value={filter.action} options={[{ value: '', label: t('admin.all') }, ...actions.map((a) => ({ value: a, label: a }))]} />
        <FilterInput label={t('admin.filterActor')} name="actor" type="email" value={filter.actor} />
        <FilterInput label={t('admin.filterTarget')} name="target" value={filter.target} />
        <Button type="submit" variant="secondary">
          {t('admin.filter')}
        </Button>
      </Form>
      {entries.length === 0 ? (
        <p className="muted">{t('admin.auditEmpty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.time')}</th>
                <th scope="col">{t('admin.actor')}</th>
                <th scope="col">{t('admin.action')}</th>
                <th scope="col">{t('admin.target')}</th>
                <th scope="col">{t('admin.reason')}</th>
                <th scope="col">{t('admin.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{e.at}</td>
                  <td>{e.actor}</td>
                  <td className="mono">{e.action}</td>
                  <td className="mono small">{e.targetLink ? <Link to={e.targetLink}>{e.target}</Link> : e.target}</td>
                  <td>{e.reason}</td>
                  <td className="mono small">{e.details}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {older ? (
        <p className="button-row">
          <Link className="btn btn-secondary" to={older}>
            {t('admin.older')}
          </Link>
        </p>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
