/**
 * Managing a challenge (话题) through its page and the forms around it (issue 21): its organisation's
 * editor or an admin can end it; a stranger, a guest and a member of another organisation cannot;
 * hashtags are words, not markup; a minor's account cannot post a video to it.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { auditLog, challenges, supporterVideos, users } = await import('~db/schema')
const { seedDemo } = await import('~seeds/seed.server')
const { startSession } = await import('~/utils/session.server')
const page = await import('./challenges.$slug')
const opening = await import('./projects.$slug_.challenges.new')
const joining = await import('./projects.$slug_.videos.new')
await seedDemo(db, { now: new Date() })

async function cookieOf(email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email))
  return (await startSession(db, new Request('http://localhost/'), user!.id)).split(';')[0]!
}
async function signUp(email: string, birthDate: string) {
  const [user] = await db.insert(users).values({ email, displayName: email.split('@')[0]!, passwordHash: 'x', birthDate, emailVerifiedAt: new Date() }).returning()
  return (await startSession(db, new Request('http://localhost/'), user!.id)).split(';')[0]!
}
function post(path: string, fields: Record<string, string>, cookie: string | null, params: Record<string, string>) {
  const request = new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { ...(cookie ? { Cookie: cookie } : {}), 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'en' },
    body: new URLSearchParams(fields),
  })
  return { request, params, context: {} } as unknown as ActionFunctionArgs
}
const get = (path: string, cookie: string | null, params: Record<string, string>) =>
  ({ request: new Request(`http://localhost${path}`, { headers: { ...(cookie ? { Cookie: cookie } : {}), 'Accept-Language': 'en' } }), params, context: {} }) as unknown as LoaderFunctionArgs
async function outcome(run: () => Promise<unknown>) {
  try {
    const result = await run()
    return result instanceof Response ? result.status : ((result as { init?: { status?: number } }).init?.status ?? 200)
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status
    throw thrown
  }
}
const dataOf = (result: unknown) => (result as { data: Record<string, unknown> }).data
const status = async () => (await db.select({ status: challenges.status }).from(challenges).where(eq(challenges.slug, 'draw-to-life')))[0]!.status

test('a guest, a stranger and another organisation’s owner cannot end a challenge; they are not told it exists', async () => {
  const stranger = await signUp('stranger-challenge@example.org', '1990-01-01')
  const otherOwner = await cookieOf('owner@amity.demo')
  expect(await outcome(() => page.action(post('/challenges/draw-to-life', { intent: 'close' }, null, { slug: 'draw-to-life' })))).toBe(302)
  for (const cookie of [stranger, otherOwner]) {
    expect(await outcome(() => page.action(post('/challenges/draw-to-life', { intent: 'close' }, cookie, { slug: 'draw-to-life' })))).toBe(404)
    expect(dataOf(await page.loader(get('/challenges/draw-to-life', cookie, { slug: 'draw-to-life' }))).canClose).toBe(false)
  }
  expect(await status()).toBe('open')
})

test('its organisation’s owner ends it once: closed, audited, no longer joinable; its videos stay', async () => {
  const [challenge] = await db.select().from(challenges).where(eq(challenges.slug, 'draw-to-life'))
  const [organisationOwner] = await db.select().from(users).where(eq(users.id, challenge!.createdBy!))
  const owner = await cookieOf(organisationOwner!.email!)
  expect(dataOf(await page.loader(get('/challenges/draw-to-life', owner, { slug: 'draw-to-life' }))).canClose).toBe(true)
  const before = (await page.loader(get('/challenges/draw-to-life', null, { slug: 'draw-to-life' })) as { data: { videos: unknown[] } }).data.videos.length
  expect(await outcome(() => page.action(post('/challenges/draw-to-life', { intent: 'unknown' }, owner, { slug: 'draw-to-life' })))).toBe(400)
  expect(await outcome(() => page.action(post('/challenges/draw-to-life', { intent: 'close' }, owner, { slug: 'draw-to-life' })))).toBe(302)
  expect(await outcome(() => page.action(post('/challenges/draw-to-life', { intent: 'close' }, owner, { slug: 'draw-to-life' })))).toBe(302)
  expect(await status()).toBe('closed')
  expect(await db.select().from(auditLog).where(eq(auditLog.action, 'challenge.close'))).toHaveLength(1)
  const after = dataOf(await page.loader(get('/challenges/draw-to-life', null, { slug: 'draw-to-life' })))
  expect((after.challenge as { joinable: boolean }).joinable).toBe(false)
  expect((after.videos as unknown[]).length).toBe(before)
})

test('a hashtag is 2 to 30 letters, digits or _: markup, slashes and single characters are refused with a message', async () => {
  const [challenge] = await db.select().from(challenges).where(eq(challenges.slug, 'draw-to-life'))
  const [organisationOwner] = await db.select().from(users).where(eq(users.id, challenge!.createdBy!))
  const owner = await cookieOf(organisationOwner!.email!)
  const slug = 'free-lunch-draw-to-life'
  for (const tag of ['<b>', 'a/b', '画', 'two words', '#']) {
    const result = await opening.action(post(`/projects/${slug}/challenges/new`, { tag, title: 'T', slug: 'tag-test', brief: 'B' }, owner, { slug }))
    expect((dataOf(result).errors as Record<string, string[]>).tag, tag).toBeDefined()
  }
  const past = await opening.action(post(`/projects/${slug}/challenges/new`, { tag: '午餐日记', title: 'T', slug: 'tag-test', brief: 'B', endsOn: '2020-01-01' }, owner, { slug }))
  expect((dataOf(past).errors as Record<string, string[]>).endsOn).toEqual(['validation.dateNotPast'])
  expect(await db.select().from(challenges).where(eq(challenges.slug, 'tag-test'))).toHaveLength(0)
})

test('an account under 18 is told it cannot post a video, and a post changes nothing', async () => {
  const minor = await signUp('minor-challenge@example.org', `${new Date().getFullYear() - 12}-03-01`)
  const slug = 'free-lunch-draw-to-life'
  expect(dataOf(await joining.loader(get(`/projects/${slug}/videos/new`, minor, { slug }))).minor).toBe(true)
  const before = (await db.select().from(supporterVideos)).length
  const refused = await joining.action(post(`/projects/${slug}/videos/new`, { title: 'mine' }, minor, { slug }))
  expect((refused as { init?: { status?: number } }).init?.status).toBe(403)
  expect((dataOf(refused).errors as Record<string, string[]>).form).toEqual(['supporterVideos.minor'])
  expect((await db.select().from(supporterVideos)).length).toBe(before)
  const adult = await signUp('adult-challenge@example.org', '1990-01-01')
  expect(dataOf(await joining.loader(get(`/projects/${slug}/videos/new`, adult, { slug }))).minor).toBe(false)
})
