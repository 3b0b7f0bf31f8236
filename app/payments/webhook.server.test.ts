/**
 * Exactly-once money: the sandbox pays, its Stripe-signed events go through the real webhook route,
 * delivered several times, concurrently and out of order; the ledger, the donation and the project
 * totals must come out exact, and `checkLedger` must find nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import Stripe from 'stripe'
import { afterAll, expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-webhook-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const schema = await import('~db/schema')
const { donations, donationPlans, ledgerEntries, organizations, outboxMessages, projects, sandboxDeliveries, webhookEvents } = schema
const { action } = await import('~/routes/webhooks.stripe')
const { SandboxGateway, stripeEvent } = await import('./sandbox.server')
const { createPendingDonation, DonationRefused } = await import('~/models/donations.server')
const { checkLedger } = await import('~/ledger/check.server')
const { reconcilePending } = await import('./reconcile.server')
const { processStripeEvents } = await import('./webhook.server')
const { webhookSigningSecret } = await import('./gateway.server')

const gateway = new SandboxGateway(() => db)
const stripe = new Stripe('sk_test_unused')
const secret = await webhookSigningSecret(db)

let serial = 0
async function project(goal = 1_000_000n) {
  const n = serial++
  const [org] = await db
    .insert(organizations)
    .values({ slug: `wh-org-${n}`, name: `Org ${n}`, uscc: `92${String(n).padStart(16, '0')}`, region: '北京', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' })
    .returning()
  const [p] = await db
    .insert(projects)
    .values({ slug: `wh-${n}`, organizationId: org!.id, title: `Project ${n}`, summary: 's', category: 'education', region: '北京', goalAmount: goal, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising' })
    .returning()
  return { project: p!, org: org! }
}

async function pendingGift(projectId: string, amount = 5_000n, frequency: 'one_time' | 'monthly' = 'one_time') {
  const { donation } = await createPendingDonation(db, { projectId, user: null, amount, frequency, isAnonymous: false, displayName: '小王', email: 'guest@example.org', locale: 'en' })
  const session = await gateway.createCheckout({ donationId: donation.id, planId: donation.planId ?? undefined, amount, currency: 'CNY', mode: frequency === 'monthly' ? 'subscription' : 'payment', title: 't', successUrl: 'http://localhost/thanks', cancelUrl: 'http://localhost/back', customerEmail: 'guest@example.org', locale: 'en', idempotencyKey: donation.id })
  await db.update(donations).set({ checkoutSessionId: session.id, gateway: 'sandbox' }).where(eq(donations.id, donation.id))
  return { donation, sessionId: session.id }
}

/** Takes the undelivered events (in creation order) off the sandbox's queue, as JSON payloads. */
async function takeEvents() {
  const rows = await db.select().from(sandboxDeliveries).where(isNull(sandboxDeliveries.deliveredAt)).orderBy(asc(sandboxDeliveries.id))
  for (const row of rows) await db.update(sandboxDeliveries).set({ deliveredAt: new Date() }).where(eq(sandboxDeliveries.id, row.id))
  return rows.map((r) => r.payload)
}

/** Delivers one event to the webhook route (which only stores it). */
function deliver(payload: string, signature?: string | null) {
  const headers = new Headers({ 'Content-Type': 'application/json' })
  const header = signature === undefined ? stripe.webhooks.generateTestHeaderString({ payload, secret }) : signature
  if (header) headers.set('Stripe-Signature', header)
  return action({ request: new Request('http://localhost/webhooks/stripe', { method: 'POST', headers, body: payload }), params: {}, context: {} })
}

/** Delivers, then lets the event processor apply what is due, as the server does right after. */
async function post(payload: string, signature?: string | null) {
  const response = await deliver(payload, signature)
  await processStripeEvents(db)
  return response
}

async function totals(projectId: string) {
  const [p] = await db.select({ raised: projects.raisedAmount, count: projects.donationCount }).from(projects).where(eq(projects.id, projectId))
  return p!
}

