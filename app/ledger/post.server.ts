/**
 * The one writer of money (DESIGN.md, "Ledger and transparency"; STYLE.md, "Money"). Every movement —
 * a gift, a refund, a dispute and its reversal, an expense and its void, what the platform covers, a
 * sponsor's match and its reversal — is posted here, and nothing else inserts into `ledger_entries`
 * (`no-other-writer.test.ts` reads the source tree to hold that). A post runs inside the caller's
 * transaction and:
 *
 * - serialises the project's money: the project row is locked (FOR NO KEY UPDATE) before its balance
 *   is read, so two posts to one project see each other's entries;
 * - refuses a currency other than the project's, and an amount with the wrong sign for its kind;
 * - posts each movement once: `externalRef` is UNIQUE, so a replayed event posts nothing;
 * - never leaves the project's unspent balance (the sum of all its entries) below zero. An outflow
 *   that would is refused with the balance it met (`LedgerRefused`), unless the caller says the
 *   platform covers the shortfall: then a visible `platform_cover` entry for exactly the shortfall is
 *   posted in the same statement. The ledger's trigger enforces the same in the database
 *   (migration 0016) and derives the project's totals.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { ledgerEntries, type ledgerEntryKind, projects, refunds } from '~db/schema'

export type EntryKind = (typeof ledgerEntryKind.enumValues)[number]

/** Kinds that bring money into a project, and kinds that take it out. */
const INFLOW: ReadonlySet<EntryKind> = new Set(['donation', 'dispute_reversal', 'expense_reversal', 'platform_cover', 'match', 'sponsor_gift'])
const OUTFLOW: ReadonlySet<EntryKind> = new Set(['refund', 'dispute', 'expense', 'match_reversal'])
/**
 * Kinds that count as money received (a project's "raised"): everything but its own spending. A
 * sponsor's match or participation gift is received money; only `donation` entries count as gifts
 * (`donation_count`).
 */
export const RECEIVED_KINDS: readonly EntryKind[] = ['donation', 'refund', 'dispute', 'dispute_reversal', 'platform_cover', 'match', 'match_reversal', 'sponsor_gift']
export const SPENDING_KINDS: readonly EntryKind[] = ['expense', 'expense_reversal']

export interface Posting {
  kind: EntryKind
  /** Signed minor units: positive in, negative out. */
  amount: bigint
  /** What makes this movement unique (`donation:<id>`, `refund:<donation>:<total>`, `expense:<id>` …). */
  externalRef: string
  donationId?: string | null
  memo?: string | null
  occurredAt: Date
}

export type Shortfall = 'refuse' | 'platformCovers'

export type LedgerRefusal = 'unknownProject' | 'wrongCurrency' | 'wrongSign' | 'overdrawn'

export class LedgerRefused extends Error {
  override name = 'LedgerRefused'
  constructor(
    readonly reason: LedgerRefusal,
    /** For `overdrawn`: the unspent balance the outflow met, in the project's currency. */
    readonly unspent?: bigint,
    readonly currency?: string,
  ) {
    super(`ledger refused: ${reason}${unspent === undefined ? '' : ` (unspent ${unspent} ${currency ?? ''})`}`)
  }
}

export interface Posted {
  posted: { id: bigint; kind: EntryKind; amount: bigint; externalRef: string }[]
  /** What the platform covered (0 when nothing). */
  covered: bigint
  /** The project's unspent balance after the post. */
  unspent: bigint
}

/** Locks the project's money for the rest of the transaction and returns its currency. */
export async function lockProjectMoney(tx: Db, projectId: string) {
  const [project] = await tx.select({ currency: projects.currency }).from(projects).where(eq(projects.id, projectId)).for('no key update')
  if (!project) throw new LedgerRefused('unknownProject')
  return project.currency.trim()
}

