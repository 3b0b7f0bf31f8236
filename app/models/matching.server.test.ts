/**
 * Sponsor matching on giving days, through the real money path: gifts paid at the sandbox gateway and
 * credited by the webhook processor, refunds and disputes applied from the gateway's events. One test
 * per published rule, refunds and disputes reversing matches, the anti-gaming holds and an admin's
 * decision on them; after each, `checkLedger` (which checks matches against their pools) finds nothing.
 */
import { and, eq, sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { auditLog, budgetLines, donations, ledgerEntries, matches, matchEvents, projects, sponsorPools } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { checkLedger } from '~/ledger/check.server'
import { post } from '~/ledger/post.server'
import { cardFingerprintOf, SandboxGateway } from '~/payments/sandbox.server'
import { processStripeEvents } from '~/payments/webhook.server'
import { drainSandbox, refundAtGateway, sandboxFor } from '~/testing/payments'
import { deliverQueued, GIVING_DAY, give, givingDay, hours, join, makeProject, makeUser, paidAtGateway } from '~/testing/giving-days'
import { campaignTotals } from './campaigns.server'
import { recordExpense } from './expenses.server'
import { decideHeldMatch, MatchDecisionRefused } from './matching.server'

const { db } = await setupTestDatabase()
const gateway = sandboxFor(db)
const admin = await makeUser(db, { admin: true })

async function matchesOf(donationId: string) {
  return db.select().from(matches).where(eq(matches.donationId, donationId))
}
async function matchOf(donationId: string) {
  const [m] = await matchesOf(donationId)
  return m!
}
async function pool(poolId: string) {
  const [p] = await db.select().from(sponsorPools).where(eq(sponsorPools.id, poolId))
  return p!
}
async function entriesOf(donationId: string) {
  return (await db.select({ kind: ledgerEntries.kind, amount: ledgerEntries.amount }).from(ledgerEntries).where(eq(ledgerEntries.donationId, donationId)).orderBy(ledgerEntries.id)).map((e) => [e.kind, e.amount])
}
async function expectCleanBooks() {
  expect(await checkLedger(db, gateway)).toEqual([])
}

test('ratio: a gift is matched at the published percentage, posted as a `match` entry in the same transaction; raised grows, the gift count does not', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 50 } })
  const project = day.projects[0]!.project
  const gift = await give(db, project.id, 10_001n)
  expect(await matchOf(gift.id)).toMatchObject({ amount: 5_000n, status: 'paid', reason: null, giftAmount: 10_001n, day: '2026-09-09' })
  expect(await entriesOf(gift.id)).toEqual([
    ['donation', 10_001n],
    ['match', 5_000n],
  ])
  const [p] = await db.select({ raised: projects.raisedAmount, count: projects.donationCount }).from(projects).where(eq(projects.id, project.id))
  expect(p).toEqual({ raised: 15_001n, count: 1 })
  expect((await pool(day.pool.id)).committedAmount).toBe(5_000n)
  expect(await campaignTotals(db, day.campaign.id)).toMatchObject({ paid: 5_000n, held: 0n, matchedGifts: 1, projects: 1, pools: [{ remaining: 995_000n }] })
  await expectCleanBooks()
})

test('cap per gift: the match is capped (GlobalGiving: 50% of the first ¥50)', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 50, capPerGift: 2_500n } })
  const gift = await give(db, day.projects[0]!.project.id, 20_000n)
  expect(await matchOf(gift.id)).toMatchObject({ amount: 2_500n, status: 'paid', reason: 'cap_per_gift' })
  await expectCleanBooks()
})

test('cap per donor per day: one donor (account, or its address in any case) is matched up to the cap a day; the next China day starts again', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100, capPerDonorDay: 3_000n } })
  const project = day.projects[0]!.project
  const donor = await makeUser(db, { email: `Donor-${process.pid}@Example.org` })
  const first = await give(db, project.id, 2_000n, { user: donor })
  // The same person signed out, typing the address differently: still the verified account.
  const second = await give(db, project.id, 2_000n, { email: donor.email.toUpperCase() })
  const third = await give(db, project.id, 2_000n, { user: donor })
  expect([(await matchOf(first.id)).amount, (await matchOf(second.id)).amount, (await matchOf(third.id)).amount]).toEqual([2_000n, 1_000n, 0n])
  expect(await matchOf(second.id)).toMatchObject({ reason: 'cap_per_donor_day', status: 'paid' })
  expect(await matchOf(third.id)).toMatchObject({ reason: 'cap_per_donor_day', status: 'unmatched' })
  expect(await entriesOf(third.id)).toEqual([['donation', 2_000n]])
  // 00:30 the next day in China (16:30 UTC the same day): a new day for the cap.
  const nextDay = await give(db, project.id, 2_000n, { user: donor, at: new Date(GIVING_DAY.getTime() + hours(14.5)) })
  expect(await matchOf(nextDay.id)).toMatchObject({ amount: 2_000n, day: '2026-09-10', status: 'paid' })
  // Another donor is not held to the first one's cap.
  expect(await matchOf((await give(db, project.id, 2_000n)).id)).toMatchObject({ amount: 2_000n })
  await expectCleanBooks()
})

