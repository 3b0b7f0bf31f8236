/**
 * Stripe events, exactly once, in two steps. The webhook verifies the signature and stores the event
 * under its id (one insert; a redelivery is a no-op) and answers. The processor then applies the
 * stored events — plain paid checkouts a batch at a time, set-based, everything else one by one — each
 * in the same transaction as its `processed_at`, so its money moves once however often it was
 * delivered and wherever a crash falls (ADR 0016). Transitions are idempotent and tolerate any order (a refund
 * or a dispute before the completion applies the completion first; an event about a payment not yet
 * known waits and is retried).
 */
import { eq, sql } from 'drizzle-orm'
import { currentRequestId, withRequestId } from '~/utils/request-context.server'
import { queryRows, type Db } from '~db/client.server'
import { donations, webhookEvents } from '~db/schema'
import {
  activatePlan,
  applyDispute,
  applyRefundTotal,
  applyRenewal,
  cancelPlanBySubscription,
  confirmPayment,
  creditCompletions,
  type Completion,
  markFailed,
  type Reported,
} from '~/models/donations.server'
import { isUuid } from '~/utils/ids'
import { getEnv } from '~/utils/env.server'
import { gatewayFor, type PaymentGateway, type SessionState } from './gateway.server'
import { logger } from '~/utils/logger.server'

type Json = Record<string, unknown>

/**
 * An event about a payment this database does not know yet (it arrived before the event that
 * links them): its effects are rolled back and the stored event is tried again later.
 */
export class UnmatchedEventError extends Error {
  override name = 'UnmatchedEventError'
}
export interface StripeEventLike {
  id: string
  type: string
  created?: number
  data: { object: Json }
}

const str = (value: unknown) => (typeof value === 'string' ? value : value && typeof value === 'object' && 'id' in value ? String((value as { id: unknown }).id) : null)
/** An amount Stripe reported (an integer of minor units), or null when it is not one. */
function minorUnits(value: unknown): bigint | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  return null
}
const reported = (amount: unknown, currency: unknown): Reported => ({ amount: minorUnits(amount), currency: typeof currency === 'string' ? currency.toUpperCase() : null })
/**
 * The card's fingerprint, when the object carries one: a charge's `payment_method_details`, or a
 * session or payment intent expanded down to its charge (Stripe's webhooks do not expand, so a plain
 * checkout session has none). Matching uses it against one card posing as many donors.
 */
function cardFingerprint(object: Json, cards?: CardLookups): string | null {
  const get = (value: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Json)[key] : undefined), value)
  const candidates = [
    get(object, 'payment_method_details', 'card', 'fingerprint'),
    get(object, 'latest_charge', 'payment_method_details', 'card', 'fingerprint'),
    get(object, 'payment_intent', 'latest_charge', 'payment_method_details', 'card', 'fingerprint'),
  ]
  const found = candidates.find((c): c is string => typeof c === 'string' && c.length > 0 && c.length <= 64)
  if (found) return found
  const paymentIntent = str(object.payment_intent)
  return (paymentIntent && cards?.get(paymentIntent)) || null
}

/**
 * Card fingerprints the gateway gave for payment intents (null: not a card, or not known). Stripe's
 * webhooks expand nothing, so a completed checkout names its payment intent only; the processor asks
 * the gateway for each — outside any transaction — before it applies the completion.
 */
type CardLookups = Map<string, string | null>

/** The payment intent a paid completion's card should be looked up for; null when none is needed. */
function cardToLookUp(event: StripeEventLike): string | null {
  const object = event?.data?.object
  if (!object || !COMPLETIONS.has(event.type)) return null
  if (object.payment_status !== 'paid') return null
  if (cardFingerprint(object)) return null
  return str(object.payment_intent)
}

async function lookUpCards(gateway: PaymentGateway, cards: CardLookups, events: StripeEventLike[]) {
  const wanted = [...new Set(events.map(cardToLookUp).filter((id): id is string => id !== null && !cards.has(id)))]
  if (!wanted.length) return
  let found: Map<string, string | null>
  try {
    found = await gateway.cardFingerprints(wanted)
  } catch (error) {
    // The gift is still credited; without a fingerprint matching judges the donor by account and email.
    logger.warn({ err: error, paymentIntents: wanted.length }, 'could not look up card fingerprints')
    found = new Map()
  }
  for (const id of wanted) cards.set(id, found.get(id) ?? null)
}

