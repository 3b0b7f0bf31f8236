/**
 * Trust and safety (docs/moderation.md): reports and the automatic first pass open moderation
 * cases; admins decide them from a queue ordered by severity then age; every decision changes the
 * item, tells its author and the reporters, writes the audit log and — for hide, remove and
 * suspend — the public enforcement log, all in one transaction.
 */
import { and, asc, desc, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import {
  auditLog,
  blockedMedia,
  donations,
  enforcementActions,
  media,
  moderationCases,
  notifications,
  organizationMembers,
  organizations,
  projects,
  projectUpdates,
  reports,
  supporterVideos,
  users,
  type ModerationAction,
  type ReportReason,
  type ReportTarget,
} from '~db/schema'
import { enqueue } from '~/jobs/queue.server'
import { queueMail } from '~/mail/mailer.server'
import { moderationNoticeMail, reportOutcomeMail } from '~/mail/messages.server'
import { flagSeverity, type ScreenFlag } from '~/moderation/screen'
import { isPublicProject } from './projects.server'
import { FANOUT } from './updates.server'
import { decideOrganization } from './organizations.server'

/** How urgent each reason is; the queue shows the most severe first, then the oldest. */
export const REASON_SEVERITY: Record<ReportReason, number> = {
  violence: 4,
  sexual: 4,
  fraud: 3,
  hate: 3,
  privacy: 3,
  harassment: 2,
  misinformation: 2,
  spam: 1,
  other: 1,
}
/** Reports pile up: the 3rd and the 10th report on one item each raise its severity by one. */
const ESCALATE_AT = [3, 10]

/** The state of an item as moderation sees it. */
export type TargetState = 'visible' | 'held' | 'hidden' | 'removed' | 'pending' | 'suspended' | 'other'

export interface TargetInfo {
  type: ReportTarget
  id: string
  /** What the moderator reads: a title, a message, an organisation's name. */
  title: string
  body: string | null
  state: TargetState
  /** Whether the public can see it now, i.e. whether it can be reported. */
  isPublic: boolean
  organizationId: string | null
  organizationName: string | null
  organizationSlug: string | null
  organizationStatus: string | null
  projectId: string | null
  projectSlug: string | null
  projectTitle: string | null
  /** The person who wrote it (to warn and to tell), when there is one. */
  authorId: string | null
  /** Files that go with it: hidden with it, blocked when it is removed. */
  mediaIds: string[]
  /** Where it lives on the site (a path). */
  link: string
}

const updateState = { published: 'visible', held: 'held', hidden: 'hidden', removed: 'removed' } as const
const videoState = { approved: 'visible', pending: 'pending', rejected: 'other', hidden: 'hidden', removed: 'removed' } as const

/** Reads what a case is about; null when it does not exist. */
export async function describeTarget(db: Db, type: ReportTarget, id: string): Promise<TargetInfo | null> {
  const org = { organizationId: organizations.id, organizationName: organizations.name, organizationSlug: organizations.slug, organizationStatus: organizations.status }
  const proj = { projectId: projects.id, projectSlug: projects.slug, projectTitle: projects.title, projectStatus: projects.status, projectModeration: projects.moderationStatus }
  switch (type) {
    case 'project': {
      const [row] = await db
        .select({ ...org, ...proj, summary: projects.summary, createdBy: projects.createdBy, cover: projects.coverMediaId })
        .from(projects)
        .innerJoin(organizations, eq(organizations.id, projects.organizationId))
        .where(eq(projects.id, id))
      if (!row) return null
      return {
        type, id, title: row.projectTitle, body: row.summary, state: row.projectModeration, isPublic: isPublicProject(row.projectStatus, row.projectModeration),
        ...pick(row), authorId: row.createdBy, mediaIds: row.cover ? [row.cover] : [], link: `/projects/${row.projectSlug}`,
      }
    }
    case 'update': {
      const [row] = await db
        .select({ ...org, ...proj, title: projectUpdates.title, body: projectUpdates.body, status: projectUpdates.status, authorId: projectUpdates.authorId, video: projectUpdates.videoMediaId, images: projectUpdates.imageMediaIds, poster: media.posterMediaId })
        .from(projectUpdates)
        .innerJoin(projects, eq(projects.id, projectUpdates.projectId))
        .innerJoin(organizations, eq(organizations.id, projectUpdates.organizationId))
        .leftJoin(media, eq(media.id, projectUpdates.videoMediaId))
        .where(eq(projectUpdates.id, id))
      if (!row) return null
      const state = updateState[row.status]
      return {
        type, id, title: row.title, body: row.body, state, isPublic: state === 'visible' && isPublicProject(row.projectStatus, row.projectModeration),
        ...pick(row), authorId: row.authorId, mediaIds: [row.video, row.poster, ...row.images].filter((m): m is string => Boolean(m)), link: `/updates/${id}`,
      }
    }
    case 'supporter_video': {
      const [row] = await db
        .select({ ...org, ...proj, title: supporterVideos.title, status: supporterVideos.status, authorId: supporterVideos.userId, video: supporterVideos.mediaId, poster: media.posterMediaId })
        .from(supporterVideos)
        .innerJoin(projects, eq(projects.id, supporterVideos.projectId))
        .innerJoin(organizations, eq(organizations.id, projects.organizationId))
        .leftJoin(media, eq(media.id, supporterVideos.mediaId))
        .where(eq(supporterVideos.id, id))
      if (!row) return null
      const state = videoState[row.status]
      return {
        type, id, title: row.title, body: null, state, isPublic: state === 'visible' && isPublicProject(row.projectStatus, row.projectModeration),
        ...pick(row), authorId: row.authorId, mediaIds: [row.video, row.poster].filter((m): m is string => Boolean(m)), link: `/projects/${row.projectSlug}#supporter-videos`,
      }
    }
    case 'donation_message': {
      const [row] = await db
        .select({ ...org, ...proj, message: donations.message, status: donations.status, messageStatus: donations.messageStatus, authorId: donations.userId })
        .from(donations)
        .innerJoin(projects, eq(projects.id, donations.projectId))
        .innerJoin(organizations, eq(organizations.id, projects.organizationId))
        .where(eq(donations.id, id))
      if (!row || !row.message) return null
      const paid = row.status === 'succeeded' || row.status === 'partially_refunded'
      return {
        type, id, title: row.message, body: null, state: row.messageStatus, isPublic: paid && row.messageStatus === 'visible' && isPublicProject(row.projectStatus, row.projectModeration),
        ...pick(row), authorId: row.authorId, mediaIds: [], link: `/projects/${row.projectSlug}#donations-title`,
      }
    }
    case 'organization': {
      const [row] = await db.select({ ...org, description: organizations.description }).from(organizations).where(eq(organizations.id, id))
      if (!row) return null
      const state: TargetState = row.organizationStatus === 'approved' ? 'visible' : row.organizationStatus === 'suspended' ? 'suspended' : 'other'
      return {
        type, id, title: row.organizationName, body: row.description, state, isPublic: state === 'visible' || state === 'suspended',
        ...pick({ ...row, projectId: null, projectSlug: null, projectTitle: null }), authorId: null, mediaIds: [], link: `/organizations/${row.organizationSlug}`,
      }
    }
  }
}

function pick(row: { organizationId: string; organizationName: string; organizationSlug: string; organizationStatus: string; projectId: string | null; projectSlug: string | null; projectTitle: string | null }) {
  return {
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    organizationSlug: row.organizationSlug,
    organizationStatus: row.organizationStatus,
    projectId: row.projectId,
    projectSlug: row.projectSlug,
    projectTitle: row.projectTitle,
  }
}

// ── Reports and the automatic pass ─────────────────────────────────────────────────────────────

export type ReportOutcome = { ok: true; caseId: string } | { ok: false; reason: 'notFound' | 'duplicate' }

class DuplicateReport extends Error {}

/** Opens (or joins) the item's open case and raises its severity; returns the case id. */
async function openCase(db: Db, target: TargetInfo, input: { severity: number; reports: number; flags?: ScreenFlag[]; now: Date }) {
  const flags = JSON.stringify(input.flags ?? [])
  const escalate = ESCALATE_AT.map((n) => `when moderation_cases.report_count < ${n} and moderation_cases.report_count + ${input.reports} >= ${n} then 1`).join(' ')
  const [row] = await db
    .insert(moderationCases)
    .values({
      targetType: target.type,
      targetId: target.id,
      organizationId: target.organizationId,
      projectId: target.projectId,
      severity: input.severity,
      reportCount: input.reports,
      autoFlags: input.flags ?? [],
      openedAt: input.now,
    })
    .onConflictDoUpdate({
      target: [moderationCases.targetType, moderationCases.targetId],
      targetWhere: sql`${moderationCases.isOpen}`,
      set: {
        reportCount: sql`moderation_cases.report_count + ${input.reports}`,
        severity: sql`least(9, greatest(moderation_cases.severity, excluded.severity) + (case ${sql.raw(escalate)} else 0 end))`,
        autoFlags: sql`moderation_cases.auto_flags || ${flags}::jsonb`,
      },
    })
    .returning({ id: moderationCases.id })
  return row!.id
}

/**
 * A person reports a public item. Signed-in reporters report an item once per open case; signed-out
 * reporters are rate-limited by the route. Nothing is hidden by reports alone: a moderator decides.
 */
export async function fileReport(
  db: Db,
  input: { targetType: ReportTarget; targetId: string; reason: ReportReason; details: string | null; reporterId: string | null; reporterEmail: string | null; locale: string; now?: Date },
): Promise<ReportOutcome> {
  const now = input.now ?? new Date()
  try {
    return await db.transaction(async (tx) => {
      const target = await describeTarget(tx, input.targetType, input.targetId)
      if (!target || !target.isPublic) return { ok: false, reason: 'notFound' } as const
      const caseId = await openCase(tx, target, { severity: REASON_SEVERITY[input.reason], reports: 1, now })
      const [report] = await tx
        .insert(reports)
        .values({ caseId, reason: input.reason, details: input.details, reporterId: input.reporterId, reporterEmail: input.reporterId ? null : input.reporterEmail, locale: input.locale, createdAt: now })
        .onConflictDoNothing()
        .returning({ id: reports.id })
      if (!report) throw new DuplicateReport()
      return { ok: true, caseId } as const
    })
  } catch (error) {
    if (error instanceof DuplicateReport) return { ok: false, reason: 'duplicate' }
    throw error
  }
}

/** The automatic pass found something: the item waits in the queue (the caller holds it back). */
export async function flagForReview(db: Db, target: Pick<TargetInfo, 'type' | 'id' | 'organizationId' | 'projectId'>, flags: ScreenFlag[], now = new Date()) {
  return openCase(db, target as TargetInfo, { severity: flagSeverity(flags), reports: 0, flags, now })
}

/** Flags for files that moderation removed before (by content hash): re-uploads are held. */
export async function blockedMediaFlags(db: Db, mediaIds: string[]): Promise<ScreenFlag[]> {
  if (mediaIds.length === 0) return []
  const rows = await db
    .select({ sha256: media.sha256 })
    .from(media)
    .innerJoin(blockedMedia, eq(blockedMedia.sha256, media.sha256))
    .where(inArray(media.id, mediaIds))
  return rows.map((r) => ({ kind: 'blockedMedia', detail: r.sha256.slice(0, 12) }))
}

// ── The queue ──────────────────────────────────────────────────────────────────────────────────

export const QUEUE_PAGE = 50

export async function moderationQueue(db: Db, input: { open: boolean; limit?: number }) {
  const rows = await db
    .select()
    .from(moderationCases)
    .where(eq(moderationCases.isOpen, input.open))
    .orderBy(...(input.open ? [desc(moderationCases.severity), asc(moderationCases.openedAt)] : [desc(moderationCases.decidedAt)]))
    .limit(input.limit ?? QUEUE_PAGE)
  const targets = await Promise.all(rows.map((r) => describeTarget(db, r.targetType, r.targetId)))
  return rows.map((r, i) => ({ ...r, target: targets[i] ?? null }))
}

export async function openCaseCount(db: Db) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(moderationCases).where(eq(moderationCases.isOpen, true))
  return row?.n ?? 0
}

