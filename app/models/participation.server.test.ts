/**
 * Sponsor-funded participation (ADR 0019): a pool pays a fixed amount for qualifying actions of
 * signed-in people, decided from the server's own records and clock; every cap refuses with nothing
 * changed; the pool is never over-spent, even with many actions at once; the ledger check is clean
 * after each; minors take part; the public exports carry no person.
 */
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { ledgerEntries, shareLinks, media, participationPools, participations, projects, projectUpdates, users } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { checkLedger } from '~/ledger/check.server'
import { ledgerExportStream } from '~/ledger/export.server'
import { sealLedger } from '~/ledger/seal.server'
import { sandboxFor } from '~/testing/payments'
import { GIVING_DAY, givingDay, makeUser } from '~/testing/giving-days'
import { exportUserData } from './privacy.server'
import { platformTransparency } from './transparency.server'
import { addParticipationPool, earnForShareVisit, earnSponsorGift, offerFor, participationsOf, participationTotals, PARTICIPATION_RULES, readingToken } from './participation.server'
import { recordVideoEvent } from './videos.server'

const { db } = await setupTestDatabase({ maxConnections: 12 })
const gateway = sandboxFor(db)
const admin = await makeUser(db, { admin: true })
const VIDEO_MS = 8_417
const seconds = (n: number) => n * 1000
const at = (ms: number) => new Date(GIVING_DAY.getTime() + ms)

async function participationDay(input: { total?: bigint; perAction?: bigint; cap?: number } = {}) {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100 } })
  const { project, org, owner } = day.projects[0]!
  const pool = await addParticipationPool(db, {
    adminId: admin.id,
    campaignId: day.campaign.id,
    sponsorName: '圆梦精灵基金',
    totalAmount: input.total ?? 1_000n,
    amountPerAction: input.perAction ?? 10n,
    actions: ['watch_update', 'read_disclosure', 'share_visit'],
    capPerPersonDay: input.cap ?? 5,
  })
  return { ...day, project, org, owner, pool }
}

async function videoUpdate(project: { id: string; organizationId: string }) {
  const [video] = await db.insert(media).values({ kind: 'video', storageKey: `k-${randomUUID()}`, contentType: 'video/mp4', byteSize: 1, sha256: randomUUID(), isPublic: true, durationMs: VIDEO_MS }).returning()
  const [update] = await db
    .insert(projectUpdates)
    .values({ projectId: project.id, organizationId: project.organizationId, title: 'u', body: 'b', videoMediaId: video!.id, shareCode: `v${randomUUID().slice(0, 8)}` })
    .returning()
  return update!
}

/** The player's reports as /watch/events records them, at server times `from` + offsets. */
async function watch(userId: string, videoId: string, from: number, endAfterMs: number) {
  const viewer = `u:${userId}`
  const base = { videoId, viewer, network: 'n' }
  expect(await recordVideoEvent(db, { ...base, event: 'impression', watchedMs: 0, now: at(from) })).toBe('counted')
  expect(await recordVideoEvent(db, { ...base, event: 'play', watchedMs: 3_100, now: at(from + 3_100) })).toBe('counted')
  expect(await recordVideoEvent(db, { ...base, event: 'complete', watchedMs: endAfterMs, now: at(from + endAfterMs) })).toBe('counted')
}

async function minor() {
  const user = await makeUser(db)
  await db.update(users).set({ birthDate: '2011-06-01' }).where(eq(users.id, user.id))
  return user
}

async function poolRow(id: string) {
  const [p] = await db.select().from(participationPools).where(eq(participationPools.id, id))
  return p!
}
async function raised(projectId: string) {
  const [p] = await db.select({ raised: projects.raisedAmount, count: projects.donationCount }).from(projects).where(eq(projects.id, projectId))
  return p!
}
async function expectCleanBooks() {
  expect(await checkLedger(db, gateway)).toEqual([])
}

