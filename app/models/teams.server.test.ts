/**
 * Team giving (一起捐) and the giving-day notifications, through the real money path: gifts paid at the
 * sandbox gateway and credited by the webhook processor (batched and one by one), refunds applied from
 * the gateway's events. A team counts only what the gateway confirmed, less refunds; its page shows
 * names only as donors chose them and marks each viewer's own gifts only; every notification is
 * raised once, however often the path that raises it runs.
 */
import { and, eq, sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { campaigns, donations, matches, notifications, teams } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { checkLedger } from '~/ledger/check.server'
import { refundAtGateway, sandboxFor } from '~/testing/payments'
import { deliverQueued, GIVING_DAY, give, givingDay, hours, join, makeProject, makeUser, paidAtGateway } from '~/testing/giving-days'
import { processStripeEvents } from '~/payments/webhook.server'
import { addPool, advanceCampaign, announceCampaignStarts, createCampaign } from './campaigns.server'
import { decideHeldMatch } from './matching.server'
import { setProjectFollowing } from './projects.server'
import { createTeam, resolveTeam, settleTeamGoals, teamLeaderboard, teamPage, teamsForProject, teamTotals, TeamRefused } from './teams.server'

const { db } = await setupTestDatabase()
const admin = await makeUser(db, { admin: true })

async function notificationsOf(userId: string, key?: string) {
  return db
    .select()
    .from(notifications)
    .where(key ? and(eq(notifications.userId, userId), eq(notifications.messageKey, key)) : eq(notifications.userId, userId))
}
async function raisedOf(teamId: string) {
  const [t] = await teamTotals(db, [teamId])
  return t!
}

test('a team counts its gifts only once the webhook credited them, less refunds; a team id for another project is dropped', async () => {
  const { project } = await makeProject(db)
  const other = await makeProject(db)
  const starter = await makeUser(db)
  const team = await createTeam(db, { userId: starter.id, projectId: project.id, name: '五号楼', goal: 100_000n })
  expect(team).toMatchObject({ currency: 'CNY', campaignId: null, goalReachedAt: null })

  const pending = await paidAtGateway(db, project.id, 3_000n, { teamId: team.id })
  expect(pending.teamId).toBe(team.id)
  // Paid at the gateway, but the webhook has not credited it: nothing counts yet.
  expect(await raisedOf(team.id)).toMatchObject({ raised: 0n, members: 0 })
  await deliverQueued(db)
  await processStripeEvents(db)
  expect(await raisedOf(team.id)).toMatchObject({ raised: 3_000n, members: 1 })

  // A team of one project cannot collect gifts to another.
  const forged = await paidAtGateway(db, other.project.id, 5_000n, { teamId: team.id })
  expect(forged.teamId).toBeNull()
  expect(await resolveTeam(db, other.project.id, team.id)).toBeNull()
  expect(await resolveTeam(db, project.id, team.id)).toMatchObject({ id: team.id })
  expect(await resolveTeam(db, project.id, 'not-a-uuid')).toBeNull()

  const second = await give(db, project.id, 2_000n, { teamId: team.id })
  expect(await raisedOf(team.id)).toMatchObject({ raised: 5_000n, members: 2 })
  await refundAtGateway(db, second.id, 500n)
  await processStripeEvents(db)
  expect(await raisedOf(team.id)).toMatchObject({ raised: 4_500n })
  await refundAtGateway(db, second.id, 1_500n)
  await processStripeEvents(db)
  expect(await raisedOf(team.id)).toMatchObject({ raised: 3_000n, members: 1 })
  expect((await teamsForProject(db, project.id)).map((t) => [t.name, t.raised])).toEqual([['五号楼', 3_000n]])
  expect(await checkLedger(db, sandboxFor(db))).toEqual([])
})

test('only a fundraising project takes teams; a campaign must be running with the project in it', async () => {
  const starter = await makeUser(db)
  const { project } = await makeProject(db)
  await db.execute(sql`update projects set status = 'closed' where id = ${project.id}`)
  await expect(createTeam(db, { userId: starter.id, projectId: project.id, name: 'x', goal: 1_000n })).rejects.toEqual(new TeamRefused('projectNotFundraising'))

  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100 } })
  const inDay = day.projects[0]!.project
  const outside = await makeProject(db)
  const inside = await createTeam(db, { userId: starter.id, projectId: inDay.id, name: 'in', goal: 1_000n, campaignSlug: day.campaign.slug, now: GIVING_DAY })
  expect(inside.campaignId).toBe(day.campaign.id)
  await expect(createTeam(db, { userId: starter.id, projectId: outside.project.id, name: 'x', goal: 1_000n, campaignSlug: day.campaign.slug, now: GIVING_DAY })).rejects.toEqual(new TeamRefused('campaignNotRunning'))
  // After the giving day's window, it is not running any more.
  await expect(createTeam(db, { userId: starter.id, projectId: inDay.id, name: 'x', goal: 1_000n, campaignSlug: day.campaign.slug, now: new Date(GIVING_DAY.getTime() + hours(72)) })).rejects.toEqual(
    new TeamRefused('campaignNotRunning'),
  )
})