export async function getCase(db: Db, id: string) {
  const [row] = await db.select().from(moderationCases).where(eq(moderationCases.id, id))
  if (!row) return null
  const [target, caseReports] = await Promise.all([
    describeTarget(db, row.targetType, row.targetId),
    db
      .select({ id: reports.id, reason: reports.reason, details: reports.details, createdAt: reports.createdAt, signedIn: sql<boolean>`${reports.reporterId} is not null` })
      .from(reports)
      .where(eq(reports.caseId, id))
      .orderBy(asc(reports.createdAt)),
  ])
  return { ...row, target, reports: caseReports }
}

/** The actions that make sense for an item in its current state. */
export function allowedActions(target: TargetInfo): ModerationAction[] {
  if (target.type === 'organization') {
    return target.state === 'visible' ? ['dismiss', 'warn', 'suspend'] : ['dismiss']
  }
  const suspend: ModerationAction[] = target.organizationStatus === 'approved' ? ['suspend'] : []
  switch (target.state) {
    case 'visible':
      return ['dismiss', 'hide', 'remove', 'warn', ...suspend]
    case 'held':
      return ['restore', 'hide', 'remove', 'warn', ...suspend]
    case 'hidden':
      return ['restore', 'remove', 'warn', ...suspend]
    default:
      return ['dismiss']
  }
}

