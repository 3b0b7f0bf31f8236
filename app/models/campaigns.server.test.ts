/**
 * What the giving-day pages read (issue 22): the board's totals and leaderboard from gifts credited
 * through the real money path, a gift's matches as its donor sees them, and the admins' and
 * organisations' functions with their refusals (audited when they change something).
 */
import { and, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { auditLog, campaigns, sponsorPools } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { refundAtGateway } from '~/testing/payments'
import { GIVING_DAY, give, givingDay, hours, makeProject, makeUser } from '~/testing/giving-days'
import {
  addPool,
  advanceCampaign,
  applyToCampaign,
  campaignBoard,
  campaignPhase,
  campaignsForOrganization,
  campaignsForProject,
  CampaignRefused,
  createCampaign,
  liveFigures,
  matchesForDonation,
  matchesIn,
  publicCampaigns,
  updateCampaign,
} from './campaigns.server'

const { db } = await setupTestDatabase()
const admin = await makeUser(db, { admin: true })

test('the board adds what donors gave in the window and what sponsors matched, and ranks the projects by both', async () => {
  const { campaign, projects } = await givingDay(db, { admin, total: 100_000n, rules: { ratioPercent: 50, capPerGift: 2_500n }, projectCount: 2 })
  const [a, b] = projects
  await give(db, a!.project.id, 10_000n) // matched 2_500 (the cap)
  await give(db, b!.project.id, 4_000n) // matched 2_000
  await give(db, b!.project.id, 30_000n) // matched 2_500
  // Outside the window: counted in the project's total, not the giving day's.
  await give(db, a!.project.id, 7_000n, { at: new Date(campaign.endsAt.getTime() + hours(1)) })
  const board = (await campaignBoard(db, campaign.slug))!
  expect(board.given).toBe(44_000n)
  expect(board.matched).toBe(7_000n)
  expect(board.gifts).toBe(3)
  expect(board.projects.map((p) => [p.slug, p.given, p.matched, p.gifts])).toEqual([
    [b!.project.slug, 34_000n, 4_500n, 2],
    [a!.project.slug, 10_000n, 2_500n, 1],
  ])
  expect(board.pools).toHaveLength(1)
  expect(board.pools[0]).toMatchObject({ sponsor: '腾讯基金会', total: 100_000n, remaining: 93_000n, paid: 7_000n, matchedGifts: 3, rules: { ratioPercent: 50, capPerGift: 2_500n, firstGiftOnly: false } })
  const live = liveFigures(board, GIVING_DAY)
  expect(live).toMatchObject({ phase: 'running', given: '44000', matched: '7000', gifts: 3 })
  expect(live.pools[0]).toMatchObject({ remaining: '93000', paid: '7000' })
  expect(JSON.parse(JSON.stringify(live))).toEqual(live)
})

test('a campaign’s phase follows its status and its window', () => {
  const c = { status: 'live' as const, startsAt: new Date('2026-09-07T16:00:00Z'), endsAt: new Date('2026-09-09T16:00:00Z') }
  expect(campaignPhase(c, new Date('2026-09-07T00:00:00Z'))).toBe('upcoming')
  expect(campaignPhase(c, new Date('2026-09-08T00:00:00Z'))).toBe('running')
  expect(campaignPhase(c, new Date('2026-09-10T00:00:00Z'))).toBe('ended')
  expect(campaignPhase({ ...c, status: 'closed' }, new Date('2026-09-08T00:00:00Z'))).toBe('ended')
})

test('drafts are nobody’s but the admins’: no board, not listed', async () => {
  const draft = await createCampaign(db, { adminId: admin.id, slug: `draft-${Date.now()}`, title: 'draft', startsAt: GIVING_DAY, endsAt: new Date(GIVING_DAY.getTime() + hours(24)) })
  expect(await campaignBoard(db, draft.slug)).toBeNull()
  expect((await publicCampaigns(db)).map((c) => c.slug)).not.toContain(draft.slug)
})

test('a gift’s matches as its donor sees them: paid, held, and what a refund left', async () => {
  const { campaign, projects } = await givingDay(db, { admin, total: 100_000n, rules: { ratioPercent: 50 } })
  const { project, owner } = projects[0]!
  const gift = await give(db, project.id, 5_000n)
  expect(matchesIn(await matchesForDonation(db, gift.id), 'zh-CN')).toEqual([{ sponsor: '腾讯基金会', currency: 'CNY', amount: 2_500n, status: 'paid', campaign: { slug: campaign.slug, title: campaign.title } }])
  // In English where the admins wrote the giving day's title and the sponsor's name in English; the original otherwise.
  expect(matchesIn(await matchesForDonation(db, gift.id), 'en')).toMatchObject([{ sponsor: '腾讯基金会', campaign: { title: campaign.title } }])
  await db.update(campaigns).set({ translations: { en: { title: 'Giving Day' } } }).where(eq(campaigns.id, campaign.id))
  await db.update(sponsorPools).set({ translations: { en: { sponsorName: 'Tencent Foundation' } } }).where(eq(sponsorPools.campaignId, campaign.id))
  expect(matchesIn(await matchesForDonation(db, gift.id), 'en')).toMatchObject([{ sponsor: 'Tencent Foundation', campaign: { title: 'Giving Day' } }])
  expect(matchesIn(await matchesForDonation(db, gift.id), 'zh-CN')).toMatchObject([{ sponsor: '腾讯基金会', campaign: { title: campaign.title } }])
  // The organisation's own owner giving to its project: held for review.
  const own = await give(db, project.id, 2_000n, { user: owner })
  expect(await matchesForDonation(db, own.id)).toMatchObject([{ amount: 1_000n, status: 'held' }])
  await refundAtGateway(db, gift.id, 5_000n)
  expect(await matchesForDonation(db, gift.id)).toMatchObject([{ amount: 0n, status: 'reversed' }])
})

test('an admin edits a draft’s title and dates (audited); once published only the title, and never past a pool', async () => {
  const startsAt = new Date('2027-09-07T16:00:00Z')
  const endsAt = new Date('2027-09-09T16:00:00Z')
  const c = await createCampaign(db, { adminId: admin.id, slug: `edit-${Date.now()}`, title: 'old', startsAt, endsAt })
  await addPool(db, { adminId: admin.id, campaignId: c.id, sponsorName: 'S', totalAmount: 1_000n, rules: { ratioPercent: 100, startsAt, endsAt: new Date(startsAt.getTime() + hours(24)) } })
  const later = new Date(endsAt.getTime() + hours(24))
  expect((await updateCampaign(db, { adminId: admin.id, campaignId: c.id, title: 'new', startsAt, endsAt: later })).endsAt).toEqual(later)
  await expect(updateCampaign(db, { adminId: admin.id, campaignId: c.id, title: 'new', startsAt: new Date(startsAt.getTime() + hours(1)), endsAt: later })).rejects.toEqual(new CampaignRefused('poolsOutside'))
  await advanceCampaign(db, { adminId: admin.id, campaignId: c.id, to: 'live' })
  await expect(updateCampaign(db, { adminId: admin.id, campaignId: c.id, title: 'new', startsAt, endsAt })).rejects.toEqual(new CampaignRefused('datesLocked'))
  expect((await updateCampaign(db, { adminId: admin.id, campaignId: c.id, title: 'newer', startsAt, endsAt: later })).title).toBe('newer')
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, c.id))
  expect(row).toMatchObject({ title: 'newer', endsAt: later })
  const audited = await db.select().from(auditLog).where(and(eq(auditLog.targetId, c.id), eq(auditLog.action, 'campaign.update')))
  expect(audited).toHaveLength(2)
})