test('the team page: names only as each donor chose, messages when visible, and each viewer sees only their own gifts marked', async () => {
  const { project } = await makeProject(db)
  const a = await makeUser(db)
  const b = await makeUser(db)
  const team = await createTeam(db, { userId: a.id, projectId: project.id, name: '同学会', goal: 50_000n, message: '一起来' })
  const named = await give(db, project.id, 1_000n, { user: a, teamId: team.id, displayName: '小明', message: '加油', at: new Date(GIVING_DAY.getTime() + hours(1)) })
  const hidden = await give(db, project.id, 2_000n, { user: b, teamId: team.id, message: '匿名也加油', at: new Date(GIVING_DAY.getTime() + hours(2)) })
  const guest = await give(db, project.id, 3_000n, { teamId: team.id, displayName: '路人', at: new Date(GIVING_DAY.getTime() + hours(3)) })
  await db.update(donations).set({ messageStatus: 'held' }).where(eq(donations.id, guest.id))

  const forGuest = (await teamPage(db, { teamId: team.id, viewerId: null }))!
  const forA = (await teamPage(db, { teamId: team.id, viewerId: a.id }))!
  const forB = (await teamPage(db, { teamId: team.id, viewerId: b.id }))!
  const shown = (page: typeof forGuest) => page.gifts.map((g) => ({ id: g.id, name: g.name, message: g.message, mine: g.mine }))
  expect(shown(forGuest)).toEqual([
    { id: guest.id, name: '路人', message: null, mine: false },
    { id: hidden.id, name: null, message: '匿名也加油', mine: false },
    { id: named.id, name: '小明', message: '加油', mine: false },
  ])
  expect(shown(forA).filter((g) => g.mine).map((g) => g.id)).toEqual([named.id])
  expect(shown(forB).filter((g) => g.mine).map((g) => g.id)).toEqual([hidden.id])
  // What the others see of B's anonymous gift carries nothing of B.
  const text = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v))
  expect(text(forA)).not.toContain(b.email)
  expect(text(forGuest)).not.toContain(b.id)
  expect(forGuest).toMatchObject({ raised: 6_000n, members: 3, isStarter: false })
  expect(forA.isStarter).toBe(true)
  // The starter is named only by their own choice.
  expect(forGuest.starterName).toBeNull()
  const withStarter = await createTeam(db, { userId: a.id, projectId: project.id, name: 'named', goal: 1_000n, showStarter: true })
  expect((await teamPage(db, { teamId: withStarter.id, viewerId: null }))!.starterName).toBe(a.displayName)
  expect(forB.isStarter).toBe(false)
  expect(await teamPage(db, { teamId: 'nope', viewerId: null })).toBeNull()
})

