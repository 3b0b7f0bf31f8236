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
import { inEveryLanguage, localize, type ContentLanguage, type Translations } from '~/content/localized'
import type { Language } from '~/i18n/config'
import { participationTotals } from './participation.server'
import { teamLeaderboard } from './teams.server'
import { auditLog, campaignProjects, campaigns, matches, notifications, organizationMembers, organizations, projectFollows, projects, sponsorPools } from '~db/schema'

export type Campaign = typeof campaigns.$inferSelect
export type SponsorPool = typeof sponsorPools.$inferSelect

/** A giving day's title in the reader's language where the admins wrote one (ADR 0021), with `localize`'s meta. */
export function campaignIn<C extends { title: string; contentLanguage: string; translations: unknown }>(campaign: C, reader: Language, options: { prefer?: 'original' } = {}) {
  return localize(campaign, ['title'], reader, options)
}

/** Just a campaign's title in the reader's language and the language it is in: what lists and banners show. */
export function titleIn(campaign: { title: string; contentLanguage: string; translations: unknown }, reader: Language) {
  const shown = campaignIn(campaign, reader)
  return { title: shown.title, lang: shown.shownLanguage as string }
}

/** A sponsor's name (a pool's) in the reader's language; the campaign's language is the name's. */
export function sponsorIn(pool: { sponsor: string; translations: unknown }, campaignLanguage: string, reader: Language) {
  return localize({ sponsorName: pool.sponsor, contentLanguage: campaignLanguage, translations: pool.translations }, ['sponsorName'], reader).sponsorName
}

/** A giving day's title's language and its other version (ADR 0021); sponsors' names follow the campaign's language. */
export interface CampaignLanguageInput {
  contentLanguage?: ContentLanguage
  translations?: Translations<'title'>
}

export async function createCampaign(db: Db, input: { adminId: string; slug: string; title: string; startsAt: Date; endsAt: Date } & CampaignLanguageInput) {
  if (await campaignBySlug(db, input.slug)) throw new CampaignRefused('slugTaken')
  return db.transaction(async (tx) => {
    const [campaign] = await tx
      .insert(campaigns)
      .values({ slug: input.slug, title: input.title, contentLanguage: input.contentLanguage ?? 'zh-CN', translations: input.translations ?? {}, startsAt: input.startsAt, endsAt: input.endsAt, createdBy: input.adminId })
      .returning()
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
    // Published after its start: its projects' followers hear now rather than at the next scheduled look.
    if (input.to === 'live') await announceStart(tx, campaign.id, new Date())
    return campaign
  })
}

/**
 * The scheduled look (every minute, once across the fleet): live campaigns whose window has begun and
 * whose start was not announced yet are announced to the followers of their approved projects.
 */
export async function announceCampaignStarts(db: Db, now = new Date()) {
  const due = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.status, 'live'), sql`(${campaigns.startAnnouncedAt} is null and ${campaigns.startsAt} <= ${now.toISOString()}::timestamptz and ${campaigns.endsAt} > ${now.toISOString()}::timestamptz)`))
  let announced = 0
  for (const c of due) if (await db.transaction((tx) => announceStart(tx, c.id, now))) announced++
  return announced
}

/**
 * "A giving day started" to everyone following one of its approved projects — once per campaign: the
 * UPDATE that marks it announced is guarded on the mark (a second runner finds nothing to do), and each
 * follower's notification has the dedupe key `campaign-start:<id>` (one even for a follower of several projects).
 */