export type DecisionRefusal = 'notFound' | 'notAllowed' | 'reasonRequired'

/**
 * A moderator's decision on a case. Hide/restore/remove change the item (and its files), warn and
 * every change tell its author, suspend suspends the organisation; reporters are told the outcome.
 */
export async function decideCase(
  db: Db,
  input: { caseId: string; adminId: string; action: ModerationAction; category: ReportReason; reason: string; origin: string; now?: Date },
): Promise<{ ok: true } | { ok: false; reason: DecisionRefusal }> {
  const now = input.now ?? new Date()
  const reason = input.reason.trim()
  if (!reason && input.action !== 'dismiss' && input.action !== 'restore') return { ok: false, reason: 'reasonRequired' }
  return db.transaction(async (tx) => {
    const [found] = await tx.select().from(moderationCases).where(eq(moderationCases.id, input.caseId)).for('update')
    if (!found) return { ok: false, reason: 'notFound' } as const
    const target = await describeTarget(tx, found.targetType, found.targetId)
    if (!target) return { ok: false, reason: 'notFound' } as const
    if (!allowedActions(target).includes(input.action)) return { ok: false, reason: 'notAllowed' } as const

    if (input.action === 'hide' || input.action === 'remove' || input.action === 'restore') await applyVisibility(tx, target, input.action, reason || null, now)
    if (input.action === 'remove') {
      const files = target.mediaIds.length ? await tx.select({ sha256: media.sha256 }).from(media).where(inArray(media.id, target.mediaIds)) : []
      for (const file of files) await tx.insert(blockedMedia).values({ sha256: file.sha256, caseId: found.id }).onConflictDoNothing()
    }
    if (input.action === 'suspend' && target.organizationId) {
      await decideOrganization(tx, { adminId: input.adminId, organizationId: target.organizationId, decision: 'suspend', reason, link: (slug) => `${input.origin}/organizations/${slug}`, now })
    }
    await tx
      .update(moderationCases)
      .set({ isOpen: false, decision: input.action, decisionReason: reason || null, decisionCategory: input.category, decidedBy: input.adminId, decidedAt: now })
      .where(eq(moderationCases.id, found.id))
    await tx.insert(auditLog).values({
      actorId: input.adminId,
      action: `moderation.${input.action}`,
      targetType: target.type,
      targetId: target.id,
      reason: reason || null,
      details: { case: found.id, category: input.category, from: target.state },
      createdAt: now,
    })
    if (input.action === 'hide' || input.action === 'remove' || input.action === 'suspend') {
      await tx.insert(enforcementActions).values({
        caseId: found.id,
        targetType: target.type,
        action: input.action,
        category: input.category,
        publicReason: reason,
        organizationId: target.organizationId,
        projectId: target.projectId,
        createdAt: now,
      })
    }
    if (input.action !== 'dismiss' && input.action !== 'suspend') await tellAuthors(tx, target, input.action, reason, input.origin, now)
    await tellReporters(tx, found.id, input.action, target, input.origin, now)
    return { ok: true } as const
  })
}

