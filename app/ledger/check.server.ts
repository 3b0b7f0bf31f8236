/**
 * `npm run ledger:check`: the money is real and the books agree.
 *
 * - Against the gateway's own records (the sandbox's tables; with Stripe keys, Stripe's API, paged):
 *   every credited gift is a paid checkout session, every renewal a paid invoice, of the same amount
 *   and currency; every gift's refunded total is what the gateway refunded; a payment the gateway
 *   took over an hour ago is credited. A credit with no gateway record behind it is named.
 * - Within the books: the ledger's summaries per project and kind and per hour, the projects'
 *   derived totals, and each donation's status equal what the entries say; no project is overdrawn.
 * - Sponsors' matches are not gateway money: they are checked against the pools (`checkMatches`) —
 *   each pool's committed amount is its paid and held matches, never above its total; each `match` and
 *   `match_reversal` entry belongs to a match row of the same project and gift; each match's net in the
 *   ledger is its net when paid and nothing otherwise; each match's events add up to it.
 * - Sponsors' participation gifts likewise (`checkParticipations`, ADR 0019): each participation pool's
 *   committed amount is its participations, never above its total; every `sponsor_gift` entry is
 *   exactly one participation of the same project and amount, and every participation has its entry.
 *
 * Returns every disagreement (empty when all is well).
 */
import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { ledgerCheckGatewayRecords } from '~db/schema'
import type { GatewayRecord, PaymentGateway } from '~/payments/gateway.server'

export interface LedgerProblem {
  kind: 'project' | 'donation' | 'hours' | 'totals' | 'balance' | 'gateway' | 'match' | 'pool' | 'participation'
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
    ...(await checkMatches(db)),
    ...(await checkParticipations(db)),
    ...totals.map((t) => ({ kind: 'totals' as const, id: t.project, detail: `${t.kind}: summary ${t.kept ?? 'missing'}, ledger ${t.actual ?? 'none'}` })),
    ...hours.map((h) => ({ kind: 'hours' as const, id: h.project, detail: `${h.kind} at ${h.hour}: summary ${h.kept ?? 'missing'}, ledger ${h.actual ?? 'none'}` })),
    ...projects.map((p) => ({ kind: 'project' as const, id: p.id, detail: `${p.slug}: derived ${p.raised} in ${p.count} gifts, ledger ${p.ledger} in ${p.credits} credits` })),
    ...overdrawn.map((o) => ({ kind: 'balance' as const, id: o.id, detail: `unspent balance ${o.balance} is below zero` })),
    ...donations.map((d) => ({ kind: 'donation' as const, id: d.id, detail: `${d.status}, amount ${d.amount}, refunded ${d.refunded}: ${d.credits} credits totalling ${d.credited}, refunds ${d.refunds}` })),
  ]
}