export async function post(tx: Db, input: { projectId: string; currency: string; entries: Posting[]; shortfall?: Shortfall; coverMemo?: string }): Promise<Posted> {
  const currency = await lockProjectMoney(tx, input.projectId)
  if (currency !== input.currency.trim()) throw new LedgerRefused('wrongCurrency')
  for (const e of input.entries) {
    if ((INFLOW.has(e.kind) && e.amount <= 0n) || (OUTFLOW.has(e.kind) && e.amount >= 0n)) throw new LedgerRefused('wrongSign')
  }
  const before = await unspentBalance(tx, input.projectId)
  // A movement already posted (a replay) is skipped; so is a second copy within this call.
  const refs = [...new Set(input.entries.map((e) => e.externalRef))]
  const existing = refs.length
    ? new Set((await tx.select({ ref: ledgerEntries.externalRef }).from(ledgerEntries).where(inArray(ledgerEntries.externalRef, refs))).map((r) => r.ref))
    : new Set<string | null>()
  const fresh: Posting[] = []
  for (const e of input.entries) {
    if (existing.has(e.externalRef)) continue
    existing.add(e.externalRef)
    fresh.push(e)
  }
  if (!fresh.length) return { posted: [], covered: 0n, unspent: before }
  const after = fresh.reduce((sum, e) => sum + e.amount, before)
  let covered = 0n
  if (after < 0n) {
    if (input.shortfall !== 'platformCovers') throw new LedgerRefused('overdrawn', before, currency)
    covered = -after
    const first = fresh.find((e) => OUTFLOW.has(e.kind))!
    fresh.push({ kind: 'platform_cover', amount: covered, externalRef: `cover:${first.externalRef}`, donationId: first.donationId ?? null, memo: input.coverMemo ?? null, occurredAt: first.occurredAt })
  }
  const posted: Posted['posted'] = []
  // One statement per thousand rows: the trigger checks each statement's net effect, and an outflow
  // and its cover always travel together (they are the last rows, and a batch is never split there).
  for (let i = 0; i < fresh.length; i += 1000) {
    const rows = await tx
      .insert(ledgerEntries)
      .values(
        fresh.slice(i, i + 1000).map((e) => ({
          projectId: input.projectId,
          kind: e.kind,
          amount: e.amount,
          currency,
          donationId: e.donationId ?? null,
          memo: e.memo ?? null,
          externalRef: e.externalRef,
          occurredAt: e.occurredAt,
        })),
      )
      .returning({ id: ledgerEntries.id, kind: ledgerEntries.kind, amount: ledgerEntries.amount, externalRef: ledgerEntries.externalRef })
    posted.push(...rows.map((r) => ({ ...r, externalRef: r.externalRef! })))
  }
  return { posted, covered, unspent: after + covered }
}

/**
 * Locks many projects' money for the rest of the transaction, in id order — the one order every
 * batch takes, so processors that each lock a batch's projects never deadlock — and returns each
 * project's currency.
 */
export async function lockProjectsMoney(tx: Db, projectIds: readonly string[]) {
  const ids = [...new Set(projectIds)].sort()
  if (!ids.length) return new Map<string, string>()
  const rows = await tx.select({ id: projects.id, currency: projects.currency }).from(projects).where(inArray(projects.id, ids)).orderBy(projects.id).for('no key update')
  return new Map(rows.map((r) => [r.id, r.currency.trim()]))
}

/**
 * `post` for many projects at once (the event processor's batches, ADR 0016): the same checks and the
 * same guarantees, in a fixed number of statements whatever the batch's size — the projects locked
 * once each, in id order; currency and sign checked; replays skipped by `externalRef`; each project's
 * balance checked (one grouped read, only when some posting takes money out) and, where the caller
 * says so, a shortfall covered by a visible `platform_cover` entry; then one INSERT per thousand
 * rows. A refusal refuses the whole call (the caller's transaction decides what that means).
 */