test('cap per project: a project draws at most its cap from the pool; other projects are not affected', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100, capPerProject: 5_000n }, projectCount: 2 })
  const [a, b] = day.projects.map((p) => p.project)
  const amounts = []
  for (let i = 0; i < 3; i++) amounts.push((await matchOf((await give(db, a!.id, 2_000n)).id)).amount)
  expect(amounts).toEqual([2_000n, 2_000n, 1_000n])
  expect(await matchOf((await give(db, a!.id, 2_000n)).id)).toMatchObject({ amount: 0n, status: 'unmatched', reason: 'cap_per_project' })
  expect(await matchOf((await give(db, b!.id, 2_000n)).id)).toMatchObject({ amount: 2_000n })
  await expectCleanBooks()
})

test('first gift per donor per project: only the first is matched; the same donor’s first gift to another project is', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100, firstGiftOnly: true }, projectCount: 2 })
  const [a, b] = day.projects.map((p) => p.project)
  const email = `first-${process.pid}@example.org`
  expect(await matchOf((await give(db, a!.id, 1_000n, { email })).id)).toMatchObject({ amount: 1_000n })
  expect(await matchOf((await give(db, a!.id, 1_000n, { email })).id)).toMatchObject({ amount: 0n, status: 'unmatched', reason: 'not_first_gift' })
  expect(await matchOf((await give(db, b!.id, 1_000n, { email })).id)).toMatchObject({ amount: 1_000n })
  await expectCleanBooks()
})

test('time window and participation: outside the pool’s window, in a campaign not live, or for a project not approved, nothing is decided', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100, startsAt: GIVING_DAY, endsAt: new Date(GIVING_DAY.getTime() + hours(1)) } })
  const project = day.projects[0]!.project
  expect(await matchesOf((await give(db, project.id, 1_000n, { at: new Date(GIVING_DAY.getTime() - 1_000) })).id)).toEqual([])
  expect(await matchesOf((await give(db, project.id, 1_000n, { at: new Date(GIVING_DAY.getTime() + hours(1)) })).id)).toEqual([])
  expect(await matchesOf((await give(db, project.id, 1_000n, { at: new Date(GIVING_DAY.getTime() + hours(0.5)) })).id)).toHaveLength(1)
  // Applied but not approved.
  const applied = await makeProject(db)
  const { applyToCampaign } = await import('./campaigns.server')
  expect(await applyToCampaign(db, { campaignId: day.campaign.id, projectId: applied.project.id, userId: applied.owner.id })).toBe('applied')
  expect(await matchesOf((await give(db, applied.project.id, 1_000n)).id)).toEqual([])
  // Someone outside the organisation cannot apply for its project.
  expect(await applyToCampaign(db, { campaignId: day.campaign.id, projectId: applied.project.id, userId: admin.id })).toBe('forbidden')
  // A draft campaign matches nothing.
  const draft = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100 } })
  await db.execute(sql`update campaigns set status = 'draft' where id = ${draft.campaign.id}`)
  expect(await matchesOf((await give(db, draft.projects[0]!.project.id, 1_000n)).id)).toEqual([])
  await expectCleanBooks()
})

test('a pool with less left than the rule gives matches what is left, then nothing; never more than its total', async () => {
  const day = await givingDay(db, { admin, total: 2_500n, rules: { ratioPercent: 100 } })
  const project = day.projects[0]!.project
  const outcomes = []
  for (let i = 0; i < 3; i++) outcomes.push(await matchOf((await give(db, project.id, 1_000n)).id))
  expect(outcomes.map((m) => [m.amount, m.status, m.reason])).toEqual([
    [1_000n, 'paid', null],
    [1_000n, 'paid', null],
    [500n, 'paid', 'pool'],
  ])
  expect(await matchOf((await give(db, project.id, 1_000n)).id)).toMatchObject({ amount: 0n, status: 'unmatched', reason: 'pool' })
  expect((await pool(day.pool.id)).committedAmount).toBe(2_500n)
  // The database itself refuses a pool over its total.
  await expect(db.update(sponsorPools).set({ committedAmount: 2_501n }).where(eq(sponsorPools.id, day.pool.id))).rejects.toThrow()
  await expectCleanBooks()
})

