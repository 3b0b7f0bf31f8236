/**
 * A project's life: drafts written by organisation members, submitted for review, approved by an
 * admin with its public-fundraising filing number (备案编号) or rejected with a reason, closed at its
 * end (or once its goal is reached), completed by its final report. The transitions are the ones in
 * DESIGN.md and nothing else: each is an UPDATE guarded by the current status, so a forbidden or
 * concurrent transition changes nothing.
 */
import { regionFromText } from '~/regions/regions'
import { localizeFor, type ContentLanguage, type Translations } from '~/content/localized'
import { cleanTranslations, otherLanguage } from '~/content/translation-input'
import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { auditLog, budgetLines, media, notifications, organizationMembers, organizations, projects, users, type ProjectCategory } from '~db/schema'
import { queueMail } from '~/mail/mailer.server'
import { projectDecisionMail } from '~/mail/messages.server'
import { latinSlug } from '~/utils/ids'
import { daysLeft } from './projects.server'
import { RANKING } from './ranking'

export type Project = typeof projects.$inferSelect
export type ProjectStatus = Project['status']

export interface BudgetLineInput {
  label: string
  plannedAmount: bigint
  /** The line's language (the project's) and its label in the other language (ADR 0021). */
  contentLanguage?: ContentLanguage
  translations?: Translations
}

export interface ProjectInput {
  title: string
  summary: string
  story: string
  category: ProjectCategory
  region: string
  /** The GB/T 2260 division chosen in the form; without one it is read from `region` (app/regions). */
  regionCode?: string | null
  currency: string
  goalAmount: bigint
  startsOn: string
  endsOn: string
  budgetLines: BudgetLineInput[]
  budgetNote?: string
  coverMediaId?: string | null
  /** The language the text is written in, and its version in the other language (ADR 0021). */
  contentLanguage?: ContentLanguage
  translations?: Translations
}

export type Actor = { kind: 'member'; userId: string } | { kind: 'admin'; userId: string } | { kind: 'system' }

export const PROJECT_TRANSITIONS = {
  submit: { from: ['draft'], to: 'in_review', by: 'member' },
  approve: { from: ['in_review'], to: 'fundraising', by: 'admin' },
  reject: { from: ['in_review'], to: 'rejected', by: 'admin' },
  close: { from: ['fundraising'], to: 'closed', by: 'member' },
  complete: { from: ['closed'], to: 'completed', by: 'member' },
} as const satisfies Record<string, { from: readonly ProjectStatus[]; to: ProjectStatus; by: 'member' | 'admin' }>
export type ProjectAction = keyof typeof PROJECT_TRANSITIONS

export type TransitionProblem =
  | 'notAllowed'
  | 'wrongStatus'
  | 'organizationNotApproved'
  | 'budgetMismatch'
  | 'endsInPast'
  | 'filingNumberRequired'
  | 'reasonRequired'
  | 'notEndedNorFunded'
  | 'finalReportRequired'

export class ProjectTransitionError extends Error {
  override name = 'ProjectTransitionError'
  constructor(readonly problem: TransitionProblem, readonly status?: ProjectStatus) {
    super(`project transition refused: ${problem}${status ? ` (status ${status})` : ''}`)
  }
}

export class ProjectNotEditableError extends Error {
  override name = 'ProjectNotEditableError'
}

export class OrganizationNotApprovedError extends Error {
  override name = 'OrganizationNotApprovedError'
}

/** The budget must add up to the goal, or carry a note explaining the difference. */
export function budgetProblem(goal: bigint, lines: readonly BudgetLineInput[], note?: string | null): 'budgetEmpty' | 'budgetMismatch' | null {
  if (lines.length === 0) return 'budgetEmpty'
  const total = lines.reduce((sum, line) => sum + line.plannedAmount, 0n)
  if (total !== goal && !note?.trim()) return 'budgetMismatch'
  return null
}

export function projectSlug(title: string) {
  const latin = latinSlug(title)
  const suffix = crypto.randomUUID().slice(0, 8)
  return latin.length >= 3 ? `${latin}-${suffix}` : `p-${suffix}`
}

