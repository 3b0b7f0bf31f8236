/**
 * Giving days (issue 22): a campaign, its sponsors' pools and their published rules, the projects
 * that take part. The money — matches, reversals, holds — is matching.server.ts's; this module is
 * the small set of functions the campaign pages build on. Admin functions write the audit log in the
 * same transaction; an organisation applies for its own projects only.
 *
 *   campaign: draft → live → closed        participation: applied → approved | rejected
 */
import { and, asc, eq, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { auditLog, campaignProjects, campaigns, organizationMembers, projects, sponsorPools } from '~db/schema'

export type Campaign = typeof campaigns.$inferSelect
export type SponsorPool = typeof sponsorPools.$inferSelect

export async function createCampaign(db: Db, input: { adminId: string; slug: string; title: string; startsAt: Date; endsAt: Date }) {
  return db.transaction(async (tx) => {
    const [campaign] = await tx.insert(campaigns).values({ slug: input.slug, title: input.title, startsAt: input.startsAt, endsAt: input.endsAt, createdBy: input.adminId }).returning()
    await tx.insert(auditLog).values({ actorId: input.adminId, action: 'campaign.create', targetType: 'campaign', targetId: campaign!.id, details: { slug: input.slug, startsAt: input.startsAt.toISOString(), endsAt: input.endsAt.toISOString() } })
    return campaign!
  })
}

/** draft → live → closed, one step at a time (checked in the UPDATE: two admins cannot both move it). */
export async function advanceCampaign(db: Db, input: { adminId: string; campaignId: string; to: 'live' | 'closed' }) {
  const from = input.to === 'live' ? 'draft' : 'live'
  return db.transaction(async (tx) => {
    const [campaign] = await tx
      .update(campaigns)
      .set({ status: input.to })
      .where(and(eq(campaigns.id, input.campaignId), eq(campaigns.status, from)))
      .returning()
    if (!campaign) return null
    await tx.insert(auditLog).values({ actorId: input.adminId, action: `campaign.${input.to}`, targetType: 'campaign', targetId: campaign.id, details: { from, to: input.to } })
    return campaign
  })
}

export interface PoolRulesInput {
  ratioPercent: number
  capPerGift?: bigint | null
  capPerDonorDay?: bigint | null
  capPerProject?: bigint | null
  firstGiftOnly?: boolean
  /** The pool's window; the campaign's by default, and always within it. */
  startsAt?: Date
  endsAt?: Date
  cardDailyLimit?: number
}

export class PoolRefused extends Error {
  override name = 'PoolRefused'
  constructor(readonly reason: 'unknownCampaign' | 'campaignClosed' | 'outsideCampaign') {
    super(`pool refused: ${reason}`)
  }
}

/**
 * A sponsor's pool with its published rules. Rules are fixed once a pool exists: the public export
 * replays every match from them, so changing them would make the past unverifiable (a new pool
 * is the way to add money or change terms).
 */
export async function addPool(db: Db, input: { adminId: string; campaignId: string; sponsorName: string; currency?: string; totalAmount: bigint; rules: PoolRulesInput }) {
  return db.transaction(async (tx) => {
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, input.campaignId)).for('update')
    if (!campaign) throw new PoolRefused('unknownCampaign')
    if (campaign.status === 'closed') throw new PoolRefused('campaignClosed')
    const startsAt = input.rules.startsAt ?? campaign.startsAt
    const endsAt = input.rules.endsAt ?? campaign.endsAt
    if (startsAt < campaign.startsAt || endsAt > campaign.endsAt) throw new PoolRefused('outsideCampaign')
    const [pool] = await tx
      .insert(sponsorPools)
      .values({
        campaignId: campaign.id,
        sponsorName: input.sponsorName,
        currency: input.currency ?? 'CNY',
        totalAmount: input.totalAmount,
        ratioPercent: input.rules.ratioPercent,
        capPerGift: input.rules.capPerGift ?? null,
        capPerDonorDay: input.rules.capPerDonorDay ?? null,
        capPerProject: input.rules.capPerProject ?? null,
        firstGiftOnly: input.rules.firstGiftOnly ?? false,
        startsAt,
        endsAt,
        cardDailyLimit: input.rules.cardDailyLimit ?? 3,
        createdBy: input.adminId,
      })
      .returning()
    await tx.insert(auditLog).values({
      actorId: input.adminId,
      action: 'campaign.pool.add',
      targetType: 'campaign',
      targetId: campaign.id,
      details: { poolId: pool!.id, sponsor: input.sponsorName, total: input.totalAmount.toString(), ratioPercent: input.rules.ratioPercent },
    })
    return pool!
  })
}

