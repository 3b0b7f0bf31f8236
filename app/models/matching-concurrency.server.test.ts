/**
 * A pool is never over-spent, whatever the concurrency. 200 gifts to 10 projects are paid at the
 * sandbox at once and their completion events are applied by 16 event processors running side by
 * side — the real crediting path, each event in its own transaction on its own connection (on
 * PostgreSQL; run it there with TEST_DATABASE_URL). The pool has room for exactly 50 matches: exactly
 * 50 are matched, the pool ends at zero, the ledger check is clean, and the public export replays.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { eq, sql } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { queryRows } from '~db/client.server'
import { setupTestDatabase, testBackend } from '~db/testing/test-database'

const PROCESSORS = 16
const dir = mkdtempSync(join(tmpdir(), 'sunlight-matching-race-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const handle = await setupTestDatabase({ maxConnections: PROCESSORS + 4 })
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { ledgerEntries, matches, sponsorPools } = await import('~db/schema')
const { checkLedger } = await import('~/ledger/check.server')
const { processStripeEvents } = await import('~/payments/webhook.server')
const { sandboxFor } = await import('~/testing/payments')
const { GIVING_DAY, deliverQueued, givingDay, makeUser, paidAtGateway } = await import('~/testing/giving-days')
const { loader } = await import('~/routes/campaigns.$slug_.matching[.]json')

test('200 gifts credited at once against a pool with room for exactly 50 matches: exactly 50 matched, the pool at zero, the books clean', { timeout: 300_000 }, async () => {
  const admin = await makeUser(db, { admin: true })
  // The racers all pay with the sandbox's one test card; the card rule (one card posing as many donors)
  // is tested in matching.server.test.ts, so here it is set out of the way.
  const day = await givingDay(db, { admin, total: 50_000n, rules: { ratioPercent: 100, cardDailyLimit: 1_000 }, projectCount: 10 })
  const gifts = []
  for (let i = 0; i < 200; i++) gifts.push(await paidAtGateway(db, day.projects[i % 10]!.project.id, 1_000n, { email: `racer-${i}@example.org` }))
  await deliverQueued(db, new Map(gifts.map((g) => [g.id, { at: GIVING_DAY }])))

  // The processors race: each claims stored events (FOR UPDATE SKIP LOCKED), 16 at a time so that all of
  // them get some (a full batch of 500 would let the first take all 200), and credits them.
  const started = performance.now()
  const handled = await Promise.all(Array.from({ length: PROCESSORS }, () => processStripeEvents(db, { limit: 1_000, batch: 16 })))
  const elapsed = performance.now() - started
  expect(handled.reduce((a, b) => a + b, 0)).toBe(200)
  if (testBackend() === 'postgres') expect(handled.filter((n) => n > 0).length, 'processors that credited gifts').toBeGreaterThan(1)

  const [credited] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from donations where status = 'succeeded' and id in (${sql.join(gifts.map((g) => sql`${g.id}`), sql`, `)})`)
  expect(credited!.n).toBe(200)
  const decided = await db.select({ status: matches.status, amount: matches.amount, reason: matches.reason }).from(matches).where(eq(matches.poolId, day.pool.id))
  expect(decided).toHaveLength(200)
  expect(decided.filter((m) => m.status === 'paid' && m.amount === 1_000n)).toHaveLength(50)
  expect(decided.filter((m) => m.status === 'unmatched' && m.amount === 0n && m.reason === 'pool')).toHaveLength(150)
  const [pool] = await db.select().from(sponsorPools).where(eq(sponsorPools.id, day.pool.id))
  expect(pool!.totalAmount - pool!.committedAmount).toBe(0n)
  const [posted] = await queryRows<{ n: number; total: string }>(db, sql`select count(*)::int as n, coalesce(sum(amount), 0)::text as total from ${ledgerEntries} where kind = 'match'`)
  expect(posted).toEqual({ n: 50, total: '50000' })
  const [raised] = await queryRows<{ raised: string; gifts: number }>(db, sql`select sum(raised_amount)::text as raised, sum(donation_count)::int as gifts from projects`)
  expect(raised).toEqual({ raised: String(200 * 1_000 + 50_000), gifts: 200 })
  expect(await checkLedger(db, sandboxFor(db))).toEqual([])

  // The order the pool's lock was taken in is the order the export lists: it replays exactly.
  const response = await loader({ request: new Request(`http://localhost/campaigns/${day.campaign.slug}/matching.json`), params: { slug: day.campaign.slug }, context: {} })
  const file = join(dir, 'matching.json')
  writeFileSync(file, await response.text())
  const { stdout } = await promisify(execFile)(process.execPath, ['tools/verify-matching.mjs', file])
  expect(stdout).toContain('200 gifts decided, 50 matched; paid 50000, held 0, left 0 of 50000 CNY')
  console.info(`${testBackend()}: 200 gifts credited by ${PROCESSORS} processors in ${Math.round(elapsed)} ms`)
})
