/**
 * Giving days' pages are purged (migration 0030): a committed change to a campaign, a sponsor pool, a
 * participation pool, a project's place in a campaign or a team notes exactly the surrogate keys
 * that the pages showing it carry in their `xkey` header — read here from the pages' own loaders.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join as joinPath } from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const dataDir = mkdtempSync(joinPath(tmpdir(), 'sunlight-giving-purge-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { campaignProjects, campaigns, pageChanges, participationPools, sponsorPools, teams } = await import('~db/schema')
const { givingDay, makeProject, makeUser, join } = await import('~/testing/giving-days')
const { createTeam } = await import('~/models/teams.server')
const { addParticipationPool } = await import('~/models/participation.server')
const campaignRoute = await import('~/routes/campaigns.$slug')
const teamRoute = await import('~/routes/teams.$id')
const projectRoute = await import('~/routes/projects.$slug')
const campaignsRoute = await import('~/routes/campaigns._index')

const admin = await makeUser(db, { admin: true })
const day = await givingDay(db, { admin, total: 100_000n, rules: { ratioPercent: 100 }, campaignWindow: { startsAt: new Date(Date.now() - 3_600_000), endsAt: new Date(Date.now() + 86_400_000) } })
const { project } = day.projects[0]!
const starter = await makeUser(db)
const team = await createTeam(db, { userId: starter.id, projectId: project.id, name: '一起捐', goal: 10_000n, campaignSlug: day.campaign.slug })
const participation = await addParticipationPool(db, {
  adminId: admin.id,
  campaignId: day.campaign.id,
  sponsorName: '字节跳动公益',
  totalAmount: 10_000n,
  amountPerAction: 10n,
  actions: ['watch_update'],
  capPerPersonDay: 5,
  startsAt: day.campaign.startsAt,
  endsAt: day.campaign.endsAt,
})

async function noted() {
  const rows = await db.select({ key: pageChanges.key }).from(pageChanges)
  await db.delete(pageChanges)
  return new Set(rows.map((r) => r.key))
}

/** The surrogate keys a guest's copy of a page carries (what Varnish files it under). */
async function keysOf(route: { loader: (args: never) => unknown; headers?: unknown }, url: string, params: Record<string, string>) {
  const response = (await route.loader({ request: new Request(`http://localhost${url}`), params, context: {} } as never)) as { init?: { headers?: Record<string, string> } }
  const headers = new Headers(response.init?.headers)
  return new Set((headers.get('xkey') ?? '').split(' ').filter(Boolean))
}

const campaignPage = () => keysOf(campaignRoute, `/campaigns/${day.campaign.slug}`, { slug: day.campaign.slug })
const teamPage = () => keysOf(teamRoute, `/teams/${team.id}`, { id: team.id })
const projectPage = () => keysOf(projectRoute, `/projects/${project.slug}`, { slug: project.slug })
const campaignList = () => keysOf(campaignsRoute, '/campaigns', {})
const shares = (page: Set<string>, changed: Set<string>) => [...page].some((key) => changed.has(key))

test('the pages carry the keys: campaign-<id>, team-<id>, project-<id>, campaigns', async () => {
  expect(await campaignPage()).toEqual(new Set([`campaign-${day.campaign.id}`]))
  expect(await teamPage()).toEqual(new Set([`team-${team.id}`, `project-${project.id}`, `campaign-${day.campaign.id}`]))
  expect(await projectPage()).toContain(`project-${project.id}`)
  expect(await campaignList()).toEqual(new Set(['campaigns']))
})

test('a campaign edited: its page, the list, the home page and the banner on each of its projects', async () => {
  await noted()
  await db.update(campaigns).set({ title: '99 公益日 · 改' }).where(eq(campaigns.id, day.campaign.id))
  const changed = await noted()
  expect(changed).toEqual(new Set([`campaign-${day.campaign.id}`, 'campaigns', 'home', `project-${project.id}`]))
  for (const page of [await campaignPage(), await projectPage(), await campaignList(), await teamPage()]) expect(shares(page, changed)).toBe(true)
  // Its start being announced shows nowhere: nothing is purged.
  await db.update(campaigns).set({ startAnnouncedAt: new Date() }).where(eq(campaigns.id, day.campaign.id))
  expect(await noted()).toEqual(new Set())
})

test('a sponsor pool or a participation pool edited purges the campaign page; their committed amounts (every gift) do not', async () => {
  await noted()
  await db.update(sponsorPools).set({ sponsorName: '腾讯基金会 · 改' }).where(eq(sponsorPools.id, day.pool.id))
  expect(await noted()).toEqual(new Set([`campaign-${day.campaign.id}`]))
  await db.update(participationPools).set({ sponsorName: '字节 · 改' }).where(eq(participationPools.id, participation.id))
  expect(await noted()).toEqual(new Set([`campaign-${day.campaign.id}`]))
  expect(shares(await campaignPage(), new Set([`campaign-${day.campaign.id}`]))).toBe(true)
  await db.update(sponsorPools).set({ committedAmount: 500n }).where(eq(sponsorPools.id, day.pool.id))
  await db.update(participationPools).set({ committedAmount: 10n }).where(eq(participationPools.id, participation.id))
  expect(await noted()).toEqual(new Set())
})

test('a project joining (or leaving) a campaign purges the campaign page and the project page', async () => {
  const other = await makeProject(db)
  await noted()
  await join(db, { admin, campaignId: day.campaign.id, ...other })
  expect(await noted()).toEqual(new Set([`campaign-${day.campaign.id}`, `project-${other.project.id}`]))
  await db.update(campaignProjects).set({ status: 'rejected' }).where(eq(campaignProjects.projectId, other.project.id))
  expect(await noted()).toEqual(new Set([`campaign-${day.campaign.id}`, `project-${other.project.id}`]))
})

test('a team started or edited purges its page, its project page (which lists teams) and its campaign page', async () => {
  await noted()
  await db.update(teams).set({ message: '加油' }).where(eq(teams.id, team.id))
  const changed = await noted()
  expect(changed).toEqual(new Set([`team-${team.id}`, `project-${project.id}`, `campaign-${day.campaign.id}`]))
  expect(await teamPage()).toEqual(changed)
  const second = await createTeam(db, { userId: starter.id, projectId: project.id, name: 'no campaign', goal: 5_000n })
  expect(await noted()).toEqual(new Set([`team-${second.id}`, `project-${project.id}`]))
})