test('a paid checkout delivered three times, concurrently, is credited once', async () => {
  const { project: p } = await project()
  const { donation, sessionId } = await pendingGift(p.id, 5_000n)
  expect(await gateway.pay(sessionId, '4242 4242 4242 4242')).toMatchObject({ ok: true })
  const [completed] = await takeEvents()
  const responses = await Promise.all([post(completed!), post(completed!), post(completed!)])
  expect(responses.map((r) => r.status)).toEqual([200, 200, 200])
  const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ duplicate: boolean }>))
  expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1)
  const [row] = await db.select().from(donations).where(eq(donations.id, donation.id))
  expect(row).toMatchObject({ status: 'succeeded', paymentIntentId: expect.stringMatching(/^pi_test_/) })
  expect(row!.receiptNumber).toMatch(/^SL-\d{4}-\d{8}$/)
  expect(await totals(p.id)).toEqual({ raised: 5_000n, count: 1 })
  expect(await db.select().from(ledgerEntries).where(eq(ledgerEntries.donationId, donation.id))).toHaveLength(1)
  const mails = await db.select().from(outboxMessages).where(eq(outboxMessages.to, 'guest@example.org'))
  expect(mails.some((m) => m.subject.includes(row!.receiptNumber!))).toBe(true)
  expect(await checkLedger(db, gateway)).toEqual([])
})

test('out of order: the refund arrives before the completion, and everything three times', async () => {
  const { project: p } = await project()
  const { donation, sessionId } = await pendingGift(p.id, 8_000n)
  await gateway.pay(sessionId, '4242424242424242')
  const [completed] = await takeEvents()
  const [row] = await db.select().from(schema.sandboxSessions).where(eq(schema.sandboxSessions.id, sessionId))
  await gateway.refund({ paymentIntentId: row!.paymentIntentId!, amount: 3_000n, reason: 'asked', idempotencyKey: 'r1' })
  const [refunded] = await takeEvents()
  for (const payload of [refunded!, completed!, refunded!, completed!]) expect((await post(payload)).status).toBe(200)
  await Promise.all([post(refunded!), post(completed!)])
  const [after] = await db.select().from(donations).where(eq(donations.id, donation.id))
  expect(after).toMatchObject({ status: 'partially_refunded', refundedAmount: 3_000n })
  expect(await totals(p.id)).toEqual({ raised: 5_000n, count: 1 })
  const entries = await db.select({ kind: ledgerEntries.kind, amount: ledgerEntries.amount }).from(ledgerEntries).where(eq(ledgerEntries.donationId, donation.id)).orderBy(asc(ledgerEntries.id))
  expect(entries).toEqual([
    { kind: 'donation', amount: 8_000n },
    { kind: 'refund', amount: -3_000n },
  ])
  // A second refund brings the total to the full amount; a replay of the first changes nothing.
  await gateway.refund({ paymentIntentId: row!.paymentIntentId!, amount: 5_000n, reason: 'asked', idempotencyKey: 'r2' })
  const [full] = await takeEvents()
  await post(full!)
  await post(refunded!)
  expect((await db.select().from(donations).where(eq(donations.id, donation.id)))[0]).toMatchObject({ status: 'refunded', refundedAmount: 8_000n })
  expect(await totals(p.id)).toEqual({ raised: 0n, count: 1 })
  expect(await checkLedger(db, gateway)).toEqual([])
})

test('the sandbox signs with a secret of its own installation: the old built-in constant and a fresh database\'s secret are refused', async () => {
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/)
  expect(secret).not.toBe('whsec_sunlightSandboxDevelopmentOnly')
  // Every installation makes its own; another database has another.
  const other = await setupTestDatabase()
  expect(await webhookSigningSecret(other.db)).not.toBe(secret)
  const { project: p } = await project()
  const { donation, sessionId } = await pendingGift(p.id, 5_000_000n)
  const forged = JSON.stringify(stripeEvent('checkout.session.completed', { id: sessionId, object: 'checkout.session', payment_status: 'paid', amount_total: 5_000_000, currency: 'cny', metadata: { donation_id: donation.id } }))
  for (const key of ['whsec_sunlightSandboxDevelopmentOnly', await webhookSigningSecret(other.db)])
    expect((await post(forged, stripe.webhooks.generateTestHeaderString({ payload: forged, secret: key }))).status).toBe(400)
  expect(await db.select().from(webhookEvents).where(eq(webhookEvents.id, (JSON.parse(forged) as { id: string }).id))).toEqual([])
  expect((await db.select().from(donations).where(eq(donations.id, donation.id)))[0]!.status).toBe('pending')
})