test('a team reaching its goal tells its starter and members once, in a batch or one by one, and again never', async () => {
  const { project } = await makeProject(db)
  const starter = await makeUser(db)
  const member = await makeUser(db)
  const team = await createTeam(db, { userId: starter.id, projectId: project.id, name: 'batch', goal: 5_000n })
  // Two gifts credited in one batch take the team past its goal.
  await paidAtGateway(db, project.id, 3_000n, { user: member, teamId: team.id })
  await paidAtGateway(db, project.id, 3_000n, { teamId: team.id })
  await deliverQueued(db)
  await processStripeEvents(db)
  const [after] = await db.select().from(teams).where(eq(teams.id, team.id))
  expect(after!.goalReachedAt).not.toBeNull()
  expect(await notificationsOf(starter.id, 'notify.teamGoal')).toHaveLength(1)
  expect(await notificationsOf(member.id, 'notify.teamGoal')).toMatchObject([{ link: `/teams/${team.id}`, values: { team: 'batch', project: project.title } }])
  // Run again (a retried transaction, a later gift): nothing more.
  expect(await db.transaction((tx) => settleTeamGoals(tx, [team.id]))).toEqual([])
  await give(db, project.id, 1_000n, { user: member, teamId: team.id })
  expect(await notificationsOf(member.id, 'notify.teamGoal')).toHaveLength(1)

  // One by one: the gift that crosses the goal raises it; the one before it does not.
  const solo = await createTeam(db, { userId: starter.id, projectId: project.id, name: 'solo', goal: 4_000n })
  await paidAtGateway(db, project.id, 2_000n, { teamId: solo.id })
  await deliverQueued(db)
  await processStripeEvents(db, { setBased: false })
  expect((await notificationsOf(starter.id, 'notify.teamGoal')).length).toBe(1)
  const crossing = await paidAtGateway(db, project.id, 2_000n, { teamId: solo.id })
  await deliverQueued(db)
  await processStripeEvents(db, { setBased: false })
  expect((await notificationsOf(starter.id, 'notify.teamGoal')).map((n) => n.values.team).sort()).toEqual(['batch', 'solo'])
  // A refund takes the team below its goal; passing it again tells nobody twice.
  await refundAtGateway(db, crossing.id, 2_000n)
  await processStripeEvents(db)
  expect(await raisedOf(solo.id)).toMatchObject({ raised: 2_000n })
  await give(db, project.id, 3_000n, { user: member, teamId: solo.id })
  expect((await notificationsOf(starter.id, 'notify.teamGoal')).length).toBe(2)
  expect((await notificationsOf(member.id, 'notify.teamGoal')).map((n) => n.values.team)).toEqual(['batch'])
})

test('a matched gift tells its signed-in donor once — at the credit, and when an admin pays a held match; guests are not notified', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100 } })
  const { project, owner } = day.projects[0]!
  const donor = await makeUser(db)
  const gift = await give(db, project.id, 1_000n, { user: donor })
  const told = await notificationsOf(donor.id, 'notify.matched')
  expect(told).toHaveLength(1)
  expect(told[0]).toMatchObject({ link: `/donations/${gift.id}`, values: { sponsor: '腾讯基金会', campaign: '99 公益日', project: project.title } })
  expect(told[0]!.values.amount).toMatch(/10/)
  // The same completion delivered again changes nothing.
  const before = await db.select({ n: sql<number>`count(*)::int` }).from(notifications)
  await processStripeEvents(db)
  expect(await db.select({ n: sql<number>`count(*)::int` }).from(notifications)).toEqual(before)

  // The organisation's own member gives: the match is held, nobody is told until an admin pays it.
  const held = await give(db, project.id, 2_000n, { user: owner as { id: string; email: string } })
  const [m] = await db.select().from(matches).where(eq(matches.donationId, held.id))
  expect(m!.status).toBe('held')
  expect(await notificationsOf(owner.id, 'notify.matched')).toHaveLength(0)
  await decideHeldMatch(db, { matchId: m!.id, adminId: admin.id, decision: 'pay' })
  expect(await notificationsOf(owner.id, 'notify.matched')).toHaveLength(1)
  expect(await checkLedger(db, sandboxFor(db))).toEqual([])
})

