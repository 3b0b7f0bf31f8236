/**
 * Organisations: the application, the admin review (a small state machine enforced here, in the
 * UPDATE's WHERE clause, not only in the UI), membership and invitations, follows, and the public
 * directory. Every admin decision writes the audit log, an email and an in-app notification in the
 * same transaction as the change, so none of them can happen without the others.
 */
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import {
  auditLog,
  emailTokens,
  media,
  notifications,
  organizationFollows,
  organizationMembers,
  organizations,
  projects,
  users,
  type ProjectCategory,
} from '~db/schema'
import { queueMail } from '~/mail/mailer.server'
import { invitationMail, organizationDecisionMail } from '~/mail/messages.server'
import { isUuid, latinSlug } from '~/utils/ids'
import { hashToken, newToken } from '~/utils/tokens.server'
import { invariantResponse } from '~/utils/http.server'
import { localizeFor, type ContentLanguage, type Translations } from '~/content/localized'
import { cleanTranslations } from '~/content/translation-input'
import { regionAndInside, regionByCode, regionFromText } from '~/regions/regions'

export type Organization = typeof organizations.$inferSelect
export type OrganizationStatus = Organization['status']

export interface StoredFile {
  storageKey: string
  contentType: string
  byteSize: number
  sha256: string
}

export interface OrganizationApplication {
  name: string
  uscc: string
  hasPublicFundraisingQualification: boolean
  causeAreas: ProjectCategory[]
  region: string
  /** The GB/T 2260 division chosen in the form; without one it is read from `region` (app/regions). */
  regionCode?: string | null
  description: string
  /** The language the name and description are written in, and their other-language version (ADR 0021). */
  contentLanguage?: ContentLanguage
  translations?: Translations
  website?: string
  contactName: string
  contactEmail: string
  contactPhone?: string
}

export class UsccTakenError extends Error {
  override name = 'UsccTakenError'
}

export class InvalidTransitionError extends Error {
  override name = 'InvalidTransitionError'
  constructor(readonly decision: Decision, readonly status: OrganizationStatus | null) {
    super(`cannot ${decision} an organisation that is ${status ?? 'missing'}`)
  }
}

/** The review state machine: which decision moves which status where, and whether it needs a reason. */
export const DECISIONS = {
  approve: { from: ['pending'], to: 'approved', reasonRequired: false },
  reject: { from: ['pending'], to: 'rejected', reasonRequired: true },
  suspend: { from: ['approved'], to: 'suspended', reasonRequired: true },
  reinstate: { from: ['suspended'], to: 'approved', reasonRequired: true },
} as const satisfies Record<string, { from: readonly OrganizationStatus[]; to: OrganizationStatus; reasonRequired: boolean }>
export type Decision = keyof typeof DECISIONS

export function decisionsFrom(status: OrganizationStatus): Decision[] {
  return (Object.keys(DECISIONS) as Decision[]).filter((d) => (DECISIONS[d].from as readonly string[]).includes(status))
}

/** A readable URL slug: Latin letters and digits from the name, else the (unique) credit code. */
export function organizationSlug(name: string, uscc: string) {
  const latin = latinSlug(name)
  return latin.length >= 3 ? latin : `org-${uscc.toLowerCase()}`
}

function isUniqueViolation(error: unknown, constraint: string) {
  const cause = (error as { cause?: { message?: string; constraint_name?: string } })?.cause ?? error
  const message = (cause as { message?: string })?.message ?? ''
  return message.includes(constraint) || (cause as { constraint_name?: string })?.constraint_name === constraint
}

/**
 * Files an application. The applicant becomes its owner. The documents must already be in storage
 * (promoted by the caller); this records them as private media of the organisation.
 */