/** Whether a completion waits for its card lookup (which happens outside the claim's transaction). */
const awaitsCard = (event: StripeEventLike, cards: CardLookups) => {
  const paymentIntent = cardToLookUp(event)
  return paymentIntent !== null && !cards.has(paymentIntent)
}

const gateways = new WeakMap<Db, PaymentGateway>()
async function configuredGateway(db: Db) {
  let gateway = gateways.get(db)
  if (!gateway) gateways.set(db, (gateway = await gatewayFor(getEnv(), () => db)))
  return gateway
}
const metadata = (object: Json) => (object.metadata && typeof object.metadata === 'object' ? (object.metadata as Record<string, string>) : {})

async function donationIdFor(tx: Db, object: Json): Promise<string | null> {
  const fromMetadata = metadata(object).donation_id ?? str(object.client_reference_id)
  if (fromMetadata && isUuid(fromMetadata)) return fromMetadata
  const paymentIntent = str(object.payment_intent)
  if (paymentIntent) {
    const [row] = await tx.select({ id: donations.id }).from(donations).where(eq(donations.paymentIntentId, paymentIntent))
    if (row) return row.id
  }
  const charge = str(object.charge) ?? (object.object === 'charge' ? str(object.id) : null)
  if (charge) {
    const [row] = await tx.select({ id: donations.id }).from(donations).where(eq(donations.chargeId, charge))
    if (row) return row.id
  }
  return null
}

async function apply(tx: Db, event: StripeEventLike, cards?: CardLookups): Promise<string> {
  const object = event.data.object
  const at = event.created ? new Date(event.created * 1000) : new Date()
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const donationId = await donationIdFor(tx, object)
      if (!donationId) return 'no donation'
      const paymentIntentId = str(object.payment_intent)
      const subscriptionId = str(object.subscription)
      await tx
        .update(donations)
        .set({ checkoutSessionId: sql`coalesce(${donations.checkoutSessionId}, ${str(object.id)})`, paymentIntentId: sql`coalesce(${donations.paymentIntentId}, ${paymentIntentId})` })
        .where(eq(donations.id, donationId))
      const planId = metadata(object).plan_id ?? (await tx.select({ planId: donations.planId }).from(donations).where(eq(donations.id, donationId)))[0]?.planId
      if (subscriptionId && planId) await activatePlan(tx, planId, subscriptionId)
      if (event.type === 'checkout.session.async_payment_failed') return markFailed(tx, donationId, 'async payment failed')
      if (event.type === 'checkout.session.expired') return markFailed(tx, donationId, 'checkout expired')
      // Money is what the gateway took: `amount_total` and `currency`, checked against the gift.
      if (object.payment_status === 'paid' || object.payment_status === 'no_payment_required')
        return confirmPayment(tx, donationId, { ...reported(object.amount_total, object.currency), paymentIntentId, eventId: event.id, cardFingerprint: cardFingerprint(object, cards) }, at)
      return 'awaiting payment'
    }
    case 'invoice.paid': {
      const parent = object.parent as { subscription_details?: { subscription?: unknown } } | null | undefined
      const subscriptionId = str(parent?.subscription_details?.subscription) ?? str(object.subscription)
      // The first invoice is the checkout itself, credited by checkout.session.completed.
      if (!subscriptionId || object.billing_reason === 'subscription_create') return 'first invoice'
      return applyRenewal(tx, { subscriptionId, invoiceId: String(object.id), reported: reported(object.amount_paid, object.currency), eventId: event.id, at })
    }
    case 'charge.refunded': {
      const donationId = await donationIdFor(tx, object)
      if (!donationId) return 'no donation'
      await tx.update(donations).set({ chargeId: sql`coalesce(${donations.chargeId}, ${str(object.id)})` }).where(eq(donations.id, donationId))
      const refunded = minorUnits(object.amount_refunded)
      if (refunded === null) return 'no refunded amount'
      return applyRefundTotal(tx, donationId, refunded, { ...reported(object.amount, object.currency), eventId: event.id, cardFingerprint: cardFingerprint(object) }, at)
    }
    case 'charge.dispute.created':
    case 'charge.dispute.closed': {
      const donationId = await donationIdFor(tx, object)
      if (!donationId) return 'no donation'
      const phase = event.type === 'charge.dispute.created' ? 'created' : object.status === 'won' ? 'won' : 'lost'
      return applyDispute(tx, donationId, String(object.id), phase, at)
    }
    case 'customer.subscription.deleted': {
      await cancelPlanBySubscription(tx, String(object.id), at)
      return 'plan canceled'
    }
    default:
      return 'ignored'
  }
}