test('a full refund reverses the whole match in the same transaction; the money returns to the pool and is matched once more, not twice', async () => {
  const day = await givingDay(db, { admin, total: 1_000n, rules: { ratioPercent: 100 } })
  const project = day.projects[0]!.project
  const gift = await give(db, project.id, 1_000n)
  expect(await matchOf((await give(db, project.id, 1_000n)).id)).toMatchObject({ amount: 0n, reason: 'pool' })
  await refundAtGateway(db, gift.id, 1_000n)
  expect(await entriesOf(gift.id)).toEqual([
    ['donation', 1_000n],
    ['match', 1_000n],
    ['refund', -1_000n],
    ['match_reversal', -1_000n],
  ])
  expect(await matchOf(gift.id)).toMatchObject({ status: 'reversed', reversedAmount: 1_000n })
  expect((await pool(day.pool.id)).committedAmount).toBe(0n)
  // The same refund total reported again: nothing more is taken back.
  await db.transaction(async (tx) => {
    const { applyRefundTotal } = await import('./donations.server')
    await applyRefundTotal(tx, gift.id, 1_000n, { amount: 1_000n, currency: 'CNY' })
  })
  expect((await db.select().from(matchEvents).where(and(eq(matchEvents.poolId, day.pool.id), eq(matchEvents.kind, 'reversed')))).length).toBe(1)
  // The returned money is matched to the next gift, once.
  const next = await give(db, project.id, 1_000n)
  expect(await matchOf(next.id)).toMatchObject({ amount: 1_000n, status: 'paid' })
  expect(await matchOf((await give(db, project.id, 1_000n)).id)).toMatchObject({ amount: 0n, reason: 'pool' })
  expect((await pool(day.pool.id)).committedAmount).toBe(1_000n)
  await expectCleanBooks()
})

test('partial refunds reverse the matched share proportionally (rounded down, cumulative), the last one the rest', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 50 } })
  const gift = await give(db, day.projects[0]!.project.id, 10_000n)
  await refundAtGateway(db, gift.id, 3_333n)
  expect(await matchOf(gift.id)).toMatchObject({ amount: 5_000n, reversedAmount: 1_667n, status: 'paid' })
  await refundAtGateway(db, gift.id, 3_333n)
  // Keeps floor(5000 × 3334 ÷ 10000) = 1667 of the match.
  expect(await matchOf(gift.id)).toMatchObject({ reversedAmount: 3_333n, status: 'paid' })
  await refundAtGateway(db, gift.id, 3_334n)
  expect(await matchOf(gift.id)).toMatchObject({ reversedAmount: 5_000n, status: 'reversed' })
  expect((await entriesOf(gift.id)).filter(([kind]) => kind === 'match_reversal')).toEqual([
    ['match_reversal', -1_667n],
    ['match_reversal', -1_666n],
    ['match_reversal', -1_667n],
  ])
  expect((await pool(day.pool.id)).committedAmount).toBe(0n)
  await expectCleanBooks()
})

test('a dispute reverses the whole match with the dispute’s entry; a won dispute does not match again', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100 } })
  const gift = await give(db, day.projects[0]!.project.id, 4_000n)
  await gateway.dispute(gift.paymentIntentId!)
  await drainSandbox(db)
  expect(await entriesOf(gift.id)).toEqual([
    ['donation', 4_000n],
    ['match', 4_000n],
    ['dispute', -4_000n],
    ['match_reversal', -4_000n],
  ])
  expect(await matchOf(gift.id)).toMatchObject({ status: 'reversed', reversedAmount: 4_000n })
  expect((await pool(day.pool.id)).committedAmount).toBe(0n)
  const { applyDispute } = await import('./donations.server')
  const [dispute] = await db.select({ ref: ledgerEntries.externalRef }).from(ledgerEntries).where(and(eq(ledgerEntries.donationId, gift.id), eq(ledgerEntries.kind, 'dispute')))
  await db.transaction((tx) => applyDispute(tx, gift.id, dispute!.ref!.slice('dispute:'.length), 'won'))
  expect((await entriesOf(gift.id)).map(([kind]) => kind)).toEqual(['donation', 'match', 'dispute', 'match_reversal', 'dispute_reversal'])
  expect(await matchOf(gift.id)).toMatchObject({ status: 'reversed' })
  await expectCleanBooks()
})