export async function postMany(
  tx: Db,
  postings: readonly { projectId: string; currency: string; entry: Posting; shortfall?: Shortfall; coverMemo?: string }[],
): Promise<{ posted: Posted['posted']; covered: Map<string, bigint> }> {
  if (!postings.length) return { posted: [], covered: new Map() }
  const currencies = await lockProjectsMoney(tx, postings.map((p) => p.projectId))
  for (const p of postings) {
    const currency = currencies.get(p.projectId)
    if (currency === undefined) throw new LedgerRefused('unknownProject')
    if (currency !== p.currency.trim()) throw new LedgerRefused('wrongCurrency')
    const e = p.entry
    if ((INFLOW.has(e.kind) && e.amount <= 0n) || (OUTFLOW.has(e.kind) && e.amount >= 0n)) throw new LedgerRefused('wrongSign')
  }
  const refs = [...new Set(postings.map((p) => p.entry.externalRef))]
  const existing = new Set<string | null>()
  for (let i = 0; i < refs.length; i += 1000)
    for (const r of await tx.select({ ref: ledgerEntries.externalRef }).from(ledgerEntries).where(inArray(ledgerEntries.externalRef, refs.slice(i, i + 1000)))) existing.add(r.ref)
  const fresh: (typeof postings)[number][] = []
  for (const p of postings) {
    if (existing.has(p.entry.externalRef)) continue
    existing.add(p.entry.externalRef)
    fresh.push(p)
  }
  const covered = new Map<string, bigint>()
  const rows: { projectId: string; entry: Posting }[] = fresh.map((p) => ({ projectId: p.projectId, entry: p.entry }))
  const outflowProjects = [...new Set(fresh.filter((p) => OUTFLOW.has(p.entry.kind)).map((p) => p.projectId))]
  if (outflowProjects.length) {
    const balances = await queryRows<{ project_id: string; unspent: string }>(
      tx,
      sql`select project_id, coalesce(sum(amount), 0)::text as unspent from project_ledger_totals where project_id in (${sql.join(outflowProjects.map((id) => sql`${id}::uuid`), sql`, `)}) group by project_id`,
    )
    const unspent = new Map(balances.map((b) => [b.project_id, BigInt(b.unspent)]))
    for (const projectId of outflowProjects) {
      const mine = fresh.filter((p) => p.projectId === projectId)
      const before = unspent.get(projectId) ?? 0n
      const after = mine.reduce((sum, p) => sum + p.entry.amount, before)
      if (after >= 0n) continue
      const first = mine.find((p) => OUTFLOW.has(p.entry.kind))!
      if (first.shortfall !== 'platformCovers') throw new LedgerRefused('overdrawn', before, currencies.get(projectId))
      covered.set(projectId, -after)
      const e = first.entry
      rows.push({ projectId, entry: { kind: 'platform_cover', amount: -after, externalRef: `cover:${e.externalRef}`, donationId: e.donationId ?? null, memo: first.coverMemo ?? null, occurredAt: e.occurredAt } })
    }
  }
  const posted: Posted['posted'] = []
  // One statement per thousand rows. The trigger checks each statement's net effect per project:
  // within a project, money in goes before money out, so any prefix of its rows leaves a balance at
  // least the final one (never negative) wherever a statement ends. Money in alone keeps its order.
  if (outflowProjects.length)
    rows.sort((a, b) => (a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : a.entry.amount > b.entry.amount ? -1 : a.entry.amount < b.entry.amount ? 1 : 0))
  for (let i = 0; i < rows.length; ) {
    const end = Math.min(i + 1000, rows.length)
    const inserted = await tx
      .insert(ledgerEntries)
      .values(
        rows.slice(i, end).map(({ projectId, entry: e }) => ({
          projectId,
          kind: e.kind,
          amount: e.amount,
          currency: currencies.get(projectId)!,
          donationId: e.donationId ?? null,
          memo: e.memo ?? null,
          externalRef: e.externalRef,
          occurredAt: e.occurredAt,
        })),
      )
      .returning({ id: ledgerEntries.id, kind: ledgerEntries.kind, amount: ledgerEntries.amount, externalRef: ledgerEntries.externalRef })
    posted.push(...inserted.map((r) => ({ ...r, externalRef: r.externalRef! })))
    i = end
  }
  return { posted, covered }
}

/** The sum of all a project's entries: money received and not spent (never negative). */
export async function unspentBalance(db: Db, projectId: string) {
  const [row] = await queryRows<{ unspent: string }>(db, sql`select coalesce(sum(amount), 0)::text as unspent from project_ledger_totals where project_id = ${projectId}`)
  return BigInt(row?.unspent ?? 0)
}

/**
 * A project's money at a glance: received (gifts less refunds and disputes, plus sponsors' matches
 * net of their reversals, plus what the platform covered), spent, unspent, refunds asked of the gateway and not yet through (`reserved`), and what
 * may still be spent or refunded (`available`).
 */
export async function balances(db: Db, projectId: string) {
  const [row] = await queryRows<{ received: string; spent: string; reserved: string }>(
    db,
    sql`select coalesce((select sum(amount) from project_ledger_totals where project_id = ${projectId} and kind::text in ('donation', 'refund', 'dispute', 'dispute_reversal', 'platform_cover', 'match', 'match_reversal', 'sponsor_gift')), 0)::text as received,
               coalesce((select -sum(amount) from project_ledger_totals where project_id = ${projectId} and kind::text in ('expense', 'expense_reversal')), 0)::text as spent,
               coalesce((select sum(amount) from ${refunds} where project_id = ${projectId} and status = 'requested'), 0)::text as reserved`,
  )
  const received = BigInt(row?.received ?? 0)
  const spent = BigInt(row?.spent ?? 0)
  const reserved = BigInt(row?.reserved ?? 0)
  const unspent = received - spent
  return { received, spent, unspent, reserved, available: unspent - reserved }
}

/**
 * Synthetic data sets (benchmarks): the rows a query selects — columns project_id, kind, amount,
 * currency, donation_id, external_ref, occurred_at — posted in one statement. The database trigger
 * still derives the totals and refuses an overdrawn project; nothing here is for the product's own
 * money, which goes through `post`.
 */
export async function postSelected(db: Db, rows: SQL) {
  await db.execute(sql`insert into ledger_entries (project_id, kind, amount, currency, donation_id, external_ref, occurred_at) ${rows}`)
}

/** Refunds asked of the gateway for a gift and not yet through. */
export async function openRefunds(tx: Db, donationId: string) {
  return tx.select().from(refunds).where(and(eq(refunds.donationId, donationId), eq(refunds.status, 'requested')))
}