/**
 * Ingest: stores a verified event under its id and nothing else, so the webhook answers after one
 * insert (Stripe's advice: acknowledge fast, work after). A redelivery hits the primary key and is
 * acknowledged as a duplicate. The raw body goes to the database as it came (cast to jsonb there).
 *
 * Group commit: events that arrive while earlier inserts are in flight are stored together, with
 * one multi-row INSERT and one commit (a WAL flush shared by the batch). Each request still waits
 * for its own row to be durable before it is acknowledged; with nothing in flight an event is
 * inserted at once, so a quiet server adds no latency.
 */
export async function ingestStripeEvent(db: Db, event: { id: string; type: string }, raw: string): Promise<{ duplicate: boolean }> {
  let batcher = batchers.get(db)
  if (!batcher) batchers.set(db, (batcher = new IngestBatcher(db)))
  // An id this process has already stored (committed) is a redelivery: acknowledged without a query.
  if (batcher.stored.has(event.id)) return { duplicate: true }
  const result = await batcher.add(event.id, event.type, raw)
  batcher.stored.add(event.id)
  if (!result.duplicate) wakeProcessors(db)
  return result
}

/** Ids of events this process has seen stored, newest kept (a miss simply asks the database). */
export class RecentIds {
  private ids = new Set<string>()
  constructor(private readonly max: number) {}
  has(id: string) {
    return this.ids.has(id)
  }
  add(id: string) {
    if (this.ids.has(id)) return
    this.ids.add(id)
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value!)
  }
  get size() {
    return this.ids.size
  }
}

/** At most this many ingest inserts at once (each holds a pooled connection) … */
export const INGEST_MAX_IN_FLIGHT = 8
/** … and at most this many events in one insert. */
export const INGEST_MAX_BATCH = 200

interface WaitingEvent {
  id: string
  type: string
  raw: string
  /** The request that delivered it, so the log lines of its application carry the same id. */
  requestId: string | null
  settle: { resolve: (result: { duplicate: boolean }) => void; reject: (error: unknown) => void }[]
}

const batchers = new WeakMap<Db, IngestBatcher>()

class IngestBatcher {
  /** Only ids whose insert has committed (or conflicted with a committed row) go here. */
  readonly stored = new RecentIds(100_000)
  private queue: WaitingEvent[] = []
  private byId = new Map<string, WaitingEvent>()
  private inFlight = 0

  constructor(private readonly db: Db) {}

  add(id: string, type: string, raw: string) {
    return new Promise<{ duplicate: boolean }>((resolve, reject) => {
      // The same event twice in one batch: one insert; the later delivery is the duplicate.
      const same = this.byId.get(id)
      if (same) {
        same.settle.push({ resolve: () => resolve({ duplicate: true }), reject })
        return
      }
      const waiting: WaitingEvent = { id, type, raw, requestId: currentRequestId() ?? null, settle: [{ resolve, reject }] }
      this.queue.push(waiting)
      this.byId.set(id, waiting)
      this.pump()
    })
  }

  private pump() {
    while (this.queue.length > 0 && this.inFlight < INGEST_MAX_IN_FLIGHT) {
      const batch = this.queue.splice(0, INGEST_MAX_BATCH)
      for (const event of batch) this.byId.delete(event.id)
      this.inFlight++
      void this.store(batch).finally(() => {
        this.inFlight--
        this.pump()
      })
    }
  }

