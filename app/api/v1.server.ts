/**
 * The public read API's data (`/api/v1`, described in app/api/openapi.ts): what anyone may already
 * read on the public pages, as JSON — published projects of public organisations, their published
 * updates, ledger entries, giving days. Never a person's name, address, contact or account: donors
 * appear only as the ledger's entries do (amounts and receipt-free memos), organisations only by
 * what their public page shows. Amounts are strings of minor units (fen), with their currency.
 *
 * Lists are keyset-paginated on a (time, id) pair, newest first (the ledger: by entry id, oldest
 * first, as its export and hash chains run), so a page never shifts when rows arrive.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import {
  budgetLines,
  campaignProjects,
  campaigns,
  challenges,
  expenses,
  media,
  organizations,
  projectUpdates,
  projects,
} from '~db/schema'
import { translatableFields, translationIn, isContentLanguage, type TranslatableKind } from '~/content/localized'
import { languages } from '~/i18n/config'
import { record as ledgerRecord } from '~/ledger/export.server'
import { exportPage } from '~/ledger/seal.server'
import { hlsUrl, imageUrl, mediaUrl } from '~/media/urls'
import { campaignPools, campaignTotals } from '~/models/campaigns.server'
import { platformTransparency } from '~/models/transparency.server'
import { absoluteUrl } from '~/utils/site.server'
import { encodeCursor } from './respond.server'

export const PROJECT_STATUSES = ['fundraising', 'closed', 'completed'] as const
const publicProject = and(inArray(projects.status, [...PROJECT_STATUSES]), eq(projects.moderationStatus, 'visible'))
const publicOrganization = inArray(organizations.status, ['approved', 'suspended'])

const readyPublicMedia = sql`m.status = 'ready' and m.is_public and m.hidden_at is null`
const coverOf = sql<string | null>`(select m.id from media m where m.id = ${projects.coverMediaId} and m.kind = 'image' and ${readyPublicMedia})`
const logoOf = sql<string | null>`(select m.id from media m where m.id = ${organizations.logoMediaId} and m.kind = 'image' and ${readyPublicMedia})`

const image = (id: string | null) => (id ? { url: absoluteUrl(imageUrl(id, 640, 'jpg')), webp: absoluteUrl(imageUrl(id, 640, 'webp')) } : null)

const projectColumns = {
  id: projects.id,
  slug: projects.slug,
  title: projects.title,
  summary: projects.summary,
  category: projects.category,
  region: projects.region,
  status: projects.status,
  currency: projects.currency,
  goalAmount: projects.goalAmount,
  raisedAmount: projects.raisedAmount,
  donationCount: projects.donationCount,
  startsOn: projects.startsOn,
  endsOn: projects.endsOn,
  publishedAt: projects.publishedAt,
  contentLanguage: projects.contentLanguage,
  translations: projects.translations,
  cover: coverOf,
  organizationSlug: organizations.slug,
  organizationName: organizations.name,
  organizationStatus: organizations.status,
  organizationContentLanguage: organizations.contentLanguage,
  organizationTranslations: organizations.translations,
}

const projectsQuery = (db: Db) => db.select(projectColumns).from(projects).innerJoin(organizations, eq(organizations.id, projects.organizationId)).$dynamic()
type ProjectRow = Awaited<ReturnType<typeof projectsQuery>>[number]

function projectSummary(row: ProjectRow) {
  return {
    id: row.id,
    slug: row.slug,
    url: absoluteUrl(`/projects/${row.slug}`),
    title: row.title,
    summary: row.summary,
    ...bilingual('project', row, ['title', 'summary']),
    category: row.category,
    region: row.region,
    status: row.status,
    currency: row.currency.trim(),
    goal_amount: String(row.goalAmount),
    raised_amount: String(row.raisedAmount),
    donation_count: row.donationCount,
    starts_on: row.startsOn,
    ends_on: row.endsOn,
    published_at: row.publishedAt?.toISOString() ?? null,
    cover_image: image(row.cover),
    organization: {
      slug: row.organizationSlug,
      name: row.organizationName,
      ...bilingual('organization', { contentLanguage: row.organizationContentLanguage, translations: row.organizationTranslations }, ['name']),
      verified: row.organizationStatus === 'approved',
    },
  }
}

/**
 * The language a piece of content was written in and its versions in the other language (ADR
 * 0021): only the translatable fields `fields` (a subset of the kind's), only non-empty ones, and
 * only languages other than the original. Clients get both and choose; nothing is machine-translated.
 */
