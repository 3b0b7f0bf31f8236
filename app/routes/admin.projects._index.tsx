import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { projectsInReview } from '~/models/project-lifecycle.server'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { formatMoney } from '~/utils/money'
import { requireAdmin } from '~/utils/permissions.server'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const [rows, t, language] = await Promise.all([projectsInReview(db()), getFixedT(request), detectLanguage(request)])
  const date = dateFormatter(language, { withTime: true })
  return { title: `${t('adminProjects.title')} — ${t('app.name')}`, rows: rows.map((r) => ({ ...r, submitted: date(r.submittedAt) })) }
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function ProjectQueue() {
  const { rows } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  return (
    <section aria-labelledby="project-queue-title">
      <h1 id="project-queue-title">{t('adminProjects.title')}</h1>
      {rows.length === 0 ? (
        <p className="muted">{t('adminProjects.empty')}</p>
      ) : (
        <ol className="queue" role="list">
          {rows.map((r) => (
            <li key={r.id} className="card queue-row">
              <div>
                <h2 className="queue-name">
                  <Link to={`/admin/projects/${r.id}`}>{r.title}</Link>
                </h2>
                <p className="small muted">
                  {r.organizationName} · {t(`category.${r.category}`)} · {r.region} · {formatMoney(r.goalAmount, r.currency, i18n.language)} · {t('adminProjects.submitted', { date: r.submitted })}
                </p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