  private async store(batch: WaitingEvent[]) {
    try {
      const inserted = await this.insert(batch)
      for (const event of batch) for (const s of event.settle) s.resolve({ duplicate: !inserted.has(event.id) })
    } catch (error) {
      if (batch.length === 1) {
        for (const s of batch[0]!.settle) s.reject(error)
        return
      }
      // One bad row must not fail the others: store them one by one, each with its own answer.
      await Promise.all(batch.map((event) => this.store([event])))
    }
  }

  private async insert(batch: WaitingEvent[]) {
    const values = sql.join(
      batch.map((e) => sql`(${e.id}, ${e.type}, ${e.raw}::jsonb, 'pending', ${e.requestId})`),
      sql`, `,
    )
    const rows = await queryRows<{ id: string }>(this.db, sql`insert into webhook_events (id, type, payload, outcome, request_id) values ${values} on conflict (id) do nothing returning id`)
    return new Set(rows.map((r) => r.id))
  }
}

/** An event that names a payment not known yet waits: 1 s, 2 s, 4 s … (≤ 10 min), then is parked. */
export const UNMATCHED_MAX_ATTEMPTS = 16
export function retryDelayMs(attempts: number) {
  return Math.min(10 * 60_000, 1_000 * 2 ** Math.max(0, attempts - 1))
}

/** How many stored events one claim takes (and applies together where it can). */
export const EVENT_BATCH = 500

type StoredEvent = {
  id: string
  payload: StripeEventLike
  attempts: number
  due: string
  request_id: string | null
}

/**
 * Applies stored events, oldest first, in batches (ADR 0016). Event rows are claimed with FOR UPDATE
 * SKIP LOCKED (several processors, several servers). A run of plain paid checkouts at the head of the
 * claim — the bulk of a giving day — is credited together, set-based (`creditCompletions`), and marked
 * processed in the same commit; an event of any other kind (a refund, a dispute, a renewal, a held or
 * unknown payment, a second event about a gift) ends the run and is applied alone, in its own
 * transaction, exactly as before; then the next claim starts after it. So a processor applies events in
 * the order they were stored, as one event at a time would — which matters across gifts, since a
 * sponsor's pool decides gifts in order — and an event's money moves exactly once even if the process
 * dies anywhere: its effects and its `processed_at` commit together. Returns how many events it looked at.
 */
