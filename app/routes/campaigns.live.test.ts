/**
 * A giving day's live figures (campaigns.$slug_.live[.]json): the page polls them, so they carry the
 * teams' leaderboard and the participation pools as well as the totals — and they move when a team
 * gift is credited or a sponsor pays for someone's participation. The page without JavaScript shows the
 * same figures from its loader.
 */
import { expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { shareLinks } = await import('~db/schema')
const { give, givingDay, makeUser } = await import('~/testing/giving-days')
const { createTeam } = await import('~/models/teams.server')
const { addParticipationPool, earnForShareVisit } = await import('~/models/participation.server')
const liveRoute = await import('./campaigns.$slug_.live[.]json')
const pageRoute = await import('./campaigns.$slug')

const admin = await makeUser(db, { admin: true })
const day = await givingDay(db, { admin, total: 100_000n, rules: { ratioPercent: 50 }, campaignWindow: { startsAt: new Date(Date.now() - 3_600_000), endsAt: new Date(Date.now() + 86_400_000) } })
const { project } = day.projects[0]!
const starter = await makeUser(db)
const team = await createTeam(db, { userId: starter.id, projectId: project.id, name: '午餐小队', goal: 10_000n, campaignSlug: day.campaign.slug })
const pool = await addParticipationPool(db, { adminId: admin.id, campaignId: day.campaign.id, sponsorName: '圆梦精灵', totalAmount: 1_000n, amountPerAction: 10n, actions: ['share_visit'], capPerPersonDay: 5 })
const args = (url: string) => ({ request: new Request(`http://localhost${url}`), params: { slug: day.campaign.slug }, context: {} }) as never

async function live() {
  const response = (await liveRoute.loader(args(`/campaigns/${day.campaign.slug}/live.json`))) as Response
  expect(response.headers.get('Content-Type')).toContain('application/json')
  return (await response.json()) as { given: string; teams: { id: string; name: string; raised: string; members: number }[]; participation: { id: string; remaining: string; paid: string; actionsPaid: number }[] }
}

test('live.json carries the teams’ leaderboard and the participation pools, and they move with gifts and actions', async () => {
  const before = await live()
  // A team with nothing raised yet is not on the public board (a name there takes a credited gift).
  expect(before.teams).toEqual([])
  expect(before.participation).toEqual([expect.objectContaining({ id: pool.id, remaining: '1000', paid: '0', actionsPaid: 0 })])

  const donor = await makeUser(db)
  await give(db, project.id, 3_000n, { user: donor, teamId: team.id, at: new Date() })
  const sharer = await makeUser(db)
  const visitor = await makeUser(db)
  await db.insert(shareLinks).values({ code: `lv${sharer.id.replace(/-/g, '').slice(0, 10)}`, projectId: project.id, userId: sharer.id })
  expect(await earnForShareVisit(db, { shareCode: `lv${sharer.id.replace(/-/g, '').slice(0, 10)}`, visitorUserId: visitor.id })).toMatchObject({ status: 'earned' })

  const after = await live()
  expect(after.given).toBe('3000')
  expect(after.teams).toEqual([expect.objectContaining({ id: team.id, name: '午餐小队', raised: '3000', members: 1 })])
  expect(after.participation).toEqual([expect.objectContaining({ id: pool.id, remaining: '990', paid: '10', actionsPaid: 1 })])

  // The page itself (what a browser without JavaScript shows) reads the very same figures.
  const page = (await pageRoute.loader(args(`/campaigns/${day.campaign.slug}`))) as { data: { live: typeof after } }
  expect(page.data.live.teams).toEqual(after.teams)
  expect(page.data.live.participation).toEqual(after.participation)
})

test('an English reader sees the giving day’s title and sponsors in English where the admins wrote them; a Chinese reader the originals', async () => {
  const { campaigns, participationPools, sponsorPools } = await import('~db/schema')
  const { eq } = await import('drizzle-orm')
  const page = async (language: string) => {
    const request = new Request(`http://localhost/campaigns/${day.campaign.slug}`, { headers: { 'Accept-Language': language } })
    return ((await pageRoute.loader({ request, params: { slug: day.campaign.slug }, context: {} } as never)) as { data: { title: string; campaign: { title: string; content: { untranslated: boolean } }; live: { pools: { sponsor: string }[]; participation: { sponsor: string }[] } } }).data
  }
  // Nothing in English yet: the original, marked as such.
  const untranslated = await page('en')
  expect(untranslated.campaign.title).toBe(day.campaign.title)
  expect(untranslated.campaign.content.untranslated).toBe(true)

  await db.update(campaigns).set({ translations: { en: { title: 'Lunch Giving Day' } } }).where(eq(campaigns.id, day.campaign.id))
  await db.update(sponsorPools).set({ translations: { en: { sponsorName: 'Tencent Foundation' } } }).where(eq(sponsorPools.campaignId, day.campaign.id))
  await db.update(participationPools).set({ translations: { en: { sponsorName: 'Dream Sprites' } } }).where(eq(participationPools.id, pool.id))
  const english = await page('en')
  expect(english.campaign.title).toBe('Lunch Giving Day')
  expect(english.title).toContain('Lunch Giving Day')
  expect(english.live.pools.map((p) => p.sponsor)).toEqual(['Tencent Foundation'])
  expect(english.live.participation.map((p) => p.sponsor)).toEqual(['Dream Sprites'])
  const chinese = await page('zh-CN')
  expect(chinese.campaign.title).toBe(day.campaign.title)
  expect(chinese.live.participation.map((p) => p.sponsor)).toEqual(['圆梦精灵'])
})
