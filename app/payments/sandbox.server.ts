/**
 * The sandbox gateway: Stripe test mode, in the app. Its hosted checkout page takes test cards;
 * outcomes become Stripe-shaped events (built from Stripe's own published fixtures) that are
 * stored, signed with the webhook secret by Stripe's scheme (the SDK's own helper) and POSTed to
 * /webhooks/stripe, retried with exponential back-off until a 2xx — after a restart too.
 */
import { createHash, randomBytes } from 'node:crypto'
import { asc, eq, inArray, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { donationPlans, sandboxDeliveries, sandboxInvoices, sandboxSessions } from '~db/schema'
import { db as appDb } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'
import type { CheckoutRequest, GatewayRecord, PaymentGateway, SessionState } from './gateway.server'
import { fingerprintOfPaymentIntent, stripeClient, webhookSigningSecret } from './gateway.server'
import fixtures from './stripe-fixtures.json'

/**
 * The test cards the sandbox page lists (Stripe's own test numbers, https://docs.stripe.com/testing:
 * thirteen succeed — brands and countries — so different donors can pay with different cards).
 */
export const TEST_CARDS = {
  '4242424242424242': 'succeeds',
  '4000056655665556': 'succeeds',
  '5555555555554444': 'succeeds',
  '6200000000000005': 'succeeds',
  '2223003122003222': 'succeeds',
  '5200828282828210': 'succeeds',
  '5105105105105100': 'succeeds',
  '4000001560000002': 'succeeds',
  '4000003440000004': 'succeeds',
  '4000001580000008': 'succeeds',
  '378282246310005': 'succeeds',
  '6011111111111117': 'succeeds',
  '3566002020360505': 'succeeds',
  '4000000000000002': 'declined',
  '4000000000009995': 'insufficient_funds',
  '4000000000000077': 'delayed_success',
  '4000000000000341': 'delayed_failure',
} as const
export type CardOutcome = (typeof TEST_CARDS)[keyof typeof TEST_CARDS]

/** The test cards that succeed at once, in the order listed. */
export const SUCCEEDING_CARDS = Object.entries(TEST_CARDS)
  .filter(([, outcome]) => outcome === 'succeeds')
  .map(([number]) => number)

export function cardOutcome(number: string): CardOutcome | 'unknown' {
  const digits = number.replace(/[\s-]/g, '')
  return (TEST_CARDS as Record<string, CardOutcome>)[digits] ?? 'unknown'
}

const digitsOf = (number: string) => number.replace(/[\s-]/g, '')

/**
 * A card's fingerprint as Stripe gives one: the same for every payment with the same card number,
 * different for different numbers, and not the number itself (16 characters like Stripe's).
 */
export function cardFingerprintOf(number: string) {
  return createHash('sha256').update(`sunlight-sandbox-card:${digitsOf(number)}`).digest('base64url').replace(/[-_]/g, 'x').slice(0, 16)
}

/**
 * Stripe's `payment_method_details` of a card payment
 * (https://docs.stripe.com/api/charges/object#charge_object-payment_method_details-card), with the
 * paying card's fingerprint; null for a payment the sandbox has no card for.
 */
function cardDetails(row: { cardFingerprint: string | null }): Json | null {
  if (!row.cardFingerprint) return null
  const details = fixture('charge').payment_method_details as { card: Json }
  return { ...details, type: 'card', card: { ...details.card, fingerprint: row.cardFingerprint } }
}

/** Seconds after which a delayed payment settles. */
export const DELAY_SECONDS = 5

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`
const now = () => Math.floor(Date.now() / 1000)

type Json = Record<string, unknown>
function fixture(name: keyof typeof fixtures): Json {
  return structuredClone(fixtures[name]) as Json
}

export function stripeEvent(type: string, object: Json): Json {
  return { ...fixture('event'), id: id('evt'), type, created: now(), livemode: false, api_version: '2026-10-28.endive', pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } }
}

type SessionRow = typeof sandboxSessions.$inferSelect

function sessionObject(row: SessionRow, overrides: Json = {}): Json {
  return {
    ...fixture('checkout.session'),
    id: row.id,
    object: 'checkout.session',
    mode: row.mode,
    amount_subtotal: Number(row.amount),
    amount_total: Number(row.amount),
    currency: row.currency.toLowerCase(),
    client_reference_id: row.donationId,
    customer_email: row.customerEmail,
    metadata: { donation_id: row.donationId },
    payment_intent: row.paymentIntentId,
    subscription: row.subscriptionId,
    success_url: row.successUrl,
    cancel_url: row.cancelUrl,
    status: row.status,
    payment_status: row.paymentStatus,
    livemode: false,
    url: null,
    ...overrides,
  }
}

function chargeObject(row: SessionRow, refunded: bigint): Json {
  return {
    ...fixture('charge'),
    id: row.chargeId,
    object: 'charge',
    amount: Number(row.amount),
    amount_captured: Number(row.amount),
    amount_refunded: Number(refunded),
    currency: row.currency.toLowerCase(),
    paid: true,
    captured: true,
    status: 'succeeded',
    refunded: refunded === row.amount,
    payment_intent: row.paymentIntentId,
    payment_method_details: cardDetails(row),
    metadata: { donation_id: row.donationId },
    livemode: false,
  }
}

/** A payment intent as Stripe's API returns it, its `latest_charge` expanded when asked (`expand: ['latest_charge']`). */
function paymentIntentObject(row: SessionRow, expandCharge: boolean): Json {
  const charge = chargeObject(row, row.refundedAmount)
  return {
    ...fixture('payment_intent'),
    id: row.paymentIntentId,
    object: 'payment_intent',
    amount: Number(row.amount),
    amount_received: row.paymentStatus === 'paid' ? Number(row.amount) : 0,
    currency: row.currency.toLowerCase(),
    status: row.paymentStatus === 'paid' ? 'succeeded' : 'processing',
    latest_charge: expandCharge ? charge : row.chargeId,
    payment_method_types: ['card'],
    metadata: { donation_id: row.donationId },
    livemode: false,
  }
}

export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox' as const

  constructor(private readonly database: () => Db = appDb) {}

  private get db() {
    return this.database()
  }

  async createCheckout(request: CheckoutRequest) {
    const origin = new URL(request.successUrl).origin
    // Idempotent like Stripe's idempotency keys: the same donation gets the same session.
    const [existing] = await this.db.select().from(sandboxSessions).where(eq(sandboxSessions.donationId, request.donationId))
    if (existing) return { id: existing.id, url: `${origin}/sandbox/checkout/${existing.id}` }
    const sessionId = id('cs')
    await this.db.insert(sandboxSessions).values({
      id: sessionId,
      donationId: request.donationId,
      mode: request.mode,
      amount: request.amount,
      currency: request.currency,
      customerEmail: request.customerEmail,
      successUrl: request.successUrl,
      cancelUrl: request.cancelUrl,
      title: request.title,
    })
    return { id: sessionId, url: `${origin}/sandbox/checkout/${sessionId}` }
  }

  async session(sessionId: string) {
    const [row] = await this.db.select().from(sandboxSessions).where(eq(sandboxSessions.id, sessionId))
    return row ?? null
  }

  async retrieveSession(sessionId: string): Promise<SessionState> {
    const row = await this.session(sessionId)
    if (!row) throw new Error(`no such sandbox session: ${sessionId}`)
    return {
      status: row.status as SessionState['status'],
      paymentStatus: row.paymentStatus as SessionState['paymentStatus'],
      paymentIntentId: row.paymentIntentId,
      subscriptionId: row.subscriptionId,
      donationId: row.donationId,
      amountTotal: row.amount,
      currency: row.currency.trim().toUpperCase(),
    }
  }

  /** The sandbox's own books: paid sessions, paid invoices, refunded totals — paged by id. */
  async *records(): AsyncIterable<GatewayRecord> {
    let after = ''
    for (;;) {
      const page = await this.db
        .select()
        .from(sandboxSessions)
        .where(sql`${sandboxSessions.id} > ${after} and ${sandboxSessions.status} = 'complete'`)
        .orderBy(asc(sandboxSessions.id))
        .limit(1000)
      for (const row of page) {
        if (row.paymentStatus === 'paid') yield { type: 'checkout', ref: row.id, amount: row.amount, currency: row.currency.trim() }
        if (row.refundedAmount > 0n && row.paymentIntentId) yield { type: 'refunds', ref: row.paymentIntentId, amount: row.refundedAmount, currency: row.currency.trim() }
      }
      if (page.length < 1000) break
      after = page.at(-1)!.id
    }
    after = ''
    for (;;) {
      const page = await this.db.select().from(sandboxInvoices).where(sql`${sandboxInvoices.id} > ${after}`).orderBy(asc(sandboxInvoices.id)).limit(1000)
      for (const row of page) yield { type: 'invoice', ref: row.id, amount: row.amount, currency: row.currency.trim() }
      if (page.length < 1000) break
      after = page.at(-1)!.id
    }
  }

  /** The hosted page's "Pay" button: what the test card does, as Stripe would report it. */
  async pay(sessionId: string, cardNumber: string): Promise<{ ok: true; redirect: string } | { ok: false; error: CardOutcome | 'unknown' | 'closed' }> {
    const outcome = cardOutcome(cardNumber)
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(sandboxSessions).where(eq(sandboxSessions.id, sessionId)).for('update')
      if (!row || row.status !== 'open') return { ok: false as const, error: 'closed' as const }
      if (outcome === 'unknown' || outcome === 'declined' || outcome === 'insufficient_funds') {
        await tx.update(sandboxSessions).set({ lastError: outcome }).where(eq(sandboxSessions.id, sessionId))
        return { ok: false as const, error: outcome }
      }
      const delayed = outcome === 'delayed_success' || outcome === 'delayed_failure'
      const [completed] = await tx
        .update(sandboxSessions)
        .set({
          cardFingerprint: cardFingerprintOf(cardNumber),
          status: 'complete',
          paymentStatus: delayed ? 'unpaid' : 'paid',
          paymentIntentId: id('pi'),
          chargeId: id('ch'),
          subscriptionId: row.mode === 'subscription' ? id('sub') : null,
          lastError: null,
        })
        .where(eq(sandboxSessions.id, sessionId))
        .returning()
      await enqueue(tx, stripeEvent('checkout.session.completed', sessionObject(completed!)))
      if (delayed) {
        const settled = outcome === 'delayed_success'
        await tx.update(sandboxSessions).set({ paymentStatus: settled ? 'paid' : 'unpaid' }).where(eq(sandboxSessions.id, sessionId))
        await enqueue(
          tx,
          stripeEvent(settled ? 'checkout.session.async_payment_succeeded' : 'checkout.session.async_payment_failed', sessionObject(completed!, { payment_status: settled ? 'paid' : 'unpaid' })),
          DELAY_SECONDS,
        )
      }
      return { ok: true as const, redirect: completed!.successUrl }
    })
  }

  /** Stripe's `GET /v1/payment_intents/:id?expand[]=latest_charge`, answered from the sandbox's books. */
  async retrievePaymentIntent(paymentIntentId: string, { expand = [] }: { expand?: string[] } = {}): Promise<Json | null> {
    const [row] = await this.db.select().from(sandboxSessions).where(eq(sandboxSessions.paymentIntentId, paymentIntentId))
    return row ? paymentIntentObject(row, expand.includes('latest_charge')) : null
  }

  async cardFingerprints(paymentIntentIds: string[]) {
    // One query for the lot (a giving day's batch is hundreds), each read as Stripe's expanded object.
    const found = new Map<string, string | null>(paymentIntentIds.map((id) => [id, null]))
    if (!paymentIntentIds.length) return found
    const rows = await this.db.select().from(sandboxSessions).where(inArray(sandboxSessions.paymentIntentId, paymentIntentIds))
    for (const row of rows) found.set(row.paymentIntentId!, fingerprintOfPaymentIntent(paymentIntentObject(row, true)))
    return found
  }

  async refund(input: { paymentIntentId: string; amount: bigint; reason: string; idempotencyKey: string }) {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(sandboxSessions).where(eq(sandboxSessions.paymentIntentId, input.paymentIntentId)).for('update')
      if (!row) throw new Error(`no sandbox payment ${input.paymentIntentId}`)
      const refunded = row.refundedAmount + input.amount
      if (input.amount <= 0n || refunded > row.amount) throw new Error('refund exceeds the amount paid')
      await tx.update(sandboxSessions).set({ refundedAmount: refunded }).where(eq(sandboxSessions.id, row.id))
      await enqueue(tx, stripeEvent('charge.refunded', chargeObject(row, refunded)))
      return { id: id('re') }
    })
  }

  async cancelSubscription(subscriptionId: string) {
    await enqueue(this.db, stripeEvent('customer.subscription.deleted', { ...fixture('subscription'), id: subscriptionId, object: 'subscription', status: 'canceled', livemode: false }))
  }

  /** Demo control: the monthly plan's next invoice is paid now. */
  async renewNow(subscriptionId: string) {
    const [plan] = await this.db.select().from(donationPlans).where(eq(donationPlans.subscriptionId, subscriptionId))
    if (!plan) throw new Error(`no plan for ${subscriptionId}`)
    const invoiceId = id('in')
    const invoice = {
      ...fixture('invoice'),
      id: invoiceId,
      object: 'invoice',
      billing_reason: 'subscription_cycle',
      amount_due: Number(plan.amount),
      amount_paid: Number(plan.amount),
      total: Number(plan.amount),
      currency: plan.currency.toLowerCase(),
      status: 'paid',
      paid: true,
      subscription: subscriptionId,
      parent: { type: 'subscription_details', quote_details: null, subscription_details: { metadata: { plan_id: plan.id }, subscription: subscriptionId } },
      payments: { object: 'list', data: [{ payment: { type: 'payment_intent', payment_intent: id('pi') } }] },
      livemode: false,
    }
    await this.db.transaction(async (tx) => {
      await tx.insert(sandboxInvoices).values({ id: invoiceId, subscriptionId, amount: plan.amount, currency: plan.currency })
      await enqueue(tx, stripeEvent('invoice.paid', invoice))
    })
  }

  /** A test-mode dispute opened (and optionally closed) on a sandbox payment. */
  async dispute(paymentIntentId: string, closedAs?: 'won' | 'lost') {
    const [row] = await this.db.select().from(sandboxSessions).where(eq(sandboxSessions.paymentIntentId, paymentIntentId))
    if (!row) throw new Error(`no sandbox payment ${paymentIntentId}`)
    const dispute = { ...fixture('dispute'), id: id('dp'), object: 'dispute', amount: Number(row.amount), currency: row.currency.toLowerCase(), charge: row.chargeId, payment_intent: row.paymentIntentId, status: 'needs_response', livemode: false }
    await enqueue(this.db, stripeEvent('charge.dispute.created', dispute))
    if (closedAs) await enqueue(this.db, stripeEvent('charge.dispute.closed', { ...dispute, status: closedAs }), 1)
  }
}

/** The channel the background runner's sandbox delivery listens on. */
export const SANDBOX_DELIVERIES_CHANNEL = 'sandbox_deliveries'

export async function enqueue(db: Db, event: Json, delaySeconds = 0) {
  await db.insert(sandboxDeliveries).values({
    eventId: String(event.id),
    payload: JSON.stringify(event, null, 2),
    nextAttemptAt: sql`now() + make_interval(secs => ${delaySeconds})`,
  })
  await db.execute(sql`select pg_notify(${SANDBOX_DELIVERIES_CHANNEL}, '')`)
}

/** Seconds to wait after the n-th failed attempt: 1, 2, 4, … capped at one hour (Stripe retries for days). */
export function backoffSeconds(attempts: number) {
  return Math.min(3600, 2 ** Math.max(0, attempts - 1))
}

/** How long one delivery may take (Stripe waits about as long for a webhook's answer). */
const DELIVERY_TIMEOUT_MS = 10_000

/**
 * How long a claimed delivery is left to its deliverer before another may try it (a deliverer that
 * died mid-delivery): the claimed batch is delivered at once, so it ends within one timeout.
 */
const DELIVERY_LEASE_SECONDS = 15

/**
 * Delivers due events to the webhook, signed like Stripe; failures are retried later. Each due row
 * is claimed (FOR UPDATE SKIP LOCKED, then leased by moving its next attempt), so any number of
 * runners deliver each event once; a runner that dies mid-delivery leaves it to be delivered again
 * after the lease, which the webhook acknowledges as a duplicate.
 */
export async function deliverSandboxEvents(db: Db, endpoint: string, { limit = 25 }: { limit?: number } = {}) {
  const due = await queryRows<{ id: string; event_id: string; payload: string; attempts: number }>(
    db,
    sql`update sandbox_deliveries set next_attempt_at = now() + make_interval(secs => ${DELIVERY_LEASE_SECONDS})
        where id in (
          select id from sandbox_deliveries where delivered_at is null and next_attempt_at <= now()
          order by next_attempt_at, id limit ${limit} for update skip locked)
        returning id::text as id, event_id, payload, attempts`,
  )
  const signer = stripeClient()
  const secret = await webhookSigningSecret(db)
  const outcomes = await Promise.all(
    due.map(async (delivery) => {
      const header = signer.webhooks.generateTestHeaderString({ payload: delivery.payload, secret })
      let status = 'network error'
      try {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header, 'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks) sunlight-sandbox' },
          body: delivery.payload,
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        })
        status = String(response.status)
        await response.body?.cancel()
        if (response.ok) {
          await db.update(sandboxDeliveries).set({ deliveredAt: sql`now()`, attempts: delivery.attempts + 1, lastStatus: status }).where(eq(sandboxDeliveries.id, BigInt(delivery.id)))
          return true
        }
      } catch (error) {
        status = (error as Error).message.slice(0, 200)
      }
      const attempts = delivery.attempts + 1
      logger.warn({ eventId: delivery.event_id, attempts, status }, 'sandbox webhook delivery failed; will retry')
      await db
        .update(sandboxDeliveries)
        .set({ attempts, lastStatus: status, nextAttemptAt: sql`now() + make_interval(secs => ${backoffSeconds(attempts)})` })
        .where(eq(sandboxDeliveries.id, BigInt(delivery.id)))
      return false
    }),
  )
  return outcomes.filter(Boolean).length
}
