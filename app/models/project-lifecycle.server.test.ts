import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { post } from '~/ledger/post.server'
import { auditLog, budgetLines, notifications, organizationMembers, organizations, projects, projectStatus } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { createUser } from './users.server'
import {
  availableActions,
  budgetProblem,
  closeEndedProjects,
  createProjectDraft,
  OrganizationNotApprovedError,
  PROJECT_TRANSITIONS,
  ProjectNotEditableError,
  ProjectTransitionError,
  transitionProject,
  updateProjectDraft,
  type Actor,
  type ProjectAction,
  type ProjectInput,
} from './project-lifecycle.server'

const { db } = await setupTestDatabase()
const now = new Date('2026-11-23T04:00:00Z')

let serial = 0
const user = (name: string) =>
  createUser(db, { email: `${name}-${crypto.randomUUID()}@example.com`, displayName: name, password: 'a long test passphrase', birthDate: '1980-01-01', locale: 'zh-CN' })

async function organization(status: 'approved' | 'pending' | 'suspended' = 'approved') {
  const [org] = await db
    .insert(organizations)
    .values({ slug: `org-${serial}`, name: `机构 ${serial}`, uscc: `91${String(serial++).padStart(16, '0')}`, region: '北京', contactName: 'c', contactEmail: 'c@example.org', status })
    .returning()
  return org!
}

const [owner, editor, stranger, admin] = [await user('owner'), await user('editor'), await user('stranger'), await user('admin')]
const org = await organization()
const otherOrg = await organization()
await db.insert(organizationMembers).values([
  { organizationId: org.id, userId: owner.id, role: 'owner' },
  { organizationId: org.id, userId: editor.id, role: 'editor' },
  { organizationId: otherOrg.id, userId: stranger.id, role: 'editor' },
])

function input(overrides: Partial<ProjectInput> = {}): ProjectInput {
  return {
    title: '二郎庙村小学营养午餐',
    summary: '让孩子们吃上热乎的午餐。',
    story: '张校长一人教几门课……',
    category: 'education',
    region: '河南省太康县',
    currency: 'CNY',
    goalAmount: 6_000_000n,
    startsOn: '2026-11-01',
    endsOn: '2027-02-28',
    budgetLines: [
      { label: '食材', plannedAmount: 4_500_000n },
      { label: '厨房设备', plannedAmount: 1_500_000n },
    ],
    ...overrides,
  }
}

/** A project of `org` placed directly in a status, with everything each transition needs. */
async function projectIn(status: (typeof projectStatus.enumValues)[number], organizationId = org.id, raised = status === 'fundraising' ? 6_000_000n : 0n) {
  const draft = await createProjectDraft(db, { organizationId, userId: owner.id, project: input() })
  // What it has raised is money in its ledger (the only way a project's total changes).
  if (raised > 0n) await db.transaction((tx) => post(tx, { projectId: draft.id, currency: 'CNY', entries: [{ kind: 'donation', amount: raised, externalRef: `raised:${draft.id}`, occurredAt: new Date() }] }))
  const [project] = await db.update(projects).set({ status }).where(eq(projects.id, draft.id)).returning()
  return project!
}

const ACTORS: Record<string, Actor> = {
  owner: { kind: 'member', userId: owner.id },
  editor: { kind: 'member', userId: editor.id },
  otherOrgEditor: { kind: 'member', userId: stranger.id },
  admin: { kind: 'admin', userId: admin.id },
  system: { kind: 'system' },
}

function allowed(action: ProjectAction, status: string, actor: string) {
  const rule = PROJECT_TRANSITIONS[action]
  if (!(rule.from as readonly string[]).includes(status)) return false
  if (actor === 'system') return action === 'close'
  if (actor === 'otherOrgEditor') return false
  return rule.by === (actor === 'admin' ? 'admin' : 'member')
}

