import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { emailTokens, users } from '~db/schema'
import { hashPassword, verifyPassword } from '~/utils/password.server'
import { block, blockedFor, count, hit, reset } from '~/utils/rate-limit.server'
import { hashToken, newToken } from '~/utils/tokens.server'

/** The privacy policy in force; signup records which version a person accepted. */
export const PRIVACY_POLICY_VERSION = '2026-11'
export const ADULT_AGE = 18

const VERIFY_HOURS = 48
const RESET_MINUTES = 60

export class EmailTakenError extends Error {}

export async function findUserByEmail(db: Db, email: string) {
  const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase())).limit(1)
  return user ?? null
}

export async function createUser(
  db: Db,
  input: { email: string; displayName: string; password: string; birthDate: string; locale: string },
) {
  const passwordHash = await hashPassword(input.password)
  // The unique index on lower(email) decides races between two signups for one address.
  const rows = await db
    .insert(users)
    .values({
      email: input.email,
      displayName: input.displayName,
      passwordHash,
      birthDate: input.birthDate,
      locale: input.locale,
      privacyPolicyVersion: PRIVACY_POLICY_VERSION,
      privacyAcceptedAt: new Date(),
    })
    .onConflictDoNothing()
    .returning()
  if (rows.length === 0) throw new EmailTakenError()
  return rows[0]!
}

/**
 * Signing up, without telling anyone whether the address was free (signup.tsx): a new address gets
 * its account (unconfirmed) and a link that confirms it and signs in; a registered one gets a note
 * to its owner instead. The password is hashed either way, so both take the same time.
 */
export async function signUp(db: Db, input: { email: string; displayName: string; password: string; birthDate: string; locale: string; origin: string }) {
  const passwordHash = await hashPassword(input.password)
  const { queueMail } = await import('~/mail/mailer.server')
  const { accountExistsMail, verifyEmailMail } = await import('~/mail/messages.server')
  await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        birthDate: input.birthDate,
        locale: input.locale,
        privacyPolicyVersion: PRIVACY_POLICY_VERSION,
        privacyAcceptedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning()
    if (created) {
      const token = await issueEmailToken(tx, { kind: 'verify_email', userId: created.id, email: created.email })
      await queueMail(tx, verifyEmailMail(created, `${input.origin}/verify-email?token=${token}`))
      return
    }
    const existing = await findUserByEmail(tx, input.email)
    if (existing) await queueMail(tx, accountExistsMail(existing, { login: `${input.origin}/login`, reset: `${input.origin}/forgot-password` }))
  })
}

/**
 * A password check under the login throttles (OWASP ASVS 4.0.3 V2.2.1: anti-automation that does
 * not let an attacker lock someone else out). Failures count per address (30 in 15 minutes, any
 * accounts) and per account *and* address: after 5 wrong passwords from one address for one account,
 * that pair waits 30 s, then 60 s, 120 s … up to 15 minutes. Nobody elsewhere can lock the owner out:
 * the owner's own address keeps its own count. A success resets its pair.
 */
export async function authenticateThrottled(db: Db, input: { email: string; password: string; ip: string }) {
  const pair = `${input.email.trim().toLowerCase()}|${input.ip}`
  const wait = (await blockedFor('loginIp', input.ip)) ?? (await blockedFor('loginPairBlock', pair))
  if (wait) return { ok: false, waitSeconds: wait } as const
  const user = await authenticate(db, input.email, input.password)
  if (!user) {
    await hit('loginIp', input.ip)
    const failures = await count('loginPairFailures', pair)
    if (failures >= LOGIN_FREE_FAILURES) await block('loginPairBlock', pair, Math.min(15 * 60, 30 * 2 ** (failures - LOGIN_FREE_FAILURES)))
    return { ok: false, waitSeconds: null } as const
  }
  await reset('loginPairFailures', pair)
  await reset('loginPairBlock', pair)
  return { ok: true, user } as const
}
/** Wrong passwords one address may try for one account before each further try has to wait. */
export const LOGIN_FREE_FAILURES = 5

/** The user for these credentials, or null. Spends the same time whether or not the email exists. */
export async function authenticate(db: Db, email: string, password: string) {
  const user = await findUserByEmail(db, email)
  if (!user?.passwordHash) {
    await verifyPassword(DUMMY_HASH, password)
    return null
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null
}
// argon2id of a random string, so failed lookups cost as much as real checks.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$B/fnT0fj2em/vw8lXVTn6w$+12q1GHgXmcCphMuCA3vRo8YaZWvIFtjYd0vxt6/+vY'


export async function issueEmailToken(
  db: Db,
  input: { kind: 'verify_email' | 'reset_password'; userId: string; email: string },
) {
  const { token, hash } = newToken()
  const ttl = input.kind === 'verify_email' ? VERIFY_HOURS * 3_600_000 : RESET_MINUTES * 60_000
  await db.insert(emailTokens).values({ ...input, tokenHash: hash, expiresAt: new Date(Date.now() + ttl) })
  return token
}

/** A token of this kind that is neither used nor expired. */
function liveToken(kind: 'verify_email' | 'reset_password' | 'invite', token: string) {
  return and(
    eq(emailTokens.tokenHash, hashToken(token)),
    eq(emailTokens.kind, kind),
    isNull(emailTokens.usedAt),
    gt(emailTokens.expiresAt, new Date()),
  )
}

/**
 * Uses a single-use token: marks it used and returns it, or null if unknown, used or expired.
 * The UPDATE's condition makes two concurrent uses impossible.
 */
export async function consumeEmailToken(db: Db, kind: 'verify_email' | 'reset_password' | 'invite', token: string) {
  const [row] = await db
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(liveToken(kind, token))
    .returning()
  return row ?? null
}

/** Looks a token up without using it (to show the reset form only for a live link). */
export async function peekEmailToken(db: Db, kind: 'verify_email' | 'reset_password' | 'invite', token: string) {
  const [row] = await db
    .select()
    .from(emailTokens)
    .where(liveToken(kind, token))
    .limit(1)
  return row ?? null
}

export async function markEmailVerified(db: Db, userId: string) {
  await db.update(users).set({ emailVerifiedAt: new Date() }).where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)))
}

export async function setPassword(db: Db, userId: string, password: string) {
  await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, userId))
}
