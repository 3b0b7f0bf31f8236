/**
 * Tamper evidence for the ledger (docs/ledger.md). A job seals entries, in id order, after they have
 * settled (never on the donation path), into the platform's chain and each project's chain
 * (chain.server.ts): one `ledger_seals` row per entry with its position, its predecessor's hash, its
 * hash, and its position and hash in its project's chain.
 *
 * `verifyLedger` recomputes both chains from the entries and names the first entry that was
 * changed, deleted or slipped in; tools/verify-ledger.mjs does the same from a public export, the
 * platform's or one project's.
 */
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { ledgerEntries, ledgerSeals } from '~db/schema'
import { chainHash, GENESIS, projectChainHash } from './chain.server'

/** Below every possible entry id (ids are bigint; a forged row could use any of them). */
export const BEFORE_ALL_IDS = -(2n ** 63n)

/** Seals settled entries (older than `settleSeconds`) after the last sealed one. Serialised by an advisory lock. */
export async function sealLedger(db: Db, { settleSeconds = 60, batch = 5000 }: { settleSeconds?: number; batch?: number } = {}) {
  return db.transaction(async (tx) => {
    await queryRows(tx, sql`select pg_advisory_xact_lock(7243001)`)
    const [last] = await tx.select().from(ledgerSeals).orderBy(desc(ledgerSeals.position)).limit(1)
    const entries = await tx
      .select()
      .from(ledgerEntries)
      .where(sql`${ledgerEntries.id} > ${last?.entryId ?? BEFORE_ALL_IDS} and ${ledgerEntries.createdAt} < now() - make_interval(secs => ${settleSeconds})`)
      .orderBy(asc(ledgerEntries.id))
      .limit(batch)
    if (!entries.length) return { sealed: 0, head: last?.hash ?? GENESIS, position: last?.position ?? 0n }
    // Each project's last link, for the projects in this batch.
    const projectIds = [...new Set(entries.map((e) => e.projectId))]
    const heads = await queryRows<{ project_id: string; head_position: string; head_hash: string }>(
      tx,
      sql`select distinct on (s.project_id) s.project_id, s.project_position::text as head_position, s.project_hash as head_hash
          from ${ledgerSeals} s where s.project_id in ${sql`(${sql.join(projectIds.map((id) => sql`${id}::uuid`), sql`, `)})`}
          order by s.project_id, s.project_position desc`,
    )
    const projectHeads = new Map(heads.map((h) => [h.project_id, { position: BigInt(h.head_position), hash: h.head_hash }]))
    let previous = last?.hash ?? GENESIS
    let position = last?.position ?? 0n
    const rows = entries.map((entry) => {
      const prevHash = previous
      previous = chainHash(previous, entry)
      position += 1n
      const head = projectHeads.get(entry.projectId) ?? { position: 0n, hash: GENESIS }
      const projectHead = { position: head.position + 1n, hash: projectChainHash(head.hash, previous) }
      projectHeads.set(entry.projectId, projectHead)
      return { entryId: entry.id, position, prevHash, hash: previous, projectId: entry.projectId, projectPosition: projectHead.position, projectHash: projectHead.hash }
    })
    await tx.insert(ledgerSeals).values(rows)
    return { sealed: rows.length, head: previous, position }
  })
}

/** The platform chain's head: what a published copy of the chain can be compared with. */
export async function chainHead(db: Db) {
  const [last] = await db.select().from(ledgerSeals).orderBy(desc(ledgerSeals.position)).limit(1)
  return last ? { position: last.position, entryId: last.entryId, hash: last.hash, sealedAt: last.sealedAt } : null
}

export async function sealOf(db: Db, entryId: bigint) {
  const [seal] = await db.select().from(ledgerSeals).where(eq(ledgerSeals.entryId, entryId))
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

/** Recomputes both chains, walking entries and seals side by side in pages, and names the first bad entry. */
export async function verifyLedger(db: Db, { pageSize = 10_000 }: { pageSize?: number } = {}): Promise<VerifyResult> {
  const entries = pages<EntryRow>((after) => db.select().from(ledgerEntries).where(gt(ledgerEntries.id, after)).orderBy(asc(ledgerEntries.id)).limit(pageSize), (e) => e.id)
  const seals = pages<SealRow>((after) => db.select().from(ledgerSeals).where(gt(ledgerSeals.entryId, after)).orderBy(asc(ledgerSeals.entryId)).limit(pageSize), (s) => s.entryId)
  let entry = await entries.next()
  let seal = await seals.next()
  let previous = GENESIS
  let expectedPosition = 1n
  let checked = 0
  const projects = new Map<string, { position: bigint; hash: string }>()
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
    const id = String(entry.value.id)
    if (seal.value.position !== expectedPosition) return { ok: false, checked, entryId: id, problem: `out of order: sealed at position ${seal.value.position}, expected ${expectedPosition}` }
    if (seal.value.prevHash !== previous) return { ok: false, checked, entryId: id, problem: 'out of order: its recorded predecessor is not the entry before it' }
    const hash = chainHash(previous, entry.value)
    if (hash !== seal.value.hash) return { ok: false, checked, entryId: id, problem: 'changed: its content no longer matches its seal' }
    const head = projects.get(entry.value.projectId) ?? { position: 0n, hash: GENESIS }
    if (seal.value.projectId !== entry.value.projectId || seal.value.projectPosition !== head.position + 1n || seal.value.projectHash !== projectChainHash(head.hash, hash))
      return { ok: false, checked, entryId: id, problem: "changed: its project's chain does not lead to it" }
    projects.set(entry.value.projectId, { position: head.position + 1n, hash: seal.value.projectHash })
    previous = hash
    expectedPosition++
    checked++
    entry = await entries.next()
    seal = await seals.next()
  }
  return { ok: true, checked, head: previous }
}

/** Entries for the export, sealed or not, in id order after `afterId` (one project's, or all). */
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
      prevHash: ledgerSeals.prevHash,
      hash: ledgerSeals.hash,
      projectPosition: ledgerSeals.projectPosition,
      projectHash: ledgerSeals.projectHash,
    })
    .from(ledgerEntries)
    .leftJoin(ledgerSeals, eq(ledgerSeals.entryId, ledgerEntries.id))
    .where(projectId ? and(gt(ledgerEntries.id, afterId), eq(ledgerEntries.projectId, projectId)) : gt(ledgerEntries.id, afterId))
    .orderBy(asc(ledgerEntries.id))
    .limit(limit)
}
