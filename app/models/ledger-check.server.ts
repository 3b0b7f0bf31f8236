/**
 * `npm run ledger:check`: the ledger, the donations and the projects' cached totals must agree.
 * Returns every disagreement (empty when all is well).
 */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'

export interface LedgerProblem {
  kind: 'project' | 'donation'
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
  return [
    ...projects.map((p) => ({ kind: 'project' as const, id: p.id, detail: `${p.slug}: cached ${p.raised} in ${p.count} gifts, ledger ${p.ledger} in ${p.credits} credits` })),
    ...donations.map((d) => ({ kind: 'donation' as const, id: d.id, detail: `${d.status}, amount ${d.amount}, refunded ${d.refunded}: ${d.credits} credits totalling ${d.credited}, refunds ${d.refunds}` })),
  ]
}