export async function processStripeEvents(
  db: Db,
  {
    limit = 500,
    batch = EVENT_BATCH,
    setBased = true,
    now = () => new Date(),
    gateway,
  }: {
    limit?: number
    batch?: number
    /** false: every event alone (the one-by-one path, for comparison) */ setBased?: boolean
    now?: () => Date
    /** Asked for card fingerprints; the configured one (its sandbox on this database) by default. */
    gateway?: PaymentGateway
  } = {},
) {
  let handled = 0
  const cards: CardLookups = new Map()
  const cardGateway = gateway ?? (await configuredGateway(db))
  // Where the next claim starts looking. Applied events leave dead entries at the head of the
  // pending index until vacuum, and every claim from the start would step over all of them (tens
  // of milliseconds after a burst). So a call resumes after the last event it applied; anything that
  // became pending before that point (a retry, an event another processor gave back) is found by the
  // next call, which starts from the beginning again (the processor calls at least once a second).
  let from = '-infinity'
  while (handled < limit) {
    // The completions about to be claimed have their cards looked up first, outside the transaction
    // (a gateway call must not hold the claim's locks, and the sandbox answers from this database).
    const ahead = await queryRows<{ payload: StripeEventLike }>(
      db,
      sql`select payload from webhook_events
          where processed_at is null and type in ('checkout.session.completed', 'checkout.session.async_payment_succeeded')
            and next_attempt_at >= ${from}::timestamptz and next_attempt_at <= greatest(now(), ${now().toISOString()}::timestamptz)
          order by next_attempt_at limit ${setBased ? Math.min(batch, limit - handled) : 1}`,
    )
    await lookUpCards(cardGateway, cards, ahead.map((row) => row.payload))
    const step = await db.transaction(async (tx) => {
      // The commit need not wait for the WAL flush: the stored event is already durable, and if the
      // database loses this commit in a crash, it loses the effects and `processed_at` together, so
      // the event is simply applied again. Money still moves exactly once.
      await tx.execute(sql`set local synchronous_commit = off`)
      const at = now()
      // Due by the database's clock as well as the caller's: a row stored a fraction of a millisecond
      // ago has next_attempt_at (microseconds) after a JavaScript Date of the same millisecond.
      const rows = await queryRows<StoredEvent>(
        tx,
        sql`select id, payload, attempts, next_attempt_at::text as due, request_id from webhook_events
            where processed_at is null and next_attempt_at >= ${from}::timestamptz and next_attempt_at <= greatest(now(), ${at.toISOString()}::timestamptz)
            order by next_attempt_at limit ${setBased ? Math.min(batch, limit - handled) : 1} for update skip locked`,
      )
      if (!rows.length) return null
      if (!setBased) {
        if (awaitsCard(rows[0]!.payload, cards)) return { applied: [], alone: [], lookUp: rows.slice(0, 1) }
        await withRequestId(rows[0]!.request_id, () => applyStored(tx, rows[0]!, at, cards))
        return { applied: rows.slice(0, 1), alone: [] }
      }
      const { applied, failed } = await applyBatch(tx, rows, at, cards)
      if (applied.length) return { applied, alone: [] }
      if (failed.length) return { applied: [], alone: failed }
      // Completions stored after the look-ahead: released, their cards looked up, then claimed again.
      if (awaitsCard(rows[0]!.payload, cards)) return { applied: [], alone: [], lookUp: rows.filter((row) => awaitsCard(row.payload, cards)) }
      // The head of the claim is not a plain checkout: it and the events up to the next plain one are
      // applied one by one once this claim is released.
      const plain = rows.findIndex((row, i) => i > 0 && plainCompletion(row, cards) !== null)
      return { applied: [], alone: rows.slice(0, plain === -1 ? rows.length : plain) }
    })
    if (!step) break
    if ('lookUp' in step && step.lookUp) {
      await lookUpCards(cardGateway, cards, step.lookUp.map((row) => row.payload))
      continue
    }
    for (const row of step.alone) {
      await lookUpCards(cardGateway, cards, [row.payload])
      await applyAlone(db, row.id, now(), cards)
    }
    const last = [...step.applied, ...step.alone].at(-1)!
    from = last.due
    handled += step.applied.length + step.alone.length
  }
  return handled
}

/** Checkout events that credit a gift when paid; the batch takes them when nothing else complicates them. */
const COMPLETIONS = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded'])

/** The credit a stored event asks for, when it is a plain paid checkout naming its gift; null otherwise. */
function plainCompletion(row: StoredEvent, cards: CardLookups): Completion | null {
  const event = row.payload
  const object = event?.data?.object
  if (!object || !COMPLETIONS.has(event.type)) return null
  // A completion that came in after the look-ahead waits for its card to be looked up.
  if (awaitsCard(event, cards)) return null
  if (object.payment_status !== 'paid' && object.payment_status !== 'no_payment_required') return null
  // A monthly plan's first payment activates the plan as well: the one-by-one path does that.
  if (str(object.subscription) || metadata(object).plan_id) return null
  const donationId = metadata(object).donation_id ?? str(object.client_reference_id)
  if (!donationId || !isUuid(donationId)) return null
  return {
    donationId,
    reported: reported(object.amount_total, object.currency),
    checkoutSessionId: str(object.id),
    paymentIntentId: str(object.payment_intent),
    cardFingerprint: cardFingerprint(object, cards),
    at: event.created ? new Date(event.created * 1000) : new Date(),
  }
}

/**
 * Credits the run of plain paid checkouts at the head of the claim together and marks them processed;
 * returns the events it applied: none when the head is not one; a prefix of the run when a gift in it
 * needs the one-by-one path (it and what follows are claimed again). If the batch fails as a whole (a
 * constraint, a bug), nothing of it is kept and its events are returned as `failed`, to go the
 * one-by-one way, which records each event's own error. The run ends at the first other event and at
 * a second event about a gift.
 */