test('signed bodies that are not events (null, [], no data object) are refused with 400 and not stored', async () => {
  for (const body of ['null', '[]', '{"id":"evt_x","type":"checkout.session.completed"}', '{"id":"evt_y","type":"t","data":{"object":[]}}', '"text"']) {
    const response = await post(body)
    expect(response.status).toBe(400)
  }
  expect(await db.select().from(webhookEvents).where(inArray(webhookEvents.id, ['evt_x', 'evt_y']))).toEqual([])
})

test('tampered, unsigned and stale events are refused with 400 and leave no trace', async () => {
  const payload = JSON.stringify(stripeEvent('checkout.session.completed', { id: 'cs_x', metadata: {} }))
  const tampered = payload.replace('cs_x', 'cs_y')
  const signature = stripe.webhooks.generateTestHeaderString({ payload, secret })
  expect((await post(tampered, signature)).status).toBe(400)
  expect((await post(payload, null)).status).toBe(400)
  const stale = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })
  expect((await post(payload, stale)).status).toBe(400)
  const wrongSecret = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someoneElse' })
  expect((await post(payload, wrongSecret)).status).toBe(400)
  const id = (JSON.parse(payload) as { id: string }).id
  expect(await db.select().from(webhookEvents).where(eq(webhookEvents.id, id))).toEqual([])
})

test('unknown event types are stored and acknowledged', async () => {
  const payload = JSON.stringify(stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }))
  const response = await post(payload)
  expect(response.status).toBe(200)
  const [stored] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, (JSON.parse(payload) as { id: string }).id))
  expect(stored).toMatchObject({ type: 'customer.created', outcome: 'ignored' })
})

test('declined and insufficient-funds cards change nothing; a delayed payment succeeds or fails later', async () => {
  const { project: p } = await project()
  const { donation, sessionId } = await pendingGift(p.id)
  expect(await gateway.pay(sessionId, '4000000000000002')).toEqual({ ok: false, error: 'declined' })
  expect(await gateway.pay(sessionId, '4000000000009995')).toEqual({ ok: false, error: 'insufficient_funds' })
  expect(await takeEvents()).toEqual([])
  expect((await db.select().from(donations).where(eq(donations.id, donation.id)))[0]!.status).toBe('pending')

  await gateway.pay(sessionId, '4000000000000077')
  const [completedUnpaid, asyncSucceeded] = await takeEvents()
  await post(completedUnpaid!)
  expect((await db.select().from(donations).where(eq(donations.id, donation.id)))[0]!.status).toBe('pending')
  await post(asyncSucceeded!)
  expect((await db.select().from(donations).where(eq(donations.id, donation.id)))[0]!.status).toBe('succeeded')

  const second = await pendingGift(p.id)
  await gateway.pay(second.sessionId, '4000000000000341')
  for (const payload of await takeEvents()) await post(payload)
  expect((await db.select().from(donations).where(eq(donations.id, second.donation.id)))[0]).toMatchObject({ status: 'failed' })
  expect(await totals(p.id)).toEqual({ raised: 5_000n, count: 1 })
  expect(await checkLedger(db, gateway)).toEqual([])
})

