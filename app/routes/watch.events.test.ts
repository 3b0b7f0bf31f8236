/**
 * POST /watch/events as browsers and scripts send it: a browser's impression sets the viewer cookie
 * and counts; its play counts only with that cookie, 3 s later; bots, cookie-less plays and
 * malformed events count nothing; the answer never says what counted.
 */
import { sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { queryRows } from '~db/client.server'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { media, organizations, projects, users } = await import('~db/schema')
const { postUpdate } = await import('~/models/updates.server')
const { pendingVideoCounts } = await import('~/models/videos.server')
const { prepareInstallation } = await import('~/payments/gateway.server')
const { action } = await import('./watch.events')
await prepareInstallation(db)

const [org] = await db.insert(organizations).values({ slug: 'we-org', name: '免费午餐基金', uscc: '980000000000000021', region: '北京', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
const [project] = await db
  .insert(projects)
  .values({ slug: 'we-1', organizationId: org!.id, title: '免费午餐', summary: 's', category: 'education', region: '贵州', goalAmount: 100_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising' })
  .returning()
const [author] = await db.insert(users).values({ email: 'we-author@example.org', displayName: 'a', passwordHash: 'x', birthDate: '1980-01-01' }).returning()
const [file] = await db.insert(media).values({ kind: 'video', storageKey: 'we/we/v.mp4', contentType: 'video/mp4', byteSize: 1, sha256: 'x', isPublic: true, organizationId: org!.id, status: 'ready' }).returning()
const video = await postUpdate(db, { projectId: project!.id, organizationId: org!.id, authorId: author!.id, title: '午餐送达', body: 'b', videoMediaId: file!.id })

const CHROME = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36'
async function send(fields: Record<string, string>, { cookie = '', agent = CHROME, ip = '10.20.0.1' } = {}) {
  const request = new Request('http://localhost/watch/events', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', 'User-Agent': agent, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  })
  const response = (await action({ request, params: {}, context: { clientIp: ip } })) as Response
  return { status: response.status, cookie: response.headers.get('Set-Cookie')?.split(';')[0] ?? null, body: await response.text() }
}
const views = async () => queryRows<{ viewer: string; played: boolean }>(db, sql`select viewer, played_at is not null as played from video_views where video_id = ${video}`)

test('a browser is counted through its cookie: the impression sets it, a play needs it and 3 s', async () => {
  const shown = await send({ video, event: 'impression' })
  expect(shown.status).toBe(204)
  expect(shown.cookie).toMatch(/^sl_viewer=/)
  expect(await views()).toHaveLength(1)
  // The same play claim without the cookie: nothing.
  expect((await send({ video, event: 'play', watched: '4000' })).status).toBe(204)
  expect((await views()).some((v) => v.played)).toBe(false)
  // With the cookie, but less than 3 s after the impression: nothing yet.
  await send({ video, event: 'play', watched: '4000' }, { cookie: shown.cookie! })
  expect((await views()).some((v) => v.played)).toBe(false)
  await db.execute(sql`update video_views set seen_at = seen_at - interval '5 seconds'`)
  await send({ video, event: 'play', watched: '4000' }, { cookie: shown.cookie! })
  expect((await views()).filter((v) => v.played)).toHaveLength(1)
  // A reload sends the impression again with the cookie: no new viewer.
  const again = await send({ video, event: 'impression' }, { cookie: shown.cookie! })
  expect(again.cookie).toBeNull()
  expect(await views()).toHaveLength(1)
  expect(pendingVideoCounts().get(video)).toEqual([1, 1, 0, 0])
})

test('bots count nothing; malformed events get a clear 400 and count nothing', async () => {
  const before = (await views()).length
  const bot = await send({ video, event: 'impression' }, { agent: 'Googlebot/2.1 (+http://www.google.com/bot.html)' })
  expect(bot.status).toBe(204)
  expect(bot.cookie).toBeNull()
  // A client that names no browser at all (curl -A '', a script) is not a viewer either.
  const nameless = await send({ video, event: 'impression' }, { agent: '' })
  expect(nameless.status).toBe(204)
  expect(nameless.cookie).toBeNull()
  const malformed: Record<string, string>[] = [{ video: 'not-a-uuid', event: 'impression' }, { video, event: 'like' }, { video, event: 'play', watched: '-5' }, { video, event: 'play', watched: '1e12' }, {}]
  for (const fields of malformed) {
    const answer = await send(fields)
    expect(answer.status, JSON.stringify(fields)).toBe(400)
    expect(answer.body).toMatch(/video id/)
  }
  expect((await views()).length).toBe(before)
})

test('an unknown video is answered like any other event and counts nothing', async () => {
  const answer = await send({ video: crypto.randomUUID(), event: 'impression' }, { ip: '10.20.9.9' })
  expect(answer.status).toBe(204)
  expect(await queryRows(db, sql`select 1 from video_views where video_id <> ${video}`)).toHaveLength(0)
})
