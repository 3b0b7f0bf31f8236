/**
 * `npm run ledger:check`: the ledger, the donations, the projects' cached totals and the ledger's
 * summaries per project and kind (project_ledger_totals) and per hour (project_ledger_hours) must agree.
 * Returns every disagreement (empty when all is well).
 */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'

export interface LedgerProblem {
  kind: 'project' | 'donation' | 'hours' | 'totals'
  id: string
  detail: string
}

export async function checkLedger(db: Db): Promise<LedgerProblem[]> {
  const projects = await queryRows<{ id: string; slug: string; raised: string; count: number; ledger: string; credits: number }>(
    db,
    sql`select p.id, p.slug, p.raised_amount::text as raised, p.donation_count as count,
          coalesce(sum(l.amount) filter (where l.kind in ('donation', 'refund', 'dispute', 'dispute_reversal')), 0)::text as ledger,
          (count(l.id) filter (where l.kind = 'donation'))::int as credits
        from projects p left join ledger_entries l on l.project_id = p.id
        group by p.id
        having p.raised_amount <> coalesce(sum(l.amount) filter (where l.kind in ('donation', 'refund', 'dispute', 'dispute_reversal')), 0)
            or p.donation_count <> count(l.id) filter (where l.kind = 'donation')`,
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
          else count(l.id) filter (where l.kind = 'donation') <> 1
            or coalesce(sum(l.amount) filter (where l.kind = 'donation'), 0) <> d.amount
            or coalesce(-sum(l.amount) filter (where l.kind = 'refund'), 0) <> d.refunded_amount
          end`,
  )
  // The trigger-kept hourly sums against the entries themselves, both ways (a full outer join).
  const hours = await queryRows<{ project: string; kind: string; hour: string; kept: string | null; actual: string | null }>(
    db,
    sql`select coalesce(h.project_id, e.project_id)::text as project, coalesce(h.kind, e.kind)::text as kind, coalesce(h.hour, e.hour)::text as hour,
          h.entries || ' entries, ' || h.amount as kept, e.entries || ' entries, ' || e.amount as actual
        from project_ledger_hours h
        full join (select project_id, kind, date_trunc('hour', occurred_at, 'UTC') as hour, count(*)::int as entries, sum(amount) as amount
                   from ledger_entries group by 1, 2, 3) e
          on e.project_id = h.project_id and e.kind = h.kind and e.hour = h.hour
        where h.entries is distinct from e.entries or h.amount is distinct from e.amount`,
  )
  const totals = await queryRows<{ project: string; kind: string; kept: string | null; actual: string | null }>(
    db,
    sql`select coalesce(t.project_id, e.project_id)::text as project, coalesce(t.kind, e.kind)::text as kind,
          t.entries || ' entries, ' || t.amount as kept, e.entries || ' entries, ' || e.amount as actual
        from project_ledger_totals t
        full join (select project_id, kind, count(*)::int as entries, sum(amount) as amount from ledger_entries group by 1, 2) e
          on e.project_id = t.project_id and e.kind = t.kind
        where t.entries is distinct from e.entries or t.amount is distinct from e.amount`,
  )
  return [
    ...totals.map((t) => ({ kind: 'totals' as const, id: t.project, detail: `${t.kind}: summary ${t.kept ?? 'missing'}, ledger ${t.actual ?? 'none'}` })),
    ...hours.map((h) => ({ kind: 'hours' as const, id: h.project, detail: `${h.kind} at ${h.hour}: summary ${h.kept ?? 'missing'}, ledger ${h.actual ?? 'none'}` })),
    ...projects.map((p) => ({ kind: 'project' as const, id: p.id, detail: `${p.slug}: cached ${p.raised} in ${p.count} gifts, ledger ${p.ledger} in ${p.credits} credits` })),
    ...donations.map((d) => ({ kind: 'donation' as const, id: d.id, detail: `${d.status}, amount ${d.amount}, refunded ${d.refunded}: ${d.credits} credits totalling ${d.credited}, refunds ${d.refunds}` })),
  ]
}
