/**
 * Running it for real (issue 25): readiness that turns when Stripe's events stop being applied and
 * recovers when a runner applies them again, alerts to every admin (once an hour while a problem
 * stands), the scheduled ledger check, and the metrics a scraper reads.
 */
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { seedDemo } = await import('~seeds/seed.server')
await seedDemo(db, { now: new Date('2026-11-23T08:00:00Z') })
const { donations, notifications, operationsStatus, outboxMessages, projects, users, webhookEvents } = await import('~db/schema')
const ops = await import('./operations.server')
const { metricsText, observeRequest } = await import('./metrics.server')
const { createPendingDonation } = await import('~/models/donations.server')
const { payGift } = await import('~/testing/payments')
const { post } = await import('~/ledger/post.server')
const { getGateway } = await import('~/payments/gateway.server')

const [project] = await db.select().from(projects).where(eq(projects.slug, 'stray-animal-rescue'))
const admins = await db.select().from(users).where(eq(users.isAdmin, true))
const alertsOf = async (key: string) => (await db.select().from(notifications)).filter((n) => n.messageKey === `notify.alert.${key}` && admins.some((a) => a.id === n.userId))

test('readiness turns not-ready when stored events wait past the limit with no runner, admins are alerted once, and it recovers when they are applied', async () => {
  expect(await ops.readiness(handle)).toEqual({ ready: true, reasons: [] })
  // A gift is paid while no runner applies events: its event is stored and waits.
  const { donation } = await createPendingDonation(db, { projectId: project!.id, user: null, email: 'late@example.org', amount: 3_000n, frequency: 'one_time', isAnonymous: false, displayName: 'Late', locale: 'en' })
  await db.insert(webhookEvents).values({ id: 'evt_waiting_1', type: 'checkout.session.completed', payload: { id: 'evt_waiting_1' }, outcome: 'stored', receivedAt: new Date(Date.now() - 10 * 60_000) })
  const lagged = await ops.readiness(handle)
  expect(lagged.ready).toBe(false)
  expect(lagged.reasons.join(' ')).toMatch(/stored Stripe events waiting (59\d|60\d) s \(limit 300 s\)/)
  // The minute check alerts every admin, in the app and by email — once, not every minute.
  expect(await ops.watchWebhookLag(db)).toBeGreaterThan(300)
  expect(await alertsOf('webhookLag')).toHaveLength(admins.length)
  await ops.watchWebhookLag(db)
  expect(await alertsOf('webhookLag')).toHaveLength(admins.length)
  const mails = await db.select().from(outboxMessages).where(eq(outboxMessages.to, admins[0]!.email))
  expect(mails.some((m) => m.subject === 'Sunlight: payment events are not being applied' || m.subject === '阳光公益：支付事件未被处理')).toBe(true)
  // A runner comes back and applies what waited.
  await db.update(webhookEvents).set({ processedAt: new Date() }).where(eq(webhookEvents.id, 'evt_waiting_1'))
  await payGift(db, donation.id)
  expect(await ops.readiness(handle)).toEqual({ ready: true, reasons: [] })
  expect(await ops.watchWebhookLag(db)).toBe(0)
  const [status] = await db.select().from(operationsStatus).where(eq(operationsStatus.key, 'webhook.lag'))
  expect(status).toMatchObject({ ok: true, alertedAt: null })
})

