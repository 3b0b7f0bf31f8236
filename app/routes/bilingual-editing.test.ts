/**
 * The editors' actions for content in two languages, called with real requests: the other version
 * is stored beside the original; a translation with text but no title is a field error (400) that
 * changes nothing; only the organisation's own owner or editor can change its content in either
 * language — another organisation's member is refused, a guest is sent to log in.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-bilingual-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { auditLog, budgetLines, challenges, organizationMembers, organizations, projects, projectUpdates, updateRevisions } = await import('~db/schema')
const { createUser } = await import('~/models/users.server')
const { startSession } = await import('~/utils/session.server')
const newProject = await import('./organizations.$slug_.projects.new')
const editProject = await import('./projects.$slug_.edit')
const newUpdate = await import('./projects.$slug_.updates.new')
const editUpdate = await import('./updates.$id_.edit')
const profile = await import('./organizations.$slug_.profile')
const newChallenge = await import('./projects.$slug_.challenges.new')

let serial = 0
async function person(role?: { organizationId: string; role: 'owner' | 'editor' }) {
  const user = await createUser(db, { email: `bi-${serial++}@example.org`, displayName: 'P', password: 'a long test passphrase', birthDate: '1985-01-01', locale: 'en' })
  if (role) await db.insert(organizationMembers).values({ organizationId: role.organizationId, userId: user.id, role: role.role })
  return { user, cookie: (await startSession(db, new Request('http://localhost/'), user.id)).split(';')[0]! }
}
async function organization(slug: string) {
  const [org] = await db.insert(organizations).values({ slug, name: `机构 ${slug}`, uscc: `9${String(serial++).padStart(17, '0')}`, region: '四川', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
  return org!
}

const lunch = await organization('bi-lunch')
const animals = await organization('bi-animals')
const owner = await person({ organizationId: lunch.id, role: 'owner' })
const editor = await person({ organizationId: lunch.id, role: 'editor' })
const stranger = await person({ organizationId: animals.id, role: 'owner' })
await db
  .insert(projects)
  .values({ slug: 'bi-live', organizationId: lunch.id, title: '免费午餐', summary: 's', category: 'education', region: '四川', goalAmount: 100_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising', publishedAt: new Date() })

type Action = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>
/** Calls an action as the browser would; a thrown Response (403, 404, a login redirect) is returned. */
async function post(action: Action, path: string, params: Record<string, string>, fields: Record<string, string | string[]>, cookie?: string, multipart = false) {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(name, v)
  const body = multipart ? form : new URLSearchParams([...form.entries()].map(([k, v]) => [k, String(v)]))
  const request = new Request(`http://localhost${path}`, { method: 'POST', body, headers: { ...(cookie ? { Cookie: cookie } : {}), 'Accept-Language': 'en' } })
  try {
    const result = (await action({ request, params, context: { clientIp: '127.0.0.1', cspNonce: '' } })) as Response | { init?: { status?: number }; data?: Record<string, unknown> }
    if (result instanceof Response) return { status: result.status, location: result.headers.get('Location'), data: undefined }
    return { status: result.init?.status ?? 200, location: null, data: result.data as Record<string, unknown> }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get('Location'), data: undefined }
    throw thrown
  }
}

const projectFields = {
  title: '凉山免费午餐',
  summary: '让孩子吃上热饭',
  story: '故事',
  category: 'education',
  region: '四川·凉山',
  regionCode: '',
  goal: '1000',
  startsOn: '2026-01-01',
  endsOn: '2099-12-31',
  budgetNote: '',
  contentLanguage: 'zh-CN',
  lineLabel: ['食材', ''],
  lineAmount: ['1000', ''],
  lineLabelTranslated: ['Food', ''],
}