async function announceStart(tx: Db, campaignId: string, now: Date) {
  const [campaign] = await tx
    .update(campaigns)
    .set({ startAnnouncedAt: now })
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, 'live'), sql`(${campaigns.startAnnouncedAt} is null and ${campaigns.startsAt} <= ${now.toISOString()}::timestamptz and ${campaigns.endsAt} > ${now.toISOString()}::timestamptz)`))
    .returning({ id: campaigns.id, slug: campaigns.slug, title: campaigns.title, contentLanguage: campaigns.contentLanguage, translations: campaigns.translations })
  if (!campaign) return false
  const values = inEveryLanguage({ campaign: campaign.title }, (language) => ({ campaign: campaignIn(campaign, language).title }))
  await tx.execute(sql`
    insert into ${notifications} (user_id, message_key, "values", link, dedupe_key)
    select distinct f.user_id, 'notify.campaign.started', ${JSON.stringify(values)}::jsonb, ${`/campaigns/${campaign.slug}`}, ${`campaign-start:${campaign.id}`}
      from ${campaignProjects} cp
      join ${projectFollows} f on f.project_id = cp.project_id
      join ${projects} p on p.id = cp.project_id
     where cp.campaign_id = ${campaign.id} and cp.status = 'approved' and p.moderation_status = 'visible'
    on conflict do nothing`)
  return true
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
export async function addPool(db: Db, input: { adminId: string; campaignId: string; sponsorName: string; translations?: Translations<'sponsorName'>; currency?: string; totalAmount: bigint; rules: PoolRulesInput }) {
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
        translations: input.translations ?? {},
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
    // The organisation's people hear the decision (in their own language: the key is translated when shown).
    const [about] = await tx
      .select({
        project: projects.title,
        projectLanguage: projects.contentLanguage,
        projectTranslations: projects.translations,
        slug: projects.slug,
        organizationId: projects.organizationId,
        campaign: campaigns.title,
        campaignLanguage: campaigns.contentLanguage,
        campaignTranslations: campaigns.translations,
        campaignSlug: campaigns.slug,
        campaignStatus: campaigns.status,
      })
      .from(projects)
      .innerJoin(campaigns, eq(campaigns.id, input.campaignId))
      .where(eq(projects.id, input.projectId))
    const named = about
      ? inEveryLanguage({ project: about.project, campaign: about.campaign }, (language) => ({
          project: localize({ title: about.project, contentLanguage: about.projectLanguage, translations: about.projectTranslations }, ['title'], language).title,
          campaign: campaignIn({ title: about.campaign, contentLanguage: about.campaignLanguage, translations: about.campaignTranslations }, language).title,
        }))
      : null
    const members = about ? await tx.select({ userId: organizationMembers.userId }).from(organizationMembers).where(eq(organizationMembers.organizationId, about.organizationId)) : []
    if (about && members.length)
      await tx.insert(notifications).values(
        members.map((m) => ({
          userId: m.userId,
          messageKey: `notify.campaign.${input.decision}`,
          values: { ...named!, reason: input.reason ?? '' },
          link: input.decision === 'approved' ? `/campaigns/${about.campaignSlug}` : `/projects/${about.slug}`,
        })),
      )
    // The project's followers hear that it joined a published giving day (a draft's page is not public yet:
    // they hear when it starts instead). Once per follower, campaign and project.
    if (about && input.decision === 'approved' && about.campaignStatus === 'live')
      await tx.execute(sql`
        insert into ${notifications} (user_id, message_key, "values", link, dedupe_key)
        select f.user_id, 'notify.campaign.projectJoined', ${JSON.stringify(named)}::jsonb,
               ${`/campaigns/${about.campaignSlug}`}, ${`campaign-join:${input.campaignId}:${input.projectId}`}
          from ${projectFollows} f where f.project_id = ${input.projectId}
        on conflict do nothing`)
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

// ── What the public pages, the thank-you page and the consoles read ─────────────────────────────

/** Where a published campaign stands at `now`: its status says live, its window says whether it has begun. */
export type CampaignPhase = 'upcoming' | 'running' | 'ended'

export function campaignPhase(campaign: Pick<Campaign, 'status' | 'startsAt' | 'endsAt'>, now: Date): CampaignPhase {
  if (campaign.status === 'closed' || now >= campaign.endsAt) return 'ended'
  return now < campaign.startsAt ? 'upcoming' : 'running'
}

/** Published campaigns (live or closed; drafts are the admins'), soonest-ending first, with their matched totals. */
export async function publicCampaigns(db: Db) {
  const rows = await queryRows<{ id: string; slug: string; title: string; content_language: string; translations: unknown; status: 'live' | 'closed'; starts_at: string; ends_at: string; matched: string; projects: number; currency: string | null }>(
    db,
    sql`select c.id, c.slug, c.title, c.content_language, c.translations, c.status, c.starts_at::text, c.ends_at::text,
               coalesce((select sum(m.amount - m.reversed_amount) from matches m where m.campaign_id = c.id and m.status = 'paid'), 0)::text as matched,
               (select count(*)::int from campaign_projects cp where cp.campaign_id = c.id and cp.status = 'approved') as projects,
               (select trim(p.currency) from sponsor_pools p where p.campaign_id = c.id order by p.id limit 1) as currency
        from campaigns c where c.status <> 'draft'
        order by c.ends_at desc, c.id`,
  )
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, contentLanguage: r.content_language, translations: r.translations, status: r.status, startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at), matched: BigInt(r.matched), projects: r.projects, currency: r.currency ?? 'CNY' }))
}