function bilingual<K extends TranslatableKind>(kind: K, row: { contentLanguage: string | null; translations: unknown }, fields: readonly (typeof translatableFields)[K][number][] = translatableFields[kind]) {
  const contentLanguage = isContentLanguage(row.contentLanguage) ? row.contentLanguage : 'zh-CN'
  const translations: Record<string, Record<string, string>> = {}
  for (const language of languages) {
    if (language === contentLanguage) continue
    const version = translationIn(row.translations, language, fields)
    if (version) translations[language] = version as Record<string, string>
  }
  return { content_language: contentLanguage, translations }
}

const keysetBefore = (at: SQL | unknown, id: unknown, cursor: { at: string; id: string }) => sql`(${at}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`

export async function listProjects(db: Db, query: { status?: (typeof PROJECT_STATUSES)[number]; category?: string; organization?: string; cursor?: { at: string; id: string }; limit: number }) {
  const rows = await projectsQuery(db)
    .where(
      and(
        publicProject,
        publicOrganization,
        query.status ? eq(projects.status, query.status) : undefined,
        query.category ? sql`${projects.category}::text = ${query.category}` : undefined,
        query.organization ? eq(organizations.slug, query.organization) : undefined,
        query.cursor ? keysetBefore(projects.publishedAt, projects.id, query.cursor) : undefined,
      ),
    )
    .orderBy(desc(projects.publishedAt), desc(projects.id))
    .limit(query.limit + 1)
  return page(rows, query.limit, (r) => encodeCursor(r.publishedAt ?? new Date(0), r.id), projectSummary)
}

function page<R, T>(rows: R[], limit: number, cursorOf: (row: R) => string, shape: (row: R) => T) {
  const shown = rows.slice(0, limit)
  const last = shown.at(-1)
  return { items: shown.map(shape), next: rows.length > limit && last ? cursorOf(last) : null }
}

export async function projectDetail(db: Db, slug: string) {
  const [row] = await db
    .select({ ...projectColumns, story: projects.story, filingNumber: projects.filingNumber, budgetNote: projects.budgetNote, finalReport: projects.finalReport })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(and(eq(projects.slug, slug), publicProject, publicOrganization))
  if (!row) return null
  const lines = await db
    .select({ label: budgetLines.label, plannedAmount: budgetLines.plannedAmount, contentLanguage: budgetLines.contentLanguage, translations: budgetLines.translations })
    .from(budgetLines)
    .innerJoin(projects, eq(projects.id, budgetLines.projectId))
    .where(eq(projects.slug, slug))
    .orderBy(asc(budgetLines.position))
  const open = await db
    .select({ slug: challenges.slug, tag: challenges.tag, title: challenges.title, status: challenges.status, contentLanguage: challenges.contentLanguage, translations: challenges.translations })
    .from(challenges)
    .innerJoin(projects, eq(projects.id, challenges.projectId))
    .where(eq(projects.slug, slug))
    .orderBy(asc(challenges.createdAt))
  const summary = projectSummary(row)
  return {
    ...summary,
    ...bilingual('project', row),
    story: row.story,
    filing_number: row.filingNumber,
    budget: lines.map((l) => ({ label: l.label, ...bilingual('budgetLine', l), planned_amount: String(l.plannedAmount) })),
    budget_note: row.budgetNote,
    final_report: row.finalReport,
    challenges: open.map((c) => ({ slug: c.slug, hashtag: `#${c.tag}`, title: c.title, ...bilingual('challenge', c, ['title']), status: c.status, url: absoluteUrl(`/challenges/${c.slug}`) })),
    links: {
      updates: absoluteUrl(`/api/v1/updates?project=${encodeURIComponent(row.slug)}`),
      ledger_entries: absoluteUrl(`/api/v1/ledger-entries?project=${encodeURIComponent(row.slug)}`),
      ledger_export: absoluteUrl(`/projects/${row.slug}/ledger.json`),
      donate: absoluteUrl(`/projects/${row.slug}/donate`),
    },
  }
}