test('a match taken back after the project spent it: the platform covers the shortfall, visibly, and the balance never goes negative', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100 } })
  const { project, org } = day.projects[0]!
  const gift = await give(db, project.id, 5_000n)
  const [line] = await db.insert(budgetLines).values({ projectId: project.id, position: 0, label: 'books', plannedAmount: 100_000n }).returning()
  await recordExpense(db, { projectId: project.id, organizationId: org.id, budgetLineId: line!.id, amount: 9_000n, spentOn: '2026-09-09', payee: 'shop', payeeIsPerson: false, description: 'books', recordedBy: admin.id, evidenceMediaIds: [] })
  await refundAtGateway(db, gift.id, 5_000n)
  const kinds = (await db.select({ kind: ledgerEntries.kind, amount: ledgerEntries.amount }).from(ledgerEntries).where(eq(ledgerEntries.projectId, project.id)).orderBy(ledgerEntries.id)).map((e) => [e.kind, e.amount])
  expect(kinds).toEqual([
    ['donation', 5_000n],
    ['match', 5_000n],
    ['expense', -9_000n],
    ['refund', -5_000n],
    ['platform_cover', 4_000n],
    ['match_reversal', -5_000n],
    ['platform_cover', 5_000n],
  ])
  await expectCleanBooks()
})

test('where did my money go: a gift is traced on its own; the sponsor’s match funds expenses after it, not in its place', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100 } })
  const { project, org } = day.projects[0]!
  const gift = await give(db, project.id, 5_000n)
  const [line] = await db.insert(budgetLines).values({ projectId: project.id, position: 0, label: 'books', plannedAmount: 100_000n }).returning()
  await recordExpense(db, { projectId: project.id, organizationId: org.id, budgetLineId: line!.id, amount: 7_000n, spentOn: '2026-09-09', payee: 'shop', payeeIsPerson: false, description: 'books', recordedBy: admin.id, evidenceMediaIds: [] })
  const later = await give(db, project.id, 1_000n)
  const { traceGift } = await import('~/ledger/trace.server')
  expect(await traceGift(db, gift.id)).toMatchObject({ net: 5_000n, unspent: 0n, allocations: [{ amount: 5_000n }] })
  // 5,000 of the gift and 2,000 of its match paid the expense; the later gift (after 3,000 of match left) is untouched.
  expect(await traceGift(db, later.id)).toMatchObject({ net: 1_000n, unspent: 1_000n, allocations: [] })
  await expectCleanBooks()
})

test('hold: a member of the project’s organisation (or its contact address) is held, reserved from the pool, not posted', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100 } })
  const { project, owner, org } = day.projects[0]!
  const byMember = await give(db, project.id, 3_000n, { user: owner })
  expect(await matchOf(byMember.id)).toMatchObject({ amount: 3_000n, status: 'held', reason: 'donor_in_organisation' })
  expect(await entriesOf(byMember.id)).toEqual([['donation', 3_000n]])
  const byContact = await give(db, project.id, 2_000n, { email: org.contactEmail.toUpperCase() })
  expect(await matchOf(byContact.id)).toMatchObject({ status: 'held', reason: 'donor_in_organisation' })
  expect((await pool(day.pool.id)).committedAmount).toBe(5_000n)
  expect(await campaignTotals(db, day.campaign.id)).toMatchObject({ paid: 0n, held: 5_000n })
  await expectCleanBooks()
})

test('hold: one card that already had N gifts matched from the pool today is held, whatever address each gift gave — its fingerprint looked up at the gateway', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100, cardDailyLimit: 2 }, projectCount: 2 })
  const [a, b] = day.projects.map((p) => p.project)
  const card = '4000 0566 5566 5556'
  const statuses = []
  // Three gifts with one test card, each from a different guest address, through the real webhook flow.
  for (const project of [a!, b!, a!]) statuses.push((await matchOf((await give(db, project.id, 1_000n, { card })).id)).status)
  expect(statuses).toEqual(['paid', 'paid', 'held'])
  const [held] = await db.select().from(matches).where(and(eq(matches.poolId, day.pool.id), eq(matches.status, 'held')))
  expect(held).toMatchObject({ reason: 'card_repeat' })
  const [gift] = await db.select({ card: donations.cardFingerprint }).from(donations).where(eq(donations.id, held!.donationId))
  expect(gift!.card).toBe(cardFingerprintOf(card))
  // The card's count starts again the next day.
  expect(await matchOf((await give(db, b!.id, 1_000n, { card, at: new Date(GIVING_DAY.getTime() + hours(24)) })).id)).toMatchObject({ status: 'paid' })
  await expectCleanBooks()
})

