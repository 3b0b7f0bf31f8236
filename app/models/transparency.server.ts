/** Platform-wide open data: totals, per cause, per organisation — all from the ledger. */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { localize } from '~/content/localized'
import type { Language } from '~/i18n/config'

const INFLOW = sql`l.kind in ('donation', 'refund', 'dispute', 'dispute_reversal', 'match', 'match_reversal', 'sponsor_gift')`
const OUTFLOW = sql`l.kind in ('expense', 'expense_reversal')`

/** With a reader's language, organisations are named in it where they wrote a name in it (ADR 0021); `lang` says which. */
export async function platformTransparency(db: Db, language?: Language) {
  const [totals] = await queryRows<{ received: string; spent: string; entries: number; projects: number }>(
    db,
    sql`select coalesce(sum(l.amount) filter (where ${INFLOW}), 0)::text as received,
               coalesce(-sum(l.amount) filter (where ${OUTFLOW}), 0)::text as spent,
               count(*)::int as entries, count(distinct l.project_id)::int as projects
        from ledger_entries l`,
  )
  const byCause = await queryRows<{ category: string; received: string; spent: string; projects: number }>(
    db,
    sql`select p.category::text as category,
               coalesce(sum(l.amount) filter (where ${INFLOW}), 0)::text as received,
               coalesce(-sum(l.amount) filter (where ${OUTFLOW}), 0)::text as spent,
               count(distinct p.id)::int as projects
        from projects p join ledger_entries l on l.project_id = p.id
        group by p.category order by sum(l.amount) filter (where ${INFLOW}) desc nulls last`,
  )
  const byOrganization = await queryRows<{ slug: string; name: string; content_language: string; translations: unknown; received: string; spent: string; projects: number }>(
    db,
    sql`select o.slug, o.name, o.content_language, o.translations,
               coalesce(sum(l.amount) filter (where ${INFLOW}), 0)::text as received,
               coalesce(-sum(l.amount) filter (where ${OUTFLOW}), 0)::text as spent,
               count(distinct p.id)::int as projects
        from organizations o join projects p on p.organization_id = o.id join ledger_entries l on l.project_id = p.id
        group by o.id order by sum(l.amount) filter (where ${INFLOW}) desc nulls last limit 200`,
  )
  const big = (v: string) => BigInt(v)
  return {
    currency: 'CNY',
    totals: { received: big(totals?.received ?? '0'), spent: big(totals?.spent ?? '0'), entries: totals?.entries ?? 0, projects: totals?.projects ?? 0 },
    byCause: byCause.map((c) => ({ category: c.category, received: big(c.received), spent: big(c.spent), projects: c.projects })),
    byOrganization: byOrganization.map((o) => {
      if (!language) return { slug: o.slug, name: o.name, received: big(o.received), spent: big(o.spent), projects: o.projects }
      const shown = localize({ name: o.name, contentLanguage: o.content_language, translations: o.translations }, ['name'], language)
      return { slug: o.slug, name: shown.name, lang: shown.shownLanguage as string, received: big(o.received), spent: big(o.spent), projects: o.projects }
    }),
  }
}

/** The same data for the JSON API: amounts as strings of minor units (JSON has no bigint). */
export function transparencyJson(data: Awaited<ReturnType<typeof platformTransparency>>) {
  return JSON.stringify(data, (_key, value) => (typeof value === 'bigint' ? value.toString() : value))
}