test('a monthly gift: the plan activates, each renewal is one more donation, replays add none', async () => {
  const { project: p } = await project()
  const { donation, sessionId } = await pendingGift(p.id, 3_000n, 'monthly')
  await gateway.pay(sessionId, '4242424242424242')
  for (const payload of await takeEvents()) await post(payload)
  const [plan] = await db.select().from(donationPlans).where(eq(donationPlans.firstDonationId, donation.id))
  expect(plan).toMatchObject({ status: 'active', subscriptionId: expect.stringMatching(/^sub_test_/) })
  await gateway.renewNow(plan!.subscriptionId!)
  const [renewal] = await takeEvents()
  await Promise.all([post(renewal!), post(renewal!), post(renewal!)])
  const gifts = await db.select().from(donations).where(eq(donations.planId, plan!.id))
  expect(gifts.map((g) => g.status).sort()).toEqual(['succeeded', 'succeeded'])
  expect(await totals(p.id)).toEqual({ raised: 6_000n, count: 2 })
  await gateway.cancelSubscription(plan!.subscriptionId!)
  for (const payload of await takeEvents()) await post(payload)
  expect((await db.select().from(donationPlans).where(eq(donationPlans.id, plan!.id)))[0]!.status).toBe('canceled')
  expect(await checkLedger(db, gateway)).toEqual([])
})

test('disputes: the money leaves once when opened and returns once when won, in any order', async () => {
  const { project: p } = await project()
  const { donation, sessionId } = await pendingGift(p.id, 10_000n)
  await gateway.pay(sessionId, '4242424242424242')
  const [completed] = await takeEvents()
  const [session] = await db.select().from(schema.sandboxSessions).where(eq(schema.sandboxSessions.id, sessionId))
  await gateway.dispute(session!.paymentIntentId!, 'won')
  const [created, closed] = await takeEvents()
  // Before the completion nobody knows the payment: both dispute events are stored and wait.
  expect((await post(closed!)).status).toBe(200)
  expect((await post(created!)).status).toBe(200)
  const waiting = await db.select().from(webhookEvents).where(isNull(webhookEvents.processedAt))
  expect(waiting.map((w) => w.outcome)).toEqual(['waiting for a matching payment', 'waiting for a matching payment'])
  expect(await totals(p.id)).toEqual({ raised: 0n, count: 0 })
  for (const payload of [completed!, closed!, created!, closed!]) expect((await post(payload)).status).toBe(200)
  // Their retry comes due and applies them, in the order they arrived (closed before created).
  await processStripeEvents(db, { now: () => new Date(Date.now() + 60_000) })
  expect(await db.select().from(webhookEvents).where(isNull(webhookEvents.processedAt))).toEqual([])
  expect((await db.select().from(donations).where(eq(donations.id, donation.id)))[0]!.status).toBe('succeeded')
  expect(await totals(p.id)).toEqual({ raised: 10_000n, count: 1 })
  const kinds = (await db.select({ kind: ledgerEntries.kind }).from(ledgerEntries).where(eq(ledgerEntries.donationId, donation.id))).map((e) => e.kind).sort()
  expect(kinds).toEqual(['dispute', 'dispute_reversal', 'donation'])
  expect(await checkLedger(db, gateway)).toEqual([])
})

test('reconciliation records a paid gift whose webhook never came; the late webhook then changes nothing', async () => {
  const { project: p } = await project()
  const { donation, sessionId } = await pendingGift(p.id, 2_000n)
  await gateway.pay(sessionId, '4242424242424242')
  const [lost] = await takeEvents()
  const result = await reconcilePending(db, gateway, { olderThan: new Date(Date.now() + 60_000) })
  expect(result.outcomes.succeeded).toBe(1)
  expect((await db.select().from(donations).where(eq(donations.id, donation.id)))[0]!.status).toBe('succeeded')
  await post(lost!)
  expect(await totals(p.id)).toEqual({ raised: 2_000n, count: 1 })
  expect(await checkLedger(db, gateway)).toEqual([])
})

