/**
 * Refunds. A refund is asked of the gateway; the ledger changes only when the gateway's event says it
 * happened (donations.server.ts, `applyRefundTotal`). Between the two, the refund is *reserved*
 * against the project's unspent balance (the `refunds` row), so two refunds, or a refund and an
 * expense, cannot together spend the same money:
 *
 * - under the project's money lock and the gift's row lock, the refund must fit in what the gift has
 *   not had refunded (less refunds already asked) and in what the project holds unspent and not
 *   reserved; a refund beyond the unspent balance is refused with that balance — unless an admin
 *   chooses that the platform covers the shortfall, which the ledger then records as a visible
 *   `platform_cover` entry;
 * - the gateway is asked with an idempotency key of the gift and its new refunded total, so a retry
 *   cannot refund twice; if the gateway refuses, the reservation is released and the person is told.
 *
 * Admins may refund any gift; an organisation's owner, gifts to its projects within 30 days.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { auditLog, donations, refunds } from '~db/schema'
import { balances, lockProjectMoney } from '~/ledger/post.server'
import type { PaymentGateway } from '~/payments/gateway.server'
import { logger } from '~/utils/logger.server'
import { OWNER_REFUND_DAYS } from './donations.server'

export type RefundRefusal =
  | { reason: 'notRefundable' }
  | { reason: 'forbidden' }
  | { reason: 'tooMuch'; max: bigint }
  | { reason: 'inProgress'; max: bigint }
  | { reason: 'overdrawn'; available: bigint }
  | { reason: 'gateway'; message: string }

const REFUNDABLE = new Set(['succeeded', 'partially_refunded'])

export interface RefundActor {
  userId: string
  isAdmin: boolean
  /** The actor's role in the organisation that runs the gift's project, if any. */
  role: 'owner' | 'editor' | null
}

/** Whether this person may refund this gift at all (the route's guard and the model's agree). */
export function mayRefund(actor: RefundActor, donation: { succeededAt: Date | null }, now = new Date()) {
  if (actor.isAdmin) return true
  return actor.role === 'owner' && donation.succeededAt !== null && now.getTime() - donation.succeededAt.getTime() < OWNER_REFUND_DAYS * 86_400_000
}

export async function requestRefund(
  db: Db,
  gateway: Pick<PaymentGateway, 'refund'>,
  input: { donationId: string; actor: RefundActor; amount: bigint; reason: string; platformCovers?: boolean; now?: Date },
): Promise<{ ok: true; refundId: string } | { ok: false; refusal: RefundRefusal }> {
  if (input.platformCovers && !input.actor.isAdmin) return { ok: false, refusal: { reason: 'forbidden' } }
  const reserved = await db.transaction(async (tx) => {
    const [found] = await tx.select({ projectId: donations.projectId }).from(donations).where(eq(donations.id, input.donationId))
    if (!found) return { ok: false as const, refusal: { reason: 'notRefundable' as const } }
    // The project's money first, then the gift: the order every money path takes.
    await lockProjectMoney(tx, found.projectId)
    const [donation] = await tx.select().from(donations).where(eq(donations.id, input.donationId)).for('update')
    if (!donation || !REFUNDABLE.has(donation.status) || !donation.paymentIntentId) return { ok: false as const, refusal: { reason: 'notRefundable' as const } }
    if (!mayRefund(input.actor, donation, input.now)) return { ok: false as const, refusal: { reason: 'forbidden' as const } }
    const [asked] = await tx
      .select({ total: sql<string>`coalesce(sum(${refunds.amount}), 0)::text` })
      .from(refunds)
      .where(and(eq(refunds.donationId, donation.id), eq(refunds.status, 'requested')))
    const inFlight = BigInt(asked?.total ?? 0)
    const max = donation.amount - donation.refundedAmount - inFlight
    if (input.amount <= 0n || input.amount > max) return { ok: false as const, refusal: inFlight > 0n ? { reason: 'inProgress' as const, max } : { reason: 'tooMuch' as const, max } }
    const { available } = await balances(tx, donation.projectId)
    if (input.amount > available && !input.platformCovers) return { ok: false as const, refusal: { reason: 'overdrawn' as const, available: available < 0n ? 0n : available } }
    const cumulative = donation.refundedAmount + inFlight + input.amount
    const [row] = await tx
      .insert(refunds)
      .values({
        donationId: donation.id,
        projectId: donation.projectId,
        amount: input.amount,
        currency: donation.currency,
        cumulative,
        platformCovers: Boolean(input.platformCovers),
        reason: input.reason,
        requestedBy: input.actor.userId,
      })
      .returning()
    await tx.insert(auditLog).values({
      actorId: input.actor.userId,
      action: input.platformCovers ? 'donation.refund.platform_covers' : 'donation.refund',
      targetType: 'donation',
      targetId: donation.id,
      reason: input.reason,
      details: { amount: input.amount.toString(), receiptNumber: donation.receiptNumber, unspentAvailable: available.toString() },
    })
    return { ok: true as const, refund: row!, paymentIntentId: donation.paymentIntentId }
  })
  if (!reserved.ok) return reserved
  const { refund, paymentIntentId } = reserved
  try {
    const done = await gateway.refund({ paymentIntentId, amount: refund.amount, reason: refund.reason, idempotencyKey: `refund:${refund.donationId}:${refund.cumulative}` })
    await db.update(refunds).set({ gatewayRefundId: done.id }).where(eq(refunds.id, refund.id))
    return { ok: true, refundId: refund.id }
  } catch (error) {
    const message = (error as Error).message.slice(0, 300)
    logger.warn({ err: error, refundId: refund.id }, 'the gateway refused a refund')
    await db
      .update(refunds)
      .set({ status: 'failed', failure: message, settledAt: new Date() })
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'requested')))
    return { ok: false, refusal: { reason: 'gateway', message } }
  }
}