async function applyBatch(tx: Db, rows: StoredEvent[], at: Date, cards: CardLookups): Promise<{ applied: StoredEvent[]; failed: StoredEvent[] }> {
  const run: { row: StoredEvent; completion: Completion }[] = []
  const gifts = new Set<string>()
  for (const row of rows) {
    const completion = plainCompletion(row, cards)
    if (!completion || gifts.has(completion.donationId)) break
    gifts.add(completion.donationId)
    run.push({ row, completion })
  }
  if (!run.length) return { applied: [], failed: [] }
  let credited: number
  try {
    credited = await tx.transaction((effects) => creditCompletions(effects, run.map((r) => r.completion)))
  } catch (error) {
    logger.error({ err: error, events: run.length }, 'a batch of webhook events failed; applying them one by one')
    return { applied: [], failed: run.map((r) => r.row) }
  }
  const applied = run.slice(0, credited).map((r) => r.row)
  if (applied.length)
    await tx.execute(sql`update webhook_events set outcome = 'succeeded', processed_at = ${at.toISOString()}::timestamptz, attempts = attempts + 1
                         where id in (${sql.join(applied.map((r) => sql`${r.id}`), sql`, `)})`)
  return { applied, failed: [] }
}

/** One stored event, alone in its own transaction (if no other processor has taken it meanwhile). */
async function applyAlone(db: Db, id: string, at: Date, cards: CardLookups) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = off`)
    const [row] = await queryRows<StoredEvent>(
      tx,
      sql`select id, payload, attempts, next_attempt_at::text as due, request_id from webhook_events where id = ${id} and processed_at is null for update skip locked`,
    )
    if (row) await withRequestId(row.request_id, () => applyStored(tx, row, at, cards))
  })
}

async function applyStored(tx: Db, row: { id: string; payload: StripeEventLike; attempts: number }, at: Date, cards?: CardLookups) {
  const attempts = row.attempts + 1
  try {
    const outcome = await tx.transaction(async (effects) => {
      const result = await apply(effects, row.payload, cards)
      if (result === 'no donation' || result === 'unknown subscription') throw new UnmatchedEventError(`${row.payload.type} ${row.id}: ${result}`)
      return result
    })
    await tx.update(webhookEvents).set({ outcome, processedAt: at, attempts }).where(eq(webhookEvents.id, row.id))
  } catch (error) {
    const unmatched = error instanceof UnmatchedEventError
    if (!unmatched) logger.error({ err: error, eventId: row.id }, 'webhook event failed; will retry')
    const giveUp = attempts >= UNMATCHED_MAX_ATTEMPTS
    await tx
      .update(webhookEvents)
      .set({
        attempts,
        outcome: giveUp ? (unmatched ? 'unmatched' : 'failed') : unmatched ? 'waiting for a matching payment' : `error: ${String((error as Error).message).slice(0, 200)}`,
        processedAt: giveUp ? at : null,
        nextAttemptAt: new Date(at.getTime() + retryDelayMs(attempts)),
      })
      .where(eq(webhookEvents.id, row.id))
  }
}

/** The channel event processors listen on (app/runtime/background.server.ts). */
export const STRIPE_EVENTS_CHANNEL = 'stripe_events'

/**
 * Wakes the fleet's event processors after an event was stored. The insert has committed when
 * ingest returns, so the NOTIFY goes out on its own, at most once per 20 ms per process (a burst of
 * thousands of events a second costs a few dozen notifications, not one per event).
 */
let wakePending = false
function wakeProcessors(db: Db) {
  if (wakePending) return
  wakePending = true
  setTimeout(() => {
    wakePending = false
    db.execute(sql`select pg_notify(${STRIPE_EVENTS_CHANNEL}, '')`).catch((error) => logger.warn({ err: error }, 'could not wake the event processors'))
  }, 20).unref()
}

/** Reconciliation: a session the gateway reports, applied through the same transitions (and the same amount check). */
export async function applySessionState(db: Db, donationId: string, state: SessionState) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ planId: donations.planId }).from(donations).where(eq(donations.id, donationId))
    if (state.subscriptionId && row?.planId) await activatePlan(tx, row.planId, state.subscriptionId)
    if (state.status === 'complete' && state.paymentStatus === 'paid')
      return confirmPayment(tx, donationId, { amount: state.amountTotal, currency: state.currency, paymentIntentId: state.paymentIntentId })
    if (state.status === 'expired') return markFailed(tx, donationId, 'checkout expired')
    return 'still pending'
  })
}