/** The live campaigns whose window has not ended — what the navigation and the home page point to. */
export async function currentCampaigns(db: Db, now = new Date()) {
  return db
    .select({ slug: campaigns.slug, title: campaigns.title, contentLanguage: campaigns.contentLanguage, translations: campaigns.translations, startsAt: campaigns.startsAt, endsAt: campaigns.endsAt })
    .from(campaigns)
    .where(and(eq(campaigns.status, 'live'), sql`${campaigns.endsAt} > ${now.toISOString()}::timestamptz`))
    .orderBy(asc(campaigns.startsAt))
}

/**
 * A published campaign's live figures: what donors gave to its projects inside its window (net of
 * refunds), what the sponsors matched (paid, net of reversals), each pool with its rules and what is
 * left, and the projects ranked by given + matched (the leaderboard). Null for a draft or unknown slug.
 */
export async function campaignBoard(db: Db, slug: string) {
  const campaign = await campaignBySlug(db, slug)
  if (!campaign || campaign.status === 'draft') return null
  const [pools, projectRows] = await Promise.all([
    campaignPools(db, campaign.id),
    queryRows<{ id: string; slug: string; title: string; currency: string; goal: string; raised: string; given: string; gifts: number; matched: string; org: string; org_language: string; org_translations: unknown; cover: string | null; content_language: string; translations: unknown }>(
      db,
      sql`select p.id, p.slug, p.title, p.content_language, p.translations, trim(p.currency) as currency, p.goal_amount::text as goal, p.raised_amount::text as raised, o.name as org, o.content_language as org_language, o.translations as org_translations, p.cover_media_id as cover,
                 coalesce(g.given, 0)::text as given, coalesce(g.gifts, 0)::int as gifts, coalesce(m.matched, 0)::text as matched
          from campaign_projects cp
          join projects p on p.id = cp.project_id
          join organizations o on o.id = p.organization_id
          left join lateral (
            select sum(d.amount - d.refunded_amount) as given, count(*) as gifts from donations d
            where d.project_id = p.id and d.status in ('succeeded', 'partially_refunded')
              and d.succeeded_at >= ${campaign.startsAt.toISOString()}::timestamptz and d.succeeded_at < ${campaign.endsAt.toISOString()}::timestamptz
          ) g on true
          left join lateral (
            select sum(x.amount - x.reversed_amount) as matched from matches x where x.campaign_id = cp.campaign_id and x.project_id = p.id and x.status = 'paid'
          ) m on true
          where cp.campaign_id = ${campaign.id} and cp.status = 'approved' and p.status in ('fundraising', 'closed', 'completed') and p.moderation_status = 'visible' and o.status = 'approved'`,
    ),
  ])
  const totals = await campaignTotals(db, campaign.id)
  const projectsIn = projectRows
    .map((p) => ({ slug: p.slug, title: p.title, contentLanguage: p.content_language, translations: p.translations, organization: p.org, orgContentLanguage: p.org_language, orgTranslations: p.org_translations, currency: p.currency, goal: BigInt(p.goal), raised: BigInt(p.raised), given: BigInt(p.given), gifts: p.gifts, matched: BigInt(p.matched), coverId: p.cover }))
    .sort((a, b) => (b.given + b.matched > a.given + a.matched ? 1 : b.given + b.matched < a.given + a.matched ? -1 : a.title.localeCompare(b.title)))
  return {
    campaign,
    currency: pools[0]?.currency.trim() ?? projectsIn[0]?.currency ?? 'CNY',
    given: projectsIn.reduce((sum, p) => sum + p.given, 0n),
    gifts: projectsIn.reduce((sum, p) => sum + p.gifts, 0),
    matched: totals.paid,
    held: totals.held,
    pools: pools.map((p) => {
      const t = totals.pools.find((x) => x.id === p.id)!
      return {
        id: p.id,
        sponsor: p.sponsorName,
        sponsorTranslations: p.translations,
        currency: p.currency.trim(),
        total: p.totalAmount,
        remaining: t.remaining,
        paid: t.paid,
        matchedGifts: t.matchedGifts,
        rules: { ratioPercent: p.ratioPercent, capPerGift: p.capPerGift, capPerDonorDay: p.capPerDonorDay, capPerProject: p.capPerProject, firstGiftOnly: p.firstGiftOnly, startsAt: p.startsAt, endsAt: p.endsAt },
      }
    }),
    projects: projectsIn,
  }
}

