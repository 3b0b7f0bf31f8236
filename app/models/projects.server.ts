import { and, count, desc, eq, inArray, isNull, sql, sum, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { localize } from '~/content/localized'
import type { Language } from '~/i18n/config'
import { regionAndInside, regionByCode, regionName } from '~/regions/regions'
import { textSearchCondition } from './search'
import { donations, media, organizations, projectFollows, projectLedgerTotals, projects, shareLinks, type ProjectCategory } from '~db/schema'

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
  /** The cover image, when there is one anyone may see (publicCover). */
  coverMediaId: string | null
  organization: { slug: string; name: string; verified: boolean }
}

const totalsCache = new WeakMap<Db, { at: number; value: Promise<PlatformTotals> }>()
type PlatformTotals = Awaited<ReturnType<typeof computePlatformTotals>>

/**
 * Platform-wide figures for the home page, per currency (CNY only in practice). They sum every
 * public project, so each server computes them at most once a minute (headline figures; the
 * project pages show exact totals).
 */
export function platformTotals(db: Db, now = Date.now()) {
  const cached = totalsCache.get(db)
  if (cached && now - cached.at < 60_000) return cached.value
  const value = computePlatformTotals(db)
  totalsCache.set(db, { at: now, value })
  value.catch(() => totalsCache.delete(db))
  return value
}