/** Budget lines are written in the project's language; each may carry its label in the other. */
async function writeBudget(tx: Db, projectId: string, lines: readonly BudgetLineInput[], contentLanguage: ContentLanguage) {
  const rows = lines.map((line, position) => ({
    projectId,
    position,
    label: line.label,
    plannedAmount: line.plannedAmount,
    contentLanguage,
    translations: cleanTranslations('budgetLine', contentLanguage, line.translations),
  }))
  await tx.delete(budgetLines).where(eq(budgetLines.projectId, projectId))
  if (rows.length) await tx.insert(budgetLines).values(rows)
}

/** The columns a draft's form writes; the translations are checked (InvalidTranslationError) before anything is written. */
function columns(input: ProjectInput) {
  // A caller that says nothing of languages leaves them as they are (the column defaults on a new draft).
  const contentLanguage = input.contentLanguage ?? 'zh-CN'
  const languages =
    input.contentLanguage !== undefined || input.translations !== undefined
      ? { contentLanguage, translations: cleanTranslations('project', contentLanguage, input.translations) }
      : {}
  return {
    ...languages,
    title: input.title,
    summary: input.summary,
    story: input.story,
    category: input.category,
    region: input.region,
    regionCode: input.regionCode || regionFromText(input.region),
    currency: input.currency,
    goalAmount: input.goalAmount,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    budgetNote: input.budgetNote?.trim() || null,
    ...(input.coverMediaId !== undefined ? { coverMediaId: input.coverMediaId } : {}),
  }
}

/** A new draft of an approved organisation (members of pending or suspended ones cannot start one). */
export async function createProjectDraft(db: Db, input: { organizationId: string; userId: string; project: ProjectInput }): Promise<Project> {
  return db.transaction(async (tx) => {
    const [org] = await tx.select({ status: organizations.status }).from(organizations).where(eq(organizations.id, input.organizationId))
    if (org?.status !== 'approved') throw new OrganizationNotApprovedError()
    const [project] = await tx
      .insert(projects)
      .values({ ...columns(input.project), organizationId: input.organizationId, createdBy: input.userId, slug: projectSlug(input.project.title), status: 'draft' })
      .returning()
    await writeBudget(tx, project!.id, input.project.budgetLines, project!.contentLanguage)
    return project!
  })
}

/** Edits a draft. Once submitted, a project's text and budget are what the reviewer approved. */
export async function updateProjectDraft(db: Db, input: { projectId: string; project: ProjectInput }): Promise<Project> {
  return db.transaction(async (tx) => {
    const [project] = await tx
      .update(projects)
      .set(columns(input.project))
      .where(and(eq(projects.id, input.projectId), eq(projects.status, 'draft')))
      .returning()
    if (!project) throw new ProjectNotEditableError()
    await writeBudget(tx, project.id, input.project.budgetLines, project.contentLanguage)
    return project
  })
}

/**
 * Adds, corrects or removes a project's version in the other language (title, summary, story and
 * budget lines' labels) in any status: the original — what admins approved — is untouched. Scoped
 * to the organisation; audited with the version before and after. An empty version removes it.
 */
export async function updateProjectTranslation(
  db: Db,
  input: {
    projectId: string
    organizationId: string
    actorId: string
    version: Partial<Record<'title' | 'summary' | 'story', string>>
    lineLabels: Record<string, string | undefined>
  },
) {
  return db.transaction(async (tx) => {
    const [project] = await tx
      .select({ id: projects.id, contentLanguage: projects.contentLanguage, translations: projects.translations })
      .from(projects)
      .where(and(eq(projects.id, input.projectId), eq(projects.organizationId, input.organizationId)))
      .for('update')
    if (!project) throw new ProjectNotEditableError()
    const language = otherLanguage(project.contentLanguage)
    const translations = cleanTranslations('project', project.contentLanguage, { [language]: input.version })
    const projectChanged = JSON.stringify(translations) !== JSON.stringify(project.translations ?? {})
    if (projectChanged) await tx.update(projects).set({ translations }).where(eq(projects.id, project.id))
    const lines = await tx.select().from(budgetLines).where(eq(budgetLines.projectId, project.id))
    const labels: Record<string, { before: string | null; after: string | null }> = {}
    for (const line of lines) {
      if (!(line.id in input.lineLabels)) continue
      const label = input.lineLabels[line.id]
      const other = otherLanguage(line.contentLanguage)
      const next = cleanTranslations('budgetLine', line.contentLanguage, label ? { [other]: { label } } : {})
      const before = (line.translations as Record<string, { label?: string } | undefined>)[other]?.label ?? null
      if (before === (next[other]?.label ?? null)) continue
      labels[line.id] = { before, after: next[other]?.label ?? null }
      await tx.update(budgetLines).set({ translations: next }).where(and(eq(budgetLines.id, line.id), eq(budgetLines.projectId, project.id)))
    }
    // Saved unchanged: nothing to record.
    if (!projectChanged && Object.keys(labels).length === 0) return { language, translations }
    await tx.insert(auditLog).values({
      actorId: input.actorId,
      action: 'project.translation',
      targetType: 'project',
      targetId: project.id,
      details: { language, before: project.translations, after: translations, budgetLines: labels },
    })
    return { language, translations }
  })
}