const organizationColumns = {
  id: organizations.id,
  slug: organizations.slug,
  name: organizations.name,
  uscc: organizations.uscc,
  status: organizations.status,
  region: organizations.region,
  causeAreas: organizations.causeAreas,
  description: organizations.description,
  website: organizations.website,
  publicFundraising: organizations.hasPublicFundraisingQualification,
  approvedAt: organizations.approvedAt,
  createdAt: organizations.createdAt,
  contentLanguage: organizations.contentLanguage,
  translations: organizations.translations,
  logo: logoOf,
}
const organizationsQuery = (db: Db) => db.select(organizationColumns).from(organizations).$dynamic()
type OrganizationRow = Awaited<ReturnType<typeof organizationsQuery>>[number]

function organizationSummary(row: OrganizationRow) {
  return {
    id: row.id,
    slug: row.slug,
    url: absoluteUrl(`/organizations/${row.slug}`),
    name: row.name,
    unified_social_credit_code: row.uscc,
    verified: row.status === 'approved',
    suspended: row.status === 'suspended',
    region: row.region,
    cause_areas: row.causeAreas,
    description: row.description,
    ...bilingual('organization', row),
    website: row.website,
    public_fundraising_qualification: row.publicFundraising,
    approved_at: row.approvedAt?.toISOString() ?? null,
    logo: image(row.logo),
  }
}

export async function listOrganizations(db: Db, query: { cursor?: { at: string; id: string }; limit: number }) {
  const rows = await organizationsQuery(db)
    .where(and(publicOrganization, query.cursor ? keysetBefore(organizations.createdAt, organizations.id, query.cursor) : undefined))
    .orderBy(desc(organizations.createdAt), desc(organizations.id))
    .limit(query.limit + 1)
  return page(rows, query.limit, (r) => encodeCursor(r.createdAt, r.id), organizationSummary)
}

export async function organizationDetail(db: Db, slug: string) {
  const [row] = await organizationsQuery(db).where(and(eq(organizations.slug, slug), publicOrganization))
  if (!row) return null
  return {
    ...organizationSummary(row),
    links: {
      projects: absoluteUrl(`/api/v1/projects?organization=${encodeURIComponent(row.slug)}`),
      updates: absoluteUrl(`/api/v1/updates?organization=${encodeURIComponent(row.slug)}`),
    },
  }
}

export async function listUpdates(db: Db, query: { project?: string; organization?: string; cursor?: { at: string; id: string }; limit: number }) {
  return readUpdates(
    db,
    and(
      query.project ? eq(projects.slug, query.project) : undefined,
      query.organization ? eq(organizations.slug, query.organization) : undefined,
      query.cursor ? keysetBefore(projectUpdates.createdAt, projectUpdates.id, query.cursor) : undefined,
    ),
    query.limit,
  )
}

export async function updateDetail(db: Db, id: string) {
  const { items } = await readUpdates(db, eq(projectUpdates.id, id), 1)
  return items[0] ?? null
}

