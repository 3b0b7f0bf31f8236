import { sql } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { queryRows } from '~db/client.server'
import { setupTestDatabase } from '~db/testing/test-database'
import { blockedFor, countRateLimitsInDatabase, countRateLimitsInMemory, hit, pruneRateLimits } from './rate-limit.server'

const handle = await setupTestDatabase()
afterAll(() => countRateLimitsInMemory())

test('counted in the database, a limit crossed through one server holds on another (a second set of limiters on the same table)', async () => {
  countRateLimitsInDatabase(handle) // "server A"
  for (let i = 0; i < 10; i++) expect(await hit('signupIp', '203.0.113.7')).toBeNull()
  expect(await hit('signupIp', '203.0.113.7')).toBeGreaterThan(0)
  countRateLimitsInDatabase(handle) // "server B": nothing in its memory
  const wait = await hit('signupIp', '203.0.113.7')
  expect(wait).toBeGreaterThan(3500)
  expect(await hit('signupIp', '198.51.100.1')).toBeNull() // another address is not affected
  const rows = await queryRows<{ key: string; points: number }>(handle.db, sql`select key, points from rate_limits where key like 'signup-ip:%' order by key`)
  expect(rows).toEqual([
    { key: 'signup-ip:198.51.100.1', points: 1 },
    { key: 'signup-ip:203.0.113.7', points: 12 },
  ])
})

test('the login wait is shared too, and per-process memory is what it replaced', async () => {
  countRateLimitsInDatabase(handle)
  for (let i = 0; i < 30; i++) await hit('loginIp', '192.0.2.9')
  countRateLimitsInDatabase(handle)
  expect(await blockedFor('loginIp', '192.0.2.9')).toBeGreaterThan(0)
  // The memory store (PGlite's, one process by design) forgets with the process.
  countRateLimitsInMemory()
  expect(await blockedFor('loginIp', '192.0.2.9')).toBeNull()
})

test('expired counters are pruned by the housekeeping job', async () => {
  countRateLimitsInDatabase(handle)
  await hit('reportIp', '192.0.2.50')
  await pruneRateLimits(handle.db, Date.now() + 3 * 3600_000)
  const [left] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from rate_limits where key = 'report-ip:192.0.2.50'`)
  expect(left!.n).toBe(0)
})
