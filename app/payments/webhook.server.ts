/**
 * Applies a verified Stripe event exactly once. The event id is inserted under its primary key in the
 * same transaction as its effects: a redelivery finds it and is acknowledged without effect; a
 * failure rolls both back, so Stripe's retry applies it cleanly. Transitions are idempotent and
 * tolerate any order (a refund or a dispute before the completion applies the completion first).
 */
import { eq, sql } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { donations, webhookEvents } from '~db/schema'
import {
  activatePlan,
  applyDispute,
  applyRefundTotal,
  applyRenewal,
  cancelPlanBySubscription,
  markFailed,
  markSucceeded,
} from '~/models/donations.server'
import { isUuid } from '~/utils/ids'

type Json = Record<string, unknown>

/**
 * An event about a payment this database does not know yet (it arrived before the event that
 * links them). Nothing is stored; the webhook answers 409 and Stripe (or the sandbox) retries later.
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

async function apply(tx: Db, event: StripeEventLike): Promise<string> {
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
      if (object.payment_status === 'paid' || object.payment_status === 'no_payment_required') return markSucceeded(tx, donationId, { paymentIntentId }, at)
      return 'awaiting payment'
    }
    case 'invoice.paid': {
      const parent = object.parent as { subscription_details?: { subscription?: unknown } } | null | undefined
      const subscriptionId = str(parent?.subscription_details?.subscription) ?? str(object.subscription)
      // The first invoice is the checkout itself, credited by checkout.session.completed.
      if (!subscriptionId || object.billing_reason === 'subscription_create') return 'first invoice'
      return applyRenewal(tx, { subscriptionId, invoiceId: String(object.id), amount: BigInt(Number(object.amount_paid ?? 0)), at })
    }
    case 'charge.refunded': {
      const donationId = await donationIdFor(tx, object)
      if (!donationId) return 'no donation'
      await tx.update(donations).set({ chargeId: sql`coalesce(${donations.chargeId}, ${str(object.id)})` }).where(eq(donations.id, donationId))
      return applyRefundTotal(tx, donationId, BigInt(Number(object.amount_refunded ?? 0)), at)
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

export async function handleStripeEvent(db: Db, event: StripeEventLike): Promise<{ duplicate: boolean; outcome: string }> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(webhookEvents)
      .values({ id: event.id, type: event.type, payload: event, outcome: 'processing' })
      .onConflictDoNothing()
      .returning({ id: webhookEvents.id })
    if (!inserted.length) return { duplicate: true, outcome: 'duplicate' }
    const outcome = await apply(tx, event)
    if (outcome === 'no donation' || outcome === 'unknown subscription') throw new UnmatchedEventError(`${event.type} ${event.id}: ${outcome}`)
    await tx.update(webhookEvents).set({ outcome }).where(eq(webhookEvents.id, event.id))
    return { duplicate: false, outcome }
  })
}

/** Reconciliation: a session the gateway reports, applied through the same transitions. */
export async function applySessionState(db: Db, donationId: string, state: { status: string; paymentStatus: string; paymentIntentId: string | null; subscriptionId: string | null }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ planId: donations.planId }).from(donations).where(eq(donations.id, donationId))
    if (state.subscriptionId && row?.planId) await activatePlan(tx, row.planId, state.subscriptionId)
    if (state.status === 'complete' && state.paymentStatus === 'paid') return markSucceeded(tx, donationId, { paymentIntentId: state.paymentIntentId })
    if (state.status === 'expired') return markFailed(tx, donationId, 'checkout expired')
    return 'still pending'
  })
}
