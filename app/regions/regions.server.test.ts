/**
 * Regions as data in use: a project's division is chosen in its form or read from the place typed;
 * discover filters by division (a province takes its cities); and migration 0028 reads the places
 * projects already had exactly as `regionFromText` does.
 */
import { readFileSync } from 'node:fs'
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { organizationMembers, organizations, projects } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { parseProjectForm } from '~/models/project-form'
import { createProjectDraft } from '~/models/project-lifecycle.server'
import { discoverProjects, projectRegionCodes } from '~/models/projects.server'
import { createUser } from '~/models/users.server'
import { regionFromText } from './regions'

const handle = await setupTestDatabase()
const { db } = handle
const [org] = await db.insert(organizations).values({ slug: 'rg-org', name: '区划基金会', uscc: '970000000000000031', region: '四川', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
const owner = await createUser(db, { email: 'rg-owner@example.org', displayName: 'o', password: 'a long test passphrase', birthDate: '1980-01-01', locale: 'en' })
await db.insert(organizationMembers).values({ organizationId: org!.id, userId: owner.id, role: 'owner' })

function form(fields: Record<string, string>) {
  const data = new FormData()
  const all = { title: '凉山午餐', summary: 's', story: 'story', category: 'education', region: '四川·凉山', goal: '1000', startsOn: '2026-01-01', endsOn: '2099-12-31', ...fields }
  for (const [name, value] of Object.entries(all)) data.set(name, value)
  return data
}

test('the form takes a division from the list, or none; anything else is refused with a message', () => {
  const chosen = parseProjectForm(form({ regionCode: '510100' }))
  expect(chosen.ok && chosen.project.regionCode).toBe('510100')
  const none = parseProjectForm(form({ regionCode: '' }))
  expect(none.ok && none.project.regionCode).toBeNull()
  const bad = parseProjectForm(form({ regionCode: '999999' }))
  expect(bad.ok).toBe(false)
  expect(!bad.ok && bad.errors.regionCode).toEqual(['validation.chooseOne'])
})

test('a draft keeps the division chosen, or the one its place lies in', async () => {
  const parsed = parseProjectForm(form({}))
  if (!parsed.ok) throw new Error('form refused')
  const read = await createProjectDraft(db, { organizationId: org!.id, userId: owner.id, project: parsed.project })
  expect(read.regionCode).toBe('513400')
  const chosen = parseProjectForm(form({ region: '成都市郊', regionCode: '510100' }))
  if (!chosen.ok) throw new Error('form refused')
  expect((await createProjectDraft(db, { organizationId: org!.id, userId: owner.id, project: chosen.project })).regionCode).toBe('510100')
})

test('discover filters by division: a province takes its cities, a city only itself; old text links still work', async () => {
  const place = async (slug: string, region: string) =>
    db.insert(projects).values({ slug, organizationId: org!.id, title: slug, summary: 's', category: 'education', region, regionCode: regionFromText(region), goalAmount: 100_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising', publishedAt: new Date() })
  await place('rg-liangshan', '四川·凉山')
  await place('rg-chengdu', '四川·成都')
  await place('rg-beijing', '北京')
  const slugs = async (region: string) => (await discoverProjects(db, { status: 'fundraising', region, limit: 50 })).map((p) => p.slug).sort()
  expect(await slugs('510000')).toEqual(['rg-chengdu', 'rg-liangshan'])
  expect(await slugs('513400')).toEqual(['rg-liangshan'])
  expect(await slugs('110000')).toEqual(['rg-beijing'])
  expect(await slugs('四川·凉山')).toEqual(['rg-liangshan'])
  expect((await projectRegionCodes(db)).sort()).toEqual(['110000', '510100', '513400'])
})

test('migration 0028 reads existing places as regionFromText does', async () => {
  const sql = readFileSync(new URL('../../db/migrations/0028_widget_site_and_regions.sql', import.meta.url), 'utf8')
  const update = sql.slice(sql.indexOf('UPDATE "projects" SET "region_code"'))
  const places = ['四川·凉山', '四川·成都', '北京', '江苏·南京', '广东·深圳', '内蒙古·巴彦淖尔', '河南·周口', '河南省太康县', '四川省成都市', '全国', '贵州', '凉山州', 'Atlantis', '新疆维吾尔自治区喀什']
  const ids: string[] = []
  for (const [i, region] of places.entries()) {
    const [row] = await db.insert(projects).values({ slug: `rg-m-${i}`, organizationId: org!.id, title: 't', summary: 's', category: 'education', region, goalAmount: 100_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'draft' }).returning({ id: projects.id })
    ids.push(row!.id)
  }
  await handle.raw(update)
  for (const [i, region] of places.entries()) {
    const [row] = await db.select({ code: projects.regionCode }).from(projects).where(eq(projects.id, ids[i]!))
    expect(row!.code, region).toBe(regionFromText(region))
  }
})
