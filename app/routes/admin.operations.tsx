/**
 * The few numbers an operator looks at first (docs/operations.md): is the money being applied, is
 * anything stuck or held, and when did the ledger check and the backup last succeed.
 */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { operationsSnapshot, readiness, webhookLagLimit } from '~/runtime/operations.server'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { requireAdmin } from '~/utils/permissions.server'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const [t, language, snapshot] = await Promise.all([getFixedT(request), detectLanguage(request), operationsSnapshot(db())])
  // The page's own queries show the database answers; readiness reuses the snapshot just read.
  const ready = await readiness({ db: db(), ping: async () => undefined }, snapshot)
  const when = dateFormatter(language, { withTime: true })
  const check = (key: string) => {
    const found = snapshot.checks[key]
    return found ? { ok: found.ok, detail: found.detail, at: when(new Date(found.at)) } : null
  }
  return data(
    {
      title: `${t('operations.title')} — ${t('app.name')}`,
      ready,
      lagSeconds: snapshot.webhookLagSeconds,
      lagLimit: webhookLagLimit(),
      waitingEvents: snapshot.webhookEventsStored - snapshot.webhookEventsApplied,
      queued: Object.values(snapshot.jobsQueued).reduce((a, b) => a + b, 0),
      failed: Object.entries(snapshot.jobsFailed).filter(([, n]) => n > 0),
      outbox: snapshot.outboxBacklog,
      held: snapshot.heldDonations,
      ledgerCheck: check('ledger.check'),
      backup: check('backup'),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function Operations() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const state = (ok: boolean) => (ok ? t('operations.ok') : t('operations.problem'))
  return (
    <section aria-labelledby="operations-title">
      <h1 id="operations-title">{t('operations.title')}</h1>
      <p className={d.ready.ready ? 'notice notice-success' : 'notice notice-warning'} role="status">
        {d.ready.ready ? t('operations.ready') : `${t('operations.notReady')} ${d.ready.reasons.join('; ')}`}
      </p>
      <dl className="figures">
        <div>
          <dt>{t('operations.lag')}</dt>
          <dd>
            {t('operations.seconds', { count: d.lagSeconds })} · {t('operations.waiting', { count: d.waitingEvents })} ({t('operations.limit', { count: d.lagLimit })})
          </dd>
        </div>
        <div>
          <dt>{t('operations.queue')}</dt>
          <dd>
            {d.queued}
            {d.failed.length ? ` · ${t('operations.failed')}: ${d.failed.map(([type, n]) => `${type} ${n}`).join(', ')}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('operations.outbox')}</dt>
          <dd>{d.outbox}</dd>
        </div>
        <div>
          <dt>{t('operations.held')}</dt>
          <dd>{d.held > 0 ? <Link to="/admin/donations">{d.held}</Link> : 0}</dd>
        </div>
        <div>
          <dt>{t('operations.ledgerCheck')}</dt>
          <dd>{d.ledgerCheck ? `${state(d.ledgerCheck.ok)} · ${d.ledgerCheck.at}${d.ledgerCheck.detail ? ` · ${d.ledgerCheck.detail}` : ''}` : t('operations.never')}</dd>
        </div>
        <div>
          <dt>{t('operations.backup')}</dt>
          <dd>{d.backup ? `${state(d.backup.ok)} · ${d.backup.at}${d.backup.detail ? ` · ${d.backup.detail}` : ''}` : t('operations.never')}</dd>
        </div>
      </dl>
      <p className="muted">{t('operations.lead')}</p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
