/**
 * Test helpers that move money the way production does: a pending gift is paid through the sandbox
 * gateway's checkout, and the gateway's Stripe-shaped events are stored and applied by the real
 * webhook processor. So the ledger, the donation and the gateway's own books agree, and
 * `checkLedger` can be asked about them.
 */
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { donations, sandboxDeliveries } from '~db/schema'
import { SandboxGateway } from '~/payments/sandbox.server'
import { ingestStripeEvent, processStripeEvents } from '~/payments/webhook.server'

export function sandboxFor(db: Db) {
  return new SandboxGateway(() => db)
}

/** Stores and applies every event the sandbox has queued (as its delivery loop and the processor would). */
export async function drainSandbox(db: Db) {
  const due = await db.select().from(sandboxDeliveries).where(isNull(sandboxDeliveries.deliveredAt)).orderBy(asc(sandboxDeliveries.id))
  for (const delivery of due) {
    const event = JSON.parse(delivery.payload) as { id: string; type: string }
    await ingestStripeEvent(db, event, delivery.payload)
    await db.update(sandboxDeliveries).set({ deliveredAt: new Date() }).where(eq(sandboxDeliveries.id, delivery.id))
  }
  await processStripeEvents(db)
}

/** Pays a pending gift with the sandbox's test card that succeeds, and applies the gateway's events. */
export async function payGift(db: Db, donationId: string) {
  const gateway = sandboxFor(db)
  const [donation] = await db.select().from(donations).where(eq(donations.id, donationId))
  if (!donation) throw new Error(`no donation ${donationId}`)
  const session = await gateway.createCheckout({
    donationId,
    planId: donation.planId ?? undefined,
    amount: donation.amount,
    currency: donation.currency,
    mode: donation.frequency === 'monthly' ? 'subscription' : 'payment',
    title: 'test',
    successUrl: 'http://localhost/thanks',
    cancelUrl: 'http://localhost/back',
    locale: 'en',
    idempotencyKey: donationId,
  })
  await db.update(donations).set({ checkoutSessionId: session.id, gateway: 'sandbox' }).where(and(eq(donations.id, donationId), isNull(donations.checkoutSessionId)))
  const paid = await gateway.pay(session.id, '4242424242424242')
  if (!paid.ok) throw new Error(`sandbox payment failed: ${paid.error}`)
  await drainSandbox(db)
  const [after] = await db.select().from(donations).where(eq(donations.id, donationId))
  return after!
}

/** A refund the gateway made (as if through its dashboard or the refund page), applied by its event. */
export async function refundAtGateway(db: Db, donationId: string, amount: bigint) {
  const [donation] = await db.select().from(donations).where(eq(donations.id, donationId))
  await sandboxFor(db).refund({ paymentIntentId: donation!.paymentIntentId!, amount, reason: 'test', idempotencyKey: `test-refund:${donationId}:${amount}` })
  await drainSandbox(db)
}