export type ApplyOutcome = 'applied' | 'already' | 'forbidden' | 'notFound'

/** An organisation's owner or editor applies for one of its projects (fundraising, in a campaign not closed). */
export async function applyToCampaign(db: Db, input: { campaignId: string; projectId: string; userId: string }): Promise<ApplyOutcome> {
  const [row] = await db
    .select({ status: projects.status, campaignStatus: campaigns.status, role: organizationMembers.role })
    .from(projects)
    .innerJoin(campaigns, eq(campaigns.id, input.campaignId))
    .leftJoin(organizationMembers, and(eq(organizationMembers.organizationId, projects.organizationId), eq(organizationMembers.userId, input.userId)))
    .where(eq(projects.id, input.projectId))
  if (!row || row.campaignStatus === 'closed') return 'notFound'
  if (!row.role) return 'forbidden'
  if (row.status !== 'fundraising') return 'notFound'
  const inserted = await db
    .insert(campaignProjects)
    .values({ campaignId: input.campaignId, projectId: input.projectId, appliedBy: input.userId })
    .onConflictDoNothing()
    .returning({ projectId: campaignProjects.projectId })
  return inserted.length ? 'applied' : 'already'
}

/** An admin approves or rejects an application (only an open one: a decision is made once). */
export async function decideCampaignProject(db: Db, input: { adminId: string; campaignId: string; projectId: string; decision: 'approved' | 'rejected'; reason?: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(campaignProjects)
      .set({ status: input.decision, decidedBy: input.adminId, decidedAt: new Date() })
      .where(and(eq(campaignProjects.campaignId, input.campaignId), eq(campaignProjects.projectId, input.projectId), eq(campaignProjects.status, 'applied')))
      .returning()
    if (!row) return false
    await tx.insert(auditLog).values({
      actorId: input.adminId,
      action: `campaign.project.${input.decision === 'approved' ? 'approve' : 'reject'}`,
      targetType: 'campaign',
      targetId: input.campaignId,
      reason: input.reason ?? null,
      details: { projectId: input.projectId },
    })
    return true
  })
}

export async function campaignBySlug(db: Db, slug: string) {
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.slug, slug))
  return campaign ?? null
}

/**
 * A campaign's matching at a glance, per pool and in all (amounts in minor units of the pools'
 * currency — a campaign's pools share one): what is paid (posted, net of reversals), held for review,
 * and left in each pool; how many gifts were matched.
 */
export async function campaignTotals(db: Db, campaignId: string) {
  const pools = await queryRows<{ id: string; sponsor: string; currency: string; total: string; committed: string; paid: string; held: string; gifts: number }>(
    db,
    sql`select p.id, p.sponsor_name as sponsor, trim(p.currency) as currency, p.total_amount::text as total, p.committed_amount::text as committed,
               coalesce(sum(m.amount - m.reversed_amount) filter (where m.status = 'paid'), 0)::text as paid,
               coalesce(sum(m.amount - m.reversed_amount) filter (where m.status = 'held'), 0)::text as held,
               (count(m.id) filter (where m.status = 'paid' and m.amount > m.reversed_amount))::int as gifts
        from sponsor_pools p left join matches m on m.pool_id = p.id
        where p.campaign_id = ${campaignId}
        group by p.id order by p.id`,
  )
  const list = pools.map((p) => ({
    id: p.id,
    sponsor: p.sponsor,
    currency: p.currency,
    total: BigInt(p.total),
    paid: BigInt(p.paid),
    held: BigInt(p.held),
    remaining: BigInt(p.total) - BigInt(p.committed),
    matchedGifts: p.gifts,
  }))
  const [projectsIn] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(campaignProjects)
    .where(and(eq(campaignProjects.campaignId, campaignId), eq(campaignProjects.status, 'approved')))
  return {
    pools: list,
    paid: list.reduce((sum, p) => sum + p.paid, 0n),
    held: list.reduce((sum, p) => sum + p.held, 0n),
    matchedGifts: list.reduce((sum, p) => sum + p.matchedGifts, 0),
    projects: projectsIn?.n ?? 0,
  }
}

/** The pools of a campaign, in the order matching takes them. */
export function campaignPools(db: Db, campaignId: string) {
  return db.select().from(sponsorPools).where(eq(sponsorPools.campaignId, campaignId)).orderBy(asc(sponsorPools.id))
}