test('followers hear that a followed project joined a published giving day, and that the giving day started — once each', async () => {
  const now = new Date()
  const campaign = await createCampaign(db, { adminId: admin.id, slug: `soon-${Date.now()}`, title: '公益日 B', startsAt: new Date(now.getTime() + hours(1)), endsAt: new Date(now.getTime() + hours(30)) })
  await addPool(db, { adminId: admin.id, campaignId: campaign.id, sponsorName: 'S', totalAmount: 100_000n, rules: { ratioPercent: 100 } })
  await advanceCampaign(db, { adminId: admin.id, campaignId: campaign.id, to: 'live' })
  const first = await makeProject(db)
  const second = await makeProject(db)
  const follower = await makeUser(db)
  const stranger = await makeUser(db)
  await setProjectFollowing(db, first.project.id, follower.id, true)
  await setProjectFollowing(db, second.project.id, follower.id, true)
  await join(db, { admin, campaignId: campaign.id, ...first })
  await join(db, { admin, campaignId: campaign.id, ...second })
  expect((await notificationsOf(follower.id, 'notify.campaign.projectJoined')).map((n) => n.values.project).sort()).toEqual([first.project.title, second.project.title].sort())
  expect(await notificationsOf(stranger.id)).toHaveLength(0)

  // Not started yet: nothing. Started: once, even for a follower of two of its projects and two runners at once.
  expect(await announceCampaignStarts(db, now)).toBe(0)
  const later = new Date(now.getTime() + hours(2))
  const runs = await Promise.all([announceCampaignStarts(db, later), announceCampaignStarts(db, later)])
  expect(runs.reduce((a, b) => a + b, 0)).toBe(1)
  expect(await announceCampaignStarts(db, later)).toBe(0)
  expect(await notificationsOf(follower.id, 'notify.campaign.started')).toMatchObject([{ link: `/campaigns/${campaign.slug}`, values: { campaign: '公益日 B' } }])
  const [c] = await db.select().from(campaigns).where(eq(campaigns.id, campaign.id))
  expect(c!.startAnnouncedAt).not.toBeNull()
})

test('the campaign team leaderboard ranks its teams by what they raised inside the giving day', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100 }, projectCount: 2 })
  const [p1, p2] = day.projects.map((p) => p.project)
  const starter = await makeUser(db)
  const small = await createTeam(db, { userId: starter.id, projectId: p1!.id, name: 'small', goal: 10_000n, campaignSlug: day.campaign.slug, now: GIVING_DAY })
  const big = await createTeam(db, { userId: starter.id, projectId: p2!.id, name: 'big', goal: 10_000n, campaignSlug: day.campaign.slug, now: GIVING_DAY })
  const outside = await createTeam(db, { userId: starter.id, projectId: p2!.id, name: 'not in the day', goal: 10_000n })
  await give(db, p1!.id, 1_000n, { teamId: small.id })
  await give(db, p2!.id, 4_000n, { teamId: big.id })
  await give(db, p2!.id, 9_000n, { teamId: outside.id })
  // Given after the day ended: not on the day's board.
  await give(db, p1!.id, 9_000n, { teamId: small.id, at: new Date(GIVING_DAY.getTime() + hours(60)) })
  expect((await teamLeaderboard(db, day.campaign.id)).map((t) => [t.name, t.raised, t.project.slug])).toEqual([
    ['big', 4_000n, p2!.slug],
    ['small', 1_000n, p1!.slug],
  ])
})