test('refusals: a project not raising, a suspended organisation, an amount out of range, a minor', async () => {
  const { project: p, org } = await project()
  const gift = (overrides: Partial<Parameters<typeof createPendingDonation>[1]> = {}) =>
    createPendingDonation(db, { projectId: p.id, user: null, amount: 5_000n, frequency: 'one_time', isAnonymous: true, email: 'x@example.org', locale: 'en', ...overrides })
  await expect(gift({ amount: 99n })).rejects.toMatchObject({ refusal: 'amountOutOfRange' })
  await expect(gift({ amount: 5_000_001n })).rejects.toMatchObject({ refusal: 'amountOutOfRange' })
  await expect(gift({ user: { id: crypto.randomUUID(), email: 'kid@example.org', birthDate: `${new Date().getFullYear() - 15}-01-01` } })).rejects.toMatchObject({ refusal: 'minor' })
  await expect(gift({ email: undefined })).rejects.toBeInstanceOf(DonationRefused)
  await db.update(organizations).set({ status: 'suspended' }).where(eq(organizations.id, org.id))
  await expect(gift()).rejects.toMatchObject({ refusal: 'organizationSuspended' })
  await db.update(projects).set({ status: 'closed' }).where(eq(projects.id, p.id))
  await expect(gift()).rejects.toMatchObject({ refusal: 'projectNotFundraising' })
  expect(await db.select().from(donations).where(and(eq(donations.projectId, p.id)))).toEqual([])
})

test('stored events survive the process: applied later by any processor, concurrently, exactly once', async () => {
  const { project: p } = await project()
  const gifts = await Promise.all(Array.from({ length: 12 }, () => pendingGift(p.id, 1_000n)))
  for (const g of gifts) await gateway.pay(g.sessionId, '4242424242424242')
  const payloads = await takeEvents()
  // The server acknowledged every delivery and then died before applying any of them.
  for (const payload of payloads) expect((await deliver(payload)).status).toBe(200)
  expect(await totals(p.id)).toEqual({ raised: 0n, count: 0 })
  // After the restart three processors (or three servers) drain the backlog at once.
  await Promise.all([processStripeEvents(db), processStripeEvents(db), processStripeEvents(db)])
  const ids = payloads.map((payload) => (JSON.parse(payload) as { id: string }).id)
  const rows = await db.select({ outcome: webhookEvents.outcome }).from(webhookEvents).where(inArray(webhookEvents.id, ids))
  expect(rows.map((r) => r.outcome)).toEqual(ids.map(() => 'succeeded'))
  expect(await totals(p.id)).toEqual({ raised: 12_000n, count: 12 })
  expect(await checkLedger(db, gateway)).toEqual([])
})

test('an event that never finds its payment is retried with back-off, then parked, never applied', async () => {
  const payload = JSON.stringify(stripeEvent('charge.refunded', { id: 'ch_nobody', object: 'charge', amount_refunded: 500, payment_intent: 'pi_nobody' }))
  await post(payload)
  const id = (JSON.parse(payload) as { id: string }).id
  let now = Date.now()
  for (let i = 0; i < 20; i++) {
    now += 11 * 60_000
    await processStripeEvents(db, { now: () => new Date(now) })
  }
  const [row] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, id))
  expect(row).toMatchObject({ outcome: 'unmatched', attempts: 16 })
  expect(row!.processedAt).not.toBeNull()
})

test('ingest groups concurrent events into shared inserts: each id stored once, every delivery answered, a bad row failing alone', async () => {
  const { ingestStripeEvent } = await import('./webhook.server')
  const ids = Array.from({ length: 100 }, (_, i) => `evt_group_${i}_${crypto.randomUUID().slice(0, 8)}`)
  const raw = (id: string) => JSON.stringify({ id, type: 'test.group', data: { object: {} } })
  // 300 deliveries at once: each event three times, interleaved, plus one body PostgreSQL's jsonb refuses.
  const deliveries = [...ids, ...ids, ...ids].map((id) => ingestStripeEvent(db, { id, type: 'test.group' }, raw(id)))
  // The expectation is attached at once: the refusal may come before the other deliveries finish.
  const bad = expect(ingestStripeEvent(db, { id: 'evt_group_bad', type: 'test.group' }, '{"id":"evt_group_bad","type":"test.group","data":"\\u0000"}')).rejects.toThrow()
  const results = await Promise.all(deliveries)
  await bad
  expect(results.filter((r) => !r.duplicate)).toHaveLength(100)
  expect(results.filter((r) => r.duplicate)).toHaveLength(200)
  const stored = await db.select({ id: webhookEvents.id }).from(webhookEvents).where(inArray(webhookEvents.id, [...ids, 'evt_group_bad']))
  expect(stored.map((r) => r.id).sort()).toEqual([...ids].sort())
  await processStripeEvents(db)
})

