/**
 * Content in two languages, stored by the models that write it (ADR 0021): each kind keeps its
 * language and only its own translatable fields; a translation in the original's language is
 * refused and nothing is written; an update's earlier versions keep their translations; an
 * organisation's profile is changed only by its own owner or editor, audited, with its division.
 */
import { and, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { auditLog, budgetLines, challenges, organizationMembers, organizations, projects, projectUpdates, updateRevisions } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { InvalidTranslationError } from '~/content/translation-input'
import { usccCheckCharacter } from '~/utils/uscc'
import { openChallenge } from './challenges.server'
import { applyForOrganization, listPartners, NotAnEditorError, partnerRegionCodes, updateOrganizationProfile } from './organizations.server'
import { createProjectDraft, updateProjectDraft, type ProjectInput } from './project-lifecycle.server'
import { createUser } from './users.server'
import { editUpdate, postUpdate, updateRevisionsOf } from './updates.server'

const { db } = await setupTestDatabase()

let serial = 0
const person = (name: string) => createUser(db, { email: `${name}-${serial++}-${crypto.randomUUID().slice(0, 6)}@example.org`, displayName: name, password: 'a long test passphrase', birthDate: '1985-01-01', locale: 'zh-CN' })
function uscc() {
  const first17 = `5312${String(Date.now() % 1e9).padStart(9, '0')}${String(serial++).padStart(4, '0')}`
  return first17 + usccCheckCharacter(first17)
}

async function orgWith(role: 'owner' | 'editor' = 'owner') {
  const n = serial++
  const [org] = await db
    .insert(organizations)
    .values({ slug: `bi-org-${n}`, name: `双语基金会 ${n}`, uscc: uscc(), region: '四川', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' })
    .returning()
  const member = await person(`member${n}`)
  await db.insert(organizationMembers).values({ organizationId: org!.id, userId: member.id, role })
  return { org: org!, member }
}

const draft = (overrides: Partial<ProjectInput> = {}): ProjectInput => ({
  title: '免费午餐',
  summary: '让山区孩子吃上热饭',
  story: '故事',
  category: 'education',
  region: '四川·凉山',
  currency: 'CNY',
  goalAmount: 100_000n,
  startsOn: '2026-01-01',
  endsOn: '2099-12-31',
  budgetLines: [{ label: '食材', plannedAmount: 100_000n, translations: { en: { label: 'Food' } } }],
  ...overrides,
})

test('a draft stores its language, its other version and its budget lines\' labels; an edit replaces them', async () => {
  const { org, member } = await orgWith()
  const project = await createProjectDraft(db, {
    organizationId: org.id,
    userId: member.id,
    project: draft({ contentLanguage: 'zh-CN', translations: { en: { title: ' Free Lunch ', summary: '', story: 'A hot meal' } } }),
  })
  expect(project.contentLanguage).toBe('zh-CN')
  expect(project.translations).toEqual({ en: { title: 'Free Lunch', story: 'A hot meal' } })
  const lines = await db.select().from(budgetLines).where(eq(budgetLines.projectId, project.id))
  expect(lines.map((l) => [l.contentLanguage, l.translations])).toEqual([['zh-CN', { en: { label: 'Food' } }]])

  const edited = await updateProjectDraft(db, { projectId: project.id, project: draft({ contentLanguage: 'zh-CN', translations: { en: { title: 'Free Lunch for Liangshan' } }, budgetLines: [{ label: '食材', plannedAmount: 100_000n }] }) })
  expect(edited.translations).toEqual({ en: { title: 'Free Lunch for Liangshan' } })
  const [line] = await db.select().from(budgetLines).where(eq(budgetLines.projectId, project.id))
  expect(line!.translations).toEqual({})

  // An edit that says nothing of languages leaves them as they were.
  const untouched = await updateProjectDraft(db, { projectId: project.id, project: draft({ budgetLines: [{ label: '食材', plannedAmount: 100_000n }] }) })
  expect(untouched.translations).toEqual({ en: { title: 'Free Lunch for Liangshan' } })
})

test('a translation in the original\'s language, or without a title, is refused and nothing is written', async () => {
  const { org, member } = await orgWith()
  const before = await db.$count(projects)
  await expect(createProjectDraft(db, { organizationId: org.id, userId: member.id, project: draft({ contentLanguage: 'en', translations: { en: { title: 'Free Lunch' } } }) })).rejects.toThrow(InvalidTranslationError)
  await expect(createProjectDraft(db, { organizationId: org.id, userId: member.id, project: draft({ contentLanguage: 'zh-CN', translations: { en: { summary: 'untitled' } } }) })).rejects.toThrow(/untitled/)
  // A budget line's label in the project's own language fails the whole draft.
  await expect(createProjectDraft(db, { organizationId: org.id, userId: member.id, project: draft({ contentLanguage: 'zh-CN', budgetLines: [{ label: '食材', plannedAmount: 100_000n, translations: { 'zh-CN': { label: '食物' } } }] }) })).rejects.toThrow(InvalidTranslationError)
  expect(await db.$count(projects)).toBe(before)
})

test('an update keeps its translations, and each correction keeps the version before it with its own', async () => {
  const { org, member } = await orgWith('editor')
  const [project] = await db
    .insert(projects)
    .values({ slug: `bi-p-${serial++}`, organizationId: org.id, title: '温暖包', summary: 's', category: 'disaster_relief', region: '四川', goalAmount: 1_000_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising' })
    .returning()
  const id = await postUpdate(db, { projectId: project!.id, organizationId: org.id, authorId: member.id, title: '第一周', body: '发放了三百份', contentLanguage: 'zh-CN', translations: { en: { title: 'Week one', body: '' } } })
  const [posted] = await db.select().from(projectUpdates).where(eq(projectUpdates.id, id))
  expect([posted!.contentLanguage, posted!.translations]).toEqual(['zh-CN', { en: { title: 'Week one' } }])

  expect(await editUpdate(db, { updateId: id, organizationId: org.id, editorId: member.id, title: '第一周', body: '发放了三百份', contentLanguage: 'zh-CN', translations: { en: { title: 'Week one', body: '300 kits handed out' } } })).toEqual({ ok: true })
  expect(await editUpdate(db, { updateId: id, organizationId: org.id, editorId: member.id, title: 'Week one', body: '300 kits', contentLanguage: 'en', translations: { 'zh-CN': { title: '第一周' } } })).toEqual({ ok: true })
  const [now] = await db.select().from(projectUpdates).where(eq(projectUpdates.id, id))
  expect([now!.contentLanguage, now!.title, now!.translations]).toEqual(['en', 'Week one', { 'zh-CN': { title: '第一周' } }])
  const history = await updateRevisionsOf(db, id)
  expect(history.map((r) => [r.contentLanguage, r.title, r.translations])).toEqual([
    ['zh-CN', '第一周', { en: { title: 'Week one', body: '300 kits handed out' } }],
    ['zh-CN', '第一周', { en: { title: 'Week one' } }],
  ])

  // The same text again is not a new revision; a same-language translation writes nothing.
  expect(await editUpdate(db, { updateId: id, organizationId: org.id, editorId: member.id, title: 'Week one', body: '300 kits', contentLanguage: 'en', translations: { 'zh-CN': { title: '第一周' } } })).toEqual({ ok: true })
  await expect(editUpdate(db, { updateId: id, organizationId: org.id, editorId: member.id, title: 'x', body: 'y', contentLanguage: 'en', translations: { en: { title: 'z' } } })).rejects.toThrow(InvalidTranslationError)
  expect(await db.$count(updateRevisions, eq(updateRevisions.updateId, id))).toBe(2)

  // Scoped: through another organisation the update is not found, and nothing changes.
  const other = await orgWith()
  expect(await editUpdate(db, { updateId: id, organizationId: other.org.id, editorId: other.member.id, title: 'hijack', body: 'hijack' })).toEqual({ ok: false, reason: 'notFound' })
  const [still] = await db.select().from(projectUpdates).where(eq(projectUpdates.id, id))
  expect(still!.title).toBe('Week one')
})

test('a challenge is opened with its language and the other version of its title and brief', async () => {
  const { org, member } = await orgWith()
  const [project] = await db
    .insert(projects)
    .values({ slug: `bi-c-${serial++}`, organizationId: org.id, title: '午餐', summary: 's', category: 'education', region: '四川', goalAmount: 1_000_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising' })
    .returning()
  const slug = `bi-ch-${serial++}`
  const opened = await openChallenge(db, { projectId: project!.id, actorId: member.id, tag: `双语${serial}`, title: 'Lunch challenge', brief: 'Film your lunch', contentLanguage: 'en', translations: { 'zh-CN': { title: '午餐挑战', brief: '' } }, slug, endsOn: null })
  expect(opened).toEqual({ ok: true, slug })
  const [row] = await db.select().from(challenges).where(eq(challenges.slug, slug))
  expect([row!.contentLanguage, row!.translations]).toEqual(['en', { 'zh-CN': { title: '午餐挑战' } }])
})

test('an application stores its language, translations and division (chosen, or read from the place)', async () => {
  const applicant = await person('applicant')
  const file = { storageKey: `aa/bb/${crypto.randomUUID()}.pdf`, contentType: 'application/pdf', byteSize: 10, sha256: 'a'.repeat(64) }
  const base = { uscc: uscc(), hasPublicFundraisingQualification: true, causeAreas: ['education' as const], description: 'We run school lunches.', contactName: 'Li', contactEmail: 'li@example.org' }
  const chosen = await applyForOrganization(db, {
    applicantId: applicant.id,
    application: { ...base, name: 'Lunch Trust', region: 'Chengdu', regionCode: '510100', contentLanguage: 'en', translations: { 'zh-CN': { name: '午餐基金会', description: '' } } },
    certificate: file,
  })
  expect([chosen.contentLanguage, chosen.translations, chosen.regionCode, chosen.region]).toEqual(['en', { 'zh-CN': { name: '午餐基金会' } }, '510100', 'Chengdu'])
  const read = await applyForOrganization(db, { applicantId: applicant.id, application: { ...base, uscc: uscc(), name: '凉山午餐', region: '四川·凉山' }, certificate: file })
  expect([read.contentLanguage, read.translations, read.regionCode]).toEqual(['zh-CN', {}, '513400'])
})

test('a profile is changed by its own owner or editor only, audited; the partners directory filters by its division', async () => {
  const { org, member: owner } = await orgWith('owner')
  const editor = await person('editor')
  await db.insert(organizationMembers).values({ organizationId: org.id, userId: editor.id, role: 'editor' })
  const other = await orgWith('owner')
  const outsider = await person('outsider')
  const profile = { name: '双语基金会', description: '我们做午餐。', region: '四川省成都市', regionCode: '510100', contentLanguage: 'zh-CN' as const, translations: { en: { name: 'Bilingual Foundation', description: 'We run lunches.' } } }

  for (const stranger of [other.member, outsider]) {
    await expect(updateOrganizationProfile(db, { organizationId: org.id, actorId: stranger.id, profile: { ...profile, name: 'hijacked' } })).rejects.toThrow(NotAnEditorError)
  }
  const [unchanged] = await db.select().from(organizations).where(eq(organizations.id, org.id))
  expect(unchanged!.name).toBe(org.name)

  const saved = await updateOrganizationProfile(db, { organizationId: org.id, actorId: editor.id, profile })
  expect([saved.name, saved.translations, saved.regionCode, saved.contentLanguage]).toEqual(['双语基金会', profile.translations, '510100', 'zh-CN'])
  const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.targetId, org.id), eq(auditLog.action, 'organization.profile')))
  expect(entry!.actorId).toBe(editor.id)
  expect(Object.keys(entry!.details.changed as object).sort()).toEqual(['description', 'name', 'regionCode', 'translations', 'region'].sort())

  // Saving the same profile again changes nothing and audits nothing.
  await updateOrganizationProfile(db, { organizationId: org.id, actorId: owner.id, profile })
  expect(await db.$count(auditLog, and(eq(auditLog.targetId, org.id), eq(auditLog.action, 'organization.profile')))).toBe(1)
  await expect(updateOrganizationProfile(db, { organizationId: org.id, actorId: owner.id, profile: { ...profile, translations: { 'zh-CN': { name: '同语' } } } })).rejects.toThrow(InvalidTranslationError)

  expect(await partnerRegionCodes(db)).toContain('510100')
  const inChengdu = (await listPartners(db, { region: '510100', limit: 500 })).map((p) => p.id)
  const inSichuan = (await listPartners(db, { region: '510000', limit: 500 })).map((p) => p.id)
  expect(inChengdu).toContain(org.id)
  expect(inSichuan).toContain(org.id)
  expect((await listPartners(db, { region: '110000', limit: 500 })).map((p) => p.id)).not.toContain(org.id)
})