describe('every transition from every status by every actor', () => {
  for (const action of Object.keys(PROJECT_TRANSITIONS) as ProjectAction[]) {
    test(action, async () => {
      const outcomes: string[] = []
      for (const status of projectStatus.enumValues) {
        for (const [name, actor] of Object.entries(ACTORS)) {
          const project = await projectIn(status)
          const expected = allowed(action, status, name)
          try {
            const result = await transitionProject(db, {
              projectId: project.id,
              action,
              actor,
              reason: '材料不全',
              filingNumber: '53100000500018422A26001',
              finalReport: '共为 120 名学生提供午餐 9,600 份。',
              now,
            })
            outcomes.push(`${status} ${name}: ${expected ? 'ok' : 'WRONGLY ALLOWED'}`)
            expect(result.status).toBe(PROJECT_TRANSITIONS[action].to)
          } catch (error) {
            if (!(error instanceof ProjectTransitionError)) throw error
            outcomes.push(`${status} ${name}: ${expected ? `WRONGLY REFUSED (${error.problem})` : 'ok'}`)
            const [unchanged] = await db.select({ status: projects.status }).from(projects).where(eq(projects.id, project.id))
            expect(unchanged!.status).toBe(status)
          }
        }
      }
      expect(outcomes.filter((o) => o.includes('WRONGLY'))).toEqual([])
    })
  }
})

test('availableActions offers the same transitions the model allows', () => {
  expect(availableActions('draft', 'member')).toEqual(['submit'])
  expect(availableActions('in_review', 'admin')).toEqual(['approve', 'reject'])
  expect(availableActions('in_review', 'member')).toEqual([])
  expect(availableActions('fundraising', 'member')).toEqual(['close'])
  expect(availableActions('closed', 'member')).toEqual(['complete'])
  expect(availableActions('completed', 'admin')).toEqual([])
  expect(availableActions('draft', null)).toEqual([])
})

test('submitting needs a budget that adds up (or a note), an end date ahead, and an approved organisation', async () => {
  const member = ACTORS.owner!
  const mismatched = await createProjectDraft(db, { organizationId: org.id, userId: owner.id, project: input({ budgetLines: [{ label: '食材', plannedAmount: 100n }] }) })
  await expect(transitionProject(db, { projectId: mismatched.id, action: 'submit', actor: member, now })).rejects.toMatchObject({ problem: 'budgetMismatch' })
  await updateProjectDraft(db, { projectId: mismatched.id, project: input({ budgetLines: [{ label: '食材', plannedAmount: 100n }], budgetNote: '其余由合作企业捐赠实物。' }) })
  expect((await transitionProject(db, { projectId: mismatched.id, action: 'submit', actor: member, now })).status).toBe('in_review')

  const past = await createProjectDraft(db, { organizationId: org.id, userId: owner.id, project: input({ startsOn: '2025-01-01', endsOn: '2025-06-30' }) })
  await expect(transitionProject(db, { projectId: past.id, action: 'submit', actor: member, now })).rejects.toMatchObject({ problem: 'endsInPast' })

  const suspendedOrg = await organization()
  await db.insert(organizationMembers).values({ organizationId: suspendedOrg.id, userId: owner.id, role: 'owner' })
  const draft = await createProjectDraft(db, { organizationId: suspendedOrg.id, userId: owner.id, project: input() })
  await db.update(organizations).set({ status: 'suspended' }).where(eq(organizations.id, suspendedOrg.id))
  await expect(transitionProject(db, { projectId: draft.id, action: 'submit', actor: member, now })).rejects.toMatchObject({ problem: 'organizationNotApproved' })
})

test('review decisions need a filing number or a reason; approval publishes, audits and tells the organisation', async () => {
  const project = await projectIn('in_review')
  const reviewer = ACTORS.admin!
  await expect(transitionProject(db, { projectId: project.id, action: 'approve', actor: reviewer, filingNumber: ' ', now })).rejects.toMatchObject({ problem: 'filingNumberRequired' })
  await expect(transitionProject(db, { projectId: project.id, action: 'reject', actor: reviewer, now })).rejects.toMatchObject({ problem: 'reasonRequired' })
  const approved = await transitionProject(db, { projectId: project.id, action: 'approve', actor: reviewer, filingNumber: '53100000500018422A26001', now })
  expect(approved).toMatchObject({ status: 'fundraising', filingNumber: '53100000500018422A26001' })
  expect(approved.publishedAt?.toISOString()).toBe(now.toISOString())
  const [entry] = await db.select().from(auditLog).where(eq(auditLog.targetId, project.id))
  expect(entry).toMatchObject({ action: 'project.approve', actorId: admin.id })
  const notes = await db.select().from(notifications).where(eq(notifications.link, `/projects/${project.slug}`))
  expect(notes.map((n) => n.userId).sort()).toEqual([owner.id, editor.id].sort())
})

