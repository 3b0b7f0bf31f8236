import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { jobs } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { backoffMs, defineJob, enqueue, runDueJobs } from './queue.server'

const { db } = await setupTestDatabase()

const ran: string[] = []
let failuresLeft = 0
defineJob<{ tag: string }>('test.record', { run: async (_db, { tag }) => void ran.push(tag) })
defineJob<{ tag: string }>('test.flaky', {
  run: async (_db, { tag }) => {
    if (failuresLeft-- > 0) throw new Error(`flaky ${tag}`)
    ran.push(tag)
  },
})
defineJob('test.slow', { run: async () => void ran.push('slow') })

const at = (iso: string) => () => new Date(iso)

test('jobs run once, oldest first; a dedupe key makes enqueueing idempotent', async () => {
  ran.length = 0
  await enqueue(db, 'test.record', { tag: 'a' }, { dedupeKey: 'k-a', runAt: new Date('2026-01-01T00:00:00Z') })
  await enqueue(db, 'test.record', { tag: 'a-again' }, { dedupeKey: 'k-a' })
  await enqueue(db, 'test.record', { tag: 'b' }, { runAt: new Date('2026-01-01T00:00:01Z') })
  expect(await runDueJobs(db, { now: at('2026-01-01T00:00:05Z') })).toBe(2)
  expect(ran).toEqual(['a', 'b'])
  expect(await runDueJobs(db, { now: at('2026-01-01T00:00:06Z') })).toBe(0)
})

test('a job not yet due waits', async () => {
  ran.length = 0
  await enqueue(db, 'test.record', { tag: 'later' }, { runAt: new Date('2030-01-01T00:00:00Z') })
  expect(await runDueJobs(db, { now: at('2029-12-31T23:59:59Z') })).toBe(0)
  expect(await runDueJobs(db, { now: at('2030-01-01T00:00:01Z') })).toBe(1)
  expect(ran).toEqual(['later'])
})

test('a failing job is retried with back-off, then parked as failed with its error', async () => {
  ran.length = 0
  failuresLeft = 1
  await enqueue(db, 'test.flaky', { tag: 'f1' }, { dedupeKey: 'flaky-1', runAt: new Date('2031-01-01T00:00:00Z') })
  expect(await runDueJobs(db, { now: at('2031-01-01T00:00:00Z') })).toBe(1)
  expect(ran).toEqual([])
  const [waiting] = await db.select().from(jobs).where(eq(jobs.dedupeKey, 'flaky-1'))
  expect(waiting!.lastError).toBe('flaky f1')
  expect(waiting!.runAt.getTime()).toBe(new Date('2031-01-01T00:00:00Z').getTime() + backoffMs(1))
  expect(await runDueJobs(db, { now: at('2031-01-01T00:00:04Z') })).toBe(0)
  expect(await runDueJobs(db, { now: at('2031-01-01T00:00:06Z') })).toBe(1)
  expect(ran).toEqual(['f1'])

  failuresLeft = 99
  await enqueue(db, 'test.flaky', { tag: 'f2' }, { dedupeKey: 'flaky-2', runAt: new Date('2032-01-01T00:00:00Z'), maxAttempts: 2 })
  await runDueJobs(db, { now: at('2032-01-01T00:00:00Z') })
  await runDueJobs(db, { now: at('2032-01-01T01:00:00Z') })
  const [parked] = await db.select().from(jobs).where(eq(jobs.dedupeKey, 'flaky-2'))
  expect(parked!.failedAt).not.toBeNull()
  expect(parked!.attempts).toBe(2)
  expect(await runDueJobs(db, { now: at('2033-01-01T00:00:00Z') })).toBe(0)
})

test('a job whose worker died is taken again once its lease runs out, not before', async () => {
  ran.length = 0
  await enqueue(db, 'test.record', { tag: 'orphan' }, { dedupeKey: 'orphan', runAt: new Date('2034-01-01T00:00:00Z') })
  // A worker claimed it and crashed: attempts bumped, lease set, never finished.
  await db.update(jobs).set({ attempts: 1, lockedUntil: new Date('2034-01-01T00:02:00Z') }).where(eq(jobs.dedupeKey, 'orphan'))
  expect(await runDueJobs(db, { now: at('2034-01-01T00:01:00Z') })).toBe(0)
  expect(await runDueJobs(db, { now: at('2034-01-01T00:02:01Z') })).toBe(1)
  expect(ran).toEqual(['orphan'])
})

test('lanes: a worker takes only its own job names', async () => {
  ran.length = 0
  await enqueue(db, 'test.slow', {}, { runAt: new Date('2035-01-01T00:00:00Z') })
  await enqueue(db, 'test.record', { tag: 'fast' }, { runAt: new Date('2035-01-01T00:00:01Z') })
  expect(await runDueJobs(db, { now: at('2035-01-01T00:00:05Z'), lane: { except: ['test.slow'] } })).toBe(1)
  expect(ran).toEqual(['fast'])
  expect(await runDueJobs(db, { now: at('2035-01-01T00:00:05Z'), lane: { only: ['test.slow'] } })).toBe(1)
  expect(ran).toEqual(['fast', 'slow'])
})

test('a background job (HLS packaging) waits behind every other due job of its lane, even older ones', async () => {
  ran.length = 0
  defineJob('media.hls', { run: async () => void ran.push('package') })
  await enqueue(db, 'media.hls', {}, { runAt: new Date('2036-01-01T00:00:00Z') })
  await enqueue(db, 'test.record', { tag: 'poster' }, { runAt: new Date('2036-01-01T00:00:09Z') })
  expect(await runDueJobs(db, { now: at('2036-01-01T00:00:10Z'), limit: 1 })).toBe(1)
  expect(ran).toEqual(['poster'])
  expect(await runDueJobs(db, { now: at('2036-01-01T00:00:10Z') })).toBe(1)
  expect(ran).toEqual(['poster', 'package'])
})

test('two workers at once never run the same job twice', async () => {
  ran.length = 0
  for (let i = 0; i < 20; i++) await enqueue(db, 'test.record', { tag: `c${i}` }, { runAt: new Date('2036-01-01T00:00:00Z') })
  const now = at('2036-01-01T00:00:01Z')
  const counts = await Promise.all([runDueJobs(db, { now, limit: 50 }), runDueJobs(db, { now, limit: 50 })])
  expect(counts[0]! + counts[1]!).toBe(20)
  expect(new Set(ran).size).toBe(20)
  expect(ran).toHaveLength(20)
})
