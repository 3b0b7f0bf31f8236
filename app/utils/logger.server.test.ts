/**
 * Logs you can follow and that hold no personal data (issue 25): every line of a request, the jobs it
 * enqueued and the events it stored carries one id; no line written during a donation contains the
 * donor's email or name.
 */
import { eq } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { seedDemo } = await import('~seeds/seed.server')
await seedDemo(db, { now: new Date('2026-11-23T08:00:00Z') })
const { projects, webhookEvents } = await import('~db/schema')
const { logger, logTap, maskEmails } = await import('./logger.server')
const { withRequestId } = await import('./request-context.server')
const { createPendingDonation } = await import('~/models/donations.server')
const { payGift } = await import('~/testing/payments')
const { defineJob, enqueue, runDueJobs } = await import('~/jobs/queue.server')

const [project] = await db.select().from(projects).where(eq(projects.slug, 'stray-animal-rescue'))
const level = logger.level
afterAll(() => {
  logTap.lines = null
  logger.level = level
})

function listen() {
  logger.level = 'debug'
  logTap.lines = []
  return () => {
    const lines = logTap.lines ?? []
    logTap.lines = null
    logger.level = level
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>)
  }
}

test('no log line written during a donation contains the donor’s email or name', async () => {
  const email = 'wang.xiaohong@example.org'
  const name = '王小红'
  const stop = listen()
  await withRequestId('req-donation-0001', async () => {
    const { donation } = await createPendingDonation(db, { projectId: project!.id, user: null, email, amount: 8_800n, frequency: 'one_time', isAnonymous: false, displayName: name, message: `加油！我是${name}`, locale: 'zh-CN' })
    // What careless code might write is masked too.
    logger.info({ email, displayName: name, donation: donation.id }, `checkout for ${email}`)
    logger.warn({ err: new Error(`gateway refused ${email}`) }, 'gateway error')
    await payGift(db, donation.id)
  })
  await runDueJobs(db, { limit: 50 })
  const lines = stop()
  // The two lines written on purpose at least (the listener works); the rest is whatever the path logs at debug.
  expect(lines.length).toBeGreaterThanOrEqual(2)
  const text = lines.map((l) => JSON.stringify(l)).join('\n')
  expect(text).not.toContain(email)
  expect(text).not.toContain(name)
  expect(text).toContain('w***@example.org')
})

test('one request id runs through the request, the job it enqueued and the event it stored', async () => {
  defineJob('test.log-trace', { run: async () => void logger.info('traced job ran') })
  const stop = listen()
  await withRequestId('req-trace-0002', async () => {
    logger.info('the action')
    await enqueue(db, 'test.log-trace', {})
  })
  // Later, in the runner, outside the request.
  await runDueJobs(db, { limit: 50 })
  const lines = stop()
  const ofRequest = lines.filter((l) => l.reqId === 'req-trace-0002').map((l) => l.msg)
  expect(ofRequest).toEqual(expect.arrayContaining(['the action', 'traced job ran', 'job done']))
  // A stored event keeps the id of the request that delivered it.
  const { donation } = await createPendingDonation(db, { projectId: project!.id, user: null, email: 'trace@example.org', amount: 1_000n, frequency: 'one_time', isAnonymous: true, locale: 'en' })
  await withRequestId('req-webhook-0003', () => payGift(db, donation.id))
  const events = await db.select({ requestId: webhookEvents.requestId }).from(webhookEvents)
  expect(events.some((e) => e.requestId === 'req-webhook-0003')).toBe(true)
})

test('masking keeps what is not personal', () => {
  expect(maskEmails('refund for ab@x.cn failed (SL-2026-00000001)')).toBe('refund for a***@x.cn failed (SL-2026-00000001)')
})
