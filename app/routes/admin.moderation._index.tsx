/** The moderation queue: open cases most severe first, then oldest; decided cases newest first. */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { moderationQueue, openCaseCount } from '~/models/moderation.server'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { requireAdmin } from '~/utils/permissions.server'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const open = new URL(request.url).searchParams.get('view') !== 'decided'
  const [cases, openCount, t, language] = await Promise.all([moderationQueue(db(), { open }), openCaseCount(db()), getFixedT(request), detectLanguage(request)])
  const when = dateFormatter(language, { withTime: true })
  return data(
    {
      title: `${t('moderation.queueTitle')} — ${t('app.name')}`,
      open,
      openCount,
      cases: cases.map((c) => ({
        id: c.id,
        type: c.targetType,
        severity: c.severity,
        reportCount: c.reportCount,
        flags: c.autoFlags,
        openedAt: when(c.openedAt),
        decision: c.decision,
        decidedAt: c.decidedAt ? when(c.decidedAt) : null,
        title: c.target ? (c.target.title.length > 90 ? `${c.target.title.slice(0, 89)}…` : c.target.title) : null,
        state: c.target?.state ?? null,
        place: c.target?.projectTitle ?? c.target?.organizationName ?? null,
      })),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function ModerationQueue() {
  const { open, openCount, cases } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <section aria-labelledby="moderation-title">
      <h1 id="moderation-title">{t('moderation.queueTitle')}</h1>
      <p className="muted">{t('moderation.queueLead')}</p>
      <nav className="tabs" aria-label={t('moderation.queueTitle')}>
        <Link to="?view=open" aria-current={open ? 'page' : undefined}>
          {t('moderation.open')} ({openCount})
        </Link>
        <Link to="?view=decided" aria-current={open ? undefined : 'page'}>
          {t('moderation.decided')}
        </Link>
      </nav>
      {cases.length === 0 ? (
        <p className="muted">{t('moderation.empty')}</p>
      ) : (
        <ol className="queue" role="list">
          {cases.map((c) => (
            <li key={c.id} className="card queue-row">
              <div>
                <h2 className="queue-name">
                  <Link to={`/admin/moderation/${c.id}`}>
                    {t(`moderation.kind.${c.type}`)}: {c.title ?? t('moderation.gone')}
                  </Link>
                </h2>
                <p className="small muted">
                  <span className={`tag severity-${Math.min(c.severity, 4)}`}>{t('moderation.severity', { n: c.severity })}</span>
                  {' · '}
                  {t('moderation.reports', { count: c.reportCount })}
                  {c.flags.length ? ` · ${t('moderation.autoFlagged')}: ${c.flags.map((f) => t(`moderation.flag.${f.kind as 'term'}`, { detail: f.detail ?? '' })).join(', ')}` : ''}
                  {c.place ? ` · ${t('moderation.in', { place: c.place })}` : ''}
                  {' · '}
                  {c.decision && c.decidedAt ? t('moderation.lastDecision', { action: t(`moderation.actionPast.${c.decision}`), at: c.decidedAt }) : t('moderation.opened', { at: c.openedAt })}
                  {c.state ? ` · ${t(`moderation.state.${c.state}`)}` : ''}
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