async function readUpdates(db: Db, where: SQL | undefined, limit: number) {
  const rows = await db
    .select({
      id: projectUpdates.id,
      title: projectUpdates.title,
      body: projectUpdates.body,
      contentLanguage: projectUpdates.contentLanguage,
      translations: projectUpdates.translations,
      createdAt: projectUpdates.createdAt,
      editedAt: projectUpdates.editedAt,
      imageIds: projectUpdates.imageMediaIds,
      expenseIds: projectUpdates.expenseIds,
      projectSlug: projects.slug,
      projectTitle: projects.title,
      projectContentLanguage: projects.contentLanguage,
      projectTranslations: projects.translations,
      organizationSlug: organizations.slug,
      organizationName: organizations.name,
      organizationContentLanguage: organizations.contentLanguage,
      organizationTranslations: organizations.translations,
      videoId: media.id,
      videoPoster: media.posterMediaId,
      videoDurationMs: media.durationMs,
      videoWidth: media.width,
      videoHeight: media.height,
      videoHls: media.hlsStatus,
    })
    .from(projectUpdates)
    .innerJoin(projects, eq(projects.id, projectUpdates.projectId))
    .innerJoin(organizations, eq(organizations.id, projectUpdates.organizationId))
    .leftJoin(media, and(eq(media.id, projectUpdates.videoMediaId), eq(media.status, 'ready'), eq(media.isPublic, true), sql`${media.hiddenAt} is null`))
    .where(and(eq(projectUpdates.status, 'published'), publicProject, publicOrganization, where))
    .orderBy(desc(projectUpdates.createdAt), desc(projectUpdates.id))
    .limit(limit + 1)
  const shown = rows.slice(0, limit)
  const imageIds = [...new Set(shown.flatMap((r) => r.imageIds))]
  const images = imageIds.length
    ? new Set(
        (await db.select({ id: media.id }).from(media).where(and(inArray(media.id, imageIds), eq(media.kind, 'image'), eq(media.status, 'ready'), eq(media.isPublic, true), sql`${media.hiddenAt} is null`))).map(
          (m) => m.id,
        ),
      )
    : new Set<string>()
  const expenseIds = [...new Set(shown.flatMap((r) => r.expenseIds))]
  const linked = expenseIds.length
    ? await db
        .select({ id: expenses.id, amount: expenses.amount, currency: expenses.currency, description: expenses.description, voidedAt: expenses.voidedAt })
        .from(expenses)
        .where(inArray(expenses.id, expenseIds))
    : []
  const byId = new Map(linked.map((e) => [e.id, e]))
  return page(
    rows,
    limit,
    (r) => encodeCursor(r.createdAt, r.id),
    (r) => ({
      id: r.id,
      url: absoluteUrl(`/updates/${r.id}`),
      title: r.title,
      body: r.body,
      ...bilingual('update', r),
      created_at: r.createdAt.toISOString(),
      edited_at: r.editedAt?.toISOString() ?? null,
      project: { slug: r.projectSlug, title: r.projectTitle, ...bilingual('project', { contentLanguage: r.projectContentLanguage, translations: r.projectTranslations }, ['title']) },
      organization: { slug: r.organizationSlug, name: r.organizationName, ...bilingual('organization', { contentLanguage: r.organizationContentLanguage, translations: r.organizationTranslations }, ['name']) },
      video: r.videoId
        ? {
            mp4: absoluteUrl(mediaUrl(r.videoId)),
            hls: r.videoHls === 'ready' ? absoluteUrl(hlsUrl(r.videoId)) : null,
            poster: r.videoPoster ? absoluteUrl(imageUrl(r.videoPoster, 640, 'jpg')) : null,
            duration_ms: r.videoDurationMs,
            width: r.videoWidth,
            height: r.videoHeight,
          }
        : null,
      images: r.imageIds.filter((id) => images.has(id)).map((id) => image(id)!),
      expenses: r.expenseIds.flatMap((id) => {
        const e = byId.get(id)
        return e && !e.voidedAt ? [{ id: e.id, amount: String(e.amount), currency: e.currency.trim(), description: e.description }] : []
      }),
    }),
  )
}

/** Ledger entries, oldest first, with their seals (the same records as the ledger export). */
export async function listLedgerEntries(db: Db, query: { project?: string; after?: bigint; limit: number }) {
  let projectId: string | undefined
  if (query.project) {
    const [row] = await db
      .select({ id: projects.id })
      .from(projects)
      .innerJoin(organizations, eq(organizations.id, projects.organizationId))
      .where(and(eq(projects.slug, query.project), publicProject, publicOrganization))
    if (!row) return null
    projectId = row.id
  }
  const rows = await exportPage(db, query.after ?? 0n, query.limit + 1, projectId)
  const shown = rows.slice(0, query.limit)
  const last = shown.at(-1)
  return { items: shown.map(ledgerRecord), next: rows.length > query.limit && last ? String(last.id) : null }
}