test('the recent-ids memory keeps the newest ids and forgets the oldest beyond its size', async () => {
  const { RecentIds } = await import('./webhook.server')
  const recent = new RecentIds(3)
  for (const id of ['a', 'b', 'c', 'd']) recent.add(id)
  recent.add('d')
  expect(['a', 'b', 'c', 'd'].map((id) => recent.has(id))).toEqual([false, true, true, true])
  expect(recent.size).toBe(3)
})

test('an event that becomes due behind the point a processor has reached is applied by its next call', async () => {
  const { project: p } = await project()
  const gifts = await Promise.all(Array.from({ length: 3 }, () => pendingGift(p.id, 1_000n)))
  for (const g of gifts) await gateway.pay(g.sessionId, '4242424242424242')
  const payloads = await takeEvents()
  for (const payload of payloads) expect((await deliver(payload)).status).toBe(200)
  const [first, ...rest] = payloads.map((payload) => (JSON.parse(payload) as { id: string }).id)
  // The first is not due yet (as if another processor had given it back for a retry).
  await db.update(webhookEvents).set({ nextAttemptAt: new Date(Date.now() + 3_600_000) }).where(eq(webhookEvents.id, first!))
  await processStripeEvents(db)
  expect(await totals(p.id)).toEqual({ raised: 2_000n, count: 2 })
  // It becomes due with a time before everything this processor has applied.
  await db.update(webhookEvents).set({ nextAttemptAt: new Date('2020-01-01T00:00:00Z') }).where(eq(webhookEvents.id, first!))
  await processStripeEvents(db)
  expect(await totals(p.id)).toEqual({ raised: 3_000n, count: 3 })
  const rows = await db.select({ outcome: webhookEvents.outcome }).from(webhookEvents).where(inArray(webhookEvents.id, [first!, ...rest]))
  expect(rows.map((r) => r.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded'])
})

/** A signed event as the gateway would send it, but with the amount or currency an attacker (or a bug) chose. */
async function heldCase(object: Record<string, unknown>, type = 'checkout.session.completed') {
  const payload = JSON.stringify(stripeEvent(type, object))
  expect((await post(payload)).status).toBe(200)
  return (JSON.parse(payload) as { id: string }).id
}

test('a completion whose amount or currency differs from the gift credits nothing: the gift is held, audited, and admins are told', async () => {
  const { auditLog, notifications, users } = schema
  const [admin] = await db.insert(users).values({ email: `admin-${crypto.randomUUID()}@example.org`, displayName: 'Admin', isAdmin: true, locale: 'en' }).returning()
  const { project: p } = await project()
  const cases = [
    { amount_total: 1, currency: 'cny', reason: /amount 1 reported, 5000000 expected/ },
    { amount_total: 5_000_000, currency: 'usd', reason: /currency USD reported, CNY expected/ },
    { amount_total: '5000000', currency: 'cny', reason: /no amount/ },
  ]
  for (const c of cases) {
    const { donation, sessionId } = await pendingGift(p.id, 5_000_000n)
    const eventId = await heldCase({ id: sessionId, object: 'checkout.session', payment_status: 'paid', payment_intent: `pi_${crypto.randomUUID()}`, amount_total: c.amount_total, currency: c.currency, metadata: { donation_id: donation.id } })
    const [row] = await db.select().from(donations).where(eq(donations.id, donation.id))
    expect(row).toMatchObject({ status: 'pending', heldReason: expect.stringMatching(c.reason) })
    expect(row!.heldAt).not.toBeNull()
    expect((await db.select().from(webhookEvents).where(eq(webhookEvents.id, eventId)))[0]).toMatchObject({ outcome: 'held' })
    expect(await db.select().from(auditLog).where(and(eq(auditLog.targetId, donation.id), eq(auditLog.action, 'donation.held')))).toHaveLength(1)
    // Reconciliation leaves a held gift to the admin.
    expect((await reconcilePending(db, gateway, { olderThan: new Date(Date.now() + 60_000) })).outcomes.succeeded ?? 0).toBe(0)
  }
  expect(await totals(p.id)).toEqual({ raised: 0n, count: 0 })
  expect(await db.select().from(ledgerEntries).where(eq(ledgerEntries.projectId, p.id))).toEqual([])
  const told = await db.select().from(notifications).where(eq(notifications.userId, admin!.id))
  expect(told.filter((n) => n.messageKey === 'notify.alert.donationHeld')).toHaveLength(3)
  const mails = await db.select().from(outboxMessages).where(eq(outboxMessages.to, admin!.email))
  expect(mails.length).toBe(3)
  expect(mails[0]!.text).toMatch(/https?:\/\/[^\s]+\/admin\/donations/)
  expect(await checkLedger(db, gateway)).toEqual([])
})

test('a renewal invoice with an absurd amount_paid, or another currency, credits nothing and is held', async () => {
  const { project: p } = await project()
  const { donation, sessionId } = await pendingGift(p.id, 3_000n, 'monthly')
  await gateway.pay(sessionId, '4242424242424242')
  for (const payload of await takeEvents()) await post(payload)
  const [plan] = await db.select().from(donationPlans).where(eq(donationPlans.firstDonationId, donation.id))
  const invoice = (id: string, amount: number, currency: string) => ({
    id, object: 'invoice', billing_reason: 'subscription_cycle', amount_paid: amount, currency, status: 'paid',
    parent: { type: 'subscription_details', subscription_details: { subscription: plan!.subscriptionId } },
  })
  await heldCase(invoice(`in_${crypto.randomUUID()}`, 10_000_000_000_000, 'cny'), 'invoice.paid')
  await heldCase(invoice(`in_${crypto.randomUUID()}`, 3_000, 'eur'), 'invoice.paid')
  const renewals = await db.select().from(donations).where(and(eq(donations.planId, plan!.id), eq(donations.frequency, 'monthly')))
  const held = renewals.filter((r) => r.heldAt)
  expect(held.map((r) => [r.status, r.amount])).toEqual([
    ['pending', 3_000n],
    ['pending', 3_000n],
  ])
  expect(held.map((r) => r.heldReason).sort()).toEqual([expect.stringMatching(/amount 10000000000000 reported, 3000 expected/), expect.stringMatching(/currency EUR reported/)].sort())
  expect(await totals(p.id)).toEqual({ raised: 3_000n, count: 1 })
  expect(await checkLedger(db, gateway)).toEqual([])
})

test('ledger:check names a gift marked succeeded in the database with no payment behind it at the gateway', async () => {
  const { project: p } = await project()
  const { donation } = await pendingGift(p.id, 50_000n)
  // Someone with database access credits a gift the gateway never took (bypassing the webhook).
  const { post: postEntries } = await import('~/ledger/post.server')
  await db.transaction(async (tx) => {
    await tx.update(donations).set({ status: 'succeeded', succeededAt: new Date() }).where(eq(donations.id, donation.id))
    await postEntries(tx, { projectId: p.id, currency: 'CNY', entries: [{ kind: 'donation', amount: 50_000n, externalRef: `donation:${donation.id}`, donationId: donation.id, occurredAt: new Date() }] })
  })
  const problems = await checkLedger(db, gateway)
  expect(problems).toEqual([{ kind: 'gateway', id: donation.id, detail: expect.stringMatching(/credited 50000 CNY with no paid checkout session at the sandbox gateway/) }])
})
