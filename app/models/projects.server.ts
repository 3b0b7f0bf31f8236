import { and, count, desc, eq, inArray, sum } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { organizations, projects } from '~db/schema'

export interface ProjectCardData {
  id: string
  slug: string
  title: string
  summary: string
  category: (typeof projects.$inferSelect)['category']
  region: string
  currency: string
  goalAmount: bigint
  raisedAmount: bigint
  donationCount: number
  endsOn: string
  organization: { slug: string; name: string; verified: boolean }
}

/** Projects raising money now, newest first (the discover issue adds the fair ranking). */
export async function listFundraisingProjects(db: Db, { limit }: { limit: number }): Promise<ProjectCardData[]> {
  const rows = await db
    .select({
      id: projects.id,
      slug: projects.slug,
      title: projects.title,
      summary: projects.summary,
      category: projects.category,
      region: projects.region,
      currency: projects.currency,
      goalAmount: projects.goalAmount,
      raisedAmount: projects.raisedAmount,
      donationCount: projects.donationCount,
      endsOn: projects.endsOn,
      organizationSlug: organizations.slug,
      organizationName: organizations.name,
      organizationStatus: organizations.status,
    })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(and(eq(projects.status, 'fundraising'), eq(organizations.status, 'approved')))
    .orderBy(desc(projects.publishedAt), desc(projects.id))
    .limit(limit)
  return rows.map(({ organizationSlug, organizationName, organizationStatus, ...row }) => ({
    ...row,
    organization: {
      slug: organizationSlug,
      name: organizationName,
      verified: organizationStatus === 'approved',
    },
  }))
}

/** Platform-wide figures for the home page, per currency (CNY only in practice). */
export async function platformTotals(db: Db) {
  const [money] = await db
    .select({
      raised: sum(projects.raisedAmount).mapWith((value) => BigInt(value ?? 0)),
      donations: sum(projects.donationCount).mapWith(Number),
    })
    .from(projects)
    .where(and(inArray(projects.status, ['fundraising', 'closed', 'completed']), eq(projects.currency, 'CNY')))
  const [live] = await db
    .select({ count: count() })
    .from(projects)
    .where(eq(projects.status, 'fundraising'))
  const [partners] = await db
    .select({ count: count() })
    .from(organizations)
    .where(eq(organizations.status, 'approved'))
  return {
    currency: 'CNY',
    raised: money?.raised ?? 0n,
    donations: money?.donations ?? 0,
    fundraisingProjects: live?.count ?? 0,
    partners: partners?.count ?? 0,
  }
}

/** Whole days from `today` to the end date, or null once it has passed. */
export function daysLeft(endsOn: string, today = new Date()): number | null {
  const end = Date.parse(`${endsOn}T23:59:59+08:00`) // Dates are China Standard Time.
  const diff = end - today.getTime()
  if (diff < 0) return null
  return Math.floor(diff / 86_400_000)
}
