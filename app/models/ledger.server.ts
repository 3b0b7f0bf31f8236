/**
 * Tamper evidence for the ledger (docs/ledger.md). A job seals entries into one hash chain, in id
 * order, after they have settled (never on the donation path):
 *
 *   hash(n) = SHA-256( hash(n−1) ‖ canonical(entry n) ),   hash(0) = 64 zeros
 *   canonical(entry) = JSON.stringify([id, occurredAt ISO, projectId, kind, amount, currency, donationId, memo])
 *
 * `verifyLedger` recomputes the chain from the entries and names the first entry that was changed,
 * deleted or slipped in; tools/verify-ledger.mjs does the same from the public export.
 */
import { createHash } from 'node:crypto'
import { asc, desc, gt, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { ledgerEntries, ledgerSeals } from '~db/schema'

export const GENESIS = '0'.repeat(64)
/** Below every possible entry id (ids are bigint; a forged row could use any of them). */
export const BEFORE_ALL_IDS = -(2n ** 63n)

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

export function chainHash(previous: string, entry: ChainEntry) {
  return createHash('sha256').update(previous).update(canonicalEntry(entry)).digest('hex')
}

/** Seals settled entries (older than `settleSeconds`) after the last sealed one. Serialised by an advisory lock. */
export async function sealLedger(db: Db, { settleSeconds = 60, batch = 5000 }: { settleSeconds?: number; batch?: number } = {}) {
  return db.transaction(async (tx) => {
    await queryRows(tx, sql`select pg_advisory_xact_lock(7243001)`)
    const [last] = await tx.select().from(ledgerSeals).orderBy(desc(ledgerSeals.position)).limit(1)
    const entries = await tx
      .select()
      .from(ledgerEntries)
      .where(sql`${ledgerEntries.id} > ${last?.entryId ?? 0n} and ${ledgerEntries.createdAt} < now() - make_interval(secs => ${settleSeconds})`)
      .orderBy(asc(ledgerEntries.id))
      .limit(batch)
    let previous = last?.hash ?? GENESIS
    let position = last?.position ?? 0n
    const rows = entries.map((entry) => {
      previous = chainHash(previous, entry)
      position += 1n
      return { entryId: entry.id, position, hash: previous }
    })
    if (rows.length) await tx.insert(ledgerSeals).values(rows)
    return { sealed: rows.length, head: previous, position }
  })
}

export async function chainHead(db: Db) {
  const [last] = await db.select().from(ledgerSeals).orderBy(desc(ledgerSeals.position)).limit(1)
  return last ? { position: last.position, entryId: last.entryId, hash: last.hash, sealedAt: last.sealedAt } : null
}

export async function sealOf(db: Db, entryId: bigint) {
  const [seal] = await db.select().from(ledgerSeals).where(sql`${ledgerSeals.entryId} = ${entryId}`)
  return seal ?? null
}

export type VerifyResult = { ok: true; checked: number; head: string } | { ok: false; checked: number; entryId: string; problem: string }

type EntryRow = typeof ledgerEntries.$inferSelect
type SealRow = typeof ledgerSeals.$inferSelect

async function* pages<T>(fetch: (after: bigint) => Promise<T[]>, key: (row: T) => bigint) {
  let after = BEFORE_ALL_IDS
  for (;;) {
    const page = await fetch(after)
    if (page.length === 0) return
    yield* page
    after = key(page.at(-1)!)
  }
}

/** Recomputes the whole chain, walking entries and seals side by side in pages, and names the first bad entry. */
export async function verifyLedger(db: Db, { pageSize = 10_000 }: { pageSize?: number } = {}): Promise<VerifyResult> {
  const entries = pages<EntryRow>((after) => db.select().from(ledgerEntries).where(gt(ledgerEntries.id, after)).orderBy(asc(ledgerEntries.id)).limit(pageSize), (e) => e.id)
  const seals = pages<SealRow>((after) => db.select().from(ledgerSeals).where(gt(ledgerSeals.entryId, after)).orderBy(asc(ledgerSeals.entryId)).limit(pageSize), (s) => s.entryId)
  let entry = await entries.next()
  let seal = await seals.next()
  let previous = GENESIS
  let expectedPosition = 1n
  let checked = 0
  while (!entry.done || !seal.done) {
    if (!entry.done && (seal.done || entry.value.id < seal.value.entryId)) {
      // An entry without a seal: fine only after the last sealed entry (not sealed yet).
      if (!seal.done) return { ok: false, checked, entryId: String(entry.value.id), problem: 'inserted: not in the chain although later entries are' }
      checked++
      entry = await entries.next()
      continue
    }
    if (seal.done) break
    if (entry.done || seal.value.entryId < entry.value.id) return { ok: false, checked, entryId: String(seal.value.entryId), problem: 'deleted: the chain seals an entry that is no longer in the ledger' }
    if (seal.value.position !== expectedPosition) return { ok: false, checked, entryId: String(entry.value.id), problem: `out of order: sealed at position ${seal.value.position}, expected ${expectedPosition}` }
    const hash = chainHash(previous, entry.value)
    if (hash !== seal.value.hash) return { ok: false, checked, entryId: String(entry.value.id), problem: 'changed: its content no longer matches its seal' }
    previous = hash
    expectedPosition++
    checked++
    entry = await entries.next()
    seal = await seals.next()
  }
  return { ok: true, checked, head: previous }
}

/** Sealed entries for the export, in id order after `afterId`. */
export async function exportPage(db: Db, afterId: bigint, limit: number, projectId?: string) {
  return db
    .select({
      id: ledgerEntries.id,
      occurredAt: ledgerEntries.occurredAt,
      projectId: ledgerEntries.projectId,
      kind: ledgerEntries.kind,
      amount: ledgerEntries.amount,
      currency: ledgerEntries.currency,
      donationId: ledgerEntries.donationId,
      memo: ledgerEntries.memo,
      position: ledgerSeals.position,
      hash: ledgerSeals.hash,
    })
    .from(ledgerEntries)
    .leftJoin(ledgerSeals, sql`${ledgerSeals.entryId} = ${ledgerEntries.id}`)
    .where(sql`${gt(ledgerEntries.id, afterId)} ${projectId ? sql`and ${ledgerEntries.projectId} = ${projectId}` : sql``}`)
    .orderBy(asc(ledgerEntries.id))
    .limit(limit)
}