test('gifts from different cards are not one card: each card has its own fingerprint, and none is held', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100, cardDailyLimit: 2 } })
  const project = day.projects[0]!.project
  const cards = ['4242424242424242', '5555555555554444', '6200000000000005', '4000056655665556']
  const gifts = []
  for (const card of cards) gifts.push(await give(db, project.id, 1_000n, { card }))
  expect(await Promise.all(gifts.map(async (g) => (await matchOf(g.id)).status))).toEqual(['paid', 'paid', 'paid', 'paid'])
  const fingerprints = gifts.map((g) => g.cardFingerprint)
  expect(new Set(fingerprints).size).toBe(4)
  expect(fingerprints).toEqual(cards.map(cardFingerprintOf))
  await expectCleanBooks()
})

test('a payment the gateway has no card for (another method, or a failed lookup) is credited and matched, not held', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100, cardDailyLimit: 1 } })
  const project = day.projects[0]!.project
  // As Stripe answers for an Alipay or WeChat Pay payment (no card), and a gateway that cannot be reached.
  class NoCards extends SandboxGateway {
    override async cardFingerprints(ids: string[]) {
      return new Map(ids.map((id) => [id, null]))
    }
  }
  class Unreachable extends SandboxGateway {
    override async cardFingerprints(): Promise<Map<string, string | null>> {
      throw new Error('gateway down')
    }
  }
  const noCards = new NoCards(() => db)
  const failing = new Unreachable(() => db)
  for (const gateway of [noCards, noCards, failing]) {
    const donation = await paidAtGateway(db, project.id, 1_000n)
    await deliverQueued(db, new Map([[donation.id, { at: GIVING_DAY }]]))
    await processStripeEvents(db, { gateway })
    const [after] = await db.select().from(donations).where(eq(donations.id, donation.id))
    expect(after).toMatchObject({ status: 'succeeded', cardFingerprint: null })
    expect(await matchOf(donation.id)).toMatchObject({ status: 'paid' })
  }
  await expectCleanBooks()
})

test('hold: a donor whose earlier matched gift in the campaign was refunded is held next time', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100 } })
  const project = day.projects[0]!.project
  const email = `refunder-${process.pid}@example.org`
  const first = await give(db, project.id, 1_000n, { email })
  await refundAtGateway(db, first.id, 1_000n)
  expect(await matchOf((await give(db, project.id, 1_000n, { email })).id)).toMatchObject({ status: 'held', reason: 'refunded_before' })
  await expectCleanBooks()
})

test('an admin pays a held match (posted then, audited) or releases it (back to the pool); it is decided once, by an admin only', async () => {
  const day = await givingDay(db, { admin, total: 10_000n, rules: { ratioPercent: 100 } })
  const { project, org } = day.projects[0]!
  const toPay = await matchOf((await give(db, project.id, 3_000n, { email: org.contactEmail })).id)
  const toRelease = await matchOf((await give(db, project.id, 4_000n, { email: org.contactEmail })).id)
  expect([toPay.status, toRelease.status]).toEqual(['held', 'held'])
  const outsider = await makeUser(db)
  await expect(decideHeldMatch(db, { matchId: toPay.id, adminId: outsider.id, decision: 'pay' })).rejects.toBeInstanceOf(MatchDecisionRefused)

  expect(await decideHeldMatch(db, { matchId: toPay.id, adminId: admin.id, decision: 'pay', reason: 'a real supporter' })).toEqual({ status: 'paid', amount: 3_000n })
  expect(await entriesOf(toPay.donationId)).toEqual([
    ['donation', 3_000n],
    ['match', 3_000n],
  ])
  expect(await decideHeldMatch(db, { matchId: toRelease.id, adminId: admin.id, decision: 'release', reason: '套捐' })).toEqual({ status: 'released', amount: 4_000n })
  expect(await entriesOf(toRelease.donationId)).toEqual([['donation', 4_000n]])
  expect((await pool(day.pool.id)).committedAmount).toBe(3_000n)
  await expect(decideHeldMatch(db, { matchId: toRelease.id, adminId: admin.id, decision: 'pay' })).rejects.toMatchObject({ reason: 'notHeld' })
  const audits = await db.select({ action: auditLog.action, reason: auditLog.reason }).from(auditLog).where(and(eq(auditLog.targetType, 'match'), sql`${auditLog.targetId} in (${String(toPay.id)}, ${String(toRelease.id)})`)).orderBy(auditLog.id)
  expect(audits).toEqual([
    { action: 'match.held.pay', reason: 'a real supporter' },
    { action: 'match.held.release', reason: '套捐' },
  ])
  // The released money is there for the next gift.
  expect(await matchOf((await give(db, project.id, 7_000n)).id)).toMatchObject({ amount: 7_000n, status: 'paid' })
  await expectCleanBooks()
})

