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
const INFLOW: ReadonlySet<EntryKind> = new Set(['donation', 'dispute_reversal', 'expense_reversal', 'platform_cover', 'match'])
const OUTFLOW: ReadonlySet<EntryKind> = new Set(['refund', 'dispute', 'expense', 'match_reversal'])
/**
 * Kinds that count as money received (a project's "raised"): everything but its own spending. A
 * sponsor's match is received money; only `donation` entries count as gifts (`donation_count`).
 */
export const RECEIVED_KINDS: readonly EntryKind[] = ['donation', 'refund', 'dispute', 'dispute_reversal', 'platform_cover', 'match', 'match_reversal']
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
    sql`select coalesce((select sum(amount) from project_ledger_totals where project_id = ${projectId} and kind::text in ('donation', 'refund', 'dispute', 'dispute_reversal', 'platform_cover', 'match', 'match_reversal')), 0)::text as received,
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