async function computePlatformTotals(db: Db) {
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

// ── The project page ───────────────────────────────────────────────────────────────────────────

export async function getProjectBySlug(db: Db, slug: string) {
  const [row] = await db
    .select({ project: projects, organization: organizations })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(eq(projects.slug, slug))
    .limit(1)
  return row ?? null
}

/**
 * A project's cover as lists show it: an image that is public, ready and not taken down, or null
 * (the card draws its category's gradient). One primary-key probe per row of a page.
 */
const publicCover = sql<string | null>`(select m.id from media m where m.id = ${projects.coverMediaId}
  and m.kind = 'image' and m.status = 'ready' and m.is_public and m.hidden_at is null)`

/**
 * The cover the project page shows this reader: an image, ready and not taken down, and public —
 * or still private (a draft's) when the reader is a member or an admin, who preview it.
 */
export async function projectCover(db: Db, coverMediaId: string | null, { member }: { member: boolean }) {
  if (!coverMediaId) return null
  const [cover] = await db.select({ id: media.id, kind: media.kind, status: media.status, isPublic: media.isPublic, hiddenAt: media.hiddenAt }).from(media).where(eq(media.id, coverMediaId))
  return cover && cover.kind === 'image' && cover.status === 'ready' && !cover.hiddenAt && (cover.isPublic || member) ? cover.id : null
}

/** Published projects are public; drafts, reviews and rejections only to members and admins. */
export async function getProjectById(db: Db, id: string) {
  const [row] = await db.select().from(projects).where(eq(projects.id, id))
  return row ?? null
}

export function isPublicProject(status: (typeof projects.$inferSelect)['status'], moderation: (typeof projects.$inferSelect)['moderationStatus'] = 'visible') {
  return (status === 'fundraising' || status === 'closed' || status === 'completed') && moderation === 'visible'
}

/** The latest succeeded gifts: a name or "anonymous", the amount and the message — never contact details. */
export async function recentDonations(db: Db, projectId: string, limit = 10) {
  return db
    .select({
      id: donations.id,
      amount: donations.amount,
      currency: donations.currency,
      displayName: donations.displayName,
      isAnonymous: donations.isAnonymous,
      // Held, hidden or removed messages are not shown (the gift itself still is).
      message: sql<string | null>`case when ${donations.messageStatus} = 'visible' then ${donations.message} end`,
      succeededAt: donations.succeededAt,
    })
    .from(donations)
    .where(and(eq(donations.projectId, projectId), inArray(donations.status, ['succeeded', 'partially_refunded'])))
    .orderBy(desc(donations.succeededAt), desc(donations.id))
    .limit(limit)
}

/** Money in and out of a project, from the ledger (the transparency issue adds the full tab). */
export async function ledgerSummary(db: Db, projectId: string) {
  // From the per-kind sums the ledger's trigger keeps: a handful of rows, not every entry.
  const rows = await db
    .select({ kind: projectLedgerTotals.kind, total: projectLedgerTotals.amount, entries: projectLedgerTotals.entries })
    .from(projectLedgerTotals)
    .where(eq(projectLedgerTotals.projectId, projectId))
  const byKind = Object.fromEntries(rows.map((r) => [r.kind, r.total])) as Partial<Record<string, bigint>>
  const received = (byKind.donation ?? 0n) + (byKind.refund ?? 0n) + (byKind.dispute ?? 0n) + (byKind.dispute_reversal ?? 0n) + (byKind.match ?? 0n) + (byKind.match_reversal ?? 0n) + (byKind.sponsor_gift ?? 0n)
  const spent = -((byKind.expense ?? 0n) + (byKind.expense_reversal ?? 0n))
  return { received, spent, unspent: received - spent, entries: rows.reduce((n, r) => n + r.entries, 0) }
}

// ── Follows ────────────────────────────────────────────────────────────────────────────────────

export async function projectFollowerCount(db: Db, projectId: string) {
  const [row] = await db.select({ n: count() }).from(projectFollows).where(eq(projectFollows.projectId, projectId))
  return row?.n ?? 0
}

export async function isFollowingProject(db: Db, projectId: string, userId: string) {
  const [row] = await db
    .select({ userId: projectFollows.userId })
    .from(projectFollows)
    .where(and(eq(projectFollows.projectId, projectId), eq(projectFollows.userId, userId)))
  return Boolean(row)
}

/** Idempotent both ways. */
export async function setProjectFollowing(db: Db, projectId: string, userId: string, follow: boolean) {
  if (follow) await db.insert(projectFollows).values({ projectId, userId }).onConflictDoNothing()
  else await db.delete(projectFollows).where(and(eq(projectFollows.projectId, projectId), eq(projectFollows.userId, userId)))
}

// ── Share links ────────────────────────────────────────────────────────────────────────────────

const CODE_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz'
function newShareCode() {
  const bytes = crypto.getRandomValues(new Uint8Array(10))
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('')
}

/** The sharer's attribution code for a project (one per person, one shared by anonymous visitors); created once. */
export async function shareCodeFor(db: Db, projectId: string, userId: string | null) {
  const existing = () =>
    db
      .select({ code: shareLinks.code })
      .from(shareLinks)
      .where(and(eq(shareLinks.projectId, projectId), userId ? eq(shareLinks.userId, userId) : isNull(shareLinks.userId)))
      .limit(1)
  const [found] = await existing()
  if (found) return found.code
  await db.insert(shareLinks).values({ code: newShareCode(), projectId, userId }).onConflictDoNothing()
  const [created] = await existing()
  return created!.code
}

/** A valid attribution code of this project, or null (codes from elsewhere are ignored). */
export async function resolveShareCode(db: Db, projectId: string, code: string | null) {
  if (!code || !/^[a-z0-9]{6,20}$/.test(code)) return null
  const [row] = await db
    .select({ code: shareLinks.code })
    .from(shareLinks)
    .where(and(eq(shareLinks.code, code), eq(shareLinks.projectId, projectId)))
  return row?.code ?? null
}

// ── Discover ───────────────────────────────────────────────────────────────────────────────────

export type DiscoverStatus = 'fundraising' | 'closed' | 'completed'

export interface DiscoverQuery {
  category?: ProjectCategory
  region?: string
  status: DiscoverStatus
  q?: string
  after?: { score: number; id: string }
  limit: number
}

const cardColumns = {
  id: projects.id,
  slug: projects.slug,
  title: projects.title,
  summary: projects.summary,
  contentLanguage: projects.contentLanguage,
  translations: projects.translations,
  category: projects.category,
  region: projects.region,
  regionCode: projects.regionCode,
  currency: projects.currency,
  goalAmount: projects.goalAmount,
  raisedAmount: projects.raisedAmount,
  donationCount: projects.donationCount,
  endsOn: projects.endsOn,
  coverMediaId: publicCover,
  rankScore: projects.rankScore,
  organizationSlug: organizations.slug,
  organizationName: organizations.name,
  organizationStatus: organizations.status,
  organizationContentLanguage: organizations.contentLanguage,
  organizationTranslations: organizations.translations,
}

export { likePattern } from './search'

/**
 * Discover: filtered by category, region and status, optionally searched (trigram index over title
 * and summary — it matches Chinese as well as English), in rank order, keyset-paginated on
 * (rank_score, id) so a page never shifts under inserts.
 */
export async function discoverProjects(db: Db, query: DiscoverQuery) {
  const rows = await db
    .select(cardColumns)
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(
      and(
        eq(projects.status, query.status),
        eq(projects.moderationStatus, 'visible'),
        // A suspended organisation's projects leave the fundraising lists at once (they stay reachable by link).
        query.status === 'fundraising' ? eq(organizations.status, 'approved') : undefined,
        query.category ? eq(projects.category, query.category) : undefined,
        query.region ? regionCondition(query.region) : undefined,
        query.q ? textSearchCondition(query.q, sql`(${projects.title} || ' ' || ${projects.summary})`, projects.searchEn) : undefined,
        query.after ? sql`(${projects.rankScore}, ${projects.id}) < (${query.after.score}, ${query.after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(sql`${projects.rankScore} desc nulls last`, sql`${projects.id} desc nulls last`)
    .limit(query.limit)
  return rows.map(toCard)
}

type CardRow = { organizationSlug: string; organizationName: string; organizationStatus: string; organizationContentLanguage: string; organizationTranslations: unknown } & Omit<ProjectCardData, 'organization'> & { rankScore: number; contentLanguage: string; translations: unknown; regionCode: string | null }

function toCard({ organizationSlug, organizationName, organizationStatus, organizationContentLanguage, organizationTranslations, ...row }: CardRow) {
  return {
    ...row,
    organization: { slug: organizationSlug, name: organizationName, verified: organizationStatus === 'approved', contentLanguage: organizationContentLanguage, translations: organizationTranslations },
  }
}

/**
 * A card as a reader sees it (ADR 0021): title, summary and organisation name in the reader's
 * language where written in it (else the original, its language given for the `lang` attribute),
 * the region named from its code in the reader's language (else as typed). The translations
 * themselves stay on the server.
 */
export function localizeCard<C extends ReturnType<typeof toCard>>(card: C, language: Language) {
  const { contentLanguage, translations, regionCode, organization, ...rest } = card
  const shown = localize({ title: card.title, summary: card.summary, contentLanguage, translations }, ['title', 'summary'], language)
  const org = localize({ name: organization.name, contentLanguage: organization.contentLanguage, translations: organization.translations }, ['name'], language)
  return {
    ...rest,
    title: shown.title,
    summary: shown.summary,
    lang: shown.shownLanguage,
    region: regionName(regionCode, language) ?? card.region,
    organization: { slug: organization.slug, name: org.name, lang: org.shownLanguage, verified: organization.verified },
  }
}

/**
 * The regions of public projects, for discover's filter: a loose index scan (one probe of the
 * status-and-region index per status and region) instead of reading every project for a
 * `distinct` — a few dozen regions among 50,000 projects.
 */
export async function projectRegions(db: Db) {
  const next = (after: SQL) =>
    sql`least(${sql.join(
      PUBLIC_STATUSES.map((status) => sql`(select min(region) from ${projects} where status = ${status} and region > ${after})`),
      sql`, `,
    )})`
  const rows = await queryRows<{ region: string }>(
    db,
    sql`with recursive r(region) as (
          select ${next(sql`''`)}
          union all
          select ${next(sql`r.region`)} from r where r.region is not null
        )
        select region from r where region is not null`,
  )
  return rows.map((r) => r.region)
}
const PUBLIC_STATUSES = ['fundraising', 'closed', 'completed'] as const

/**
 * A region filter: a GB/T 2260 code takes the division and the cities inside it (a province's filter
 * shows its cities' projects); any other text is a place as typed (links from before regions were data).
 */
function regionCondition(region: string) {
  return regionByCode(region) ? inArray(projects.regionCode, regionAndInside(region)) : eq(projects.region, region)
}

/**
 * The GB/T 2260 divisions of public projects, for discover's filter: the same loose index scan as
 * `projectRegions`, on the status-and-region-code index.
 */
export async function projectRegionCodes(db: Db) {
  const next = (after: SQL) =>
    sql`least(${sql.join(
      PUBLIC_STATUSES.map((status) => sql`(select min(region_code) from ${projects} where status = ${status} and region_code > ${after})`),
      sql`, `,
    )})`
  const rows = await queryRows<{ code: string }>(
    db,
    sql`with recursive r(code) as (
          select ${next(sql`''`)}
          union all
          select ${next(sql`r.code`)} from r where r.code is not null
        )
        select code from r where code is not null`,
  )
  return rows.map((r) => r.code)
}

/** What a signed-in reader cares about: the categories and regions of the projects they follow or gave to. */
export async function readerInterests(db: Db, userId: string) {
  const rows = await db
    .selectDistinct({ category: projects.category, region: projects.region })
    .from(projects)
    .where(
      sql`${projects.id} in (select ${projectFollows.projectId} from ${projectFollows} where ${projectFollows.userId} = ${userId}
          union select ${donations.projectId} from ${donations} where ${donations.userId} = ${userId})`,
    )
    .limit(200)
  return { categories: new Set(rows.map((r) => r.category as string)), regions: new Set(rows.map((r) => r.region)) }
}
