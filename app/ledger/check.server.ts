/**
 * `npm run ledger:check`: the money is real and the books agree.
 *
 * - Against the gateway's own records (the sandbox's tables; with Stripe keys, Stripe's API, paged):
 *   every credited gift is a paid checkout session, every renewal a paid invoice, of the same amount
 *   and currency; every gift's refunded total is what the gateway refunded; a payment the gateway
 *   took over an hour ago is credited. A credit with no gateway record behind it is named.
 * - Within the books: the ledger's summaries per project and kind and per hour, the projects'
 *   derived totals, and each donation's status equal what the entries say; no project is overdrawn.
 *
 * Returns every disagreement (empty when all is well).
 */
import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { ledgerCheckGatewayRecords } from '~db/schema'
import type { GatewayRecord, PaymentGateway } from '~/payments/gateway.server'

export interface LedgerProblem {
  kind: 'project' | 'donation' | 'hours' | 'totals' | 'balance' | 'gateway'
  id: string
  detail: string
}

export async function checkLedger(db: Db, gateway: Pick<PaymentGateway, 'name' | 'records'>): Promise<LedgerProblem[]> {
  const [books, money] = [await checkBooks(db), await checkAgainstGateway(db, gateway)]
  return [...books, ...money]
}

/** The books' half of the check: summaries, derived totals and donation statuses against the entries. */
export async function checkBooks(db: Db): Promise<LedgerProblem[]> {
  const projects = await queryRows<{ id: string; slug: string; raised: string; count: number; ledger: string; credits: number }>(
    db,
    sql`select p.id, p.slug, p.raised_amount::text as raised, p.donation_count as count, l.received::text as ledger, l.credits
        from projects p
        cross join lateral (
          select coalesce(sum(amount) filter (where kind::text not in ('expense', 'expense_reversal')), 0) as received,
                 (count(*) filter (where kind = 'donation'))::int as credits
          from ledger_entries where project_id = p.id) l
        where (p.raised_amount <> l.received or p.donation_count <> l.credits)`,
  )
  const overdrawn = await queryRows<{ id: string; balance: string }>(
    db,
    sql`select project_id::text as id, sum(amount)::text as balance from ledger_entries group by project_id having sum(amount) < 0`,
  )
  const donations = await queryRows<{ id: string; status: string; amount: string; refunded: string; credits: number; credited: string; refunds: string }>(
    db,
    sql`select d.id, d.status::text as status, d.amount::text as amount, d.refunded_amount::text as refunded,
          (count(l.id) filter (where l.kind = 'donation'))::int as credits,
          coalesce(sum(l.amount) filter (where l.kind = 'donation'), 0)::text as credited,
          coalesce(-sum(l.amount) filter (where l.kind = 'refund'), 0)::text as refunds
        from donations d left join ledger_entries l on l.donation_id = d.id
        group by d.id
        having case when d.status in ('pending', 'failed')
          then count(l.id) filter (where l.kind = 'donation') <> 0
          else (count(l.id) filter (where l.kind = 'donation') <> 1
            or coalesce(sum(l.amount) filter (where l.kind = 'donation'), 0) <> d.amount
            or coalesce(-sum(l.amount) filter (where l.kind = 'refund'), 0) <> d.refunded_amount)
          end`,
  )
  // The trigger-kept summaries against the entries themselves, both ways (full outer joins).
  const hours = await queryRows<{ project: string; kind: string; hour: string; kept: string | null; actual: string | null }>(
    db,
    sql`select coalesce(h.project_id, e.project_id)::text as project, coalesce(h.kind, e.kind)::text as kind, coalesce(h.hour, e.hour)::text as hour,
          h.entries || ' entries, ' || h.amount as kept, e.entries || ' entries, ' || e.amount as actual
        from project_ledger_hours h
        full join (select project_id, kind, date_trunc('hour', occurred_at, 'UTC') as hour, count(*)::int as entries, sum(amount) as amount
                   from ledger_entries group by 1, 2, 3) e
          on e.project_id = h.project_id and e.kind = h.kind and e.hour = h.hour
        where (h.entries is distinct from e.entries or h.amount is distinct from e.amount)`,
  )
  const totals = await queryRows<{ project: string; kind: string; kept: string | null; actual: string | null }>(
    db,
    sql`select coalesce(t.project_id, e.project_id)::text as project, coalesce(t.kind, e.kind)::text as kind,
          t.entries || ' entries, ' || t.amount as kept, e.entries || ' entries, ' || e.amount as actual
        from project_ledger_totals t
        full join (select project_id, kind, count(*)::int as entries, sum(amount) as amount from ledger_entries group by 1, 2) e
          on e.project_id = t.project_id and e.kind = t.kind
        where (t.entries is distinct from e.entries or t.amount is distinct from e.amount)`,
  )
  return [
    ...totals.map((t) => ({ kind: 'totals' as const, id: t.project, detail: `${t.kind}: summary ${t.kept ?? 'missing'}, ledger ${t.actual ?? 'none'}` })),
    ...hours.map((h) => ({ kind: 'hours' as const, id: h.project, detail: `${h.kind} at ${h.hour}: summary ${h.kept ?? 'missing'}, ledger ${h.actual ?? 'none'}` })),
    ...projects.map((p) => ({ kind: 'project' as const, id: p.id, detail: `${p.slug}: derived ${p.raised} in ${p.count} gifts, ledger ${p.ledger} in ${p.credits} credits` })),
    ...overdrawn.map((o) => ({ kind: 'balance' as const, id: o.id, detail: `unspent balance ${o.balance} is below zero` })),
    ...donations.map((d) => ({ kind: 'donation' as const, id: d.id, detail: `${d.status}, amount ${d.amount}, refunded ${d.refunded}: ${d.credits} credits totalling ${d.credited}, refunds ${d.refunds}` })),
  ]
}