test('an organisation sees the open campaigns with its own fundraising projects and where each stands; a project shows the campaigns it is in', async () => {
  const { campaign, projects } = await givingDay(db, { admin, total: 1_000n, rules: { ratioPercent: 100 } })
  const { project, org, owner } = projects[0]!
  const other = await makeProject(db, owner)
  const now = new Date(campaign.startsAt.getTime() + hours(1))
  const open = (await campaignsForOrganization(db, { organizationId: org.id, now })).find((c) => c.id === campaign.id)!
  expect(open.projects).toEqual([{ id: project.id, slug: project.slug, title: project.title, status: 'approved' }])
  // Another organisation's project: only its own members may apply it.
  expect(await applyToCampaign(db, { campaignId: campaign.id, projectId: other.project.id, userId: admin.id })).toBe('forbidden')
  expect(await applyToCampaign(db, { campaignId: campaign.id, projectId: other.project.id, userId: owner.id })).toBe('applied')
  const theirs = (await campaignsForOrganization(db, { organizationId: other.org.id, now })).find((c) => c.id === campaign.id)!
  expect(theirs.projects).toEqual([{ id: other.project.id, slug: other.project.slug, title: other.project.title, status: 'applied' }])
  expect((await campaignsForProject(db, project.id, now)).map((c) => c.slug)).toEqual([campaign.slug])
  expect(await campaignsForProject(db, other.project.id, now)).toEqual([])
  expect(await campaignsForProject(db, project.id, new Date(campaign.endsAt.getTime() + 1))).toEqual([])
})
