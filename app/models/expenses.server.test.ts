import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { budgetLines, donations, ledgerEntries, organizations, projects } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { checkLedger } from '~/ledger/check.server'
import { balances } from '~/ledger/post.server'
import { traceGift } from '~/ledger/trace.server'
import { payGift, refundAtGateway, sandboxFor } from '~/testing/payments'
import { createPendingDonation } from './donations.server'
import { budgetVsActual, ExpenseRefused, maskPersonalName, recordExpense, voidExpense } from './expenses.server'
import { createUser } from './users.server'

const { db } = await setupTestDatabase()
const editor = await createUser(db, { email: 'editor@example.org', displayName: 'Editor', password: 'a long test passphrase', birthDate: '1980-01-01', locale: 'zh-CN' })

let serial = 0
const orgOf = new Map<string, string>()
async function project() {
  const n = serial++
  const [org] = await db.insert(organizations).values({ slug: `ex-org-${n}`, name: `Org ${n}`, uscc: `93${String(n).padStart(16, '0')}`, region: '北京', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
  const [p] = await db
    .insert(projects)
    .values({ slug: `ex-${n}`, organizationId: org!.id, title: `P ${n}`, summary: 's', category: 'education', region: '北京', goalAmount: 100_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising' })
    .returning()
  const lines = await db
    .insert(budgetLines)
    .values([
      { projectId: p!.id, position: 0, label: '食材', plannedAmount: 60_000n },
      { projectId: p!.id, position: 1, label: '厨具', plannedAmount: 40_000n },
    ])
    .returning()
  orgOf.set(p!.id, org!.id)
  return { project: p!, lines }
}

async function gift(projectId: string, amount: bigint) {
  const { donation } = await createPendingDonation(db, { projectId, user: null, amount, frequency: 'one_time', isAnonymous: true, email: 'd@example.org', locale: 'zh-CN' })
  await payGift(db, donation.id)
  return donation.id
}

const spend = (projectId: string, budgetLineId: string, amount: bigint, payee = '菜市场', payeeIsPerson = false) =>
  recordExpense(db, { projectId, organizationId: orgOf.get(projectId)!, budgetLineId, amount, spentOn: '2026-11-20', payee, payeeIsPerson, description: 'purchase', recordedBy: editor.id, evidenceMediaIds: [] })

test('personal payee names are masked', () => {
  expect(maskPersonalName('张三丰')).toBe('张**')
  expect(maskPersonalName('Wang Fang')).toBe('W***')
  expect(maskPersonalName('李')).toBe('*')
})

test('gifts fund expenses first in, first out; each gift is its allocations plus its unspent remainder', async () => {
  const { project: p, lines } = await project()
  const a = await gift(p.id, 3_000n)
  const b = await gift(p.id, 5_000n)
  const c = await gift(p.id, 2_000n)
  const e1 = await spend(p.id, lines[0]!.id, 4_000n)
  const e2 = await spend(p.id, lines[1]!.id, 3_500n, '王小明', true)
  expect(e2.payee).toBe('王**')

  const ta = await traceGift(db, a)
  expect(ta!.allocations.map((x) => [x.expenseId, x.amount])).toEqual([[e1.id, 3_000n]])
  expect(ta!.unspent).toBe(0n)
  const tb = await traceGift(db, b)
  expect(tb!.allocations.map((x) => [x.expenseId, x.amount])).toEqual([[e1.id, 1_000n], [e2.id, 3_500n]])
  expect(tb!.unspent).toBe(500n)
  const tc = await traceGift(db, c)
  expect(tc!.allocations).toEqual([])
  expect(tc!.unspent).toBe(2_000n)
  for (const t of [ta, tb, tc]) expect(t!.allocations.reduce((s, x) => s + x.amount, 0n) + t!.unspent).toBe(t!.net)
})

test('refunds shrink a gift and voids release spending; the sums stay exact', async () => {
  const { project: p, lines } = await project()
  const a = await gift(p.id, 4_000n)
  const b = await gift(p.id, 4_000n)
  const e1 = await spend(p.id, lines[0]!.id, 3_000n)
  await spend(p.id, lines[0]!.id, 2_000n)
  await refundAtGateway(db, a, 1_500n)
  // Another organisation cannot void it; its own can, once.
  const other = await project()
  await expect(voidExpense(db, { expenseId: e1.id, organizationId: orgOf.get(other.project.id)!, reason: 'not mine' })).rejects.toMatchObject({ reason: 'notFound' })
  await voidExpense(db, { expenseId: e1.id, organizationId: p.organizationId, reason: '重复录入' })
  await expect(voidExpense(db, { expenseId: e1.id, organizationId: p.organizationId, reason: 'again' })).rejects.toBeInstanceOf(ExpenseRefused)

  const ta = (await traceGift(db, a))!
  const tb = (await traceGift(db, b))!
  expect(ta.net).toBe(2_500n)
  expect(ta.allocations.reduce((s, x) => s + x.amount, 0n)).toBe(2_000n)
  expect(ta.unspent).toBe(500n)
  expect(tb.allocations).toEqual([])
  expect(tb.unspent).toBe(4_000n)
  for (const t of [ta, tb]) expect(t.allocations.reduce((s, x) => s + x.amount, 0n) + t.unspent).toBe(t.net)

  expect(await balances(db, p.id)).toEqual({ received: 6_500n, spent: 2_000n, unspent: 4_500n, reserved: 0n, available: 4_500n })
  expect((await budgetVsActual(db, p.id)).map((l) => [l.label, l.planned, l.spent])).toEqual([
    ['食材', 60_000n, 2_000n],
    ['厨具', 40_000n, 0n],
  ])
  const kinds = (await db.select({ kind: ledgerEntries.kind }).from(ledgerEntries).where(eq(ledgerEntries.projectId, p.id))).map((r) => r.kind).sort()
  expect(kinds).toEqual(['donation', 'donation', 'expense', 'expense', 'expense_reversal', 'refund'])
  expect(await checkLedger(db, sandboxFor(db))).toEqual([])
})

test('an expense cannot spend more than the project holds, nor use another project’s budget line', async () => {
  const { project: p, lines } = await project()
  const other = await project()
  await gift(p.id, 1_000n)
  await expect(spend(p.id, lines[0]!.id, 1_001n)).rejects.toMatchObject({ reason: 'overspend' })
  await expect(spend(p.id, other.lines[0]!.id, 100n)).rejects.toMatchObject({ reason: 'wrongBudgetLine' })
  expect((await db.select().from(donations).where(eq(donations.projectId, p.id))).length).toBe(1)
  expect(await balances(db, p.id)).toMatchObject({ spent: 0n })
  // Nor can an organisation record spending on another organisation's project.
  await expect(recordExpense(db, { projectId: p.id, organizationId: orgOf.get(other.project.id)!, budgetLineId: lines[0]!.id, amount: 100n, spentOn: '2026-11-20', payee: 'x', payeeIsPerson: false, description: 'x', recordedBy: editor.id, evidenceMediaIds: [] })).rejects.toMatchObject({ reason: 'notFound' })
})

test('disclosure and the transparency score reward disclosure, not silence', async () => {
  const { disclosure } = await import('./expenses.server')
  const { project: p, lines } = await project()
  const published = new Date('2026-01-01T00:00:00Z')
  const base = { id: p.id, status: 'fundraising', publishedAt: published, closedAt: null }
  // Nothing raised: nothing to judge; quiet for 90 days: overdue.
  expect(await disclosure(db, base, new Date('2026-03-01T00:00:00Z'))).toMatchObject({ overdue: false, score: null, note: 'nothingRaised' })
  expect(await disclosure(db, base, new Date('2026-05-01T00:00:00Z'))).toMatchObject({ overdue: true })
  await gift(p.id, 100_000n)
  const day = 86_400_000
  const fresh = { ...base, publishedAt: new Date() }
  // Money under 30 days old and nothing spent: too early to score.
  expect(await disclosure(db, fresh, new Date(Date.now() + day))).toMatchObject({ score: null, note: 'tooEarly' })
  // Money held 31 days with nothing spent: no spending or evidence credit — timeliness alone.
  expect(await disclosure(db, fresh, new Date(Date.now() + 31 * day))).toMatchObject({ score: 25, note: 'noSpending', parts: { spending: 0, evidence: 0, timeliness: 25, budget: 0 } })
  await spend(p.id, lines[1]!.id, 50_000n) // 10,000 over the 40,000 plan, no evidence, above the ¥5,000 threshold
  // spending 30; evidence 0 − 5 → 0; timely 25; within plan 40,000/50,000 → 12
  const disclosed = await disclosure(db, fresh, new Date(Date.now() + 31 * day))
  expect(disclosed).toMatchObject({ overdue: false, score: 67, note: null, parts: { spending: 30, evidence: 0, timeliness: 25, budget: 12 } })
  // A closed project whose final report is overdue scores at most 30.
  expect(await disclosure(db, { ...base, status: 'closed', closedAt: new Date('2026-01-01T00:00:00Z') }, new Date(Date.now() + day))).toMatchObject({ overdue: true, finalReportOverdue: true, score: 30, note: 'finalReportOverdue' })
})

test('owners are reminded once, ten days before a disclosure falls due', async () => {
  const { sendDisclosureReminders } = await import('./expenses.server')
  const { organizationMembers, outboxMessages } = await import('~db/schema')
  const { project: p } = await project()
  const owner = await createUser(db, { email: `owner-${p.id}@example.org`, displayName: 'Owner', password: 'a long test passphrase', birthDate: '1980-01-01', locale: 'en' })
  await db.insert(organizationMembers).values({ organizationId: p.organizationId, userId: owner.id, role: 'owner' })
  const now = new Date('2026-11-23T00:00:00Z')
  await db.update(projects).set({ publishedAt: new Date(now.getTime() - 85 * 86_400_000) }).where(eq(projects.id, p.id))
  expect(await sendDisclosureReminders(db, now)).toBeGreaterThanOrEqual(1)
  expect(await sendDisclosureReminders(db, now)).toBe(0)
  const [mail] = await db.select().from(outboxMessages).where(eq(outboxMessages.to, owner.email))
  expect(mail!.subject).toContain('Disclosure due soon')
})

test('an admin questions an expense publicly; the organisation answers; only questioned expenses take answers', async () => {
  const { answerExpense, questionExpense } = await import('./expenses.server')
  const { auditLog } = await import('~db/schema')
  const { project: p, lines } = await project()
  await gift(p.id, 5_000n)
  const e = await spend(p.id, lines[0]!.id, 1_000n)
  await expect(answerExpense(db, { expenseId: e.id, organizationId: p.organizationId, answer: 'unprompted' })).rejects.toMatchObject({ reason: 'notFound' })
  const questioned = await questionExpense(db, { expenseId: e.id, adminId: editor.id, question: '发票抬头与机构名称不一致？' })
  expect(questioned.question).toBe('发票抬头与机构名称不一致？')
  await expect(answerExpense(db, { expenseId: e.id, organizationId: crypto.randomUUID(), answer: 'not theirs' })).rejects.toMatchObject({ reason: 'notFound' })
  const answered = await answerExpense(db, { expenseId: e.id, organizationId: p.organizationId, answer: '发票由合作学校代开，已附说明。' })
  expect(answered.answer).toBe('发票由合作学校代开，已附说明。')
  const [entry] = await db.select().from(auditLog).where(eq(auditLog.targetId, e.id))
  expect(entry).toMatchObject({ action: 'expense.question', actorId: editor.id })
})
