/**
 * "Where did my money go" (docs/transparency.md). Money funds expenses first-in first-out within a
 * project: on the axis of cumulative funding (each gift's net amount — refunds and lost disputes
 * deducted — each platform cover and each sponsor's match net of its reversals, in ledger order) and the axis of cumulative spending (expenses
 * not voided, in ledger order), a gift covers [before, before + net) and an expense
 * [spentBefore, spentBefore + amount); what the gift paid for is the overlap. A range query on
 * cumulative sums, not a table of allocations to keep in step. allocations + unspent = net, exactly.
 */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'

export interface Allocation {
  expenseId: string
  description: string
  payee: string
  lineLabel: string
  spentOn: string
  amount: bigint
}

export async function traceGift(db: Db, donationId: string) {
  const gifts = await queryRows<{ net: string; before: string; project_id: string }>(
    db,
    sql`with project as (
          select project_id from ledger_entries where donation_id = ${donationId} and kind = 'donation'
        ), gifts as (
          select min(l.id) filter (where l.kind = 'donation') as id, l.donation_id,
                 sum(l.amount) filter (where l.kind::text in ('donation', 'refund', 'dispute', 'dispute_reversal')) as net
          from ledger_entries l
          where l.project_id = (select project_id from project) and l.donation_id is not null
          group by l.donation_id
        ), sources as (
          select id, donation_id, net from gifts where id is not null
          union all
          select id, null, amount from ledger_entries where project_id = (select project_id from project) and kind::text = 'platform_cover'
          union all
          -- A sponsor's matches fund expenses too, in ledger order, each net of its reversals (not the donor's own money).
          select min(id) filter (where kind::text = 'match'), null, sum(amount)
          from ledger_entries where project_id = (select project_id from project) and kind::text in ('match', 'match_reversal')
          group by donation_id
          union all
          -- So do sponsors' gifts for people's participation (ADR 0019), each its own entry.
          select id, null, amount from ledger_entries where project_id = (select project_id from project) and kind::text = 'sponsor_gift'
        ), ordered as (
          select donation_id, net, coalesce(sum(net) over (order by id rows between unbounded preceding and 1 preceding), 0) as before
          from sources
        )
        select net::text, before::text, (select project_id from project)::text as project_id from ordered where donation_id = ${donationId}`,
  )
  const gift = gifts[0]
  if (!gift) return null
  const net = BigInt(gift.net)
  const start = BigInt(gift.before)
  const end = start + net
  const spent = await queryRows<{ id: string; amount: string; before: string; description: string; payee: string; label: string; spent_on: string }>(
    db,
    sql`select e.id, e.amount::text as amount, e.description, e.payee, b.label, e.spent_on::text as spent_on,
               coalesce(sum(e.amount) over (order by e.ledger_entry_id rows between unbounded preceding and 1 preceding), 0)::text as before
        from expenses e join budget_lines b on b.id = e.budget_line_id
        where e.project_id = ${gift.project_id} and e.voided_at is null
        order by e.ledger_entry_id`,
  )
  const allocations: Allocation[] = []
  for (const e of spent) {
    const from = BigInt(e.before)
    const to = from + BigInt(e.amount)
    const overlap = (to < end ? to : end) - (from > start ? from : start)
    if (overlap > 0n) allocations.push({ expenseId: e.id, description: e.description, payee: e.payee, lineLabel: e.label, spentOn: e.spent_on, amount: overlap })
  }
  const allocated = allocations.reduce((sum, a) => sum + a.amount, 0n)
  return { net, allocations, unspent: net - allocated }
}