test('a project: the English version is stored beside the Chinese; untitled is a 400 that stores nothing; the edit form reloads it', async () => {
  const before = await db.$count(projects)
  const untitled = await post(newProject.action as Action, '/organizations/bi-lunch/projects/new', { slug: 'bi-lunch' }, { ...projectFields, translatedSummary: 'Hot meals' }, owner.cookie, true)
  expect(untitled.status).toBe(400)
  expect((untitled.data?.errors as Record<string, string[]>).translatedTitle).toEqual(['validation.translationNeeds.project'])
  expect(await db.$count(projects)).toBe(before)

  const created = await post(newProject.action as Action, '/organizations/bi-lunch/projects/new', { slug: 'bi-lunch' }, { ...projectFields, translatedTitle: 'Free Lunch in Liangshan', translatedSummary: 'Hot meals' }, editor.cookie, true)
  expect(created.status).toBe(302)
  const slug = created.location!.replace('/projects/', '')
  const [row] = await db.select().from(projects).where(eq(projects.slug, slug))
  expect([row!.contentLanguage, row!.translations]).toEqual(['zh-CN', { en: { title: 'Free Lunch in Liangshan', summary: 'Hot meals' } }])
  const [line] = await db.select().from(budgetLines).where(eq(budgetLines.projectId, row!.id))
  expect(line!.translations).toEqual({ en: { label: 'Food' } })

  // Another organisation's owner and a guest cannot edit it in either language.
  const hijack = { ...projectFields, translatedTitle: 'Hijacked' }
  expect((await post(editProject.action as Action, `/projects/${slug}/edit`, { slug }, hijack, stranger.cookie, true)).status).toBe(404)
  const guest = await post(editProject.action as Action, `/projects/${slug}/edit`, { slug }, hijack, undefined, true)
  expect(guest.status).toBe(404)
  const [same] = await db.select().from(projects).where(eq(projects.slug, slug))
  expect(same!.translations).toEqual(row!.translations)

  const edited = await post(editProject.action as Action, `/projects/${slug}/edit`, { slug }, { ...projectFields, translatedTitle: 'Free Lunch', translatedStory: 'A story' }, owner.cookie, true)
  expect(edited.status).toBe(302)
  const loaded = (await editProject.loader({ request: new Request(`http://localhost/projects/${slug}/edit`, { headers: { Cookie: owner.cookie } }), params: { slug }, context: {} })) as { values: { fields: Record<string, string>; lines: { translatedLabel: string }[] } }
  expect(loaded.values.fields).toMatchObject({ contentLanguage: 'zh-CN', translatedTitle: 'Free Lunch', translatedSummary: '', translatedStory: 'A story' })
  expect(loaded.values.lines[0]!.translatedLabel).toBe('Food')
})

test('an update: posted and corrected in both languages; untitled is a 400; strangers and guests are refused', async () => {
  const fields = { title: '第一周', body: '发放了三百份午餐', contentLanguage: 'zh-CN' }
  const before = await db.$count(projectUpdates)
  const untitled = await post(newUpdate.action as Action, '/projects/bi-live/updates/new', { slug: 'bi-live' }, { ...fields, translatedBody: '300 lunches' }, editor.cookie, true)
  expect(untitled.status).toBe(400)
  expect((untitled.data?.errors as Record<string, string[]>).translatedTitle).toEqual(['validation.translationNeeds.update'])
  expect(await db.$count(projectUpdates)).toBe(before)
  expect((await post(newUpdate.action as Action, '/projects/bi-live/updates/new', { slug: 'bi-live' }, { ...fields, translatedTitle: 'x' }, stranger.cookie, true)).status).toBe(403)

  const posted = await post(newUpdate.action as Action, '/projects/bi-live/updates/new', { slug: 'bi-live' }, { ...fields, translatedTitle: 'Week one', translatedBody: '300 lunches' }, editor.cookie, true)
  expect(posted.status).toBe(302)
  const id = posted.location!.split('#update-')[1]!
  const [update] = await db.select().from(projectUpdates).where(eq(projectUpdates.id, id))
  expect(update!.translations).toEqual({ en: { title: 'Week one', body: '300 lunches' } })

  const path = `/updates/${id}/edit`
  const badEdit = await post(editUpdate.action as Action, path, { id }, { ...fields, translatedTitle: '', translatedBody: 'changed' }, owner.cookie)
  expect(badEdit.status).toBe(400)
  expect((badEdit.data?.errors as Record<string, string[]>).translatedTitle).toEqual(['validation.translationNeeds.update'])
  for (const cookie of [stranger.cookie, undefined]) {
    const refused = await post(editUpdate.action as Action, path, { id }, { ...fields, translatedTitle: 'Hijacked' }, cookie)
    expect(refused.status === 403 || (refused.status === 302 && refused.location?.startsWith('/login'))).toBe(true)
  }
  expect(await db.$count(updateRevisions, eq(updateRevisions.updateId, id))).toBe(0)

  expect((await post(editUpdate.action as Action, path, { id }, { ...fields, translatedTitle: 'Week one', translatedBody: '300 hot lunches' }, owner.cookie)).status).toBe(302)
  const [saved] = await db.select().from(projectUpdates).where(eq(projectUpdates.id, id))
  expect(saved!.translations).toEqual({ en: { title: 'Week one', body: '300 hot lunches' } })
  const revisions = await db.select().from(updateRevisions).where(eq(updateRevisions.updateId, id))
  expect(revisions.map((r) => r.translations)).toEqual([{ en: { title: 'Week one', body: '300 lunches' } }])
})

