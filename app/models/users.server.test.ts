import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { ageOn, isMinor } from '~/utils/age'
import { sessions } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { endSession, getSessionUser, startSession } from '~/utils/session.server'
import {
  authenticate,
  consumeEmailToken,
  createUser,
  EmailTakenError,
  issueEmailToken,
  PRIVACY_POLICY_VERSION,
} from './users.server'

const { db } = await setupTestDatabase()

function newUser(email = `u-${crypto.randomUUID()}@example.com`) {
  return createUser(db, { email, displayName: '测试用户', password: 'a long test passphrase', birthDate: '1990-01-01', locale: 'zh-CN' })
}

function requestWith(cookie?: string) {
  return new Request('http://localhost/', { headers: cookie ? { Cookie: cookie.split(';')[0]! } : {} })
}

test('signup records the privacy-policy version; one account per address, whatever its case', async () => {
  const user = await newUser('Mixed.Case@Example.com')
  expect(user.privacyPolicyVersion).toBe(PRIVACY_POLICY_VERSION)
  expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  await expect(newUser('mixed.case@example.com')).rejects.toBeInstanceOf(EmailTakenError)
})

test('authentication accepts the right password only', async () => {
  const user = await newUser()
  expect((await authenticate(db, user.email.toUpperCase(), 'a long test passphrase'))?.id).toBe(user.id)
  expect(await authenticate(db, user.email, 'wrong passphrase')).toBeNull()
  expect(await authenticate(db, 'nobody@example.com', 'a long test passphrase')).toBeNull()
})

test('emailed tokens work once, for their own kind only', async () => {
  const user = await newUser()
  const token = await issueEmailToken(db, { kind: 'reset_password', userId: user.id, email: user.email })
  expect(await consumeEmailToken(db, 'verify_email', token)).toBeNull()
  const results = await Promise.all([consumeEmailToken(db, 'reset_password', token), consumeEmailToken(db, 'reset_password', token)])
  expect(results.filter(Boolean)).toHaveLength(1)
  expect(await consumeEmailToken(db, 'reset_password', token)).toBeNull()
  expect(await consumeEmailToken(db, 'reset_password', 'made-up-token-made-up-token')).toBeNull()
})

test('sessions: opaque cookie, hashed at rest, rotated at login, ended here or everywhere', async () => {
  const user = await newUser()
  const cookie = await startSession(db, requestWith(), user.id)
  expect(cookie).toMatch(/^sl_session=[^;]+; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/)
  const stored = await db.select().from(sessions).where(eq(sessions.userId, user.id))
  expect(stored).toHaveLength(1)
  // Only a SHA-256 (43 base64url characters) is stored, and it is not what the cookie carries.
  expect(stored[0]!.tokenHash).toMatch(/^[A-Za-z0-9_-]{43}$/)
  expect(cookie).not.toContain(stored[0]!.tokenHash)
  expect((await getSessionUser(db, requestWith(cookie)))?.id).toBe(user.id)

  // Logging in again from the same browser replaces the old session.
  const rotated = await startSession(db, requestWith(cookie), user.id)
  expect(rotated).not.toBe(cookie)
  expect(await getSessionUser(db, requestWith(cookie))).toBeNull()
  expect((await getSessionUser(db, requestWith(rotated)))?.id).toBe(user.id)

  const secondDevice = await startSession(db, requestWith(), user.id)
  await endSession(db, requestWith(rotated))
  expect(await getSessionUser(db, requestWith(rotated))).toBeNull()
  expect((await getSessionUser(db, requestWith(secondDevice)))?.id).toBe(user.id)

  const third = await startSession(db, requestWith(), user.id)
  await endSession(db, requestWith(third), { everywhere: true })
  expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([])
})

test('the age rule is decided by the day of birth, in China time', () => {
  // 2026-11-30 16:30 UTC is already 1 December in China.
  const now = new Date('2026-11-30T16:30:00Z')
  expect(ageOn('2008-12-01', now)).toBe(18)
  expect(isMinor('2008-12-01', now)).toBe(false)
  expect(isMinor('2008-12-02', now)).toBe(true) // someone born in 2008 may still be 17
  expect(isMinor('2008-12-01', new Date('2026-11-30T15:59:00Z'))).toBe(true)
  expect(isMinor('2004-02-29', new Date('2022-02-28T12:00:00Z'))).toBe(true)
  expect(isMinor('2004-02-29', new Date('2022-03-01T12:00:00Z'))).toBe(false)
})
