/**
 * Login throttling (ASVS V2.2.1): failures are limited per address, and per account *and* address
 * with a growing wait; nobody elsewhere can lock the owner out; successes never count.
 */
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

test('an attacker elsewhere cannot lock the owner out: 100 wrong passwords from other addresses, and the owner still logs in', async () => {
  const user = await createUser(handle.db, { email: 'throttle@example.org', displayName: 'T', password: PASSWORD, birthDate: '1990-01-01', locale: 'en' })
  for (let i = 0; i < 100; i++) expect(await attempt(user.email, 'wrong password here', `10.1.${Math.floor(i / 4)}.${i % 4}`)).toBe(400)
  expect(await attempt(user.email, PASSWORD, '10.9.9.9')).toBe(302)
})

test('one address guessing one account: five tries, then each further try waits longer (30 s, 60 s, …), even with the right password', async () => {
  const { blockedFor } = await import('~/utils/rate-limit.server')
  const user = await createUser(handle.db, { email: 'guessed@example.org', displayName: 'G', password: PASSWORD, birthDate: '1990-01-01', locale: 'en' })
  const pair = `${user.email}|10.4.0.1`
  for (let i = 0; i < 4; i++) expect(await attempt(user.email, 'wrong password here', '10.4.0.1')).toBe(400)
  expect(await blockedFor('loginPairBlock', pair)).toBeNull()
  expect(await attempt(user.email, 'wrong password here', '10.4.0.1')).toBe(400)
  const first = await blockedFor('loginPairBlock', pair)
  expect(first).toBeGreaterThan(25)
  expect(first).toBeLessThanOrEqual(30)
  expect(await attempt(user.email, PASSWORD, '10.4.0.1')).toBe(429)
  // The owner, elsewhere, is not affected.
  expect(await attempt(user.email, PASSWORD, '10.4.0.2')).toBe(302)
})

test('many successful logins from one shared address are never throttled; failures from it are', async () => {
  const user = await createUser(handle.db, { email: 'office@example.org', displayName: 'O', password: PASSWORD, birthDate: '1990-01-01', locale: 'en' })
  for (let i = 0; i < 35; i++) expect(await attempt(user.email, PASSWORD, '10.2.0.1')).toBe(302)
  for (let i = 0; i < 30; i++) expect(await attempt(`nobody${i}@example.org`, 'wrong password here', '10.3.0.1')).toBe(400)
  expect(await attempt(user.email, PASSWORD, '10.3.0.1')).toBe(429)
})
