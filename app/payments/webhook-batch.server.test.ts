/**
 * Batched event processing (ADR 0016) changes how many statements the processor runs, not what the
 * money does: one mixed batch — new gifts drawing on a sponsor's pool until it runs out, a second event
 * about a gift already in the batch, a duplicate delivery, a refund stored before its completion, a
 * completion whose amount is wrong, a refund of a payment nobody knows — is applied once set-based and,
 * on an identical giving day, once one event at a time; the ledgers, the gifts, the matches, the pools,
 * the receipts and the events' outcomes must be the same, and `checkLedger` must find nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { asc, eq, inArray, isNull } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-webhook-batch-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { donations, ledgerEntries, matches, outboxMessages, projects, sandboxDeliveries, sandboxSessions, sponsorPools, webhookEvents } = await import('~db/schema')
const { GIVING_DAY, givingDay, makeUser, paidAtGateway } = await import('~/testing/giving-days')
const { sandboxFor } = await import('~/testing/payments')
const { stripeEvent } = await import('./sandbox.server')
const { ingestStripeEvent, processStripeEvents } = await import('./webhook.server')
const { checkLedger } = await import('~/ledger/check.server')

const gateway = sandboxFor(db)
const admin = await makeUser(db, { admin: true })

type Event = { id: string; type: string; created: number; data: { object: Record<string, unknown> } }

/** Takes the sandbox's queued events off its queue, in the order it queued them. */
async function takeEvents() {
  const rows = await db.select().from(sandboxDeliveries).where(isNull(sandboxDeliveries.deliveredAt)).orderBy(asc(sandboxDeliveries.id))
  if (rows.length) await db.update(sandboxDeliveries).set({ deliveredAt: new Date() }).where(inArray(sandboxDeliveries.id, rows.map((r) => r.id)))
  return rows.map((r) => JSON.parse(r.payload) as Event)
}

