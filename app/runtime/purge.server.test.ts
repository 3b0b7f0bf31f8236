import { eq, sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { queryRows } from '~db/client.server'
import { organizations, pageChanges, projects, projectUpdates } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { seedDemo } from '~seeds/seed.server'
import { createPendingDonation } from '~/models/donations.server'
import { payGift } from '~/testing/payments'
import { purgeChangedPages } from './purge.server'

const { db } = await setupTestDatabase()
await seedDemo(db, { now: new Date('2026-11-23T08:00:00Z') })
const [project] = await db.select().from(projects).where(eq(projects.status, 'fundraising')).limit(1)
const projectKey = `project-${project!.id}`
const orgKey = `org-${project!.organizationId}`

async function noted() {
  const rows = await db.select({ key: pageChanges.key }).from(pageChanges)
  await db.delete(pageChanges)
  return new Set(rows.map((r) => r.key))
}

test('a committed change notes the keys of the public pages it touches; ranking and impressions note none', async () => {
  await noted()
  await db.update(projects).set({ rankScore: 0.5, impressions: 10 }).where(eq(projects.id, project!.id))
  expect(await noted()).toEqual(new Set())

  await db.update(projects).set({ summary: 'A new summary' }).where(eq(projects.id, project!.id))
  expect(await noted()).toEqual(new Set([projectKey, orgKey, 'home', 'discover']))

  await db.update(organizations).set({ description: 'Edited' }).where(eq(organizations.id, project!.organizationId))
  expect(await noted()).toEqual(new Set([orgKey, 'home', 'discover', 'partners']))

  const [update] = await db.select().from(projectUpdates).where(eq(projectUpdates.projectId, project!.id)).limit(1)
  if (update) {
    await db.update(projectUpdates).set({ status: 'hidden', moderationReason: 'test' }).where(eq(projectUpdates.id, update.id))
    // An update is also a video on /watch and its own page (migration 0022).
    expect(await noted()).toEqual(new Set([projectKey, `update-${update.id}`, orgKey, `video-${update.id}`, 'watch']))
  }
})

test('a gift, once paid, notes its project (totals, the recent gifts) and the platform ledger page', async () => {
  const { donation } = await createPendingDonation(db, { projectId: project!.id, user: null, amount: 2_000n, frequency: 'one_time', isAnonymous: false, displayName: '小王', email: 'w@example.org', locale: 'zh-CN' })
  // A pending gift shows nowhere yet.
  expect(await noted()).toEqual(new Set())
  await payGift(db, donation.id)
  expect(await noted()).toEqual(new Set([projectKey, orgKey, 'home', 'discover', 'transparency']))
})

test('a rolled-back change notes nothing', async () => {
  await noted()
  await expect(
    db.transaction(async (tx) => {
      await tx.update(projects).set({ summary: 'Never committed' }).where(eq(projects.id, project!.id))
      throw new Error('rolled back')
    }),
  ).rejects.toThrow('rolled back')
  expect(await noted()).toEqual(new Set())
})

test('the purger sends each distinct key once to every cache, then forgets the rows; a failed purge leaves them', async () => {
  await noted()
  await db.update(projects).set({ summary: 'Purge me' }).where(eq(projects.id, project!.id))
  await db.update(projects).set({ summary: 'Purge me again' }).where(eq(projects.id, project!.id))
  const calls: { url: string; method: string; keys: string }[] = []
  let failing = true
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: String(init.method), keys: String((init.headers as Record<string, string>)['xkey-purge']) })
    return new Response('', { status: failing ? 503 : 200 })
  }) as unknown as typeof fetch
  await expect(purgeChangedPages(db, ['http://cache-a', 'http://cache-b'], { fetchImpl })).rejects.toThrow('503')
  const [left] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from page_changes`)
  expect(left!.n).toBe(8)
  failing = false
  calls.length = 0
  expect(await purgeChangedPages(db, ['http://cache-a', 'http://cache-b'], { fetchImpl })).toBe(8)
  expect(calls.map((c) => [c.url, c.method])).toEqual([
    ['http://cache-a', 'PURGE'],
    ['http://cache-b', 'PURGE'],
  ])
  expect(new Set(calls[0]!.keys.split(' '))).toEqual(new Set([projectKey, orgKey, 'home', 'discover']))
  // The second purge of the same keys waits its turn …
  expect(await purgeChangedPages(db, ['http://cache-a'], { fetchImpl })).toBe(0)
  const waiting = await queryRows<{ key: string; first: boolean; wait: number }>(
    db,
    sql`select key, first, extract(epoch from purge_after - now())::float as wait from page_changes`,
  )
  expect(new Set(waiting.map((row) => row.key))).toEqual(new Set([projectKey, orgKey, 'home', 'discover']))
  expect(waiting.length).toBe(4)
  expect(waiting.every((row) => !row.first && row.wait > 1 && row.wait <= 2)).toBe(true)
})

test('each key is purged a second time once its wait is over, and not a third time', async () => {
  // What the second purge is for: a render that read the database before the change and reached
  // the cache after the first purge; it is dropped when the second one comes.
  await db.execute(sql`update page_changes set purge_after = now() - interval '1 second'`)
  const calls: string[] = []
  const fetchImpl = (async (_url: string, init: RequestInit) => {
    calls.push(String((init.headers as Record<string, string>)['xkey-purge']))
    return new Response('')
  }) as unknown as typeof fetch
  expect(await purgeChangedPages(db, ['http://cache-a'], { fetchImpl })).toBe(4)
  expect(new Set(calls[0]!.split(' '))).toEqual(new Set([projectKey, orgKey, 'home', 'discover']))
  const [left] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from page_changes`)
  expect(left!.n).toBe(0)
})

test('purgers working at once take different rows, and every row is taken', async () => {
  await noted()
  await db.execute(sql`insert into page_changes (key) select 'project-' || g from generate_series(1, 300) g`)
  const seen: string[] = []
  const fetchImpl = (async (_url: string, init: RequestInit) => {
    seen.push(...String((init.headers as Record<string, string>)['xkey-purge']).split(' '))
    return new Response('')
  }) as unknown as typeof fetch
  const taken = await Promise.all(Array.from({ length: 4 }, () => purgeChangedPages(db, ['http://cache'], { batch: 50, fetchImpl })))
  let rest = 0
  for (let more = 1; more > 0; rest += more) more = await purgeChangedPages(db, ['http://cache'], { batch: 50, fetchImpl })
  expect(taken.reduce((a, b) => a + b, 0) + rest).toBe(300)
  expect(seen.length).toBe(300)
  expect(new Set(seen).size).toBe(300)
  // … and each key waits once for its second purge.
  const [waiting] = await queryRows<{ n: number; keys: number }>(db, sql`select count(*)::int as n, count(distinct key)::int as keys from page_changes where not first`)
  expect(waiting).toEqual({ n: 300, keys: 300 })
})
