/** Login throttling: failures are limited per account and per address; successes never count. */
import { expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { createUser } = await import('~/models/users.server')
const { action } = await import('./login')

const PASSWORD = 'a long test passphrase'
const attempt = async (email: string, password: string, ip: string) => {
  const request = new Request('http://localhost/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'en' },
    body: new URLSearchParams({ email, password }),
  })
  const result = (await action({ request, params: {}, context: { clientIp: ip } })) as Response | { init?: { status?: number } }
  return result instanceof Response ? result.status : (result.init?.status ?? 200)
}

test('after 8 failures an account is refused for a while, even with the right password', async () => {
  const user = await createUser(handle.db, { email: 'throttle@example.org', displayName: 'T', password: PASSWORD, birthYear: 1990, locale: 'en' })
  for (let i = 0; i < 8; i++) expect(await attempt(user.email, 'wrong password here', `10.1.0.${i}`)).toBe(400)
  expect(await attempt(user.email, PASSWORD, '10.1.1.1')).toBe(429)
})

test('many successful logins from one shared address are never throttled; failures from it are', async () => {
  const user = await createUser(handle.db, { email: 'office@example.org', displayName: 'O', password: PASSWORD, birthYear: 1990, locale: 'en' })
  for (let i = 0; i < 35; i++) expect(await attempt(user.email, PASSWORD, '10.2.0.1')).toBe(302)
  for (let i = 0; i < 30; i++) expect(await attempt(`nobody${i}@example.org`, 'wrong password here', '10.3.0.1')).toBe(400)
  expect(await attempt(user.email, PASSWORD, '10.3.0.1')).toBe(429)
})