/** Matches against their pools, their ledger entries and their events (giving days, ADR 0014). */
export async function checkMatches(db: Db): Promise<LedgerProblem[]> {
  const pools = await queryRows<{ id: string; total: string; committed: string; matched: string }>(
    db,
    sql`select p.id::text, p.total_amount::text as total, p.committed_amount::text as committed, coalesce(s.net, 0)::text as matched
        from sponsor_pools p
        left join (select pool_id, sum(amount - reversed_amount) as net from matches where status in ('paid', 'held') group by 1) s on s.pool_id = p.id
        where (p.committed_amount <> coalesce(s.net, 0) or coalesce(s.net, 0) > p.total_amount)`,
  )
  const entries = sql`(select l.id, l.kind::text as kind, l.amount, l.project_id, l.donation_id,
                         case when l.kind::text = 'match' and l.external_ref ~ '^match:[0-9]+$' then split_part(l.external_ref, ':', 2)::bigint
                              when l.kind::text = 'match_reversal' and l.external_ref ~ '^match_reversal:[0-9]+:[0-9]+$' then split_part(l.external_ref, ':', 2)::bigint end as match_id
                       from ledger_entries l where l.kind::text in ('match', 'match_reversal'))`
  const orphans = await queryRows<{ id: string; kind: string; amount: string; match_id: string | null }>(
    db,
    sql`select e.id::text, e.kind, e.amount::text, e.match_id::text
        from ${entries} e left join matches m on m.id = e.match_id
        where (m.id is null or m.project_id <> e.project_id or m.donation_id is distinct from e.donation_id)`,
  )
  const unposted = await queryRows<{ id: string; status: string; amount: string; reversed: string; ledger: string }>(
    db,
    sql`select m.id::text, m.status::text, m.amount::text, m.reversed_amount::text as reversed, coalesce(e.net, 0)::text as ledger
        from matches m left join (select match_id, sum(amount) as net from ${entries} x where match_id is not null group by 1) e on e.match_id = m.id
        where coalesce(e.net, 0) <> case when m.status = 'paid' then m.amount - m.reversed_amount else 0 end`,
  )
  const uncredited = await queryRows<{ id: string; donation: string; status: string }>(
    db,
    sql`select m.id::text, m.donation_id::text as donation, d.status::text as status from matches m join donations d on d.id = m.donation_id
        where m.status in ('paid', 'held') and m.amount > m.reversed_amount and d.status in ('pending', 'failed')`,
  )
  const history = await queryRows<{ id: string; amount: string; reversed: string; decided: string | null; returned: string }>(
    db,
    sql`select m.id::text, m.amount::text, m.reversed_amount::text as reversed, e.decided::text, coalesce(e.reversed, 0)::text as returned
        from matches m left join (
          select match_id, sum(amount) filter (where kind = 'decided') as decided, sum(amount) filter (where kind = 'reversed') as reversed
          from match_events group by 1) e on e.match_id = m.id
        where (e.decided is distinct from m.amount or coalesce(e.reversed, 0) <> m.reversed_amount)`,
  )
  return [
    ...pools.map((p) => ({ kind: 'pool' as const, id: p.id, detail: `pool committed ${p.committed} of ${p.total}, its paid and held matches total ${p.matched}` })),
    ...orphans.map((o) => ({ kind: 'match' as const, id: o.id, detail: `ledger ${o.kind} entry of ${o.amount} has no match row of its project and gift${o.match_id ? ` (match ${o.match_id})` : ''}` })),
    ...unposted.map((u) => ({ kind: 'match' as const, id: u.id, detail: `match ${u.status}, ${u.amount} less ${u.reversed} reversed: the ledger holds ${u.ledger} for it` })),
    ...uncredited.map((u) => ({ kind: 'match' as const, id: u.id, detail: `match of gift ${u.donation}, which is ${u.status}` })),
    ...history.map((h) => ({ kind: 'match' as const, id: h.id, detail: `match of ${h.amount} (${h.reversed} reversed): its events decided ${h.decided ?? 'nothing'} and returned ${h.returned}` })),
  ]
}

/** Participation gifts against their pools and their ledger entries (sponsor-funded participation, ADR 0019). */
export async function checkParticipations(db: Db): Promise<LedgerProblem[]> {
  const pools = await queryRows<{ id: string; total: string; committed: string; paid: string }>(
    db,
    sql`select p.id::text, p.total_amount::text as total, p.committed_amount::text as committed, coalesce(s.paid, 0)::text as paid
        from participation_pools p
        left join (select pool_id, sum(amount) as paid from participations group by 1) s on s.pool_id = p.id
        where (p.committed_amount <> coalesce(s.paid, 0) or coalesce(s.paid, 0) > p.total_amount)`,
  )
  const entries = sql`(select l.id, l.amount, l.project_id, l.donation_id,
                         case when l.external_ref ~ '^sponsor_gift:[0-9]+$' then split_part(l.external_ref, ':', 2)::bigint end as participation_id
                       from ledger_entries l where l.kind::text = 'sponsor_gift')`
  const orphans = await queryRows<{ id: string; amount: string; participation: string | null }>(
    db,
    sql`select e.id::text, e.amount::text, e.participation_id::text as participation
        from ${entries} e left join participations p on p.id = e.participation_id
        where (p.id is null or p.project_id <> e.project_id or p.amount <> e.amount or e.donation_id is not null)`,
  )
  const unposted = await queryRows<{ id: string; amount: string }>(
    db,
    sql`select p.id::text, p.amount::text from participations p
        where not exists (select 1 from ledger_entries l where l.external_ref = 'sponsor_gift:' || p.id::text and l.kind::text = 'sponsor_gift')`,
  )
  return [
    ...pools.map((p) => ({ kind: 'pool' as const, id: p.id, detail: `participation pool committed ${p.committed} of ${p.total}, its participations total ${p.paid}` })),
    ...orphans.map((o) => ({ kind: 'participation' as const, id: o.id, detail: `ledger sponsor_gift entry of ${o.amount} has no participation of its project and amount${o.participation ? ` (participation ${o.participation})` : ''}` })),
    ...unposted.map((u) => ({ kind: 'participation' as const, id: u.id, detail: `participation of ${u.amount} has no sponsor_gift entry in the ledger` })),
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
