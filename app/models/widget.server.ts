/**
 * What an organisation sees of its donate widget (ADR 0020): how many gifts came through each
 * embedding site, and how much they brought — counts and sums only, never a donor.
 */
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { donations, projects } from '~db/schema'

/** Gifts that brought money: those refunded in full brought none, and are not counted. */
const BROUGHT_MONEY = sql`(${donations.status} in ('succeeded', 'partially_refunded', 'disputed'))`

export async function widgetGiftsBySite(db: Db, { organizationId }: { organizationId: string }) {
  const rows = await db
    .select({
      projectSlug: projects.slug,
      projectTitle: projects.title,
      site: donations.referrerSite,
      currency: donations.currency,
      gifts: sql<number>`count(*)::int`,
      received: sql<string>`coalesce(sum(${donations.amount} - ${donations.refundedAmount}), 0)::text`,
    })
    .from(donations)
    .innerJoin(projects, eq(projects.id, donations.projectId))
    .where(and(eq(projects.organizationId, organizationId), isNotNull(donations.referrerSite), BROUGHT_MONEY))
    .groupBy(projects.slug, projects.title, donations.referrerSite, donations.currency)
    .orderBy(desc(sql`count(*)`), donations.referrerSite)
    .limit(200)
  return rows.map((row) => ({ ...row, site: row.site!, received: BigInt(row.received) }))
}
