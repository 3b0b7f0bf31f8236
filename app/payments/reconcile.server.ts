/**
 * Reconciliation: donations still pending after a while are checked with the gateway and moved
 * through the same transitions as the webhook (a lost webhook cannot lose a gift).
 */
import type { Db } from '~db/client.server'
import { stalePending } from '~/models/donations.server'
import { logger } from '~/utils/logger.server'
import type { PaymentGateway } from './gateway.server'
import { applySessionState } from './webhook.server'

export const RECONCILE_AFTER_MINUTES = 15

export async function reconcilePending(db: Db, gateway: PaymentGateway, { olderThan = new Date(Date.now() - RECONCILE_AFTER_MINUTES * 60_000) }: { olderThan?: Date } = {}) {
  const stale = await stalePending(db, olderThan)
  const outcomes: Record<string, number> = {}
  for (const donation of stale) {
    try {
      const state = await gateway.retrieveSession(donation.checkoutSessionId!)
      const outcome = await applySessionState(db, donation.id, state)
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
    } catch (error) {
      outcomes.error = (outcomes.error ?? 0) + 1
      logger.warn({ err: error, donationId: donation.id }, 'reconciliation could not check a donation')
    }
  }
  return { checked: stale.length, outcomes }
}