test('closing needs the end date passed or the goal reached; completing needs the final report', async () => {
  const project = await projectIn('fundraising', org.id, 10n)
  await expect(transitionProject(db, { projectId: project.id, action: 'close', actor: ACTORS.editor!, now })).rejects.toMatchObject({ problem: 'notEndedNorFunded' })
  const afterEnd = new Date('2027-03-01T04:00:00Z')
  expect((await transitionProject(db, { projectId: project.id, action: 'close', actor: ACTORS.editor!, now: afterEnd })).status).toBe('closed')
  await expect(transitionProject(db, { projectId: project.id, action: 'complete', actor: ACTORS.owner!, finalReport: '  ', now })).rejects.toMatchObject({ problem: 'finalReportRequired' })
})

test('two reviewers at once: one decision wins, the other is refused', async () => {
  const project = await projectIn('in_review')
  const results = await Promise.allSettled([
    transitionProject(db, { projectId: project.id, action: 'approve', actor: ACTORS.admin!, filingNumber: 'A1', now }),
    transitionProject(db, { projectId: project.id, action: 'reject', actor: ACTORS.admin!, reason: 'no', now }),
  ])
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  expect(await db.select().from(auditLog).where(eq(auditLog.targetId, project.id))).toHaveLength(1)
})

test('only drafts are editable, and only approved organisations start drafts', async () => {
  const draft = await createProjectDraft(db, { organizationId: org.id, userId: owner.id, project: input() })
  const edited = await updateProjectDraft(db, { projectId: draft.id, project: input({ title: '新标题', budgetLines: [{ label: '全部', plannedAmount: 6_000_000n }] }) })
  expect(edited.title).toBe('新标题')
  expect(await db.select().from(budgetLines).where(eq(budgetLines.projectId, draft.id))).toHaveLength(1)
  await transitionProject(db, { projectId: draft.id, action: 'submit', actor: ACTORS.owner!, now })
  await expect(updateProjectDraft(db, { projectId: draft.id, project: input() })).rejects.toBeInstanceOf(ProjectNotEditableError)
  const pending = await organization('pending')
  await expect(createProjectDraft(db, { organizationId: pending.id, userId: owner.id, project: input() })).rejects.toBeInstanceOf(OrganizationNotApprovedError)
})

test('the end-date job closes fundraising projects whose last day has passed, and only those', async () => {
  const ended = await projectIn('fundraising', org.id, 0n)
  await db.update(projects).set({ endsOn: '2026-11-22' }).where(eq(projects.id, ended.id))
  const running = await projectIn('fundraising')
  await closeEndedProjects(db, now)
  const statuses = await db.select({ id: projects.id, status: projects.status }).from(projects).where(eq(projects.organizationId, org.id))
  expect(statuses.find((p) => p.id === ended.id)!.status).toBe('closed')
  expect(statuses.find((p) => p.id === running.id)!.status).toBe('fundraising')
})

test('budget rule', () => {
  expect(budgetProblem(100n, [])).toBe('budgetEmpty')
  expect(budgetProblem(100n, [{ label: 'a', plannedAmount: 60n }, { label: 'b', plannedAmount: 40n }])).toBeNull()
  expect(budgetProblem(100n, [{ label: 'a', plannedAmount: 60n }])).toBe('budgetMismatch')
  expect(budgetProblem(100n, [{ label: 'a', plannedAmount: 60n }], '其余由企业配捐')).toBeNull()
})
