import { sql } from 'drizzle-orm'
import { expect, test, vi } from 'vitest'
import { queryRows } from '~db/client.server'
import { setupTestDatabase } from '~db/testing/test-database'
import { runDueJobs } from '~/jobs/queue.server'
import { PERIODIC, periodStart, schedulePeriodic } from './schedule.server'

const handle = await setupTestDatabase()
const { db } = handle

test('three runners schedule each task once per period; the queue runs each period once', async () => {
  const runs = new Map<string, number>()
  for (const task of PERIODIC) vi.spyOn(task, 'run').mockImplementation(async () => void runs.set(task.name, (runs.get(task.name) ?? 0) + 1))
  const memos = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()]
  const t0 = new Date('2026-12-01T00:00:00.500Z')
  const added = await Promise.all(memos.map((memo) => schedulePeriodic(db, memo, { now: t0, everyMs: 1_000 })))
  expect(added.reduce((a, b) => a + b, 0)).toBe(PERIODIC.length)
  // A runner's second look within the same period asks nothing of the database.
  expect(await schedulePeriodic(db, memos[0]!, { now: new Date(t0.getTime() + 300), everyMs: 1_000 })).toBe(0)
  // Three workers at once.
  await Promise.all([1, 2, 3].map(() => runDueJobs(db, { now: () => new Date(t0.getTime() + 600) })))
  expect([...runs.values()]).toEqual(PERIODIC.map(() => 1))
  // The next period: one more each.
  const t1 = new Date(t0.getTime() + 1_000)
  await Promise.all(memos.map((memo) => schedulePeriodic(db, memo, { now: t1, everyMs: 1_000 })))
  await Promise.all([1, 2, 3].map(() => runDueJobs(db, { now: () => new Date(t1.getTime() + 100) })))
  expect([...runs.values()]).toEqual(PERIODIC.map(() => 2))
  const rows = await queryRows<{ n: number; attempts: number }>(db, sql`select count(*)::int as n, max(attempts)::int as attempts from jobs where dedupe_key like 'every:%'`)
  expect(rows[0]).toEqual({ n: 2 * PERIODIC.length, attempts: 1 })
  vi.restoreAllMocks()
})

test('periods are aligned to the clock, so every runner agrees on them', () => {
  expect(periodStart(30_000, new Date('2026-12-01T00:00:59.999Z')).toISOString()).toBe('2026-12-01T00:00:30.000Z')
  expect(periodStart(6 * 3600_000, new Date('2026-12-01T13:00:00Z')).toISOString()).toBe('2026-12-01T12:00:00.000Z')
})

test('a NOTIFY sent inside a transaction reaches a listener when the transaction commits, not before', async () => {
  let heard = 0
  const stop = await handle.listen('jobs_test_channel', () => heard++)
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_notify('jobs_test_channel', '')`)
    await new Promise((r) => setTimeout(r, 100))
    expect(heard).toBe(0)
  })
  for (let i = 0; i < 50 && heard === 0; i++) await new Promise((r) => setTimeout(r, 20))
  expect(heard).toBe(1)
  await stop()
})