/**
 * The gateway's records are streamed, page by page, into a scratch table under this run's id (no
 * transaction stays open while the gateway is read), one query per rule compares them with the
 * donations, and the run's rows are deleted: the check's memory does not grow with the payments.
 */
async function checkAgainstGateway(db: Db, gateway: Pick<PaymentGateway, 'name' | 'records'>): Promise<LedgerProblem[]> {
  const runId = randomUUID()
  try {
    let page: GatewayRecord[] = []
    const flush = async () => {
      if (!page.length) return
      const rows = page.map((r) => ({ runId, type: r.type, ref: r.ref, amount: r.amount, currency: r.currency.toUpperCase() }))
      page = []
      await db
        .insert(ledgerCheckGatewayRecords)
        .values(rows)
        .onConflictDoUpdate({ target: [ledgerCheckGatewayRecords.runId, ledgerCheckGatewayRecords.type, ledgerCheckGatewayRecords.ref], set: { amount: sql`excluded.amount` } })
    }
    for await (const record of gateway.records()) {
      page.push(record)
      if (page.length >= 1000) await flush()
    }
    await flush()
    return await compare(db, runId, gateway.name)
  } finally {
    await db.delete(ledgerCheckGatewayRecords).where(eq(ledgerCheckGatewayRecords.runId, runId))
  }
}

async function compare(db: Db, runId: string, gateway: string): Promise<LedgerProblem[]> {
  const records = sql`(select type, ref, amount, trim(currency) as currency from ledger_check_gateway_records where run_id = ${runId})`
  const credited = sql`d.status in ('succeeded', 'refunded', 'partially_refunded', 'disputed')`
  const unbacked = await queryRows<{ id: string; receipt: string | null; amount: string; currency: string; what: string; ref: string | null; gateway_amount: string | null; gateway_currency: string | null }>(
    db,
    sql`select d.id, d.receipt_number as receipt, d.amount::text as amount, d.currency,
               case when d.invoice_id is null then 'checkout session' else 'invoice' end as what,
               coalesce(d.invoice_id, d.checkout_session_id) as ref,
               g.amount::text as gateway_amount, g.currency as gateway_currency
        from donations d
        left join ${records} g
          on ((g.type = 'invoice' and g.ref = d.invoice_id) or (d.invoice_id is null and g.type = 'checkout' and g.ref = d.checkout_session_id))
        where (${credited}) and (g.ref is null or g.amount <> d.amount or g.currency <> trim(d.currency))`,
  )
  const refunds = await queryRows<{ id: string; receipt: string | null; refunded: string; gateway: string }>(
    db,
    sql`select d.id, d.receipt_number as receipt, d.refunded_amount::text as refunded, coalesce(g.amount, 0)::text as gateway
        from donations d left join ${records} g on g.type = 'refunds' and g.ref = d.payment_intent_id
        where (${credited}) and d.payment_intent_id is not null and d.refunded_amount <> coalesce(g.amount, 0)`,
  )
  const uncredited = await queryRows<{ id: string; ref: string; amount: string }>(
    db,
    sql`select d.id, g.ref, g.amount::text as amount
        from ${records} g join donations d on d.checkout_session_id = g.ref
        where g.type = 'checkout' and d.status in ('pending', 'failed') and d.held_at is null and d.created_at < now() - interval '1 hour'`,
  )
  return [
    ...unbacked.map((d) => ({
      kind: 'gateway' as const,
      id: d.id,
      detail:
        d.gateway_amount === null
          ? `${d.receipt ?? 'gift'} credited ${d.amount} ${d.currency.trim()} with no paid ${d.what} at the ${gateway} gateway${d.ref ? ` (${d.ref})` : ''}`
          : `${d.receipt ?? 'gift'} credited ${d.amount} ${d.currency.trim()}, the ${gateway} gateway's ${d.what} ${d.ref} took ${d.gateway_amount} ${d.gateway_currency}`,
    })),
    ...refunds.map((d) => ({ kind: 'gateway' as const, id: d.id, detail: `${d.receipt ?? 'gift'} shows ${d.refunded} refunded, the ${gateway} gateway refunded ${d.gateway}` })),
    ...uncredited.map((d) => ({ kind: 'gateway' as const, id: d.id, detail: `the ${gateway} gateway took ${d.amount} in ${d.ref} over an hour ago, and the gift is not credited` })),
  ]
}
