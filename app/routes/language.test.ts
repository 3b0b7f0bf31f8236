/**
 * The language an account chose is the language of its emails (issue 23): the switch remembers it
 * for a signed-in account — that account's only — and a signed-in donor's receipt follows it even
 * when the browser asks for the other language.
 */
import type { ActionFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { donations, projects, users } = await import('~db/schema')
const { seedDemo } = await import('~seeds/seed.server')
const { startSession } = await import('~/utils/session.server')
const language = await import('./language')
const donate = await import('./projects.$slug_.donate')
await seedDemo(db, { now: new Date() })

async function account(email: string) {
  const [user] = await db.insert(users).values({ email, displayName: email.split('@')[0]!, passwordHash: 'x', birthDate: '1990-01-01', emailVerifiedAt: new Date(), locale: 'zh-CN' }).returning()
  return { id: user!.id, cookie: (await startSession(db, new Request('http://localhost/'), user!.id)).split(';')[0]! }
}
const localeOf = async (id: string) => (await db.select({ locale: users.locale }).from(users).where(eq(users.id, id)))[0]!.locale
function post(path: string, fields: Record<string, string>, cookie: string | null, acceptLanguage: string, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { ...(cookie ? { Cookie: cookie } : {}), 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': acceptLanguage },
    body: new URLSearchParams(fields),
  })
  return { request, params, context: { clientIp: '10.9.8.7' } } as unknown as ActionFunctionArgs
}

test('switching the language sets it for the signed-in account only; a guest’s switch is a cookie alone', async () => {
  const [ana, bo] = [await account('ana-lang@example.org'), await account('bo-lang@example.org')]
  const switched = (await language.action(post('/language', { language: 'en', redirectTo: '/watch' }, ana.cookie, 'zh-CN'))) as Response
  expect(switched.status).toBe(302)
  expect(switched.headers.get('Location')).toBe('/watch')
  expect(await localeOf(ana.id)).toBe('en')
  expect(await localeOf(bo.id)).toBe('zh-CN')
  const before = await db.select({ id: users.id, locale: users.locale }).from(users)
  const guest = (await language.action(post('/language', { language: 'en' }, null, 'zh-CN'))) as Response
  expect(guest.headers.get('Set-Cookie')).toMatch(/^lang=/)
  expect(await db.select({ id: users.id, locale: users.locale }).from(users)).toEqual(before)
})

test('a signed-in donor’s gift records the account’s language for its receipt, whatever the browser asks', async () => {
  const cy = await account('cy-lang@example.org')
  await language.action(post('/language', { language: 'en' }, cy.cookie, 'zh-CN'))
  const [project] = await db.select().from(projects).where(eq(projects.slug, 'mawei-childrens-art-troupe'))
  const result = await donate.action(post(`/projects/${project!.slug}/donate`, { otherAmount: '20', frequency: 'one_time' }, cy.cookie, 'zh-CN', { slug: project!.slug }))
  expect(result).toBeInstanceOf(Response)
  const [gift] = await db.select().from(donations).where(eq(donations.userId, cy.id))
  expect(gift!.locale).toBe('en')
})