export async function applyForOrganization(
  db: Db,
  input: { applicantId: string; application: OrganizationApplication; certificate: StoredFile; logo?: StoredFile },
): Promise<Organization> {
  const { application } = input
  const contentLanguage = application.contentLanguage ?? 'zh-CN'
  const row = {
    ...application,
    contentLanguage,
    translations: cleanTranslations('organization', contentLanguage, application.translations),
    regionCode: application.regionCode || regionFromText(application.region),
  }
  try {
    return await db.transaction(async (tx) => {
      const [taken] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.uscc, application.uscc)).limit(1)
      if (taken) throw new UsccTakenError(application.uscc)
      let slug = organizationSlug(application.name, application.uscc)
      const [slugTaken] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug)).limit(1)
      if (slugTaken) slug = `${slug}-${application.uscc.slice(-6).toLowerCase()}`
      const [org] = await tx.insert(organizations).values({ ...row, slug, status: 'pending' }).returning()
      const insertMedia = async (file: StoredFile, kind: 'document' | 'image') => {
        const [row] = await tx
          .insert(media)
          .values({ ...file, kind, isPublic: false, uploadedBy: input.applicantId, organizationId: org!.id })
          .returning({ id: media.id })
        return row!.id
      }
      const certificateMediaId = await insertMedia(input.certificate, 'document')
      const logoMediaId = input.logo ? await insertMedia(input.logo, 'image') : null
      const [updated] = await tx
        .update(organizations)
        .set({ certificateMediaId, logoMediaId })
        .where(eq(organizations.id, org!.id))
        .returning()
      await tx.insert(organizationMembers).values({ organizationId: org!.id, userId: input.applicantId, role: 'owner' })
      return updated!
    })
  } catch (error) {
    if (error instanceof UsccTakenError || isUniqueViolation(error, 'organizations_uscc_unique')) throw new UsccTakenError(application.uscc)
    throw error
  }
}

/**
 * An admin decision. The status moves only along DECISIONS (checked atomically in the UPDATE, so
 * two admins deciding at once cannot both succeed); the audit log, the owners' emails and their
 * in-app notifications are written in the same transaction.
 */
export async function decideOrganization(
  db: Db,
  input: { adminId: string; organizationId: string; decision: Decision; reason?: string; link: (slug: string) => string; now?: Date },
): Promise<Organization> {
  const rule = DECISIONS[input.decision]
  const reason = input.reason?.trim() || null
  if (rule.reasonRequired && !reason) throw new Error(`a reason is required to ${input.decision}`)
  const now = input.now ?? new Date()
  return db.transaction(async (tx) => {
    const [org] = await tx
      .update(organizations)
      .set({
        status: rule.to,
        statusReason: reason,
        ...(input.decision === 'approve' ? { approvedAt: now } : {}),
      })
      .where(and(eq(organizations.id, input.organizationId), inArray(organizations.status, [...rule.from])))
      .returning()
    if (!org) {
      const [current] = await tx.select({ status: organizations.status }).from(organizations).where(eq(organizations.id, input.organizationId))
      throw new InvalidTransitionError(input.decision, current?.status ?? null)
    }
    // An approved organisation's logo is public; a suspended one's stays visible on its page too.
    if (org.logoMediaId && rule.to === 'approved') await tx.update(media).set({ isPublic: true }).where(eq(media.id, org.logoMediaId))
    await tx.insert(auditLog).values({
      actorId: input.adminId,
      action: `organization.${input.decision}`,
      targetType: 'organization',
      targetId: org.id,
      reason,
      details: { name: org.name, from: rule.from.join('|'), to: rule.to },
      createdAt: now,
    })
    const owners = await tx
      .select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale })
      .from(organizationMembers)
      .innerJoin(users, eq(users.id, organizationMembers.userId))
      .where(and(eq(organizationMembers.organizationId, org.id), eq(organizationMembers.role, 'owner')))
    const link = input.link(org.slug)
    for (const owner of owners) {
      await queueMail(tx, organizationDecisionMail(owner, { name: localizeFor(org, ['name'], owner.locale).name, decision: input.decision, reason, link }))
      await tx.insert(notifications).values({
        userId: owner.id,
        messageKey: `notify.organization.${input.decision}`,
        values: { name: org.name, reason: reason ?? '' },
        link: `/organizations/${org.slug}`,
        createdAt: now,
      })
    }
    return org
  })
}

