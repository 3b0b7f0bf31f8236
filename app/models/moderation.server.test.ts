/**
 * Trust and safety below the HTTP layer: reports open and escalate one case per item, the automatic
 * pass holds flagged text and re-uploaded removed files, the queue orders by severity then age, and
 * every decision changes the item, its files, the public pages, the audit and enforcement logs, and
 * tells the author and the reporters — without personal data in the public log.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, describe, expect, test } from 'vitest'
import type { ReportReason, ReportTarget } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'

const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-moderation-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const { db } = await setupTestDatabase()
const { auditLog, donations, enforcementActions, media, moderationCases, notifications, organizations, outboxMessages, projects, projectUpdates, reports } = await import('~db/schema')
const { createUser } = await import('./users.server')
const moderation = await import('./moderation.server')
const { postUpdate, editUpdate, projectTimeline, feedFor } = await import('./updates.server')
const { createPendingDonation, DonationRefused } = await import('./donations.server')
const { payGift } = await import('~/testing/payments')
const { discoverProjects, recentDonations } = await import('./projects.server')
const { setProjectFollowing } = await import('./projects.server')

let serial = 0
const person = (name: string) => createUser(db, { email: `${name}-${serial++}@example.org`, displayName: name, password: 'a long test passphrase', birthDate: '1985-01-01', locale: 'en' })
async function world() {
  const n = serial++
  const owner = await person(`owner${n}`)
  const [org] = await db.insert(organizations).values({ slug: `mod-org-${n}`, name: `免费午餐 ${n}`, uscc: `95${String(n).padStart(16, '0')}`, region: '湖北', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
  const { organizationMembers } = await import('~db/schema')
  await db.insert(organizationMembers).values({ organizationId: org!.id, userId: owner.id, role: 'owner' })
  const [p] = await db
    .insert(projects)
    .values({ slug: `mod-${n}`, organizationId: org!.id, title: `午餐 ${n}`, summary: 's', category: 'education', region: '湖北', goalAmount: 1_000_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising', createdBy: owner.id, rankScore: 1 })
    .returning()
  return { org: org!, project: p!, owner }
}
async function imageMedia(sha: string, uploadedBy: string, organizationId: string) {
  const [row] = await db.insert(media).values({ kind: 'image', storageKey: `aa/bb/${sha}.png`, contentType: 'image/png', byteSize: 10, sha256: sha, isPublic: true, uploadedBy, organizationId }).returning()
  return row!.id
}
const report = (targetType: ReportTarget, targetId: string, reporterId: string | null, reason: ReportReason = 'spam', reporterEmail: string | null = null) =>
  moderation.fileReport(db, { targetType, targetId, reason, details: 'please look', reporterId, reporterEmail, locale: 'en' })
const decide = (caseId: string, adminId: string, action: 'dismiss' | 'hide' | 'restore' | 'remove' | 'warn' | 'suspend', reason = 'Breaks rule 3: advertising') =>
  moderation.decideCase(db, { caseId, adminId, action, category: 'spam', reason, origin: 'http://localhost' })

describe('reports', () => {
  test('many reports on one item make one case, raising its severity at the 3rd report; a reporter reports once', async () => {
    const { project, owner, org } = await world()
    const update = await postUpdate(db, { projectId: project.id, organizationId: org.id, authorId: owner.id, title: '第一批午餐', body: '孩子们吃上了热饭。' })
    const reporters = await Promise.all([person('r1'), person('r2'), person('r3')])
    const first = await report('update', update, reporters[0]!.id, 'spam')
    expect(first).toMatchObject({ ok: true })
    expect(await report('update', update, reporters[0]!.id, 'fraud')).toEqual({ ok: false, reason: 'duplicate' })
    await report('update', update, reporters[1]!.id, 'spam')
    let [row] = await db.select().from(moderationCases).where(eq(moderationCases.targetId, update))
    expect(row).toMatchObject({ reportCount: 2, severity: 1, isOpen: true })
    await report('update', update, reporters[2]!.id, 'spam')
    ;[row] = await db.select().from(moderationCases).where(eq(moderationCases.targetId, update))
    expect(row).toMatchObject({ reportCount: 3, severity: 2 })
    // A more severe reason lifts the case to that reason's level; signed-out reports count as well.
    await report('update', update, null, 'violence', 'someone@example.org')
    ;[row] = await db.select().from(moderationCases).where(eq(moderationCases.targetId, update))
    expect(row).toMatchObject({ reportCount: 4, severity: 4 })
    expect(await db.select().from(moderationCases).where(eq(moderationCases.targetId, update))).toHaveLength(1)
    expect(await db.select().from(reports).where(eq(reports.caseId, row!.id))).toHaveLength(4)
  })

  test('concurrent reports on one item still make exactly one open case', async () => {
    const { project } = await world()
    const reporters = await Promise.all(Array.from({ length: 6 }, (_, i) => person(`c${i}`)))
    const outcomes = await Promise.all(reporters.map((r) => report('project', project.id, r.id)))
    expect(outcomes.every((o) => o.ok)).toBe(true)
    const cases = await db.select().from(moderationCases).where(eq(moderationCases.targetId, project.id))
    expect(cases).toHaveLength(1)
    expect(cases[0]!.reportCount).toBe(6)
  })

  test('only public items can be reported', async () => {
    const { project, org, owner } = await world()
    const reporter = await person('nosy')
    await db.update(projects).set({ status: 'draft' }).where(eq(projects.id, project.id))
    expect(await report('project', project.id, reporter.id)).toEqual({ ok: false, reason: 'notFound' })
    expect(await report('update', crypto.randomUUID(), reporter.id)).toEqual({ ok: false, reason: 'notFound' })
    const [pending] = await db.insert(organizations).values({ slug: `mod-pending-${serial++}`, name: 'Pending', uscc: `96${String(serial).padStart(16, '0')}`, region: 'x', contactName: 'c', contactEmail: 'c@example.org' }).returning()
    expect(await report('organization', pending!.id, reporter.id)).toEqual({ ok: false, reason: 'notFound' })
    expect(await report('organization', org.id, reporter.id)).toMatchObject({ ok: true })
    void owner
  })
})

describe('the automatic first pass', () => {
  test('a flagged update is held (not in timelines, not fanned out) until a moderator publishes it', async () => {
    const { project, owner, org } = await world()
    const admin = await person('admin')
    const follower = await person('follower')
    await setProjectFollowing(db, project.id, follower.id, true)
    const id = await postUpdate(db, { projectId: project.id, organizationId: org.id, authorId: owner.id, title: '好消息', body: '想捐款的朋友请私下转账，加微信：abc12345' })
    const [row] = await db.select().from(projectUpdates).where(eq(projectUpdates.id, id))
    expect(row!.status).toBe('held')
    expect((await projectTimeline(db, project.id)).items).toHaveLength(0)
    const [flagged] = await db.select().from(moderationCases).where(eq(moderationCases.targetId, id))
    expect(flagged!.autoFlags.map((f) => f.kind)).toEqual(expect.arrayContaining(['term', 'contact']))
    expect(flagged!.reportCount).toBe(0)
    // The queue shows it; publishing it fans it out to followers.
    const queue = await moderation.moderationQueue(db, { open: true })
    expect(queue.some((c) => c.id === flagged!.id)).toBe(true)
    expect(await decide(flagged!.id, admin.id, 'dismiss')).toEqual({ ok: false, reason: 'notAllowed' })
    expect(await decide(flagged!.id, admin.id, 'restore', '')).toEqual({ ok: true })
    expect((await projectTimeline(db, project.id)).items.map((i) => i.id)).toEqual([id])
    const { runDueJobs } = await import('~/jobs/queue.server')
    await runDueJobs(db, { lane: { only: ['updates.fanout'] } })
    expect((await feedFor(db, follower.id)).items.map((i) => i.id)).toContain(id)
  })

  test('a clean update publishes at once; a correction with flagged text takes it back to review', async () => {
    const { project, owner, org } = await world()
    const id = await postUpdate(db, { projectId: project.id, organizationId: org.id, authorId: owner.id, title: '午餐照片', body: '今天的菜单：米饭、青菜、鸡蛋。' })
    expect((await db.select().from(projectUpdates).where(eq(projectUpdates.id, id)))[0]!.status).toBe('published')
    expect(await editUpdate(db, { updateId: id, editorId: owner.id, title: '午餐照片', body: '更多优惠请访问 https://bit.ly/xyz' })).toEqual({ ok: true })
    expect((await db.select().from(projectUpdates).where(eq(projectUpdates.id, id)))[0]!.status).toBe('held')
  })

  test('a flagged donor message is held: the gift shows, the message does not', async () => {
    const { project } = await world()
    const { donation } = await createPendingDonation(db, { projectId: project.id, user: null, amount: 1_000n, frequency: 'one_time', isAnonymous: false, displayName: '小李', message: '博彩 网站 大优惠', email: 'li@example.org', locale: 'zh-CN' })
    expect(donation.messageStatus).toBe('held')
    await payGift(db, donation.id)
    const [shown] = await recentDonations(db, project.id)
    expect(shown).toMatchObject({ id: donation.id, message: null })
    expect(await db.select().from(moderationCases).where(eq(moderationCases.targetId, donation.id))).toHaveLength(1)
  })

  test('a file removed by a moderator is held when uploaded again', async () => {
    const { project, owner, org } = await world()
    const admin = await person('admin')
    const sha = 'f'.repeat(60) + String(serial++).padStart(4, '0')
    const first = await postUpdate(db, { projectId: project.id, organizationId: org.id, authorId: owner.id, title: '照片', body: '现场照片', imageMediaIds: [await imageMedia(sha, owner.id, org.id)] })
    const opened = await report('update', first, admin.id, 'sexual')
    expect(opened.ok).toBe(true)
    expect(await decide((opened as { caseId: string }).caseId, admin.id, 'remove')).toEqual({ ok: true })
    const again = await postUpdate(db, { projectId: project.id, organizationId: org.id, authorId: owner.id, title: '照片（重发）', body: '现场照片', imageMediaIds: [await imageMedia(sha, owner.id, org.id)] })
    expect((await db.select().from(projectUpdates).where(eq(projectUpdates.id, again)))[0]!.status).toBe('held')
    const [held] = await db.select().from(moderationCases).where(and(eq(moderationCases.targetId, again), eq(moderationCases.isOpen, true)))
    expect(held!.autoFlags.map((f) => f.kind)).toEqual(['blockedMedia'])
    expect(held!.severity).toBe(4)
  })
})

describe('decisions', () => {
  test('hiding an update takes it and its files out of every public place, tells the author and the reporters, and logs it publicly without names', async () => {
    const { project, owner, org } = await world()
    const admin = await person('admin')
    const follower = await person('follower')
    await setProjectFollowing(db, project.id, follower.id, true)
    const image = await imageMedia('e'.repeat(60) + String(serial++).padStart(4, '0'), owner.id, org.id)
    const id = await postUpdate(db, { projectId: project.id, organizationId: org.id, authorId: owner.id, title: '假发票', body: '……', imageMediaIds: [image] })
    const reporter = await person('reporter')
    const opened = await report('update', id, reporter.id, 'fraud')
    await report('update', id, null, 'fraud', 'anon-reporter@example.org')
    if (!opened.ok) throw new Error('report refused')
    expect(await decide(opened.caseId, admin.id, 'hide', 'Invoices do not match the budget')).toEqual({ ok: true })

    expect((await db.select().from(projectUpdates).where(eq(projectUpdates.id, id)))[0]).toMatchObject({ status: 'hidden', moderationReason: 'Invoices do not match the budget' })
    expect((await db.select().from(media).where(eq(media.id, image)))[0]!.hiddenAt).not.toBeNull()
    expect((await projectTimeline(db, project.id)).items.map((i) => i.id)).not.toContain(id)
    expect((await feedFor(db, follower.id)).items.map((i) => i.id)).not.toContain(id)
    // The case is closed; the author is told why (in-app and by email); both reporters hear the outcome.
    expect((await db.select().from(moderationCases).where(eq(moderationCases.id, opened.caseId)))[0]).toMatchObject({ isOpen: false, decision: 'hide' })
    const authorNotes = await db.select().from(notifications).where(eq(notifications.userId, owner.id))
    expect(authorNotes.map((n) => n.messageKey)).toContain('notify.moderation.hide')
    expect(authorNotes.find((n) => n.messageKey === 'notify.moderation.hide')!.values.reason).toBe('Invoices do not match the budget')
    expect((await db.select().from(notifications).where(eq(notifications.userId, reporter.id))).map((n) => n.messageKey)).toEqual(['notify.report.actioned'])
    expect((await db.select().from(outboxMessages).where(eq(outboxMessages.to, 'anon-reporter@example.org'))).length).toBe(1)
    expect((await db.select().from(reports).where(eq(reports.caseId, opened.caseId))).every((r) => r.notifiedAt)).toBe(true)
    // Audited; in the public log with the category and reason only.
    expect((await db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'moderation.hide')))).length).toBe(1)
    const [entry] = await db.select().from(enforcementActions).where(eq(enforcementActions.caseId, opened.caseId))
    expect(entry).toMatchObject({ action: 'hide', targetType: 'update', category: 'spam', publicReason: 'Invoices do not match the budget', projectId: project.id })
    const log = await moderation.enforcementLog(db)
    const text = JSON.stringify(log.find((l) => l.id === entry!.id), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))
    for (const secret of [reporter.email, reporter.displayName, owner.email, owner.displayName, '假发票']) expect(text).not.toContain(secret)

    // Restored: visible again, files served again, the author told.
    expect(await decide(opened.caseId, admin.id, 'restore', '')).toEqual({ ok: true })
    expect((await projectTimeline(db, project.id)).items.map((i) => i.id)).toContain(id)
    expect((await db.select().from(media).where(eq(media.id, image)))[0]!.hiddenAt).toBeNull()
  })

  test('a hidden project leaves discover and refuses gifts; removal is final', async () => {
    const { project, owner } = await world()
    const admin = await person('admin')
    const opened = await report('project', project.id, admin.id, 'fraud')
    if (!opened.ok) throw new Error('report refused')
    expect(await decide(opened.caseId, admin.id, 'hide', 'Under investigation')).toEqual({ ok: true })
    const listed = await discoverProjects(db, { status: 'fundraising', limit: 500 })
    expect(listed.map((p) => p.id)).not.toContain(project.id)
    await expect(createPendingDonation(db, { projectId: project.id, user: null, amount: 1_000n, frequency: 'one_time', isAnonymous: true, email: 'g@example.org', locale: 'en' })).rejects.toBeInstanceOf(DonationRefused)
    expect(await decide(opened.caseId, admin.id, 'remove', 'Fake beneficiaries')).toEqual({ ok: true })
    expect(await decide(opened.caseId, admin.id, 'restore', '')).toEqual({ ok: false, reason: 'notAllowed' })
    expect((await db.select().from(projects).where(eq(projects.id, project.id)))[0]!.moderationStatus).toBe('removed')
    void owner
  })

  test('warn tells the author and changes nothing; suspend suspends the organisation; a reason is required', async () => {
    const { project, owner, org } = await world()
    const admin = await person('admin')
    const id = await postUpdate(db, { projectId: project.id, organizationId: org.id, authorId: owner.id, title: '进展', body: '……' })
    const opened = await report('update', id, admin.id)
    if (!opened.ok) throw new Error('report refused')
    expect(await decide(opened.caseId, admin.id, 'warn', '')).toEqual({ ok: false, reason: 'reasonRequired' })
    expect(await decide(opened.caseId, admin.id, 'warn', 'Please cite sources')).toEqual({ ok: true })
    expect((await db.select().from(projectUpdates).where(eq(projectUpdates.id, id)))[0]!.status).toBe('published')
    expect((await db.select().from(notifications).where(eq(notifications.userId, owner.id))).map((n) => n.messageKey)).toContain('notify.moderation.warn')
    const again = await report('update', id, owner.id)
    if (!again.ok) throw new Error('report refused')
    expect(await decide(again.caseId, admin.id, 'suspend', 'Repeated fraud')).toEqual({ ok: true })
    expect((await db.select().from(organizations).where(eq(organizations.id, org.id)))[0]!.status).toBe('suspended')
    expect((await db.select().from(enforcementActions).where(eq(enforcementActions.caseId, again.caseId)))[0]).toMatchObject({ action: 'suspend', organizationId: org.id })
  })

  test('two moderators deciding one case at once: both are applied in turn, never half', async () => {
    const { project, owner, org } = await world()
    const [a, b] = [await person('modA'), await person('modB')]
    const id = await postUpdate(db, { projectId: project.id, organizationId: org.id, authorId: owner.id, title: 'x', body: 'y' })
    const opened = await report('update', id, a.id)
    if (!opened.ok) throw new Error('report refused')
    const results = await Promise.all([decide(opened.caseId, a.id, 'hide'), decide(opened.caseId, b.id, 'hide')])
    // The second sees the item already hidden: "hide" no longer applies.
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(await db.select().from(enforcementActions).where(eq(enforcementActions.caseId, opened.caseId))).toHaveLength(1)
  })
})

describe('organisations and donor messages', () => {
  test('an organisation hides an abusive message on its own project and can show it again; not on another’s', async () => {
    const { project, org, owner } = await world()
    const other = await world()
    const { donation } = await createPendingDonation(db, { projectId: project.id, user: null, amount: 2_000n, frequency: 'one_time', isAnonymous: false, displayName: '路人', message: '你们都是骗子！！', email: 'x@example.org', locale: 'zh-CN' })
    await payGift(db, donation.id)
    expect((await recentDonations(db, project.id))[0]!.message).toBe('你们都是骗子！！')
    expect(await moderation.setMessageVisibility(db, { donationId: donation.id, organizationId: other.org.id, actorId: other.owner.id, hidden: true })).toBe(false)
    expect(await moderation.setMessageVisibility(db, { donationId: donation.id, organizationId: org.id, actorId: owner.id, hidden: true })).toBe(true)
    expect((await recentDonations(db, project.id))[0]!.message).toBeNull()
    expect((await db.select().from(auditLog).where(and(eq(auditLog.targetId, donation.id), eq(auditLog.action, 'donationMessage.hide')))).length).toBe(1)
    expect(await moderation.setMessageVisibility(db, { donationId: donation.id, organizationId: org.id, actorId: owner.id, hidden: false })).toBe(true)
    expect((await recentDonations(db, project.id))[0]!.message).toBe('你们都是骗子！！')
  })

  test('a moderator’s hide wins: the organisation cannot show the message again', async () => {
    const { project, org, owner } = await world()
    const admin = await person('admin')
    const { donation } = await createPendingDonation(db, { projectId: project.id, user: null, amount: 2_000n, frequency: 'one_time', isAnonymous: false, displayName: '路人', message: '你们的项目太慢了！', email: 'y@example.org', locale: 'zh-CN' })
    await payGift(db, donation.id)
    const opened = await report('donation_message', donation.id, null, 'spam', 'reporter@example.org')
    if (!opened.ok) throw new Error('report refused')
    await decide(opened.caseId, admin.id, 'hide')
    expect(await moderation.setMessageVisibility(db, { donationId: donation.id, organizationId: org.id, actorId: owner.id, hidden: false })).toBe(false)
    expect((await recentDonations(db, project.id))[0]!.message).toBeNull()
    // Hiding it again themselves, then showing, does not launder the moderator's decision either.
    expect(await moderation.setMessageVisibility(db, { donationId: donation.id, organizationId: org.id, actorId: owner.id, hidden: true })).toBe(false)
    expect(await moderation.setMessageVisibility(db, { donationId: donation.id, organizationId: org.id, actorId: owner.id, hidden: false })).toBe(false)
  })

  test('the organisation sees what the public sees: an anonymous gift has no name and no contact anywhere it can read', async () => {
    const { project, org } = await world()
    const donor = await person('secret-donor')
    const { donation } = await createPendingDonation(db, { projectId: project.id, user: { id: donor.id, email: donor.email, birthDate: '1985-01-01' }, amount: 3_000n, frequency: 'one_time', isAnonymous: true, displayName: 'Should not show', message: '加油', locale: 'en' })
    await payGift(db, donation.id)
    const seen = JSON.stringify([await moderation.organizationMessages(db, org.id), await recentDonations(db, project.id)], (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))
    for (const secret of [donor.email, donor.displayName, 'Should not show']) expect(seen).not.toContain(secret)
    const [row] = await db.select({ userId: donations.userId }).from(donations).where(eq(donations.id, donation.id))
    expect(row!.userId).toBe(donor.id)
  })
})
