/**
 * Content in both languages on the remaining public pages (issue 23, ADR 0021): on the seeded demo
 * (English versions of everything), each page family's loader shows an English reader the seeded
 * English title and a Chinese reader the original, marking the language it is shown in.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { queryRows } from '~db/client.server'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { seedDemo } = await import('~seeds/seed.server')
await seedDemo(db, { now: new Date('2026-11-30T08:00:00Z') })

type Reader = 'en' | 'zh-CN'
function get(path: string, reader: Reader, params: Record<string, string> = {}, cookie?: string): LoaderFunctionArgs {
  const headers = new Headers({ 'Accept-Language': reader === 'en' ? 'en-GB,en;q=0.9' : 'zh-CN,zh;q=0.9' })
  if (cookie) headers.set('Cookie', cookie)
  return { request: new Request(`http://localhost${path}`, { headers }), params, context: {} }
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const dataOf = (answer: unknown): any => (answer instanceof Response ? answer : (answer as { data: unknown }).data)

/** A project's original and seeded English title. */
async function titles(where: ReturnType<typeof sql>) {
  const rows = await queryRows<{ id: string; slug: string; zh: string; en: string }>(db, sql`select id, slug, title as zh, translations #>> '{en,title}' as en from projects where ${where}`)
  return rows
}

test('the watch feed and a video page: update titles and project names in the reader language', async () => {
  const feed = await import('./watch._index')
  const en = dataOf(await feed.loader(get('/watch', 'en')))
  const zh = dataOf(await feed.loader(get('/watch', 'zh-CN')))
  expect(en.items.length).toBeGreaterThan(0)
  const all = await titles(sql`true`)
  const item = en.items[0]
  const project = all.find((p) => p.slug === item.project.slug)!
  expect(project.en).toMatch(/[A-Za-z]{3}/)
  expect(item.project).toMatchObject({ title: project.en, lang: 'en' })
  expect(zh.items.find((i: { id: string }) => i.id === item.id).project).toMatchObject({ title: project.zh, lang: 'zh-CN' })
  const update = en.items.find((i: { source: string }) => i.source === 'update')
  expect(update).toBeTruthy()
  const [seeded] = await queryRows<{ zh: string; en: string }>(db, sql`select title as zh, translations #>> '{en,title}' as en from project_updates where id = ${update.id}`)
  expect(update).toMatchObject({ title: seeded!.en, lang: 'en' })

  const page = await import('./watch.$id')
  const one = dataOf(await page.loader(get(`/watch/${update.id}`, 'en', { id: update.id })))
  expect(one.item).toMatchObject({ title: seeded!.en, lang: 'en' })
  expect(one.title).toContain(seeded!.en)
  const original = dataOf(await page.loader(get(`/watch/${update.id}`, 'zh-CN', { id: update.id })))
  expect(original.item).toMatchObject({ title: seeded!.zh, lang: 'zh-CN' })
})

test('a giving day page and its live figures: participating projects and team projects titled in the reader language', async () => {
  const [day] = await queryRows<{ slug: string }>(db, sql`select slug from campaigns where status = 'live' limit 1`)
  expect(day).toBeTruthy()
  const all = await titles(sql`true`)
  const page = await import('./campaigns.$slug')
  const en = dataOf(await page.loader(get(`/campaigns/${day!.slug}`, 'en', { slug: day!.slug })))
  const zh = dataOf(await page.loader(get(`/campaigns/${day!.slug}`, 'zh-CN', { slug: day!.slug })))
  expect(en.live.projects.length).toBeGreaterThan(0)
  for (const p of en.live.projects) {
    const seeded = all.find((s) => s.slug === p.slug)!
    expect(p).toMatchObject({ title: seeded.en, lang: 'en' })
  }
  for (const p of zh.live.projects) expect(p).toMatchObject({ title: all.find((s) => s.slug === p.slug)!.zh, lang: 'zh-CN' })
  for (const team of en.live.teams) expect(team.project.title).toBe(all.find((s) => s.slug === team.project.slug)!.en)

  // live.json, which the page polls, names the language in its address (a shared cache keeps one per language).
  const live = await import('./campaigns.$slug_.live[.]json')
  const polled = async (query: string) => (await ((await live.loader(get(`/campaigns/${day!.slug}/live.json${query}`, 'zh-CN', { slug: day!.slug }))) as Response).json()) as { projects: Array<{ slug: string; title: string; lang: string }> }
  const first = (await polled('?lang=en')).projects[0]!
  expect(first).toMatchObject({ title: all.find((s) => s.slug === first.slug)!.en, lang: 'en' })
  const plain = (await polled('')).projects[0]!
  expect(plain).toMatchObject({ title: all.find((s) => s.slug === plain.slug)!.zh, lang: 'zh-CN' })
  expect((await polled('?lang=fr')).projects[0]!.title).toBe(plain.title)
})