export async function getBudgetLines(db: Db, projectId: string) {
  return db.select().from(budgetLines).where(eq(budgetLines.projectId, projectId)).orderBy(asc(budgetLines.position))
}

/** Which actions this actor may attempt on a project in its current status (for the UI; the model re-checks). */
export function availableActions(status: ProjectStatus, actor: 'member' | 'admin' | null): ProjectAction[] {
  if (!actor) return []
  return (Object.keys(PROJECT_TRANSITIONS) as ProjectAction[]).filter((a) => {
    const rule = PROJECT_TRANSITIONS[a]
    return rule.by === actor && (rule.from as readonly string[]).includes(status)
  })
}

/**
 * Moves a project along one transition. Members act through their membership (checked here), admins
 * through their role, the system (the end-date job) may only close. Checks the preconditions, then
 * updates guarded by the status it read, audits admin decisions and notifies the organisation.
 */
export async function transitionProject(
  db: Db,
  input: {
    projectId: string
    action: ProjectAction
    actor: Actor
    reason?: string
    filingNumber?: string
    finalReport?: string
    now?: Date
    link?: (slug: string) => string
  },
): Promise<Project> {
  const rule = PROJECT_TRANSITIONS[input.action]
  const now = input.now ?? new Date()
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ project: projects, orgStatus: organizations.status })
      .from(projects)
      .innerJoin(organizations, eq(organizations.id, projects.organizationId))
      .where(eq(projects.id, input.projectId))
    if (!current) throw new ProjectTransitionError('notAllowed')
    const { project } = current

    // Who may act.
    const systemClose = input.actor.kind === 'system' && input.action === 'close'
    if (!systemClose) {
      if (input.actor.kind !== rule.by) throw new ProjectTransitionError('notAllowed', project.status)
      if (input.actor.kind === 'member') {
        const [membership] = await tx
          .select({ role: organizationMembers.role })
          .from(organizationMembers)
          .where(and(eq(organizationMembers.organizationId, project.organizationId), eq(organizationMembers.userId, input.actor.userId)))
        if (!membership) throw new ProjectTransitionError('notAllowed', project.status)
      }
    }
    if (!(rule.from as readonly string[]).includes(project.status)) throw new ProjectTransitionError('wrongStatus', project.status)

    // What must be true.
    const changes: Partial<typeof projects.$inferInsert> = { status: rule.to }
    const reason = input.reason?.trim() || null
    switch (input.action) {
      case 'submit': {
        if (current.orgStatus !== 'approved') throw new ProjectTransitionError('organizationNotApproved', project.status)
        const lines = await getBudgetLines(tx, project.id)
        if (budgetProblem(project.goalAmount, lines, project.budgetNote)) throw new ProjectTransitionError('budgetMismatch', project.status)
        if (daysLeft(project.endsOn, now) === null) throw new ProjectTransitionError('endsInPast', project.status)
        changes.submittedAt = now
        changes.statusReason = null
        break
      }
      case 'approve': {
        const filing = input.filingNumber?.trim()
        if (!filing) throw new ProjectTransitionError('filingNumberRequired', project.status)
        if (current.orgStatus !== 'approved') throw new ProjectTransitionError('organizationNotApproved', project.status)
        changes.filingNumber = filing
        changes.publishedAt = now
        // Unseen, so under the exposure floor: explored first until the ranking job scores it.
        changes.rankScore = RANKING.EXPLORE
        changes.statusReason = null
        break
      }
      case 'reject':
        if (!reason) throw new ProjectTransitionError('reasonRequired', project.status)
        changes.statusReason = reason
        break
      case 'close':
        if (daysLeft(project.endsOn, now) !== null && project.raisedAmount < project.goalAmount)
          throw new ProjectTransitionError('notEndedNorFunded', project.status)
        changes.closedAt = now
        break
      case 'complete': {
        const report = input.finalReport?.trim()
        if (!report) throw new ProjectTransitionError('finalReportRequired', project.status)
        changes.finalReport = report
        changes.completedAt = now
        break
      }
    }

    const [updated] = await tx
      .update(projects)
      .set(changes)
      .where(and(eq(projects.id, project.id), eq(projects.status, project.status)))
      .returning()
    if (!updated) throw new ProjectTransitionError('wrongStatus', project.status)

    if (input.action === 'approve' && updated.coverMediaId) await tx.update(media).set({ isPublic: true }).where(eq(media.id, updated.coverMediaId))
    await tx.insert(auditLog).values({
      actorId: input.actor.kind === 'system' ? null : input.actor.userId,
      action: `project.${input.action}`,
      targetType: 'project',
      targetId: project.id,
      reason,
      details: { title: project.title, from: project.status, to: rule.to, ...(changes.filingNumber ? { filingNumber: changes.filingNumber } : {}) },
      createdAt: now,
    })
    if (input.action === 'approve' || input.action === 'reject') await notifyMembers(tx, updated, input.action, reason, input.link, now)
    return updated
  })
}