test("a minor who watched an update's video to its end (by the server's clock) earns the sponsor's gift: a `sponsor_gift` entry, raised grows, the gift count does not", async () => {
  const day = await participationDay()
  const update = await videoUpdate(day.project)
  const kid = await minor()
  expect(await offerFor(db, { userId: kid.id, action: 'watch_update', itemId: update.id, now: at(0) })).toMatchObject({ offer: { sponsor: '圆梦精灵基金', amount: 10n, currency: 'CNY' }, earned: null })
  await watch(kid.id, update.id, 0, VIDEO_MS)
  const outcome = await earnSponsorGift(db, { userId: kid.id, action: 'watch_update', itemId: update.id, now: at(VIDEO_MS + 500) })
  expect(outcome).toMatchObject({ status: 'earned', amount: 10n, sponsor: '圆梦精灵基金' })
  expect(await raised(day.project.id)).toEqual({ raised: 10n, count: 0 })
  expect((await poolRow(day.pool.id)).committedAmount).toBe(10n)
  const entries = await db.select().from(ledgerEntries).where(eq(ledgerEntries.projectId, day.project.id))
  expect(entries.map((e) => [e.kind, e.amount, e.donationId])).toEqual([['sponsor_gift', 10n, null]])
  expect(entries[0]!.memo).toBe(`圆梦精灵基金 · ${day.campaign.slug} · watch_update`)
  expect((await offerFor(db, { userId: kid.id, action: 'watch_update', itemId: update.id, now: at(VIDEO_MS + 600) })).earned).toEqual({ amount: 10n, sponsor: '圆梦精灵基金' })
  expect(await participationTotals(db, day.campaign.id)).toMatchObject([{ paid: 10n, remaining: 990n, actionsPaid: 1, people: 1 }])
  await expectCleanBooks()
})

test('a completion the server saw too early (before the video could have played through), or none at all, earns nothing and changes nothing', async () => {
  const day = await participationDay()
  const update = await videoUpdate(day.project)
  const skipper = await makeUser(db)
  expect(await earnSponsorGift(db, { userId: skipper.id, action: 'watch_update', itemId: update.id, now: at(0) })).toEqual({ status: 'refused', reason: 'notWatched' })
  await watch(skipper.id, update.id, 0, 4_000) // claimed the end after 4 s of an 8.4 s video
  expect(await earnSponsorGift(db, { userId: skipper.id, action: 'watch_update', itemId: update.id, now: at(VIDEO_MS) })).toEqual({ status: 'refused', reason: 'notWatched' })
  // Someone else's completion is not this person's.
  const other = await makeUser(db)
  await watch(other.id, update.id, 0, VIDEO_MS)
  expect(await earnSponsorGift(db, { userId: skipper.id, action: 'watch_update', itemId: update.id, now: at(VIDEO_MS + 10) })).toEqual({ status: 'refused', reason: 'notWatched' })
  expect(await db.select().from(participations).where(eq(participations.userId, skipper.id))).toEqual([])
  expect(await raised(day.project.id)).toEqual({ raised: 0n, count: 0 })
  expect((await poolRow(day.pool.id)).committedAmount).toBe(0n)
  await expectCleanBooks()
})

test('one per person per item: a second claim for the same update is refused and nothing changes', async () => {
  const day = await participationDay()
  const update = await videoUpdate(day.project)
  const user = await makeUser(db)
  await watch(user.id, update.id, 0, VIDEO_MS)
  expect((await earnSponsorGift(db, { userId: user.id, action: 'watch_update', itemId: update.id, now: at(VIDEO_MS) })).status).toBe('earned')
  expect(await earnSponsorGift(db, { userId: user.id, action: 'watch_update', itemId: update.id, now: at(VIDEO_MS + 1) })).toEqual({ status: 'refused', reason: 'alreadyEarned' })
  expect(await raised(day.project.id)).toEqual({ raised: 10n, count: 0 })
  expect((await poolRow(day.pool.id)).committedAmount).toBe(10n)
  await expectCleanBooks()
})

test('the cap per person per day refuses the next action; the next day (China time) it pays again', async () => {
  const day = await participationDay({ cap: 2 })
  const updates = [await videoUpdate(day.project), await videoUpdate(day.project), await videoUpdate(day.project)]
  const user = await makeUser(db)
  for (const u of updates) await watch(user.id, u.id, 0, VIDEO_MS)
  expect((await earnSponsorGift(db, { userId: user.id, action: 'watch_update', itemId: updates[0]!.id, now: at(VIDEO_MS) })).status).toBe('earned')
  expect((await earnSponsorGift(db, { userId: user.id, action: 'watch_update', itemId: updates[1]!.id, now: at(VIDEO_MS) })).status).toBe('earned')
  expect(await earnSponsorGift(db, { userId: user.id, action: 'watch_update', itemId: updates[2]!.id, now: at(VIDEO_MS) })).toEqual({ status: 'refused', reason: 'dailyCap' })
  expect((await poolRow(day.pool.id)).committedAmount).toBe(20n)
  // GIVING_DAY is 10:00 in China: 14 hours later it is the next day there.
  expect((await earnSponsorGift(db, { userId: user.id, action: 'watch_update', itemId: updates[2]!.id, now: at(seconds(14 * 3600)) })).status).toBe('earned')
  await expectCleanBooks()
})