test('a held match whose gift is refunded is reduced without any ledger entry; paying it later posts only what is left', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100 } })
  const { project, org } = day.projects[0]!
  const gift = await give(db, project.id, 6_000n, { email: org.contactEmail })
  await refundAtGateway(db, gift.id, 2_000n)
  expect(await matchOf(gift.id)).toMatchObject({ status: 'held', reversedAmount: 2_000n })
  expect(await entriesOf(gift.id)).toEqual([
    ['donation', 6_000n],
    ['refund', -2_000n],
  ])
  await decideHeldMatch(db, { matchId: (await matchOf(gift.id)).id, adminId: admin.id, decision: 'pay' })
  expect((await entriesOf(gift.id)).at(-1)).toEqual(['match', 4_000n])
  expect((await pool(day.pool.id)).committedAmount).toBe(4_000n)
  await expectCleanBooks()
})

test('a project joins a campaign once, approved by an admin (audited)', async () => {
  const day = await givingDay(db, { admin, total: 1_000n, rules: { ratioPercent: 100 } })
  const made = await makeProject(db)
  await join(db, { admin, campaignId: day.campaign.id, ...made })
  const { applyToCampaign, decideCampaignProject } = await import('./campaigns.server')
  expect(await applyToCampaign(db, { campaignId: day.campaign.id, projectId: made.project.id, userId: made.owner.id })).toBe('already')
  expect(await decideCampaignProject(db, { adminId: admin.id, campaignId: day.campaign.id, projectId: made.project.id, decision: 'rejected' })).toBe(false)
  const actions = (await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, day.campaign.id)).orderBy(auditLog.id)).map((a) => a.action)
  expect(actions).toEqual(['campaign.create', 'campaign.pool.add', 'campaign.live', 'campaign.project.approve', 'campaign.project.approve'])
})

// Last: the entries it forges stay in the (append-only) ledger, so the books are not clean after it.
test('ledger:check names a match entry with no match row, a paid match the ledger lacks, and a pool whose total disagrees with its matches', async () => {
  const day = await givingDay(db, { admin, total: 1_000_000n, rules: { ratioPercent: 100 } })
  const project = day.projects[0]!.project
  const gift = await give(db, project.id, 1_000n)
  const m = await matchOf(gift.id)
  // Sponsor money out of thin air: a `match` entry that no match decided.
  await db.transaction((tx) => post(tx, { projectId: project.id, currency: 'CNY', entries: [{ kind: 'match', amount: 777n, externalRef: 'match:999999999', donationId: gift.id, occurredAt: new Date() }] }))
  await db.execute(sql`update sponsor_pools set committed_amount = committed_amount + 1 where id = ${day.pool.id}`)
  const problems = await checkLedger(db, gateway)
  expect(problems).toEqual(
    expect.arrayContaining([
      { kind: 'pool', id: day.pool.id, detail: 'pool committed 1001 of 1000000, its paid and held matches total 1000' },
      expect.objectContaining({ kind: 'match', detail: 'ledger match entry of 777 has no match row of its project and gift (match 999999999)' }),
    ]),
  )
  // A paid match posted twice (under another reference) is named too.
  await db.transaction((tx) => post(tx, { projectId: project.id, currency: 'CNY', entries: [{ kind: 'match', amount: 1_000n, externalRef: `match:${m.id}:again`, donationId: gift.id, occurredAt: new Date() }] }))
  expect(await checkLedger(db, gateway)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'match', detail: expect.stringContaining('has no match row') })]))
})