const CAMPAIGN_STATUSES = ['live', 'closed'] as const

function campaignSummary(row: typeof campaigns.$inferSelect) {
  return {
    slug: row.slug,
    url: absoluteUrl(`/campaigns/${row.slug}`),
    title: row.title,
    ...bilingual('campaign', row),
    status: row.status,
    starts_at: row.startsAt.toISOString(),
    ends_at: row.endsAt.toISOString(),
    matching_export: absoluteUrl(`/campaigns/${row.slug}/matching.json`),
  }
}

export async function listCampaigns(db: Db, query: { cursor?: { at: string; id: string }; limit: number }) {
  const rows = await db
    .select()
    .from(campaigns)
    .where(and(inArray(campaigns.status, [...CAMPAIGN_STATUSES]), query.cursor ? keysetBefore(campaigns.startsAt, campaigns.id, query.cursor) : undefined))
    .orderBy(desc(campaigns.startsAt), desc(campaigns.id))
    .limit(query.limit + 1)
  return page(rows, query.limit, (r) => encodeCursor(r.startsAt, r.id), campaignSummary)
}

export async function campaignDetail(db: Db, slug: string) {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.slug, slug), inArray(campaigns.status, [...CAMPAIGN_STATUSES])))
  if (!row) return null
  const [totals, pools, joined] = await Promise.all([
    campaignTotals(db, row.id),
    campaignPools(db, row.id),
    db
      .select({ slug: projects.slug, title: projects.title, contentLanguage: projects.contentLanguage, translations: projects.translations, raisedAmount: projects.raisedAmount, currency: projects.currency })
      .from(campaignProjects)
      .innerJoin(projects, eq(projects.id, campaignProjects.projectId))
      .innerJoin(organizations, eq(organizations.id, projects.organizationId))
      .where(and(eq(campaignProjects.campaignId, row.id), eq(campaignProjects.status, 'approved'), publicProject, publicOrganization))
      .orderBy(desc(projects.raisedAmount), asc(projects.slug)),
  ])
  const totalsById = new Map(totals.pools.map((p) => [p.id, p]))
  return {
    ...campaignSummary(row),
    matched_amount: String(totals.paid),
    held_amount: String(totals.held),
    matched_gifts: totals.matchedGifts,
    pools: pools.map((p) => {
      const t = totalsById.get(p.id)
      return {
        sponsor: p.sponsorName,
        sponsor_translations: bilingual('sponsor', { contentLanguage: row.contentLanguage, translations: p.translations }).translations,
        currency: p.currency.trim(),
        total_amount: String(p.totalAmount),
        remaining_amount: String(p.totalAmount - p.committedAmount),
        matched_amount: String(t?.paid ?? 0n),
        rules: {
          ratio_percent: p.ratioPercent,
          cap_per_gift: p.capPerGift === null ? null : String(p.capPerGift),
          cap_per_donor_per_day: p.capPerDonorDay === null ? null : String(p.capPerDonorDay),
          cap_per_project: p.capPerProject === null ? null : String(p.capPerProject),
          first_gift_per_donor_per_project_only: p.firstGiftOnly,
          starts_at: p.startsAt.toISOString(),
          ends_at: p.endsAt.toISOString(),
        },
      }
    }),
    projects: joined.map((p) => ({ slug: p.slug, title: p.title, ...bilingual('project', p, ['title']), url: absoluteUrl(`/projects/${p.slug}`), currency: p.currency.trim(), raised_amount: String(p.raisedAmount) })),
  }
}

export async function transparency(db: Db) {
  const data = await platformTransparency(db)
  return {
    currency: data.currency,
    totals: { received: String(data.totals.received), spent: String(data.totals.spent), entries: data.totals.entries, projects: data.totals.projects },
    by_cause: data.byCause.map((c) => ({ category: c.category, received: String(c.received), spent: String(c.spent), projects: c.projects })),
    by_organization: data.byOrganization.map((o) => ({ slug: o.slug, name: o.name, received: String(o.received), spent: String(o.spent), projects: o.projects })),
  }
}
