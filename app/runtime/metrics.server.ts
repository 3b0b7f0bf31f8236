/**
 * Metrics in Prometheus's text format (prom-client), for a scraper on METRICS_PORT or at /metrics
 * with METRICS_TOKEN (docs/operations.md). Labels are bounded: a request is labelled by its route
 * pattern (`/projects/:slug/donate`), never its URL. Counts that belong to the fleet — events stored
 * and applied, the queue, the outbox, the ledger, sessions, purges — are read from the database when
 * scraped, so every process reports the same truth; request timings are this process's own.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { db } from '~/utils/db.server'
import { operationsSnapshot } from './operations.server'

export const registry = new Registry()
collectDefaultMetrics({ register: registry, prefix: 'sunlight_process_' })

const requestDuration = new Histogram({
  name: 'sunlight_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status class, with their durations',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
})

const requests = new Counter({
  name: 'sunlight_http_requests_total',
  help: 'HTTP requests by method, route pattern and status code',
  labelNames: ['method', 'route', 'code'] as const,
  registers: [registry],
})

export const purgesSent = new Counter({ name: 'sunlight_cache_purges_sent_total', help: 'PURGE requests this process sent to the caches in front', registers: [registry] })

/** Path segments kept as they are; any other segment is an identifier (`:id`). */
const WORDS = new Set([
  'admin', 'account', 'api', 'audit', 'cancel', 'console', 'data.json', 'delete', 'discover', 'donate', 'donations', 'edit', 'enforcement', 'expenses', 'feed',
  'forgot-password', 'healthz', 'invitations', 'accept', 'language', 'ledger.csv', 'ledger.json', 'login', 'logout', 'media', 'members', 'messages', 'moderation',
  'new', 'organizations', 'apply', 'partners', 'passkey', 'passkeys', 'plans', 'privacy', 'projects', 'readyz', 'receipts', 'refund', 'report', 'reset-password',
  'robots.txt', 'sandbox', 'checkout', 'security', 'signup', 'transparency', 'transparency.json', 'unsubscribe', 'updates', 'verify', 'verify-email',
  'verify-ledger.mjs', 'videos', 'webhooks', 'stripe', 'dev', 'outbox', 'build', 'metrics',
])

/** The route pattern of a path: known words kept, identifiers replaced, static files grouped. */
export function routeLabel(pathname: string) {
  if (pathname.startsWith('/build/')) return '/build/*'
  const segments = pathname.replace(/\.data$/, '').split('/').filter(Boolean).slice(0, 5)
  if (segments.length === 0) return '/'
  return `/${segments.map((s) => (WORDS.has(s) ? s : ':id')).join('/')}`
}

export function observeRequest(method: string, pathname: string, status: number, seconds: number) {
  const route = routeLabel(pathname)
  const m = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].includes(method) ? method : 'OTHER'
  requestDuration.observe({ method: m, route, status: `${Math.floor(status / 100)}xx` }, seconds)
  requests.inc({ method: m, route, code: String(status) })
}

// Read from the database at each scrape.
const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] })
const webhookStored = gauge('sunlight_webhook_events_stored', 'Stripe events stored (acknowledged to Stripe)')
const webhookApplied = gauge('sunlight_webhook_events_applied', 'Stripe events applied to donations and the ledger')
const webhookLag = gauge('sunlight_webhook_oldest_unapplied_seconds', 'Age of the oldest stored Stripe event not yet applied (0 when none waits)')
const jobsQueued = gauge('sunlight_jobs_queued', 'Jobs waiting or running, by type', ['type'])
const jobsFailed = gauge('sunlight_jobs_failed', 'Jobs that failed for good, by type', ['type'])
const outbox = gauge('sunlight_outbox_backlog', 'Emails waiting in the outbox')
const ledgerEntries = gauge('sunlight_ledger_entries', 'Ledger entries in all')
const ledgerRecent = gauge('sunlight_ledger_entries_last_minute', 'Ledger entries written in the last minute')
const sessions = gauge('sunlight_sessions_active', 'Signed-in sessions not expired')
const purgesPending = gauge('sunlight_cache_purges_pending', 'Changed page keys waiting to be purged')
const held = gauge('sunlight_donations_held', 'Payments held for an admin (amount or currency did not match)')
const checkOk = gauge('sunlight_check_ok', 'What the scheduled checks last found (1 ok, 0 failed), by check', ['check'])
const checkAge = gauge('sunlight_check_age_seconds', 'Seconds since each scheduled check last ran', ['check'])

export async function metricsText() {
  const snapshot = await operationsSnapshot(db())
  webhookStored.set(snapshot.webhookEventsStored)
  webhookApplied.set(snapshot.webhookEventsApplied)
  webhookLag.set(snapshot.webhookLagSeconds)
  jobsQueued.reset()
  jobsFailed.reset()
  for (const [type, n] of Object.entries(snapshot.jobsQueued)) jobsQueued.set({ type }, n)
  for (const [type, n] of Object.entries(snapshot.jobsFailed)) jobsFailed.set({ type }, n)
  outbox.set(snapshot.outboxBacklog)
  ledgerEntries.set(snapshot.ledgerEntries)
  ledgerRecent.set(snapshot.ledgerEntriesLastMinute)
  sessions.set(snapshot.activeSessions)
  purgesPending.set(snapshot.pagePurgesPending)
  held.set(snapshot.heldDonations)
  checkOk.reset()
  checkAge.reset()
  for (const [check, state] of Object.entries(snapshot.checks)) {
    checkOk.set({ check }, state.ok ? 1 : 0)
    checkAge.set({ check }, Math.round((Date.now() - Date.parse(state.at)) / 1000))
  }
  return { contentType: registry.contentType, body: await registry.metrics() }
}