/** The same giving day and the same mixed batch, applied set-based or one event at a time. */
async function scenario(setBased: boolean) {
  // A pool of ¥120 matching 1:1: it runs out within the batch, so the order of decisions shows.
  const day = await givingDay(db, { admin, total: 12_000n, rules: { ratioPercent: 100 }, projectCount: 2 })
  const [a, b] = day.projects.map((p) => p.project.id) as [string, string]
  const labels = new Map<string, string>()
  // Each donor pays with their own card (one card for them all would be held as one donor posing as many).
  const cards = ['4242424242424242', '5555555555554444', '6200000000000005', '4000056655665556']
  const gift = async (label: string, projectId: string, amount: bigint) => {
    const donation = await paidAtGateway(db, projectId, amount, { card: cards[labels.size % cards.length] })
    labels.set(donation.id, label)
    const [completed] = (await takeEvents()) as [Event]
    return { donation, completed }
  }
  const g1 = await gift('g1', a, 5_000n)
  const g2 = await gift('g2', b, 6_000n)
  const g3 = await gift('g3', a, 4_000n)
  const g4 = await gift('g4', b, 3_000n)
  const [session4] = await db.select().from(sandboxSessions).where(eq(sandboxSessions.donationId, g4.donation.id))
  await gateway.refund({ paymentIntentId: session4!.paymentIntentId!, amount: 1_000n, reason: 'asked', idempotencyKey: `r-${g4.donation.id}` })
  const [refund4] = (await takeEvents()) as [Event]
  const g5 = await gift('g5', a, 2_000n)
  const wrongAmount: Event = { ...g5.completed, id: `evt_wrong_${g5.donation.id}`, data: { object: { ...g5.completed.data.object, amount_total: 1 } } }
  const again1: Event = { ...g1.completed, id: `evt_again_${g1.donation.id}` }
  const unknown = stripeEvent('charge.refunded', { id: `ch_nobody_${setBased}`, object: 'charge', amount_refunded: 500, amount: 500, currency: 'cny', payment_intent: `pi_nobody_${setBased}` }) as Event
  const order: [string, Event][] = [
    ['g1', g1.completed],
    ['g2', g2.completed],
    ['g2 again (same id)', g2.completed],
    ['g4 refund', refund4],
    ['g3', g3.completed],
    ['g1 second event', again1],
    ['unknown refund', unknown],
    ['g5 wrong amount', wrongAmount],
    ['g4', g4.completed],
  ]
  for (const [, event] of order) {
    // Given on the giving day (the moment the gateway took the money).
    const stamped = { ...event, created: Math.floor(GIVING_DAY.getTime() / 1000) }
    await ingestStripeEvent(db, stamped, JSON.stringify(stamped))
  }
  await processStripeEvents(db, { setBased })

  const name = (text: string | null) => {
    let out = text ?? ''
    for (const [id, label] of labels) out = out.replaceAll(id, label)
    return out.replaceAll(day.campaign.slug, 'campaign')
  }
  const ids = [...labels.keys()]
  const matchRows = await db.select().from(matches).where(inArray(matches.donationId, ids))
  const matchLabel = new Map(matchRows.map((m) => [String(m.id), `m(${labels.get(m.donationId)})`]))
  const ref = (text: string | null) => name(text).replace(/^(match(?:_reversal)?:)(\d+)/, (_, kind: string, id: string) => `${kind}${matchLabel.get(id) ?? id}`)
  const entries = await db.select().from(ledgerEntries).where(inArray(ledgerEntries.projectId, [a, b])).orderBy(asc(ledgerEntries.id))
  const gifts = await db.select().from(donations).where(inArray(donations.id, ids))
  const [pool] = await db.select().from(sponsorPools).where(eq(sponsorPools.id, day.pool.id))
  const totals = await db.select({ id: projects.id, raised: projects.raisedAmount, count: projects.donationCount }).from(projects).where(inArray(projects.id, [a, b]))
  const outcomes = await db.select({ id: webhookEvents.id, outcome: webhookEvents.outcome, processed: webhookEvents.processedAt }).from(webhookEvents).where(inArray(webhookEvents.id, order.map(([, e]) => e.id)))
  const mails = await db.select({ to: outboxMessages.to, subject: outboxMessages.subject }).from(outboxMessages).where(inArray(outboxMessages.to, gifts.map((g) => g.donorEmail!)))
  const sorted = <T>(list: T[]) => list.map((x) => JSON.stringify(x, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).sort()
  return {
    ledger: sorted(entries.map((e) => ({ project: e.projectId === a ? 'a' : 'b', kind: e.kind, amount: e.amount, gift: labels.get(e.donationId!), ref: ref(e.externalRef), memo: name(e.memo), at: e.occurredAt.toISOString() }))),
    gifts: sorted(gifts.map((g) => ({ gift: labels.get(g.id), status: g.status, refunded: g.refundedAmount, held: g.heldAt !== null, heldReason: g.heldReason, receipt: g.receiptNumber !== null, pi: g.paymentIntentId !== null }))),
    matches: sorted(matchRows.map((m) => ({ gift: labels.get(m.donationId), amount: m.amount, reversed: m.reversedAmount, status: m.status, reason: m.reason }))),
    pool: { committed: pool!.committedAmount },
    totals: sorted(totals.map((t) => ({ project: t.id === a ? 'a' : 'b', raised: t.raised, count: t.count }))),
    outcomes: order.map(([label, e]) => [label, outcomes.find((o) => o.id === e.id)?.outcome, outcomes.find((o) => o.id === e.id)?.processed !== null]),
    receipts: sorted(mails.filter((m) => /SL-\d{4}-\d{8}/.test(m.subject)).map((m) => labels.get(gifts.find((g) => g.donorEmail === m.to)!.id))),
    // Entries written by one transaction share its timestamp: how many transactions credited g1 and g2.
    creditTransactions: new Set(entries.filter((e) => e.kind === 'donation' && ['g1', 'g2'].includes(labels.get(e.donationId!)!)).map((e) => e.createdAt.toISOString())).size,
  }
}

test('a mixed batch applied set-based leaves the ledger, gifts, matches and pools exactly as one event at a time does', async () => {
  const oneByOne = await scenario(false)
  const batched = await scenario(true)
  const { creditTransactions: separate, ...expected } = oneByOne
  const { creditTransactions: together, ...actual } = batched
  expect(actual).toEqual(expected)
  // What the scenario is about, spelled out once (on the one-by-one side, the reference).
  expect(expected.matches).toEqual(
    [
      { gift: 'g1', amount: '5000', reversed: '0', status: 'paid', reason: null },
      { gift: 'g2', amount: '6000', reversed: '0', status: 'paid', reason: null },
      // g4's refund came before g3: it credited g4 (¥10 of the pool left) and gave a third back.
      { gift: 'g3', amount: '334', reversed: '0', status: 'paid', reason: 'pool' },
      { gift: 'g4', amount: '1000', reversed: '334', status: 'paid', reason: 'pool' },
    ].map((m) => JSON.stringify(m)).sort(),
  )
  expect(expected.outcomes).toEqual([
    ['g1', 'succeeded', true],
    ['g2', 'succeeded', true],
    ['g2 again (same id)', 'succeeded', true],
    ['g4 refund', 'refunded', true],
    ['g3', 'succeeded', true],
    ['g1 second event', 'already succeeded', true],
    ['unknown refund', 'waiting for a matching payment', false],
    ['g5 wrong amount', 'held', true],
    ['g4', 'already partially_refunded', true],
  ])
  // A receipt for each credited gift, and g4's refund notice.
  expect(expected.receipts).toEqual(['"g1"', '"g2"', '"g3"', '"g4"', '"g4"'])
  // And it was a batch: the two plain completions at its head were credited in one transaction, not two.
  expect(separate).toBe(2)
  expect(together).toBe(1)
  expect(await checkLedger(db, gateway)).toEqual([])
})