/** The campaigns a project takes part in that have not ended: its page's banner. */
export async function campaignsForProject(db: Db, projectId: string, now = new Date()) {
  return db
    .select({ slug: campaigns.slug, title: campaigns.title, contentLanguage: campaigns.contentLanguage, translations: campaigns.translations, startsAt: campaigns.startsAt, endsAt: campaigns.endsAt })
    .from(campaignProjects)
    .innerJoin(campaigns, eq(campaigns.id, campaignProjects.campaignId))
    .where(and(eq(campaignProjects.projectId, projectId), eq(campaignProjects.status, 'approved'), eq(campaigns.status, 'live'), sql`${campaigns.endsAt} > ${now.toISOString()}::timestamptz`))
    .orderBy(asc(campaigns.startsAt))
}

/**
 * What the sponsors did with one gift, for the person who may see the gift (the caller checked that):
 * each pool's decision, with what is left of it after refunds. Unmatched decisions are left out.
 */
export async function matchesForDonation(db: Db, donationId: string) {
  const rows = await db
    .select({
      amount: matches.amount,
      reversed: matches.reversedAmount,
      status: matches.status,
      sponsor: sponsorPools.sponsorName,
      sponsorTranslations: sponsorPools.translations,
      currency: sponsorPools.currency,
      campaign: { slug: campaigns.slug, title: campaigns.title, contentLanguage: campaigns.contentLanguage, translations: campaigns.translations },
    })
    .from(matches)
    .innerJoin(sponsorPools, eq(sponsorPools.id, matches.poolId))
    .innerJoin(campaigns, eq(campaigns.id, matches.campaignId))
    .where(and(eq(matches.donationId, donationId), sql`${matches.amount} > 0`))
    .orderBy(asc(matches.poolId))
  return rows.map((r) => ({ sponsor: r.sponsor, sponsorTranslations: r.sponsorTranslations, currency: r.currency.trim(), amount: r.amount - r.reversed, status: r.status, campaign: r.campaign }))
}

/** A gift's matches as its pages show them: sponsors and giving days named in the reader's language. */
export function matchesIn(rows: Awaited<ReturnType<typeof matchesForDonation>>, reader: Language) {
  return rows.map(({ sponsorTranslations, campaign, ...r }) => ({
    ...r,
    sponsor: sponsorIn({ sponsor: r.sponsor, translations: sponsorTranslations }, campaign.contentLanguage, reader),
    campaign: { slug: campaign.slug, title: campaignIn(campaign, reader).title },
  }))
}

// ── Admin and organisation consoles ──────────────────────────────────────────────────────────────

export class CampaignRefused extends Error {
  override name = 'CampaignRefused'
  constructor(readonly reason: 'notFound' | 'slugTaken' | 'datesLocked' | 'poolsOutside' | 'closed') {
    super(`campaign refused: ${reason}`)
  }
}

/**
 * An admin edits a campaign: the title while it is not closed; the dates only while it is a draft
 * (once live, gifts were matched inside that window and the export's replay depends on it), and only
 * so that every pool still fits inside. Audited with what changed.
 */
