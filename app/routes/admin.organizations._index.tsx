import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { organizationStatuses } from '~db/enums'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { countOrganizationsByStatus, listOrganizationsForReview, type OrganizationStatus } from '~/models/organizations.server'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { requireAdmin } from '~/utils/permissions.server'
import { pageTitle } from '~/utils/meta'

const STATUSES = organizationStatuses

/** The review queue: pending applications oldest first (and the other statuses, to suspend or reinstate). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const param = new URL(request.url).searchParams.get('status') ?? 'pending'
  const status: OrganizationStatus = (STATUSES as readonly string[]).includes(param) ? (param as OrganizationStatus) : 'pending'
  const [rows, counts, t, language] = await Promise.all([
    listOrganizationsForReview(db(), { status, limit: 200 }),
    countOrganizationsByStatus(db()),
    getFixedT(request),
    detectLanguage(request),
  ])
  const date = dateFormatter(language, { withTime: true })
  return {
    title: `${t('admin.queueTitle')} — ${t('app.name')}`,
    status,
    counts,
    rows: rows.map((r) => ({ ...r, applied: date(r.createdAt) })),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function ReviewQueue() {
  const { status, counts, rows } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t('admin.queueTitle')}</h1>
      <nav className="tabs" aria-label={t('admin.organizations')}>
        {STATUSES.map((s) => (
          <Link key={s} to={`?status=${s}`} aria-current={s === status ? 'page' : undefined}>
            {t(`orgStatus.${s}`)} ({counts[s] ?? 0})
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <p className="muted">{t('admin.queueEmpty')}</p>
      ) : (
        <ol className="queue" role="list">
          {rows.map((r) => (
            <li key={r.id} className="card queue-row">
              <div>
                <h2 className="queue-name">
                  <Link to={`/admin/organizations/${r.id}`}>{r.name}</Link>
                </h2>
                <p className="small muted">
                  {r.region} · {r.causeAreas.map((c) => t(`category.${c}`)).join(' · ')} · {t('admin.applied', { date: r.applied })}
                </p>
              </div>
              <Link className="btn btn-secondary btn-sm" to={`/admin/organizations/${r.id}`} aria-label={`${t('admin.open')}: ${r.name}`}>
                {t('admin.open')}
              </Link>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