test('the runner stopped while events arrive: not ready past the limit, admins told; started again, it applies them and readiness recovers', { timeout: 30_000 }, async () => {
  const { startBackground } = await import('./background.server')
  const { getEnv } = await import('~/utils/env.server')
  const env = { ...getEnv(), SMTP_URL: undefined, CACHE_PURGE_URLS: [] }
  // A runner works, then stops (a deploy gone wrong, a crashed worker).
  const stopRunner = await startBackground(handle, env)
  await stopRunner()
  // Stripe keeps delivering: the events are stored (acknowledged) but nobody applies them.
  for (let i = 0; i < 3; i++) {
    await db.insert(webhookEvents).values({ id: `evt_while_stopped_${i}`, type: 'customer.updated', payload: { id: `evt_while_stopped_${i}`, type: 'customer.updated', data: { object: { id: `cus_test_${i}` } } }, outcome: 'pending', receivedAt: new Date(Date.now() - 6 * 60_000) })
  }
  const before = (await alertsOf('webhookLag')).length
  expect((await ops.readiness(handle)).ready).toBe(false)
  await ops.watchWebhookLag(db)
  // Told once more than before: the earlier lag was resolved, so this is a new alert.
  expect((await alertsOf('webhookLag')).length).toBe(before + admins.length)
  // The runner comes back: it applies what waited, and the installation is ready again.
  const stopAgain = await startBackground(handle, env)
  try {
    for (let waited = 0; waited < 20_000; waited += 100) {
      const waiting = await db.select().from(webhookEvents).where(eq(webhookEvents.outcome, 'pending'))
      if (waiting.length === 0) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const state = await ops.readiness(handle)
    const left = await db.select({ id: webhookEvents.id, outcome: webhookEvents.outcome, processedAt: webhookEvents.processedAt }).from(webhookEvents)
    expect({ state, left: left.filter((e) => !e.processedAt) }).toEqual({ state: { ready: true, reasons: [] }, left: [] })
    expect(await ops.watchWebhookLag(db)).toBe(0)
  } finally {
    await stopAgain()
  }
})

test('readiness names migrations the database has not run', async () => {
  await handle.raw("delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)", [])
  const state = await ops.readiness(handle)
  expect(state.ready).toBe(false)
  expect(state.reasons[0]).toMatch(/^migrations pending: \d{4}_/)
})

test('the scheduled ledger check is green on the demo, and a credit without a payment alerts every admin', async () => {
  const gateway = await getGateway()
  expect(await ops.scheduledLedgerCheck(db, gateway)).toEqual([])
  const [forged] = await db
    .insert(donations)
    .values({ projectId: project!.id, amount: 5_000_000n, currency: 'CNY', status: 'succeeded', succeededAt: new Date(), checkoutSessionId: 'cs_test_never_paid', receiptNumber: 'SL-2026-FORGED02' })
    .returning()
  await db.transaction((tx) => post(tx, { projectId: project!.id, currency: 'CNY', entries: [{ kind: 'donation', amount: 5_000_000n, externalRef: `donation:${forged!.id}`, donationId: forged!.id, occurredAt: new Date() }] }))
  const problems = await ops.scheduledLedgerCheck(db, gateway)
  expect(problems.map((p) => p.id)).toContain(forged!.id)
  expect(await alertsOf('ledgerCheckFailed')).toHaveLength(admins.length)
  const snapshot = await ops.operationsSnapshot(db)
  expect(snapshot.checks['ledger.check']).toMatchObject({ ok: false })
  expect(snapshot.checks['ledger.check']!.detail).toContain('SL-2026-FORGED02')
})

test('metrics: requests by route pattern, stored and applied events, ledger entries — bounded labels', async () => {
  const before = await metricsText()
  const value = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN)
  const { donation } = await createPendingDonation(db, { projectId: project!.id, user: null, email: 'm@example.org', amount: 2_000n, frequency: 'one_time', isAnonymous: false, displayName: 'M', locale: 'en' })
  observeRequest('POST', `/projects/${project!.slug}/donate`, 302, 0.04)
  observeRequest('GET', `/donations/${donation.id}`, 200, 0.01)
  // Paid through the sandbox's signed webhook: one event stored and applied, one ledger credit.
  await payGift(db, donation.id)
  const after = await metricsText()
  expect(after.contentType).toContain('text/plain')
  expect(after.body).toMatch(/^sunlight_http_requests_total\{method="POST",route="\/projects\/:id\/donate",code="302"\} 1$/m)
  expect(after.body).toContain('route="/donations/:id"')
  expect(after.body).not.toContain(donation.id)
  expect(value(after.body, 'sunlight_webhook_events_stored')).toBe(value(before.body, 'sunlight_webhook_events_stored') + 1)
  expect(value(after.body, 'sunlight_webhook_events_applied')).toBe(value(before.body, 'sunlight_webhook_events_applied') + 1)
  expect(value(after.body, 'sunlight_ledger_entries')).toBe(value(before.body, 'sunlight_ledger_entries') + 1)
  expect(value(after.body, 'sunlight_ledger_entries_last_minute')).toBeGreaterThanOrEqual(1)
  expect(after.body).toMatch(/^sunlight_check_ok\{check="ledger.check"\} 0$/m)
})
