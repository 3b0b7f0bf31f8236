/**
 * Refunds against what a project still holds: a refund beyond the unspent balance is refused with
 * that balance and changes nothing; two refunds asked at once become one; an admin may refund
 * anyway with the platform covering the shortfall, visibly in the ledger; a gateway that refuses
 * leaves nothing reserved.
 */
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { auditLog, budgetLines, donations, ledgerEntries, organizations, projects, refunds } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { checkLedger } from '~/ledger/check.server'
import { balances } from '~/ledger/post.server'
import { drainSandbox, payGift, sandboxFor } from '~/testing/payments'
import { createPendingDonation } from './donations.server'
import { recordExpense } from './expenses.server'
import { requestRefund, type RefundActor } from './refunds.server'
import { createUser } from './users.server'

const { db } = await setupTestDatabase()
const gateway = sandboxFor(db)
const admin = await createUser(db, { email: 'refund-admin@example.org', displayName: 'Admin', password: 'a long test passphrase', birthDate: '1980-01-01', locale: 'en' })
const asAdmin: RefundActor = { userId: admin.id, isAdmin: true, role: null }

let serial = 0
async function projectWithGift(amount: bigint) {
  const n = serial++
  const [org] = await db.insert(organizations).values({ slug: `rf-org-${n}`, name: `Org ${n}`, uscc: `95${String(n).padStart(16, '0')}`, region: '北京', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
  const [p] = await db
    .insert(projects)
    .values({ slug: `rf-${n}`, organizationId: org!.id, title: `P ${n}`, summary: 's', category: 'education', region: '北京', goalAmount: 1_000_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising' })
    .returning()
  const [line] = await db.insert(budgetLines).values({ projectId: p!.id, position: 0, label: '食材', plannedAmount: 1_000_000n }).returning()
  const { donation } = await createPendingDonation(db, { projectId: p!.id, user: null, amount, frequency: 'one_time', isAnonymous: true, email: 'donor@example.org', locale: 'en' })
  await payGift(db, donation.id)
  const spend = (value: bigint) =>
    recordExpense(db, { projectId: p!.id, organizationId: org!.id, budgetLineId: line!.id, amount: value, spentOn: '2026-11-20', payee: '菜市场', payeeIsPerson: false, description: 'food', recordedBy: admin.id, evidenceMediaIds: [] })
  return { project: p!, donationId: donation.id, spend }
}

async function snapshot(projectId: string, donationId: string) {
  const [gift] = await db.select({ status: donations.status, refunded: donations.refundedAmount }).from(donations).where(eq(donations.id, donationId))
  return { gift, entries: await db.select().from(ledgerEntries).where(eq(ledgerEntries.projectId, projectId)), balance: await balances(db, projectId) }
}

test('a refund beyond the unspent balance is refused with that balance, and nothing changes', async () => {
  const { project, donationId, spend } = await projectWithGift(50_000n)
  await spend(45_000n)
  const before = await snapshot(project.id, donationId)
  const result = await requestRefund(db, gateway, { donationId, actor: asAdmin, amount: 50_000n, reason: 'donor asked' })
  expect(result).toEqual({ ok: false, refusal: { reason: 'overdrawn', available: 5_000n } })
  expect(await snapshot(project.id, donationId)).toEqual(before)
  expect(await db.select().from(refunds).where(eq(refunds.donationId, donationId))).toEqual([])
  // Within the balance it goes through, and the ledger follows the gateway's event.
  expect(await requestRefund(db, gateway, { donationId, actor: asAdmin, amount: 5_000n, reason: 'donor asked' })).toMatchObject({ ok: true })
  expect((await balances(db, project.id)).available).toBe(0n)
  await drainSandbox(db)
  expect(await balances(db, project.id)).toMatchObject({ unspent: 0n, reserved: 0n, available: 0n })
  expect((await snapshot(project.id, donationId)).gift).toEqual({ status: 'partially_refunded', refunded: 5_000n })
  expect(await checkLedger(db, gateway)).toEqual([])
})

test('two refunds asked at once: one goes through, the other is told one is on its way; never a double refund', async () => {
  const { project, donationId } = await projectWithGift(20_000n)
  const results = await Promise.all([
    requestRefund(db, gateway, { donationId, actor: asAdmin, amount: 20_000n, reason: 'first' }),
    requestRefund(db, gateway, { donationId, actor: asAdmin, amount: 20_000n, reason: 'second' }),
  ])
  expect(results.filter((r) => r.ok)).toHaveLength(1)
  expect(results.find((r) => !r.ok)).toEqual({ ok: false, refusal: { reason: 'inProgress', max: 0n } })
  await drainSandbox(db)
  expect((await snapshot(project.id, donationId)).gift).toEqual({ status: 'refunded', refunded: 20_000n })
  expect(await db.select().from(ledgerEntries).where(eq(ledgerEntries.donationId, donationId))).toHaveLength(2)
  expect(await checkLedger(db, gateway)).toEqual([])
})

test('an admin may refund anyway: the platform covers the shortfall in the ledger, audited; an owner may not', async () => {
  const { project, donationId, spend } = await projectWithGift(30_000n)
  await spend(30_000n)
  const owner: RefundActor = { userId: admin.id, isAdmin: false, role: 'owner' }
  expect(await requestRefund(db, gateway, { donationId, actor: owner, amount: 30_000n, reason: 'x', platformCovers: true })).toEqual({ ok: false, refusal: { reason: 'forbidden' } })
  expect(await requestRefund(db, gateway, { donationId, actor: asAdmin, amount: 30_000n, reason: 'fraud victim', platformCovers: true })).toMatchObject({ ok: true })
  await drainSandbox(db)
  const kinds = (await db.select({ kind: ledgerEntries.kind, amount: ledgerEntries.amount }).from(ledgerEntries).where(eq(ledgerEntries.projectId, project.id))).map((e) => [e.kind, e.amount])
  expect(kinds).toEqual([
    ['donation', 30_000n],
    ['expense', -30_000n],
    ['refund', -30_000n],
    ['platform_cover', 30_000n],
  ])
  expect(await balances(db, project.id)).toMatchObject({ unspent: 0n, spent: 30_000n })
  const [audit] = await db.select().from(auditLog).where(eq(auditLog.targetId, donationId))
  expect(audit).toMatchObject({ action: 'donation.refund.platform_covers', actorId: admin.id, reason: 'fraud victim' })
  expect(await checkLedger(db, gateway)).toEqual([])
})

test('a refund made at the gateway itself (its dashboard) is the truth: posted, the shortfall covered, never a negative balance', async () => {
  const { project, donationId, spend } = await projectWithGift(10_000n)
  await spend(8_000n)
  const [gift] = await db.select().from(donations).where(eq(donations.id, donationId))
  await gateway.refund({ paymentIntentId: gift!.paymentIntentId!, amount: 10_000n, reason: 'dashboard', idempotencyKey: 'dashboard-1' })
  await drainSandbox(db)
  expect(await balances(db, project.id)).toMatchObject({ unspent: 0n })
  const cover = await db.select().from(ledgerEntries).where(eq(ledgerEntries.externalRef, `cover:refund:${donationId}:10000`))
  expect(cover.map((c) => c.amount)).toEqual([8_000n])
  expect(await checkLedger(db, gateway)).toEqual([])
})

test('a gateway that refuses the refund: the person is told why, nothing stays reserved', async () => {
  const { project, donationId } = await projectWithGift(7_000n)
  const failing = { refund: () => Promise.reject(new Error('charge_already_refunded')) }
  expect(await requestRefund(db, failing, { donationId, actor: asAdmin, amount: 7_000n, reason: 'x' })).toEqual({ ok: false, refusal: { reason: 'gateway', message: 'charge_already_refunded' } })
  expect(await balances(db, project.id)).toMatchObject({ reserved: 0n, available: 7_000n })
  expect((await db.select().from(refunds).where(eq(refunds.donationId, donationId)))[0]).toMatchObject({ status: 'failed', failure: 'charge_already_refunded' })
})