async function notifyMembers(tx: Db, project: Project, decision: 'approve' | 'reject', reason: string | null, link: ((slug: string) => string) | undefined, now: Date) {
  const members = await tx
    .select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(eq(organizationMembers.organizationId, project.organizationId))
  for (const member of members) {
    await queueMail(tx, projectDecisionMail(member, { title: localizeFor(project, ['title'], member.locale).title, decision, reason, link: link?.(project.slug) ?? `/projects/${project.slug}` }))
    await tx.insert(notifications).values({
      userId: member.id,
      messageKey: `notify.project.${decision}`,
      values: { title: project.title, reason: reason ?? '' },
      link: `/projects/${project.slug}`,
      createdAt: now,
    })
  }
}

/** The end-date job: closes every fundraising project whose last day has passed. */
export async function closeEndedProjects(db: Db, now = new Date()) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now)
  const ended = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.status, 'fundraising'), sql`${projects.endsOn} < ${today}`))
    .limit(500)
  let closed = 0
  for (const { id } of ended) {
    try {
      await transitionProject(db, { projectId: id, action: 'close', actor: { kind: 'system' }, now })
      closed++
    } catch (error) {
      if (!(error instanceof ProjectTransitionError)) throw error
    }
  }
  return closed
}

/** Review queue: projects in review, oldest submission first. */
export async function projectsInReview(db: Db) {
  return db
    .select({
      id: projects.id,
      slug: projects.slug,
      title: projects.title,
      category: projects.category,
      region: projects.region,
      goalAmount: projects.goalAmount,
      currency: projects.currency,
      submittedAt: projects.submittedAt,
      organizationName: organizations.name,
    })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(eq(projects.status, 'in_review'))
    .orderBy(asc(projects.submittedAt), asc(projects.id))
    .limit(200)
}

/** An organisation's own projects for its console, with what needs attention. */
export async function consoleProjects(db: Db, organizationId: string, now = new Date()) {
  const rows = await db
    .select()
    .from(projects)
    .where(eq(projects.organizationId, organizationId))
    .orderBy(sql`${projects.createdAt} desc`)
    .limit(200)
  return rows.map((p) => {
    const left = daysLeft(p.endsOn, now)
    const attention: string[] = []
    if (p.status === 'draft') attention.push('draftNotSubmitted')
    if (p.status === 'rejected') attention.push('rejected')
    if (p.status === 'fundraising' && left !== null && left <= 7) attention.push('endingSoon')
    if (p.status === 'fundraising' && (left === null || p.raisedAmount >= p.goalAmount)) attention.push('readyToClose')
    if (p.status === 'closed') attention.push('finalReportDue')
    return { ...p, daysLeft: left, attention }
  })
}