async function applyVisibility(tx: Db, target: TargetInfo, action: 'hide' | 'remove' | 'restore', reason: string | null, now: Date) {
  const visible = action === 'restore'
  switch (target.type) {
    case 'project':
      await tx.update(projects).set({ moderationStatus: visible ? 'visible' : action === 'hide' ? 'hidden' : 'removed', moderationReason: reason }).where(eq(projects.id, target.id))
      break
    case 'update':
      await tx.update(projectUpdates).set({ status: visible ? 'published' : action === 'hide' ? 'hidden' : 'removed', moderationReason: reason }).where(eq(projectUpdates.id, target.id))
      // An update held by the automatic pass reaches its followers once it is published.
      if (visible && target.state === 'held') await enqueue(tx, FANOUT, { updateId: target.id }, { dedupeKey: `updates.fanout:${target.id}:published` })
      break
    case 'supporter_video':
      await tx.update(supporterVideos).set({ status: visible ? 'approved' : action === 'hide' ? 'hidden' : 'removed' }).where(eq(supporterVideos.id, target.id))
      break
    case 'donation_message':
      await tx
        .update(donations)
        .set({ messageStatus: visible ? 'visible' : action === 'hide' ? 'hidden' : 'removed', messageHiddenBy: visible ? null : 'moderator' })
        .where(eq(donations.id, target.id))
      break
    case 'organization':
      return
  }
  if (target.mediaIds.length) await tx.update(media).set({ hiddenAt: visible ? null : now }).where(inArray(media.id, target.mediaIds))
}

