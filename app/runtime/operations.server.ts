/**
 * The few numbers an operator looks at first, read from the database (so they are the fleet's, not
 * one process's): stored and applied Stripe events and the age of the oldest waiting one, the job
 * queue, the mail outbox, the ledger, sessions, pending purges, held gifts — and what the scheduled
 * checks last found. Used by /metrics, /readyz, the admin operations page and the alerts
 * (docs/operations.md).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { migrationsFolder, queryRows, type DatabaseHandle, type Db } from '~db/client.server'
import { operationsStatus } from '~db/schema'
import { alertAdmins } from '~/models/alerts.server'
import { checkLedger } from '~/ledger/check.server'
import type { PaymentGateway } from '~/payments/gateway.server'
import { getEnv } from '~/utils/env.server'
import { logger } from '~/utils/logger.server'

export interface OperationsSnapshot {
  webhookEventsStored: number
  webhookEventsApplied: number
  /** Seconds the oldest stored but unapplied event has waited (0 when none waits). */
  webhookLagSeconds: number
  jobsQueued: Record<string, number>
  jobsFailed: Record<string, number>
  outboxBacklog: number
  ledgerEntries: number
  ledgerEntriesLastMinute: number
  activeSessions: number
  pagePurgesPending: number
  heldDonations: number
  checks: Record<string, { ok: boolean; detail: string; at: string }>
}

export async function operationsSnapshot(db: Db): Promise<OperationsSnapshot> {
  const [events] = await queryRows<{ stored: number; applied: number; lag: number }>(
    db,
    sql`select count(*)::int as stored, count(processed_at)::int as applied,
               coalesce(extract(epoch from now() - min(received_at) filter (where processed_at is null)), 0)::float as lag
        from webhook_events`,
  )
  const jobs = await queryRows<{ name: string; queued: number; failed: number }>(
    db,
    sql`select split_part(name, ':', 1) as name,
               (count(*) filter (where done_at is null and failed_at is null))::int as queued,
               (count(*) filter (where failed_at is not null))::int as failed
        from jobs group by 1`,
  )
  const [counts] = await queryRows<{ outbox: number; entries: number; recent: number; sessions: number; purges: number; held: number }>(
    db,
    sql`select (select count(*)::int from outbox_messages where sent_at is null) as outbox,
               (select count(*)::int from ledger_entries) as entries,
               (select count(*)::int from ledger_entries where created_at > now() - interval '1 minute') as recent,
               (select count(*)::int from sessions where expires_at > now()) as sessions,
               (select count(*)::int from page_changes) as purges,
               (select count(*)::int from donations where held_at is not null and status = 'pending') as held`,
  )
  const checks = await db.select().from(operationsStatus)
  return {
    webhookEventsStored: events?.stored ?? 0,
    webhookEventsApplied: events?.applied ?? 0,
    webhookLagSeconds: Math.round(events?.lag ?? 0),
    jobsQueued: Object.fromEntries(jobs.map((j) => [j.name, j.queued])),
    jobsFailed: Object.fromEntries(jobs.map((j) => [j.name, j.failed])),
    outboxBacklog: counts?.outbox ?? 0,
    ledgerEntries: counts?.entries ?? 0,
    ledgerEntriesLastMinute: counts?.recent ?? 0,
    activeSessions: counts?.sessions ?? 0,
    pagePurgesPending: counts?.purges ?? 0,
    heldDonations: counts?.held ?? 0,
    checks: Object.fromEntries(checks.map((c) => [c.key, { ok: c.ok, detail: c.detail, at: c.at.toISOString() }])),
  }
}

/** Records what a check found; returns true when admins should be alerted (a problem not alerted in the last hour). */
export async function recordCheck(db: Db, key: string, ok: boolean, detail: string) {
  const [row] = await queryRows<{ alert: boolean }>(
    db,
    sql`insert into operations_status (key, ok, detail, at, alerted_at) values (${key}, ${ok}, ${detail}, now(), case when ${ok} then null else now() end)
        on conflict (key) do update set ok = excluded.ok, detail = excluded.detail, at = excluded.at,
          alerted_at = case when excluded.ok then null
                            when (operations_status.alerted_at is null or operations_status.alerted_at < now() - interval '1 hour') then now()
                            else operations_status.alerted_at end
        returning (not ok and alerted_at = now()) as alert`,
  )
  return Boolean(row?.alert)
}

/**
 * The scheduled ledger check: the same code as `npm run ledger:check` (the gateway's records and the
 * books). A disagreement alerts every admin, in the app and by email, at most once an hour while it stands.
 */
export async function scheduledLedgerCheck(db: Db, gateway: Pick<PaymentGateway, 'name' | 'records'>) {
  const problems = await checkLedger(db, gateway)
  const detail = problems.length === 0 ? '' : problems.slice(0, 5).map((p) => `${p.kind} ${p.id}: ${p.detail}`).join('; ')
  const alert = await recordCheck(db, 'ledger.check', problems.length === 0, detail)
  if (problems.length > 0) logger.error({ problems: problems.length }, 'scheduled ledger check found disagreements')
  if (alert) await alertAdmins(db, { key: 'ledgerCheckFailed', values: { count: String(problems.length), first: detail.slice(0, 300) }, link: '/admin/operations' })
  return problems
}

/** Seconds an unapplied Stripe event may wait before admins are told and readiness fails (WEBHOOK_LAG_ALERT_SECONDS). */
export const webhookLagLimit = () => getEnv().WEBHOOK_LAG_ALERT_SECONDS

/** Every minute: events waiting longer than the limit alert the admins (once an hour while it lasts). */
export async function watchWebhookLag(db: Db) {
  const { webhookLagSeconds } = await operationsSnapshot(db)
  const ok = webhookLagSeconds <= webhookLagLimit()
  const alert = await recordCheck(db, 'webhook.lag', ok, ok ? '' : `${webhookLagSeconds} s`)
  if (alert) await alertAdmins(db, { key: 'webhookLag', values: { seconds: String(webhookLagSeconds) }, link: '/admin/operations' })
  return webhookLagSeconds
}

/** Migrations in the folder that the database has not run. */
export async function pendingMigrations(db: Db) {
  const journal = JSON.parse(readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] }
  let applied = 0
  try {
    const [row] = await queryRows<{ last: string | null }>(db, sql`select max(created_at)::text as last from drizzle.__drizzle_migrations`)
    applied = Number(row?.last ?? 0)
  } catch {
    applied = 0
  }
  return journal.entries.filter((entry) => entry.when > applied).map((entry) => entry.tag)
}

/**
 * Ready to take traffic: the database answers, every migration has run, and Stripe's events are
 * being applied (none has waited longer than the limit). `/healthz` stays the cheap liveness check.
 */
export async function readiness(handle: Pick<DatabaseHandle, 'db' | 'ping'>, snapshot?: OperationsSnapshot) {
  const reasons: string[] = []
  try {
    await handle.ping()
  } catch {
    return { ready: false, reasons: ['database unreachable'] }
  }
  const pending = await pendingMigrations(handle.db)
  if (pending.length > 0) reasons.push(`migrations pending: ${pending.join(', ')}`)
  const { webhookLagSeconds } = snapshot ?? (await operationsSnapshot(handle.db))
  if (webhookLagSeconds > webhookLagLimit()) reasons.push(`stored Stripe events waiting ${webhookLagSeconds} s (limit ${webhookLagLimit()} s): is a runner applying them?`)
  return { ready: reasons.length === 0, reasons }
}
