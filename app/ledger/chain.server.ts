/**
 * The ledger's one entry hash and its two chains (docs/ledger.md). `tools/verify-ledger.mjs` computes
 * exactly the same, with no dependencies, from the public export; a test holds the two together.
 *
 *   canonical(entry) = JSON.stringify([id, occurred_at ISO, project_id, kind, amount, currency, donation_id, memo])
 *   hash(n)          = SHA-256( hash(n−1) ‖ canonical(entry n) )        the platform's chain, hash(0) = 64 zeros
 *   project_hash(k)  = SHA-256( project_hash(k−1) ‖ hash )               each project's chain over the same hashes
 *
 * An entry's `hash` ties it to every entry before it on the platform; its `project_hash` ties it to
 * every entry before it in its project, so one project's export verifies on its own and names an
 * entry that was changed, dropped or slipped in.
 */
import { createHash } from 'node:crypto'

export const GENESIS = '0'.repeat(64)

export interface ChainEntry {
  id: bigint | string
  occurredAt: Date | string
  projectId: string
  kind: string
  amount: bigint | string
  currency: string
  donationId: string | null
  memo: string | null
}

export function canonicalEntry(e: ChainEntry) {
  const occurred = typeof e.occurredAt === 'string' ? new Date(e.occurredAt).toISOString() : e.occurredAt.toISOString()
  return JSON.stringify([String(e.id), occurred, e.projectId, e.kind, String(e.amount), e.currency.trim(), e.donationId ?? null, e.memo ?? null])
}

/** An entry's link in the platform's chain. */
export function chainHash(previous: string, entry: ChainEntry) {
  return createHash('sha256').update(previous).update(canonicalEntry(entry)).digest('hex')
}

/** The entry's link in its project's chain, over its platform hash. */
export function projectChainHash(previousProjectHash: string, hash: string) {
  return createHash('sha256').update(previousProjectHash).update(hash).digest('hex')
}