export async function updateCampaign(db: Db, input: { adminId: string; campaignId: string; title: string; startsAt: Date; endsAt: Date } & CampaignLanguageInput) {
  return db.transaction(async (tx) => {
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, input.campaignId)).for('update')
    if (!campaign) throw new CampaignRefused('notFound')
    if (campaign.status === 'closed') throw new CampaignRefused('closed')
    const datesChanged = campaign.startsAt.getTime() !== input.startsAt.getTime() || campaign.endsAt.getTime() !== input.endsAt.getTime()
    if (datesChanged && campaign.status !== 'draft') throw new CampaignRefused('datesLocked')
    if (datesChanged) {
      const pools = await tx.select({ startsAt: sponsorPools.startsAt, endsAt: sponsorPools.endsAt }).from(sponsorPools).where(eq(sponsorPools.campaignId, campaign.id))
      if (pools.some((p) => p.startsAt < input.startsAt || p.endsAt > input.endsAt)) throw new CampaignRefused('poolsOutside')
    }
    const languages = { contentLanguage: input.contentLanguage ?? campaign.contentLanguage, translations: input.translations ?? campaign.translations }
    const [updated] = await tx.update(campaigns).set({ title: input.title, ...languages, startsAt: input.startsAt, endsAt: input.endsAt }).where(eq(campaigns.id, campaign.id)).returning()
    await tx.insert(auditLog).values({
      actorId: input.adminId,
      action: 'campaign.update',
      targetType: 'campaign',
      targetId: campaign.id,
      details: {
        title: { from: campaign.title, to: input.title },
        ...(JSON.stringify(campaign.translations) !== JSON.stringify(languages.translations) || campaign.contentLanguage !== languages.contentLanguage ? { language: { from: campaign.contentLanguage, to: languages.contentLanguage }, translations: { from: campaign.translations, to: languages.translations } } : {}),
        ...(datesChanged ? { startsAt: input.startsAt.toISOString(), endsAt: input.endsAt.toISOString() } : {}) },
    })
    return updated!
  })
}

/** Every campaign, drafts included, newest first: the admins' list. */
export function allCampaigns(db: Db) {
  return queryRows<{ id: string; slug: string; title: string; status: 'draft' | 'live' | 'closed'; starts_at: string; ends_at: string; pools: number; applied: number }>(
    db,
    sql`select c.id, c.slug, c.title, c.status, c.starts_at::text, c.ends_at::text,
               (select count(*)::int from sponsor_pools p where p.campaign_id = c.id) as pools,
               (select count(*)::int from campaign_projects cp where cp.campaign_id = c.id and cp.status = 'applied') as applied
        from campaigns c order by c.created_at desc, c.id`,
  )
}

export async function campaignById(db: Db, id: string) {
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, id))
  return campaign ?? null
}