test("transparency: a project page's title and budget lines, and the platform page's organisations, in the reader language", async () => {
  const page = await import('./projects.$slug_.transparency')
  const slug = 'free-lunch-draw-to-life'
  const [project] = await titles(sql`slug = ${slug}`)
  const lines = await queryRows<{ zh: string; en: string }>(db, sql`select label as zh, translations #>> '{en,label}' as en from budget_lines where project_id = ${project!.id} order by position`)
  expect(lines.length).toBeGreaterThan(0)
  const en = dataOf(await page.loader(get(`/projects/${slug}/transparency`, 'en', { slug })))
  expect(en.project).toMatchObject({ title: project!.en, lang: 'en' })
  expect(en.title).toContain(project!.en)
  expect(en.lines.map((l: { label: string; lang: string }) => [l.label, l.lang])).toEqual(lines.map((l) => [l.en, 'en']))
  const zh = dataOf(await page.loader(get(`/projects/${slug}/transparency`, 'zh-CN', { slug })))
  expect(zh.project).toMatchObject({ title: project!.zh, lang: 'zh-CN' })
  expect(zh.lines.map((l: { label: string }) => l.label)).toEqual(lines.map((l) => l.zh))

  const platform = await import('./transparency')
  const orgs = await queryRows<{ slug: string; zh: string; en: string }>(db, sql`select slug, name as zh, translations #>> '{en,name}' as en from organizations`)
  const enOrgs = dataOf(await platform.loader(get('/transparency', 'en'))).byOrganization as Array<{ slug: string; name: string; lang: string }>
  expect(enOrgs.length).toBeGreaterThan(0)
  for (const o of enOrgs) expect(o).toMatchObject({ name: orgs.find((x) => x.slug === o.slug)!.en, lang: 'en' })
  const zhOrgs = dataOf(await platform.loader(get('/transparency', 'zh-CN'))).byOrganization as Array<{ slug: string; name: string }>
  for (const o of zhOrgs) expect(o.name).toBe(orgs.find((x) => x.slug === o.slug)!.zh)
})

test('a team page names its project and organisation in the reader language', async () => {
  const [team] = await queryRows<{ id: string; project_id: string; org_zh: string; org_en: string }>(
    db,
    sql`select t.id, t.project_id, o.name as org_zh, o.translations #>> '{en,name}' as org_en
          from teams t join projects p on p.id = t.project_id join organizations o on o.id = p.organization_id order by t.created_at limit 1`,
  )
  expect(team).toBeTruthy()
  const [project] = await titles(sql`id = ${team!.project_id}`)
  const page = await import('./teams.$id')
  const en = dataOf(await page.loader(get(`/teams/${team!.id}`, 'en', { id: team!.id })))
  expect(en.project).toMatchObject({ title: project!.en, lang: 'en' })
  expect(en.organization).toEqual({ name: team!.org_en, lang: 'en' })
  expect(en.description).toContain(project!.en)
  const zh = dataOf(await page.loader(get(`/teams/${team!.id}`, 'zh-CN', { id: team!.id })))
  expect(zh.project).toMatchObject({ title: project!.zh, lang: 'zh-CN' })
  expect(zh.organization).toEqual({ name: team!.org_zh, lang: 'zh-CN' })
})