test('a spent pool refuses at exactly zero left; outside the campaign, for a project not in it, for its own organisation: nothing', async () => {
  const day = await participationDay({ total: 20n, perAction: 10n })
  const update = await videoUpdate(day.project)
  const people = [await makeUser(db), await makeUser(db), await makeUser(db)]
  for (const p of people) await watch(p.id, update.id, 0, VIDEO_MS)
  expect((await earnSponsorGift(db, { userId: people[0]!.id, action: 'watch_update', itemId: update.id, now: at(VIDEO_MS) })).status).toBe('earned')
  expect((await earnSponsorGift(db, { userId: people[1]!.id, action: 'watch_update', itemId: update.id, now: at(VIDEO_MS) })).status).toBe('earned')
  expect(await earnSponsorGift(db, { userId: people[2]!.id, action: 'watch_update', itemId: update.id, now: at(VIDEO_MS) })).toEqual({ status: 'refused', reason: 'poolExhausted' })
  const pool = await poolRow(day.pool.id)
  expect(pool.totalAmount - pool.committedAmount).toBe(0n)
  expect((await offerFor(db, { userId: people[2]!.id, action: 'watch_update', itemId: update.id, now: at(VIDEO_MS) })).offer).toBeNull()
  // The database itself refuses a pool pushed past its total.
  await expect(db.update(participationPools).set({ committedAmount: 30n }).where(eq(participationPools.id, day.pool.id))).rejects.toThrow()

  const other = await participationDay()
  const otherUpdate = await videoUpdate(other.project)
  const late = await makeUser(db)
  await watch(late.id, otherUpdate.id, seconds(49 * 3600), VIDEO_MS)
  expect(await earnSponsorGift(db, { userId: late.id, action: 'watch_update', itemId: otherUpdate.id, now: at(seconds(49 * 3600) + VIDEO_MS) })).toEqual({ status: 'refused', reason: 'noOffer' })
  await watch(other.owner.id, otherUpdate.id, 0, VIDEO_MS)
  expect(await earnSponsorGift(db, { userId: other.owner.id, action: 'watch_update', itemId: otherUpdate.id, now: at(VIDEO_MS) })).toEqual({ status: 'refused', reason: 'ownOrganisation' })
  const unknown = await earnSponsorGift(db, { userId: late.id, action: 'watch_update', itemId: randomUUID(), now: at(VIDEO_MS) })
  expect(unknown).toEqual({ status: 'refused', reason: 'unknownItem' })
  await expectCleanBooks()
})

test('reading a disclosure: a signed opening time at least READ_MS ago pays; too soon, forged or someone else’s token does not', async () => {
  const day = await participationDay()
  const reader = await makeUser(db)
  const other = await makeUser(db)
  const opened = at(0)
  const token = await readingToken(db, { userId: reader.id, projectId: day.project.id, now: opened })
  const soon = at(PARTICIPATION_RULES.READ_MS - 1)
  expect(await earnSponsorGift(db, { userId: reader.id, action: 'read_disclosure', itemId: day.project.id, readingToken: token, now: soon })).toEqual({ status: 'refused', reason: 'notRead' })
  const later = at(PARTICIPATION_RULES.READ_MS)
  expect(await earnSponsorGift(db, { userId: other.id, action: 'read_disclosure', itemId: day.project.id, readingToken: token, now: later })).toEqual({ status: 'refused', reason: 'notRead' })
  const forged = `${opened.getTime() - 60_000}.${token.split('.')[1]}`
  expect(await earnSponsorGift(db, { userId: reader.id, action: 'read_disclosure', itemId: day.project.id, readingToken: forged, now: later })).toEqual({ status: 'refused', reason: 'notRead' })
  expect(await earnSponsorGift(db, { userId: reader.id, action: 'read_disclosure', itemId: day.project.id, readingToken: token, now: later })).toMatchObject({ status: 'earned', amount: 10n })
  expect((await poolRow(day.pool.id)).committedAmount).toBe(10n)
  await expectCleanBooks()
})

test('many actions at once against a pool with room for 5: exactly 5 are paid, the pool is at zero, the books are clean', async () => {
  const day = await participationDay({ total: 50n, perAction: 10n, cap: 10 })
  const update = await videoUpdate(day.project)
  const people = await Promise.all(Array.from({ length: 16 }, () => makeUser(db)))
  for (const p of people) await watch(p.id, update.id, 0, VIDEO_MS)
  const outcomes = await Promise.all(people.map((p) => earnSponsorGift(db, { userId: p.id, action: 'watch_update', itemId: update.id, now: at(VIDEO_MS) })))
  expect(outcomes.filter((o) => o.status === 'earned')).toHaveLength(5)
  expect(outcomes.filter((o) => o.status === 'refused' && o.reason === 'poolExhausted')).toHaveLength(11)
  const pool = await poolRow(day.pool.id)
  expect(pool.committedAmount).toBe(50n)
  expect(await raised(day.project.id)).toEqual({ raised: 50n, count: 0 })
  // One person racing themselves for one item is paid once.
  const racer = await makeUser(db)
  const again = await participationDay({ total: 1_000n })
  const update2 = await videoUpdate(again.project)
  await watch(racer.id, update2.id, 0, VIDEO_MS)
  const races = await Promise.all(Array.from({ length: 8 }, () => earnSponsorGift(db, { userId: racer.id, action: 'watch_update', itemId: update2.id, now: at(VIDEO_MS) })))
  expect(races.filter((o) => o.status === 'earned')).toHaveLength(1)
  expect((await poolRow(again.pool.id)).committedAmount).toBe(10n)
  await expectCleanBooks()
})

