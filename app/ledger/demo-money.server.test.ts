/**
 * The demo tells the money story, and the story checks out: every seeded gift is backed by the
 * gateway's records, spending is disclosed with evidence against budget lines, a refund shows, and
 * the transparency score tells a project that disclosed from one that stayed silent. After new gifts
 * and expenses on top, every project's own export still verifies with the documented command.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { and, eq } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { budgetLines, expenses, ledgerEntries, organizations, projects } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { seedDemo } from '~seeds/seed.server'
import { createPendingDonation } from '~/models/donations.server'
import { disclosure, projectExpenses, recordExpense } from '~/models/expenses.server'
import { createUser } from '~/models/users.server'
import { payGift, sandboxFor } from '~/testing/payments'
import { checkLedger } from './check.server'
import { ledgerExportStream } from './export.server'
import { sealLedger } from './seal.server'

const run = promisify(execFile)
const { db } = await setupTestDatabase()
const now = new Date('2026-11-30T08:00:00Z')
await seedDemo(db, { now })
const dir = mkdtempSync(join(tmpdir(), 'sunlight-demo-money-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function bySlug(slug: string) {
  const [row] = await db.select().from(projects).where(eq(projects.slug, slug))
  return row!
}

test('the seeded demo passes ledger:check against the sandbox gateway: every credit and the refund are backed', async () => {
  expect(await checkLedger(db, sandboxFor(db))).toEqual([])
  const refunds = await db.select().from(ledgerEntries).where(eq(ledgerEntries.kind, 'refund'))
  expect(refunds).toHaveLength(1)
})

test('every project that raised money has spent part of it with evidence — except the one the score calls out', async () => {
  const live = (await db.select().from(projects)).filter((p) => p.donationCount > 0)
  expect(live.length).toBe(9)
  for (const project of live) {
    const list = await projectExpenses(db, project.id)
    if (project.slug === 'shanpin-rural-goods') {
      expect(list).toEqual([])
      continue
    }
    expect(list.length, project.slug).toBeGreaterThan(0)
    expect(list.some((e) => e.evidence.length > 0), project.slug).toBe(true)
    expect(project.raisedAmount > list.reduce((s, e) => s + e.amount, 0n)).toBe(true)
  }
})

test('the score of a project silent for 30+ days is visibly lower than one that disclosed; a closed one without its report is capped', async () => {
  const score = async (slug: string) => {
    const p = await bySlug(slug)
    return disclosure(db, p, now)
  }
  const silent = await score('shanpin-rural-goods')
  const disclosed = await score('free-lunch-draw-to-life')
  const closed = await score('bayannur-recovery')
  expect(silent).toMatchObject({ note: 'noSpending' })
  expect(disclosed.score).toBeGreaterThanOrEqual(90)
  expect(silent.score!).toBeLessThanOrEqual(25)
  expect(disclosed.score! - silent.score!).toBeGreaterThanOrEqual(60)
  expect(closed).toMatchObject({ finalReportOverdue: true, score: 30 })
  // An expense without its evidence costs: 蓝色行动's printing receipt is missing.
  expect((await score('blue-action-autism')).score!).toBeLessThan(disclosed.score!)
})

test('after new gifts and expenses, every project’s own ledger.json verifies; one amount changed fails naming that entry', async () => {
  const lunch = await bySlug('free-lunch-draw-to-life')
  const { donation } = await createPendingDonation(db, { projectId: lunch.id, user: null, amount: 8_800n, frequency: 'one_time', isAnonymous: true, email: 'late@example.org', locale: 'zh-CN' })
  await payGift(db, donation.id)
  const [org] = await db.select().from(organizations).where(eq(organizations.id, lunch.organizationId))
  const [line] = await db.select().from(budgetLines).where(and(eq(budgetLines.projectId, lunch.id), eq(budgetLines.position, 0)))
  const editor = await createUser(db, { email: 'late-editor@example.org', displayName: 'E', password: 'a long test passphrase', birthDate: '1980-01-01', locale: 'zh-CN' })
  await recordExpense(db, { projectId: lunch.id, organizationId: org!.id, budgetLineId: line!.id, amount: 5_000n, spentOn: '2026-11-29', payee: '菜市场', payeeIsPerson: false, description: '补充食材', recordedBy: editor.id, evidenceMediaIds: [] })
  while ((await sealLedger(db, { settleSeconds: 0 })).sealed > 0);
  expect(await checkLedger(db, sandboxFor(db))).toEqual([])
  for (const project of await db.select().from(projects)) {
    const reader = ledgerExportStream(db, 'json', { projectId: project.id }).getReader()
    let text = ''
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value)
    const rows = JSON.parse(text) as { id: string; amount: string }[]
    if (!rows.length) continue
    const file = join(dir, `${project.slug}.json`)
    writeFileSync(file, text)
    const ok = await run(process.execPath, ['tools/verify-ledger.mjs', file])
    expect(ok.stdout, project.slug).toMatch(/^Ledger verified/)
    if (project.slug !== lunch.slug) continue
    const victim = rows[rows.length - 3]!
    writeFileSync(file, text.replace(new RegExp(`("id":"${victim.id}"[^\\n]*"amount":")${victim.amount}"`), `$1${BigInt(victim.amount) * 2n}"`))
    const failed = await run(process.execPath, ['tools/verify-ledger.mjs', file]).catch((error: { code: number; stderr: string }) => error)
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining(`FAILED at entry ${victim.id}`) })
  }
  expect((await db.select().from(expenses).where(eq(expenses.projectId, lunch.id))).length).toBe(4)
})