test('the embed widget shows the project and organisation in the language it is asked for', async () => {
  const page = await import('./embed.projects.$slug')
  const slug = 'free-lunch-draw-to-life'
  const [project] = await titles(sql`slug = ${slug}`)
  const en = dataOf(await page.loader(get(`/embed/projects/${slug}?lang=en`, 'zh-CN', { slug })))
  expect(en.project).toMatchObject({ title: project!.en, lang: 'en' })
  expect(en.organization.lang).toBe('en')
  expect(en.organization.name).toMatch(/[A-Za-z]{3}/)
  const zh = dataOf(await page.loader(get(`/embed/projects/${slug}?lang=zh-CN`, 'en', { slug })))
  expect(zh.project).toMatchObject({ title: project!.zh, lang: 'zh-CN' })
})

test("an account's donations name each gift's and plan's project in the reader language, only the donor's own", async () => {
  const { startSession } = await import('~/utils/session.server')
  const [donor] = await queryRows<{ id: string }>(db, sql`select id from users where email = 'donor@sunlight.demo'`)
  const cookie = (await startSession(db, new Request('http://localhost/'), donor!.id)).split(';')[0]!
  const page = await import('./account_.donations')
  const all = await titles(sql`true`)
  const en = dataOf(await page.loader(get('/account/donations', 'en', {}, cookie)))
  expect(en.gifts.length).toBeGreaterThan(0)
  for (const g of en.gifts) expect(g.project).toEqual({ slug: g.project.slug, title: all.find((p) => p.slug === g.project.slug)!.en, lang: 'en' })
  for (const p of en.plans) expect(p.project.title).toBe(all.find((x) => x.slug === p.project.slug)!.en)
  const [own] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from donations where user_id = ${donor!.id}`)
  expect(en.gifts).toHaveLength(own!.n)
  const zh = dataOf(await page.loader(get('/account/donations', 'zh-CN', {}, cookie)))
  for (const g of zh.gifts) expect(g.project).toMatchObject({ title: all.find((p) => p.slug === g.project.slug)!.zh, lang: 'zh-CN' })
  // A guest is sent to sign in.
  await expect(page.loader(get('/account/donations', 'en'))).rejects.toMatchObject({ status: 302 })
})

test("an update's earlier versions read in the reader's language, as the current one does", async () => {
  const { editUpdate } = await import('~/models/updates.server')
  const [update] = await queryRows<{ id: string; title: string; body: string; en_title: string; en_body: string; author: string; created_at: Date }>(
    db,
    sql`select u.id, u.title, u.body, u.translations #>> '{en,title}' as en_title, u.translations #>> '{en,body}' as en_body, u.author_id as author, u.created_at
          from project_updates u where u.translations #>> '{en,title}' is not null limit 1`,
  )
  expect(update).toBeTruthy()
  const edited = await editUpdate(db, { updateId: update!.id, editorId: update!.author, title: update!.title, body: update!.body, contentLanguage: 'zh-CN', translations: { en: { title: 'A corrected English title', body: update!.en_body } }, now: new Date(new Date(update!.created_at).getTime() + 60_000) })
  expect(edited).toEqual({ ok: true })
  const page = await import('./updates.$id')
  const en = dataOf(await page.loader(get(`/updates/${update!.id}`, 'en', { id: update!.id })))
  expect(en.revisions[0]).toMatchObject({ title: update!.en_title, lang: 'en' })
  const zh = dataOf(await page.loader(get(`/updates/${update!.id}`, 'zh-CN', { id: update!.id })))
  expect(zh.revisions[0]).toMatchObject({ title: update!.title, lang: 'zh-CN' })
})
