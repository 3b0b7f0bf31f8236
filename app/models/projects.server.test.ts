import { count } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { ledgerEntries, projects } from '~db/schema'
import { setupTestDatabase, testBackend } from '~db/testing/test-database'
import { demoProjects } from '~seeds/demo-data'
import { seedDemo } from '~seeds/seed.server'
import { daysLeft, listFundraisingProjects, platformTotals } from './projects.server'

const { db } = await setupTestDatabase()
const now = new Date('2026-11-23T08:00:00Z')
const first = await seedDemo(db, { now })

test(`the demo seed runs once and is idempotent (${testBackend()})`, async () => {
  expect(first.seeded).toBe(true)
  const again = await seedDemo(db, { now })
  expect(again.seeded).toBe(false)
  const [row] = await db.select({ n: count() }).from(projects)
  expect(row!.n).toBe(demoProjects.length)
})

test('fundraising projects are listed newest first with their organisation', async () => {
  const listed = await listFundraisingProjects(db, { limit: 50 })
  const expected = demoProjects.filter((p) => p.status === 'fundraising')
  expect(listed.map((p) => p.slug).sort()).toEqual(expected.map((p) => p.slug).sort())
  const startsDaysAgo = listed.map((p) => expected.find((e) => e.slug === p.slug)!.startsDaysAgo)
  expect(startsDaysAgo).toEqual([...startsDaysAgo].sort((a, b) => a - b))
  expect(listed.every((p) => p.organization.verified && p.organization.name.length > 0)).toBe(true)
  expect(await listFundraisingProjects(db, { limit: 2 })).toHaveLength(2)
})

test('cached totals equal the ledger, and the platform totals add them up', async () => {
  const listed = await listFundraisingProjects(db, { limit: 50 })
  for (const project of listed) {
    const [ledger] = await db
      .select({ n: count() })
      .from(ledgerEntries)
      .where((await import('drizzle-orm')).eq(ledgerEntries.projectId, project.id))
    expect(ledger!.n).toBe(project.donationCount)
    expect(project.raisedAmount > 0n).toBe(true)
  }
  const totals = await platformTotals(db)
  const all = await db.select({ raised: projects.raisedAmount, n: projects.donationCount, status: projects.status }).from(projects)
  const live = all.filter((p) => ['fundraising', 'closed', 'completed'].includes(p.status))
  expect(totals.raised).toBe(live.reduce((sum, p) => sum + p.raised, 0n))
  expect(totals.donations).toBe(live.reduce((sum, p) => sum + p.n, 0))
  expect(totals.fundraisingProjects).toBe(demoProjects.filter((p) => p.status === 'fundraising').length)
  expect(totals.partners).toBe(6)
})

test('days left count whole days to the end date in China time', () => {
  expect(daysLeft('2026-11-23', new Date('2026-11-23T10:00:00+08:00'))).toBe(0)
  expect(daysLeft('2026-11-25', new Date('2026-11-23T10:00:00+08:00'))).toBe(2)
  expect(daysLeft('2026-11-22', new Date('2026-11-23T10:00:00+08:00'))).toBeNull()
})