/** The author — or, for items without one, the organisation's owners — hears what happened and why. */
async function tellAuthors(tx: Db, target: TargetInfo, action: 'hide' | 'remove' | 'restore' | 'warn', reason: string, origin: string, now: Date) {
  // A donor message is the donor's alone: without a signed-in donor there is nobody to tell.
  const recipients = target.authorId
    ? await tx.select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale, deletedAt: users.deletedAt }).from(users).where(eq(users.id, target.authorId))
    : target.organizationId && target.type !== 'donation_message'
      ? await tx
          .select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale, deletedAt: users.deletedAt })
          .from(organizationMembers)
          .innerJoin(users, eq(users.id, organizationMembers.userId))
          .where(and(eq(organizationMembers.organizationId, target.organizationId), eq(organizationMembers.role, 'owner')))
      : []
  for (const person of recipients) {
    if (person.deletedAt) continue
    const values = { kind: target.type, title: excerpt(target.title), reason }
    await tx.insert(notifications).values({ userId: person.id, messageKey: `notify.moderation.${action}`, values, link: target.type === 'donation_message' ? null : target.link, createdAt: now })
    await queueMail(tx, moderationNoticeMail(person, { action, kind: target.type, title: excerpt(target.title), reason, link: `${origin}${target.link}` }))
  }
}

/** Every reporter of the case is told the outcome once: in-app when signed in, else by email if they left one. */
async function tellReporters(tx: Db, caseId: string, action: ModerationAction, target: TargetInfo, origin: string, now: Date) {
  const outcome = action === 'dismiss' || action === 'restore' ? 'noViolation' : action === 'warn' ? 'warned' : 'actioned'
  const rows = await tx
    .select({ id: reports.id, reporterId: reports.reporterId, reporterEmail: reports.reporterEmail, locale: reports.locale, email: users.email, userLocale: users.locale, deletedAt: users.deletedAt })
    .from(reports)
    .leftJoin(users, eq(users.id, reports.reporterId))
    .where(and(eq(reports.caseId, caseId), sql`${reports.notifiedAt} is null`))
  for (const row of rows) {
    const title = target.type === 'donation_message' ? '' : excerpt(target.title)
    if (row.reporterId && !row.deletedAt) {
      await tx.insert(notifications).values({ userId: row.reporterId, messageKey: `notify.report.${outcome}`, values: { kind: target.type, title }, link: null, createdAt: now })
      if (row.email) await queueMail(tx, reportOutcomeMail({ email: row.email, locale: row.userLocale ?? row.locale }, { outcome, kind: target.type, title, link: `${origin}/enforcement` }))
    } else if (row.reporterEmail) {
      await queueMail(tx, reportOutcomeMail({ email: row.reporterEmail, locale: row.locale }, { outcome, kind: target.type, title, link: `${origin}/enforcement` }))
    }
  }
  if (rows.length) await tx.update(reports).set({ notifiedAt: now }).where(inArray(reports.id, rows.map((r) => r.id)))
}

function excerpt(text: string) {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text
}

// ── Organisations and donor messages ───────────────────────────────────────────────────────────

/**
 * An organisation hides (or shows again) a donor's message on its own project. Messages removed by
 * a moderator stay removed; the organisation's choice is audited like an admin's.
 */