test('each person sees only their own earnings; the public ledger export and transparency name no one', async () => {
  const day = await participationDay()
  const update = await videoUpdate(day.project)
  const alice = await makeUser(db, { email: `alice-${randomUUID()}@example.org` })
  const bob = await makeUser(db, { email: `bob-${randomUUID()}@example.org` })
  await watch(alice.id, update.id, 0, VIDEO_MS)
  expect((await earnSponsorGift(db, { userId: alice.id, action: 'watch_update', itemId: update.id, now: at(VIDEO_MS) })).status).toBe('earned')
  expect(await participationsOf(db, { userId: alice.id })).toMatchObject([{ amount: 10n, action: 'watch_update', itemId: update.id, sponsor: '圆梦精灵基金', project: { slug: day.project.slug } }])
  expect(await participationsOf(db, { userId: bob.id })).toEqual([])
  // "Download my data" carries one's own, and only one's own.
  expect((await exportUserData(db, alice.id))!.sponsorGiftsForTakingPart).toMatchObject([{ amount: 10n, itemId: update.id }])
  expect((await exportUserData(db, bob.id))!.sponsorGiftsForTakingPart).toEqual([])
  expect((await offerFor(db, { userId: bob.id, action: 'watch_update', itemId: update.id, now: at(VIDEO_MS) })).earned).toBeNull()
  expect((await offerFor(db, { userId: null, action: 'watch_update', itemId: update.id, now: at(VIDEO_MS) })).earned).toBeNull()
  await sealLedger(db, { settleSeconds: 0 })
  const text =
    (await new Response(ledgerExportStream(db, 'csv', { projectId: day.project.id })).text()) + (await new Response(ledgerExportStream(db, 'json', { projectId: day.project.id })).text())
  expect(text).toContain('sponsor_gift')
  for (const secret of [alice.id, alice.email, 'alice']) expect(text).not.toContain(secret)
  const platform = JSON.stringify(await platformTransparency(db), (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
  expect(platform).not.toContain(alice.id)
})

test('a share that brings another signed-in visitor pays the sharer once per visitor; one’s own visit, a visitor already counted for the project, or a member’s link: nothing', async () => {
  const day = await participationDay()
  const sharer = await makeUser(db)
  const second = await makeUser(db)
  const visitor = await makeUser(db)
  const code = (userId: string) => `s${userId.slice(0, 12)}`
  await db.insert(shareLinks).values([
    { code: code(sharer.id), projectId: day.project.id, userId: sharer.id },
    { code: code(second.id), projectId: day.project.id, userId: second.id },
    { code: code(day.owner.id), projectId: day.project.id, userId: day.owner.id },
  ])
  expect(await earnForShareVisit(db, { shareCode: code(sharer.id), visitorUserId: sharer.id, now: at(0) })).toEqual({ status: 'refused', reason: 'ownShare' })
  expect(await earnForShareVisit(db, { shareCode: code(sharer.id), visitorUserId: visitor.id, now: at(0) })).toMatchObject({ status: 'earned', amount: 10n })
  expect(await earnForShareVisit(db, { shareCode: code(sharer.id), visitorUserId: visitor.id, now: at(1) })).toEqual({ status: 'refused', reason: 'alreadyEarned' })
  expect(await earnForShareVisit(db, { shareCode: code(second.id), visitorUserId: visitor.id, now: at(2) })).toEqual({ status: 'refused', reason: 'visitorCounted' })
  expect(await earnForShareVisit(db, { shareCode: code(day.owner.id), visitorUserId: second.id, now: at(3) })).toEqual({ status: 'refused', reason: 'ownOrganisation' })
  expect(await earnForShareVisit(db, { shareCode: 'nope', visitorUserId: second.id, now: at(3) })).toEqual({ status: 'refused', reason: 'unknownItem' })
  expect(await participationsOf(db, { userId: sharer.id })).toMatchObject([{ action: 'share_visit', itemId: visitor.id, amount: 10n }])
  expect(await participationsOf(db, { userId: visitor.id })).toEqual([])
  expect((await poolRow(day.pool.id)).committedAmount).toBe(10n)
  expect(await raised(day.project.id)).toEqual({ raised: 10n, count: 0 })
  await expectCleanBooks()
})