export async function getOrganizationBySlug(db: Db, slug: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.slug, slug)).limit(1)
  return org ?? null
}

/** For routes: the organisation with this slug, or a thrown 404. */
export async function organizationBySlugOr404(db: Db, slug: string | undefined) {
  const org = slug ? await getOrganizationBySlug(db, slug) : null
  invariantResponse(org, 404, 'Not found')
  return org
}

export async function getOrganizationById(db: Db, id: string) {
  if (!isUuid(id)) return null
  const [org] = await db.select().from(organizations).where(eq(organizations.id, id)).limit(1)
  return org ?? null
}


/** Who may see an organisation's page: everyone once approved or suspended; members and admins always. */
export interface OrganizationProfile {
  name: string
  description: string
  region: string
  regionCode?: string | null
  contentLanguage: ContentLanguage
  translations?: Translations
}

export class NotAnEditorError extends Error {
  override name = 'NotAnEditorError'
}

/**
 * An owner or editor changes the organisation's profile: its name and description in the language
 * it is written in and the other, and its region (the place as typed, and its GB/T 2260 division).
 * The acting user's role is checked here too, in the same transaction; what changed (each field's
 * old and new value) goes to the audit log with the change. Returns the organisation as saved.
 */
export async function updateOrganizationProfile(db: Db, input: { organizationId: string; actorId: string; profile: OrganizationProfile; now?: Date }): Promise<Organization> {
  const { profile } = input
  const next = {
    name: profile.name,
    description: profile.description,
    region: profile.region,
    regionCode: profile.regionCode || regionFromText(profile.region),
    contentLanguage: profile.contentLanguage,
    translations: cleanTranslations('organization', profile.contentLanguage, profile.translations),
  }
  return db.transaction(async (tx) => {
    const [membership] = await tx
      .select({ role: organizationMembers.role })
      .from(organizationMembers)
      .where(and(eq(organizationMembers.organizationId, input.organizationId), eq(organizationMembers.userId, input.actorId), inArray(organizationMembers.role, ['owner', 'editor'])))
    if (!membership) throw new NotAnEditorError()
    const [current] = await tx.select().from(organizations).where(eq(organizations.id, input.organizationId)).for('update')
    if (!current) throw new NotAnEditorError()
    const changed: Record<string, { from: unknown; to: unknown }> = {}
    for (const key of Object.keys(next) as (keyof typeof next)[]) {
      if (JSON.stringify(current[key]) !== JSON.stringify(next[key])) changed[key] = { from: current[key], to: next[key] }
    }
    if (Object.keys(changed).length === 0) return current
    const [saved] = await tx.update(organizations).set(next).where(eq(organizations.id, current.id)).returning()
    await tx.insert(auditLog).values({
      actorId: input.actorId,
      action: 'organization.profile',
      targetType: 'organization',
      targetId: current.id,
      details: { name: saved!.name, role: membership.role, changed },
      ...(input.now ? { createdAt: input.now } : {}),
    })
    return saved!
  })
}

export function isPubliclyVisible(status: OrganizationStatus) {
  return status === 'approved' || status === 'suspended'
}