test('an organisation profile: its own people edit it in both languages with its division, audited; others cannot', async () => {
  const fields = { name: '免费午餐基金', description: '我们为山区孩子提供午餐。', region: '四川省成都市', regionCode: '510100', contentLanguage: 'zh-CN' }
  const path = '/organizations/bi-lunch/profile'
  const nameless = await post(profile.action as Action, path, { slug: 'bi-lunch' }, { ...fields, translatedDescription: 'We serve lunches.' }, owner.cookie)
  expect(nameless.status).toBe(400)
  expect((nameless.data?.error as Record<string, string[]>).translatedName).toEqual(['validation.translationNeeds.organization'])
  const badRegion = await post(profile.action as Action, path, { slug: 'bi-lunch' }, { ...fields, regionCode: '999999' }, owner.cookie)
  expect(badRegion.status).toBe(400)
  expect((badRegion.data?.error as Record<string, string[]>).regionCode).toEqual(['validation.chooseOne'])

  expect((await post(profile.action as Action, path, { slug: 'bi-lunch' }, { ...fields, translatedName: 'Hijacked' }, stranger.cookie)).status).toBe(403)
  const guest = await post(profile.action as Action, path, { slug: 'bi-lunch' }, { ...fields, translatedName: 'Hijacked' })
  expect(guest.status).toBe(302)
  expect(guest.location).toMatch(/^\/login/)
  const [untouched] = await db.select().from(organizations).where(eq(organizations.id, lunch.id))
  expect([untouched!.name, untouched!.translations]).toEqual([lunch.name, {}])

  const saved = await post(profile.action as Action, path, { slug: 'bi-lunch' }, { ...fields, translatedName: 'Free Lunch Fund', translatedDescription: 'We serve lunches.' }, editor.cookie)
  expect(saved.status).toBe(302)
  const [org] = await db.select().from(organizations).where(eq(organizations.id, lunch.id))
  expect([org!.name, org!.regionCode, org!.translations]).toEqual(['免费午餐基金', '510100', { en: { name: 'Free Lunch Fund', description: 'We serve lunches.' } }])
  expect(await db.$count(auditLog, and(eq(auditLog.targetId, lunch.id), eq(auditLog.action, 'organization.profile'), eq(auditLog.actorId, editor.user.id)))).toBe(1)
  const loaded = (await profile.loader({ request: new Request(`http://localhost${path}`, { headers: { Cookie: owner.cookie } }), params: { slug: 'bi-lunch' }, context: {} })) as unknown as { data: { values: Record<string, string> } }
  expect(loaded.data.values).toMatchObject({ translatedName: 'Free Lunch Fund', regionCode: '510100' })
})

test('a challenge: opened with its other-language title; untitled is a 400 that opens nothing', async () => {
  const fields = { tag: '双语午餐', title: '午餐挑战', slug: 'bi-lunch-challenge', brief: '拍下你的午餐', endsOn: '', contentLanguage: 'zh-CN' }
  const untitled = await post(newChallenge.action as Action, '/projects/bi-live/challenges/new', { slug: 'bi-live' }, { ...fields, translatedBrief: 'Film your lunch' }, owner.cookie)
  expect(untitled.status).toBe(400)
  expect((untitled.data?.errors as Record<string, string[]>).translatedTitle).toEqual(['validation.translationNeeds.challenge'])
  expect(await db.$count(challenges)).toBe(0)
  expect((await post(newChallenge.action as Action, '/projects/bi-live/challenges/new', { slug: 'bi-live' }, { ...fields, translatedTitle: 'x' }, stranger.cookie)).status).toBe(404)
  const opened = await post(newChallenge.action as Action, '/projects/bi-live/challenges/new', { slug: 'bi-live' }, { ...fields, translatedTitle: 'Lunch challenge' }, owner.cookie)
  expect(opened.status).toBe(302)
  const [row] = await db.select().from(challenges).where(eq(challenges.slug, 'bi-lunch-challenge'))
  expect(row!.translations).toEqual({ en: { title: 'Lunch challenge' } })
})