export async function setMessageVisibility(db: Db, input: { donationId: string; organizationId: string; actorId: string; hidden: boolean; now?: Date }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: donations.id, messageStatus: donations.messageStatus, hiddenBy: donations.messageHiddenBy, message: donations.message, organizationId: projects.organizationId })
      .from(donations)
      .innerJoin(projects, eq(projects.id, donations.projectId))
      .where(eq(donations.id, input.donationId))
      .for('update', { of: donations })
    if (!row || row.organizationId !== input.organizationId || !row.message) return false
    const from = row.messageStatus
    // A message held by the automatic check waits for a moderator, and one a moderator hid stays
    // hidden until a moderator restores it: the organisation can undo only its own hiding.
    const allowed = input.hidden ? from === 'visible' : from === 'hidden' && row.hiddenBy !== 'moderator'
    if (!allowed) return false
    await tx
      .update(donations)
      .set({ messageStatus: input.hidden ? 'hidden' : 'visible', messageHiddenBy: input.hidden ? 'organization' : null })
      .where(eq(donations.id, row.id))
    await tx.insert(auditLog).values({
      actorId: input.actorId,
      action: input.hidden ? 'donationMessage.hide' : 'donationMessage.show',
      targetType: 'donation_message',
      targetId: row.id,
      details: { organization: input.organizationId, from },
      createdAt: input.now ?? new Date(),
    })
    return true
  })
}

/** Messages on an organisation's projects, newest first, for its members to review. */
export function organizationMessages(db: Db, organizationId: string, limit = 100) {
  return db
    .select({
      id: donations.id,
      message: donations.message,
      messageStatus: donations.messageStatus,
      hiddenBy: donations.messageHiddenBy,
      displayName: donations.displayName,
      isAnonymous: donations.isAnonymous,
      amount: donations.amount,
      currency: donations.currency,
      succeededAt: donations.succeededAt,
      projectSlug: projects.slug,
      projectTitle: projects.title,
    })
    .from(donations)
    .innerJoin(projects, eq(projects.id, donations.projectId))
    .where(and(eq(projects.organizationId, organizationId), isNotNull(donations.message), inArray(donations.status, ['succeeded', 'partially_refunded'])))
    .orderBy(desc(donations.succeededAt), desc(donations.id))
    .limit(limit)
}

// ── The public enforcement log ─────────────────────────────────────────────────────────────────

export const ENFORCEMENT_PAGE = 50

/** What was hidden, removed or suspended and why, newest first — no names, no content, no reporters. */
export function enforcementLog(db: Db, beforeId?: number, limit = ENFORCEMENT_PAGE) {
  return db
    .select({
      id: enforcementActions.id,
      targetType: enforcementActions.targetType,
      action: enforcementActions.action,
      category: enforcementActions.category,
      publicReason: enforcementActions.publicReason,
      createdAt: enforcementActions.createdAt,
      organizationName: organizations.name,
      organizationSlug: organizations.slug,
      projectTitle: projects.title,
      projectSlug: projects.slug,
      projectVisible: sql<boolean>`${projects.moderationStatus} = 'visible'`,
    })
    .from(enforcementActions)
    .leftJoin(organizations, eq(organizations.id, enforcementActions.organizationId))
    .leftJoin(projects, eq(projects.id, enforcementActions.projectId))
    .where(beforeId ? lt(enforcementActions.id, beforeId) : undefined)
    .orderBy(desc(enforcementActions.id))
    .limit(limit)
}

/** Monthly totals by action (Asia/Shanghai months), newest month first. */
export function enforcementTotals(db: Db, months = 12) {
  return db
    .select({
      month: sql<string>`to_char(${enforcementActions.createdAt} at time zone 'Asia/Shanghai', 'YYYY-MM')`.as('month'),
      action: enforcementActions.action,
      n: sql<number>`count(*)::int`,
    })
    .from(enforcementActions)
    .where(sql`${enforcementActions.createdAt} > now() - make_interval(months => ${months})`)
    .groupBy(sql`1`, enforcementActions.action)
    .orderBy(sql`1 desc`, enforcementActions.action)
}

/** Reports decided per month (the denominator the public log quotes). */
export function decidedCaseTotals(db: Db, months = 12) {
  return db
    .select({
      month: sql<string>`to_char(${moderationCases.decidedAt} at time zone 'Asia/Shanghai', 'YYYY-MM')`.as('month'),
      n: sql<number>`count(*)::int`,
    })
    .from(moderationCases)
    .where(and(isNotNull(moderationCases.decidedAt), sql`${moderationCases.decidedAt} > now() - make_interval(months => ${months})`))
    .groupBy(sql`1`)
    .orderBy(sql`1 desc`)
}