/** The review queue: one status, oldest application first, keyset-paginated. */
export async function listOrganizationsForReview(
  db: Db,
  { status, after, limit = 50 }: { status: OrganizationStatus; after?: { cursor: string; id: string }; limit?: number },
) {
  return db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      region: organizations.region,
      causeAreas: organizations.causeAreas,
      hasPublicFundraisingQualification: organizations.hasPublicFundraisingQualification,
      status: organizations.status,
      createdAt: organizations.createdAt,
      /** The exact timestamp as text (microseconds; a JS Date would round to milliseconds). */
      cursor: sql<string>`${organizations.createdAt}::text`,
    })
    .from(organizations)
    .where(
      and(
        eq(organizations.status, status),
        after ? sql`(${organizations.createdAt}, ${organizations.id}) > (${after.cursor}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(organizations.createdAt), asc(organizations.id))
    .limit(limit)
}

export async function countOrganizationsByStatus(db: Db) {
  const rows = await db.select({ status: organizations.status, n: count() }).from(organizations).groupBy(organizations.status)
  return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Partial<Record<OrganizationStatus, number>>
}

/** The "Happiness partners" directory: approved organisations by name, filterable, keyset-paginated. */
export async function listPartners(
  db: Db,
  { cause, region, after, limit = 24 }: { cause?: ProjectCategory; region?: string; after?: { name: string; id: string }; limit?: number },
) {
  // A GB/T 2260 code filters by division (a province takes its cities); other text is an old link's place name.
  const regionFilter = region ? (regionByCode(region) ? inArray(organizations.regionCode, regionAndInside(region)) : eq(organizations.region, region)) : undefined
  return db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      region: organizations.region,
      regionCode: organizations.regionCode,
      contentLanguage: organizations.contentLanguage,
      translations: organizations.translations,
      causeAreas: organizations.causeAreas,
      description: organizations.description,
      logoMediaId: organizations.logoMediaId,
      approvedAt: organizations.approvedAt,
      hasPublicFundraisingQualification: organizations.hasPublicFundraisingQualification,
    })
    .from(organizations)
    .where(
      and(
        eq(organizations.status, 'approved'),
        cause ? sql`${organizations.causeAreas} @> ARRAY[${cause}]::project_category[]` : undefined,
        regionFilter,
        after ? or(gt(organizations.name, after.name), and(eq(organizations.name, after.name), gt(organizations.id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(organizations.name), asc(organizations.id))
    .limit(limit)
}

/** The GB/T 2260 divisions of approved organisations, for the partners directory's filter. */
export async function partnerRegionCodes(db: Db) {
  const rows = await db
    .selectDistinct({ code: organizations.regionCode })
    .from(organizations)
    .where(and(eq(organizations.status, 'approved'), isNotNull(organizations.regionCode)))
    .orderBy(asc(organizations.regionCode))
  return rows.map((r) => r.code!).filter(Boolean)
}

export async function organizationProjects(db: Db, organizationId: string, { includeUnpublished }: { includeUnpublished: boolean }) {
  return db
    .select({
      id: projects.id,
      slug: projects.slug,
      title: projects.title,
      summary: projects.summary,
      contentLanguage: projects.contentLanguage,
      translations: projects.translations,
      status: projects.status,
      currency: projects.currency,
      goalAmount: projects.goalAmount,
      raisedAmount: projects.raisedAmount,
      donationCount: projects.donationCount,
      publishedAt: projects.publishedAt,
      closedAt: projects.closedAt,
    })
    .from(projects)
    .where(
      and(
        eq(projects.organizationId, organizationId),
        includeUnpublished ? undefined : inArray(projects.status, ['fundraising', 'closed', 'completed']),
        includeUnpublished ? undefined : eq(projects.moderationStatus, 'visible'),
      ),
    )
    .orderBy(desc(projects.publishedAt), desc(projects.createdAt))
    .limit(100)
}

// ── Follows ────────────────────────────────────────────────────────────────────────────────────

export async function followerCount(db: Db, organizationId: string) {
  const [row] = await db.select({ n: count() }).from(organizationFollows).where(eq(organizationFollows.organizationId, organizationId))
  return row?.n ?? 0
}

export async function isFollowing(db: Db, organizationId: string, userId: string) {
  const [row] = await db
    .select({ userId: organizationFollows.userId })
    .from(organizationFollows)
    .where(and(eq(organizationFollows.organizationId, organizationId), eq(organizationFollows.userId, userId)))
  return Boolean(row)
}

/** Idempotent both ways: following twice is one follow; unfollowing a non-follow does nothing. */
export async function setFollowing(db: Db, organizationId: string, userId: string, follow: boolean) {
  if (follow) await db.insert(organizationFollows).values({ organizationId, userId }).onConflictDoNothing()
  else
    await db
      .delete(organizationFollows)
      .where(and(eq(organizationFollows.organizationId, organizationId), eq(organizationFollows.userId, userId)))
}

// ── Members and invitations ────────────────────────────────────────────────────────────────────

export const INVITE_HOURS = 7 * 24

export async function listMembers(db: Db, organizationId: string) {
  return db
    .select({ userId: users.id, displayName: users.displayName, email: users.email, role: organizationMembers.role, since: organizationMembers.createdAt })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(eq(organizationMembers.organizationId, organizationId))
    .orderBy(asc(organizationMembers.createdAt))
}

export async function pendingInvitations(db: Db, organizationId: string, now = new Date()) {
  return db
    .select({ id: emailTokens.id, email: emailTokens.email, expiresAt: emailTokens.expiresAt })
    .from(emailTokens)
    .where(
      and(
        eq(emailTokens.kind, 'invite'),
        eq(emailTokens.organizationId, organizationId),
        sql`${emailTokens.usedAt} is null`,
        gt(emailTokens.expiresAt, now),
      ),
    )
    .orderBy(desc(emailTokens.createdAt))
}

/** Emails an editor invitation (single use, 7 days). The token is returned only for tests. */
export async function inviteEditor(
  db: Db,
  input: { organization: Pick<Organization, 'id' | 'name' | 'contentLanguage' | 'translations'>; email: string; invitedBy: { id: string; displayName: string }; locale: string; linkFor: (token: string) => string },
) {
  const { token, hash } = newToken()
  await db.transaction(async (tx) => {
    await tx.insert(emailTokens).values({
      kind: 'invite',
      tokenHash: hash,
      email: input.email,
      organizationId: input.organization.id,
      role: 'editor',
      userId: input.invitedBy.id,
      expiresAt: new Date(Date.now() + INVITE_HOURS * 3_600_000),
    })
    // In the invitee's own language when they have an account, else the inviter's.
    const [invitee] = await tx.select({ locale: users.locale }).from(users).where(and(sql`lower(${users.email}) = lower(${input.email})`, isNull(users.deletedAt)))
    const locale = invitee?.locale ?? input.locale
    const { name } = localizeFor(input.organization, ['name'], locale)
    await queueMail(tx, invitationMail({ email: input.email, locale }, { organization: name, inviter: input.invitedBy.displayName, link: input.linkFor(token) }))
    await tx.insert(auditLog).values({
      actorId: input.invitedBy.id,
      action: 'member.invite',
      targetType: 'organization',
      targetId: input.organization.id,
      // The invitee's address stays out of the append-only log (it could never be erased from it).
      details: { role: 'editor', domain: input.email.split('@')[1] ?? '' },
    })
  })
  return token
}

export async function findInvitation(db: Db, token: string, now = new Date()) {
  const [row] = await db
    .select({ id: emailTokens.id, email: emailTokens.email, role: emailTokens.role, organizationId: emailTokens.organizationId, name: organizations.name, slug: organizations.slug })
    .from(emailTokens)
    .innerJoin(organizations, eq(organizations.id, emailTokens.organizationId))
    .where(and(eq(emailTokens.tokenHash, hashToken(token)), eq(emailTokens.kind, 'invite'), sql`${emailTokens.usedAt} is null`, gt(emailTokens.expiresAt, now)))
  return row ?? null
}

export type AcceptResult = { ok: true; slug: string } | { ok: false; reason: 'invalid' | 'wrongAccount' | 'unverified' }

/** Accepts an invitation for the signed-in user, whose email must be the invited one. Single use. */
export async function acceptInvitation(db: Db, token: string, user: { id: string; email: string; emailVerifiedAt: Date | null }, now = new Date()): Promise<AcceptResult> {
  return db.transaction(async (tx) => {
    const invitation = await findInvitation(tx, token, now)
    if (!invitation || !invitation.organizationId) return { ok: false, reason: 'invalid' }
    if (invitation.email.toLowerCase() !== user.email.toLowerCase()) return { ok: false, reason: 'wrongAccount' }
    // Owning the address is what the invitation trusts: an unconfirmed account with the same address proves nothing.
    if (!user.emailVerifiedAt) return { ok: false, reason: 'unverified' }
    const [used] = await tx
      .update(emailTokens)
      .set({ usedAt: now })
      .where(and(eq(emailTokens.id, invitation.id), sql`${emailTokens.usedAt} is null`))
      .returning({ id: emailTokens.id })
    if (!used) return { ok: false, reason: 'invalid' }
    // Someone who is already a member keeps their role (an owner is never demoted by an invite).
    await tx
      .insert(organizationMembers)
      .values({ organizationId: invitation.organizationId, userId: user.id, role: invitation.role ?? 'editor' })
      .onConflictDoNothing()
    await tx.insert(auditLog).values({
      actorId: user.id,
      action: 'member.join',
      targetType: 'organization',
      targetId: invitation.organizationId,
      details: { role: invitation.role ?? 'editor' },
    })
    return { ok: true, slug: invitation.slug }
  })
}

/** Removes an editor. Owners cannot be removed here, so an organisation always keeps its owner. */
export async function removeEditor(db: Db, input: { organizationId: string; userId: string; actorId: string }) {
  if (!isUuid(input.userId)) return false
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(organizationMembers)
      .where(
        and(
          eq(organizationMembers.organizationId, input.organizationId),
          eq(organizationMembers.userId, input.userId),
          eq(organizationMembers.role, 'editor'),
        ),
      )
      .returning({ userId: organizationMembers.userId })
    if (removed.length)
      await tx.insert(auditLog).values({
        actorId: input.actorId,
        action: 'member.remove',
        targetType: 'organization',
        targetId: input.organizationId,
        details: { userId: input.userId },
      })
    return removed.length > 0
  })
}

/** Revokes an unused invitation of this organisation. */
export async function revokeInvitation(db: Db, input: { organizationId: string; invitationId: string; now?: Date }) {
  if (!isUuid(input.invitationId)) return false
  const rows = await db
    .update(emailTokens)
    .set({ usedAt: input.now ?? new Date() })
    .where(
      and(
        eq(emailTokens.id, input.invitationId),
        eq(emailTokens.organizationId, input.organizationId),
        eq(emailTokens.kind, 'invite'),
        sql`${emailTokens.usedAt} is null`,
      ),
    )
    .returning({ id: emailTokens.id })
  return rows.length > 0
}

// ── Audit log ──────────────────────────────────────────────────────────────────────────────────

export async function auditEntries(
  db: Db,
  filter: { action?: string; targetType?: string; targetId?: string; actorEmail?: string; before?: bigint; limit?: number },
) {
  const limit = filter.limit ?? 50
  return db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      reason: auditLog.reason,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      actorName: users.displayName,
      actorEmail: users.email,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        filter.action ? eq(auditLog.action, filter.action) : undefined,
        filter.targetType ? eq(auditLog.targetType, filter.targetType) : undefined,
        filter.targetId ? eq(auditLog.targetId, filter.targetId) : undefined,
        filter.actorEmail ? sql`lower(${users.email}) = ${filter.actorEmail.toLowerCase()}` : undefined,
        filter.before ? sql`${auditLog.id} < ${filter.before}` : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit)
}

export async function auditActions(db: Db) {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).where(isNotNull(auditLog.action)).orderBy(asc(auditLog.action))
  return rows.map((r) => r.action)
}

// ── Media access ───────────────────────────────────────────────────────────────────────────────

/** Whether a user may read a media file: public files to all; private ones to uploader, members and admins. */
export async function canReadMedia(db: Db, file: typeof media.$inferSelect, user: { id: string; isAdmin: boolean } | null) {
  if (file.isPublic) return true
  if (!user) return false
  if (user.isAdmin || file.uploadedBy === user.id) return true
  if (!file.organizationId) return false
  const [row] = await db
    .select({ role: organizationMembers.role })
    .from(organizationMembers)
    .where(and(eq(organizationMembers.organizationId, file.organizationId), eq(organizationMembers.userId, user.id)))
  return Boolean(row)
}