test("a live project's other-language version: added and corrected beside the untouched original, refused when untitled or not one's own, audited", async () => {
  const translation = await import('./projects.$slug_.translation')
  const [live] = await db.select().from(projects).where(eq(projects.slug, 'bi-live'))
  const [line] = await db.insert(budgetLines).values({ projectId: live!.id, position: 0, label: '食材', plannedAmount: 100_000n }).returning()
  const path = '/projects/bi-live/translation'
  const params = { slug: 'bi-live' }
  const sent = { intent: 'saveTranslation', translatedTitle: 'Free Lunch', translatedSummary: 'Hot lunches', 'lines[0].id': line!.id, 'lines[0].translatedLabel': 'Ingredients' }

  const saved = await post(translation.action, path, params, sent, editor.cookie)
  expect(saved).toMatchObject({ status: 302, location: '/projects/bi-live' })
  const [after] = await db.select().from(projects).where(eq(projects.id, live!.id))
  expect(after).toMatchObject({ title: '免费午餐', summary: 's', translations: { en: { title: 'Free Lunch', summary: 'Hot lunches' } } })
  expect((await db.select().from(budgetLines).where(eq(budgetLines.id, line!.id)))[0]).toMatchObject({ label: '食材', translations: { en: { label: 'Ingredients' } } })
  const audits = await db.select().from(auditLog).where(and(eq(auditLog.action, 'project.translation'), eq(auditLog.targetId, live!.id)))
  expect(audits).toHaveLength(1)
  expect(audits[0]).toMatchObject({ actorId: editor.user.id, details: { language: 'en', after: { en: { title: 'Free Lunch' } } } })

  // A summary without its title: a field error, nothing changes.
  const untitled = await post(translation.action, path, params, { intent: 'saveTranslation', translatedTitle: '', translatedSummary: 'Only this' }, owner.cookie)
  expect(untitled.status).toBe(400)
  expect((await db.select().from(projects).where(eq(projects.id, live!.id)))[0]!.translations).toEqual({ en: { title: 'Free Lunch', summary: 'Hot lunches' } })

  // Another organisation's owner and a guest change nothing.
  expect((await post(translation.action, path, params, { intent: 'saveTranslation', translatedTitle: 'Hijacked' }, stranger.cookie)).status).toBe(403)
  const guest = await post(translation.action, path, params, { intent: 'saveTranslation', translatedTitle: 'Hijacked' })
  expect(guest.location).toMatch(/^\/login/)
  expect((await db.select().from(projects).where(eq(projects.id, live!.id)))[0]!.translations).toEqual({ en: { title: 'Free Lunch', summary: 'Hot lunches' } })

  // Saved again unchanged: no second audit entry; a post that is not this form changes nothing.
  expect((await post(translation.action, path, params, sent, owner.cookie)).status).toBe(302)
  expect(await db.$count(auditLog, and(eq(auditLog.action, 'project.translation'), eq(auditLog.targetId, live!.id)))).toBe(1)
  expect((await post(translation.action, path, params, {}, owner.cookie)).status).toBe(400)

  // Emptied: the version is gone, so readers see the original again.
  expect((await post(translation.action, path, params, { intent: 'saveTranslation', translatedTitle: '', 'lines[0].id': line!.id, 'lines[0].translatedLabel': '' }, owner.cookie)).status).toBe(302)
  expect((await db.select().from(projects).where(eq(projects.id, live!.id)))[0]!.translations).toEqual({})
  expect((await db.select().from(budgetLines).where(eq(budgetLines.id, line!.id)))[0]!.translations).toEqual({})
})
