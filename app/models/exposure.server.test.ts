import { eq, inArray } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { projects } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { seedDemo } from '~seeds/seed.server'
import { flushImpressions, pendingImpressions, recordImpressions, refreshRankScores } from './exposure.server'
import { RANKING } from './ranking'

const { db } = await setupTestDatabase()
const now = new Date('2026-11-23T08:00:00Z')
await seedDemo(db, { now })
const live = await db.select({ id: projects.id }).from(projects).where(eq(projects.status, 'fundraising'))

test('impressions are counted in memory and added to the projects in one flush, exactly once', async () => {
  const [a, b] = [live[0]!.id, live[1]!.id]
  recordImpressions([a, b])
  recordImpressions([a])
  expect(pendingImpressions().get(a)).toBe(2)
  expect(await flushImpressions(db)).toBe(2)
  expect(await flushImpressions(db)).toBe(0)
  const rows = await db.select({ id: projects.id, impressions: projects.impressions }).from(projects).where(inArray(projects.id, [a, b]))
  expect(Object.fromEntries(rows.map((r) => [r.id, r.impressions]))).toEqual({ [a]: 2, [b]: 1 })
})

test('the ranking job scores every fundraising project; unseen ones come first', async () => {
  const seen = live[2]!.id
  await db.update(projects).set({ impressions: 0 })
  await db.update(projects).set({ impressions: 500 }).where(eq(projects.id, seen))
  const result = await refreshRankScores(db, now)
  expect(result.projects).toBe(live.length)
  const rows = await db.select({ id: projects.id, rankScore: projects.rankScore, status: projects.status }).from(projects)
  const fundraising = rows.filter((r) => r.status === 'fundraising')
  expect(fundraising.every((r) => r.rankScore > 0)).toBe(true)
  expect(fundraising.filter((r) => r.id !== seen).every((r) => r.rankScore >= RANKING.EXPLORE)).toBe(true)
  expect(fundraising.find((r) => r.id === seen)!.rankScore).toBeLessThan(RANKING.EXPLORE)
  expect(rows.filter((r) => r.status !== 'fundraising').every((r) => r.rankScore === 0)).toBe(true)
  expect((await refreshRankScores(db, now)).changed).toBe(0)
})