/** The projects that applied to a campaign, open applications first. */
export function campaignApplications(db: Db, campaignId: string) {
  return db
    .select({ projectId: projects.id, slug: projects.slug, title: projects.title, status: campaignProjects.status, appliedAt: campaignProjects.createdAt, organization: organizations.name })
    .from(campaignProjects)
    .innerJoin(projects, eq(projects.id, campaignProjects.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(eq(campaignProjects.campaignId, campaignId))
    .orderBy(sql`${campaignProjects.status} = 'applied' desc`, asc(campaignProjects.createdAt))
}

/**
 * For an organisation's console: the published campaigns still open to applications, and for each of
 * the organisation's fundraising projects whether it applied and how that was decided.
 */
export async function campaignsForOrganization(db: Db, input: { organizationId: string; now?: Date }) {
  const now = input.now ?? new Date()
  const [open, own, entries] = await Promise.all([
    db
      .select({ id: campaigns.id, slug: campaigns.slug, title: campaigns.title, contentLanguage: campaigns.contentLanguage, translations: campaigns.translations, startsAt: campaigns.startsAt, endsAt: campaigns.endsAt })
      .from(campaigns)
      .where(and(eq(campaigns.status, 'live'), sql`${campaigns.endsAt} > ${now.toISOString()}::timestamptz`))
      .orderBy(asc(campaigns.startsAt)),
    db
      .select({ id: projects.id, slug: projects.slug, title: projects.title })
      .from(projects)
      .where(and(eq(projects.organizationId, input.organizationId), eq(projects.status, 'fundraising')))
      .orderBy(asc(projects.title)),
    db
      .select({ campaignId: campaignProjects.campaignId, projectId: campaignProjects.projectId, status: campaignProjects.status })
      .from(campaignProjects)
      .innerJoin(projects, eq(projects.id, campaignProjects.projectId))
      .where(eq(projects.organizationId, input.organizationId)),
  ])
  return open.map((c) => ({
    ...c,
    projects: own.map((p) => ({ ...p, status: entries.find((e) => e.campaignId === c.id && e.projectId === p.id)?.status ?? null })),
  }))
}

type Board = NonNullable<Awaited<ReturnType<typeof campaignBoard>>>

/**
 * A board's figures as plain JSON (amounts as strings of minor units): what the campaign page shows
 * first and what `/campaigns/<slug>/live.json` answers when the page polls, so both read one shape.
 */
export function liveFigures(board: Board, now: Date, more: { teams?: TeamStanding[]; participation?: ParticipationStanding[]; language?: Language } = {}) {
  // Project titles in the reader's language where the organisation wrote one (ADR 0021), with the
  // language shown; without a reader, the original.
  const titled = (p: { title: string; contentLanguage: string; translations: unknown }) => {
    const shown = localize({ title: p.title, contentLanguage: p.contentLanguage, translations: p.translations }, ['title'], more.language ?? (p.contentLanguage as Language))
    return { title: shown.title, lang: shown.shownLanguage as string }
  }
  const organizationOf = (p: { organization: string; orgContentLanguage: string; orgTranslations: unknown }) => {
    const shown = localize({ name: p.organization, contentLanguage: p.orgContentLanguage, translations: p.orgTranslations }, ['name'], more.language ?? (p.orgContentLanguage as Language))
    return { organization: shown.name, organizationLang: shown.shownLanguage as string }
  }
  const sponsorOf = (p: { sponsor: string; sponsorTranslations: unknown }) =>
    more.language ? sponsorIn({ sponsor: p.sponsor, translations: p.sponsorTranslations }, board.campaign.contentLanguage, more.language) : p.sponsor
  return {
    phase: campaignPhase(board.campaign, now),
    now: now.toISOString(),
    startsAt: board.campaign.startsAt.toISOString(),
    endsAt: board.campaign.endsAt.toISOString(),
    currency: board.currency,
    given: board.given.toString(),
    gifts: board.gifts,
    matched: board.matched.toString(),
    pools: board.pools.map((p) => ({ id: p.id, sponsor: sponsorOf(p), total: p.total.toString(), remaining: p.remaining.toString(), paid: p.paid.toString(), matchedGifts: p.matchedGifts })),
    projects: board.projects.map((p) => ({ slug: p.slug, ...titled(p), ...organizationOf(p), goal: p.goal.toString(), raised: p.raised.toString(), given: p.given.toString(), matched: p.matched.toString(), gifts: p.gifts })),
    // Teams (一起捐) ranked by what they raised in the window, and the sponsors who give for people's
    // participation (ADR 0019) with what is left and how many actions they paid: public figures, no people.
    teams: (more.teams ?? []).map((team) => ({ id: team.id, name: team.name, raised: team.raised.toString(), goal: team.goal.toString(), members: team.members, project: { slug: team.project.slug, ...titled(team.project) } })),
    participation: (more.participation ?? []).map((p) => ({
      id: p.id,
      sponsor: sponsorOf(p),
      total: p.total.toString(),
      paid: p.paid.toString(),
      remaining: p.remaining.toString(),
      amountPerAction: p.amountPerAction.toString(),
      actions: p.actions,
      capPerPersonDay: p.capPerPersonDay,
      actionsPaid: p.actionsPaid,
    })),
  }
}
export type LiveFigures = ReturnType<typeof liveFigures>

type TeamStanding = Awaited<ReturnType<typeof teamLeaderboard>>[number]
type ParticipationStanding = Awaited<ReturnType<typeof participationTotals>>[number]

/** A giving day's board with its teams' leaderboard and participation pools: what its page and live.json show. */
export async function campaignLive(db: Db, slug: string, now = new Date(), language?: Language) {
  const board = await campaignBoard(db, slug)
  if (!board) return null
  const [teams, participation] = await Promise.all([teamLeaderboard(db, board.campaign.id), participationTotals(db, board.campaign.id)])
  return { board, live: liveFigures(board, now, { teams, participation, language }) }
}

let navCache: { at: number; value: { slug: string; title: string; contentLanguage: string; translations: unknown } | null } | null = null

/**
 * The giving day the navigation points to (the first running or coming one), its title in the
 * reader's language; read at most every 30 seconds per process: every page's header asks, and
 * campaigns change a few times a year.
 */
export async function campaignForNavigation(db: Db, language: Language, now = new Date()) {
  if (!navCache || now.getTime() - navCache.at >= 30_000) {
    const [first] = await currentCampaigns(db, now)
    navCache = { at: now.getTime(), value: first ? { slug: first.slug, title: first.title, contentLanguage: first.contentLanguage, translations: first.translations } : null }
  }
  if (!navCache.value) return null
  const shown = campaignIn(navCache.value, language)
  return { slug: shown.slug, title: shown.title, lang: shown.shownLanguage as string }
}
