/**
 * Second factors: a one-time-code generator (TOTP, RFC 6238 — what authenticator apps read from a
 * QR code), passkeys (WebAuthn) and single-use recovery codes. Admins must have one (ADR 0010);
 * everyone may. Every change is audited and told to the account's owner by email.
 *
 * Functions take the acting user and touch only that user's factors.
 */
import { createHash, randomBytes } from 'node:crypto'
import { generateTOTP, getTOTPAuthUri, verifyTOTP } from '@epic-web/totp'
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server'
import { and, count, desc, eq, gt, isNotNull, isNull, lt, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { auditLog, passkeys, recoveryCodes, totpFactors, users, webauthnChallenges } from '~db/schema'
import { factorChangedMail } from '~/mail/messages.server'
import { blockedFor, hit, reset } from '~/utils/rate-limit.server'
import { qrSvg } from '~/utils/qr.server'
import { hasSecondFactorSql } from '~/utils/session.server'
import { currentStep, newTotpSecret, totpAt } from '~/utils/totp-code.server'

/** Authenticator apps read SHA-1, 6 digits, 30 s; a code one step either side is accepted (clock drift). */
const TOTP = { algorithm: 'SHA-1', digits: 6, period: 30 } as const
export const RECOVERY_CODE_COUNT = 10
const CHALLENGE_MINUTES = 5

type Actor = { id: string; email: string; displayName: string }

/** An entry in the audit log about the person's own account (factor changes, devices signed out). */
export async function audit(db: Db, actorId: string, action: string, details: Record<string, unknown> = {}) {
  await db.insert(auditLog).values({ actorId, action, targetType: 'user', targetId: actorId, details })
}

async function tellOwner(db: Db, userId: string, change: FactorChange) {
  const { queueMail } = await import('~/mail/mailer.server')
  const [user] = await db.select({ email: users.email, displayName: users.displayName, locale: users.locale }).from(users).where(eq(users.id, userId))
  if (user) await queueMail(db, factorChangedMail(user, change))
}

export type FactorChange = 'totpAdded' | 'totpRemoved' | 'passkeyAdded' | 'passkeyRemoved' | 'recoveryRegenerated' | 'recoveryUsed'

export interface FactorSummary {
  totp: boolean
  passkeys: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; backedUp: boolean }[]
  recoveryLeft: number
}

export async function factorsOf(db: Db, userId: string): Promise<FactorSummary> {
  const [totp] = await db.select({ confirmedAt: totpFactors.confirmedAt }).from(totpFactors).where(eq(totpFactors.userId, userId))
  const keys = await db
    .select({ id: passkeys.id, name: passkeys.name, createdAt: passkeys.createdAt, lastUsedAt: passkeys.lastUsedAt, backedUp: passkeys.backedUp })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(desc(passkeys.createdAt))
  const [left] = await db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
  return { totp: Boolean(totp?.confirmedAt), passkeys: keys, recoveryLeft: left?.n ?? 0 }
}

export const hasAnyFactor = (f: FactorSummary) => f.totp || f.passkeys.length > 0

export async function userHasSecondFactor(db: Db, userId: string) {
  const [row] = await queryRows<{ has: boolean }>(db, sql`select ${hasSecondFactorSql(userId)} as has`)
  return Boolean(row?.has)
}

// ── One-time codes ──────────────────────────────────────────────────────────

/**
 * Starts (or restarts) enrolling a code generator: a new secret, not yet in force. The person scans
 * the QR code and confirms with a code before it counts; a generator already in force stays until then.
 */
export async function beginTotpEnrolment(db: Db, user: Actor, issuer: string) {
  const [existing] = await db.select().from(totpFactors).where(eq(totpFactors.userId, user.id))
  if (existing?.confirmedAt) return { ok: false as const, reason: 'alreadyEnabled' as const }
  const { secret } = await generateTOTP({ ...TOTP, secret: newTotpSecret() })
  await db
    .insert(totpFactors)
    .values({ userId: user.id, secret })
    .onConflictDoUpdate({ target: totpFactors.userId, set: { secret, createdAt: sql`now()`, lastStep: null } })
  return { ok: true as const, ...(await enrolmentPicture(secret, user.email, issuer)) }
}

/** The enrolment in progress (the QR code again, after a wrong code). */
export async function pendingTotpEnrolment(db: Db, user: Actor, issuer: string) {
  const [row] = await db.select().from(totpFactors).where(and(eq(totpFactors.userId, user.id), isNull(totpFactors.confirmedAt)))
  return row ? enrolmentPicture(row.secret, user.email, issuer) : null
}

async function enrolmentPicture(secret: string, accountName: string, issuer: string) {
  const uri = getTOTPAuthUri({ ...TOTP, secret, accountName, issuer })
  return { secret, uri, qr: await qrSvg(uri) }
}


/** The step a code belongs to, or null (wrong code). */
async function stepOf(secret: string, code: string) {
  if (!/^\d{6}$/.test(code)) return null
  const result = await verifyTOTP({ ...TOTP, otp: code, secret, window: 1 })
  return result ? currentStep() + result.delta : null
}

/**
 * Confirms the enrolment with a code from the app: the generator is in force from now on, and the
 * first recovery codes are returned (shown once, stored only as hashes).
 */
export async function confirmTotpEnrolment(db: Db, user: Actor, code: string) {
  const [row] = await db.select().from(totpFactors).where(and(eq(totpFactors.userId, user.id), isNull(totpFactors.confirmedAt)))
  if (!row) return { ok: false as const, reason: 'noEnrolment' as const }
  const step = await stepOf(row.secret, normaliseCode(code))
  if (step === null) return { ok: false as const, reason: 'wrongCode' as const }
  return db.transaction(async (tx) => {
    const confirmed = await tx
      .update(totpFactors)
      .set({ confirmedAt: sql`now()`, lastStep: step })
      .where(and(eq(totpFactors.userId, user.id), isNull(totpFactors.confirmedAt), eq(totpFactors.secret, row.secret)))
      .returning({ userId: totpFactors.userId })
    if (confirmed.length === 0) return { ok: false as const, reason: 'noEnrolment' as const }
    const codes = (await recoveryLeft(tx, user.id)) > 0 ? null : await replaceRecoveryCodes(tx, user.id)
    await audit(tx, user.id, 'factor.totp_added')
    await tellOwner(tx, user.id, 'totpAdded')
    return { ok: true as const, recoveryCodes: codes }
  })
}

export async function removeTotp(db: Db, user: Actor) {
  return db.transaction(async (tx) => {
    const removed = await tx.delete(totpFactors).where(eq(totpFactors.userId, user.id)).returning({ confirmedAt: totpFactors.confirmedAt })
    if (!removed[0]?.confirmedAt) return false
    await audit(tx, user.id, 'factor.totp_removed')
    await tellOwner(tx, user.id, 'totpRemoved')
    await dropRecoveryCodesWithoutFactors(tx, user.id)
    return true
  })
}

// ── Recovery codes ─────────────────────────────────────────────────────────

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789' // no 0/o, 1/l/i

function newRecoveryCode() {
  const bytes = randomBytes(10)
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('')
  return `${chars.slice(0, 5)}-${chars.slice(5)}`
}

/** What a person types: spaces, dashes and case do not matter. */
export function normaliseCode(input: string) {
  return input.toLowerCase().replace(/[\s-]/g, '')
}

const hashRecoveryCode = (code: string) => createHash('sha256').update(`sunlight-recovery:${normaliseCode(code)}`).digest('base64url')

async function recoveryLeft(db: Db, userId: string) {
  const [row] = await db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
  return row?.n ?? 0
}

async function replaceRecoveryCodes(db: Db, userId: string) {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
  await db.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })))
  return codes
}

/** New recovery codes (the old ones stop working); only for someone with a factor to recover. */
export async function regenerateRecoveryCodes(db: Db, user: Actor) {
  return db.transaction(async (tx) => {
    if (!hasAnyFactor(await factorsOf(tx, user.id))) return null
    const codes = await replaceRecoveryCodes(tx, user.id)
    await audit(tx, user.id, 'factor.recovery_regenerated')
    await tellOwner(tx, user.id, 'recoveryRegenerated')
    return codes
  })
}

async function dropRecoveryCodesWithoutFactors(db: Db, userId: string) {
  if (!hasAnyFactor(await factorsOf(db, userId))) await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
}

// ── Proving a factor ────────────────────────────────────────────────────────

/** Wrong codes one account may enter per 15 minutes (a 6-digit code has three live values). */
export const CODE_ATTEMPTS = 10

export type CodeCheck = { ok: true; method: 'totp' | 'recovery' } | { ok: false; reason: 'wrongCode' | 'tooMany'; waitSeconds?: number }

/**
 * A one-time code or a recovery code of this user. A code is good once: the same code again (a
 * replay, or the same code twice within its 30 s) is refused, and a recovery code is spent.
 */
export async function verifySecondFactorCode(db: Db, userId: string, input: string): Promise<CodeCheck> {
  const wait = await blockedFor('secondFactorUser', userId)
  if (wait) return { ok: false, reason: 'tooMany', waitSeconds: wait }
  const code = normaliseCode(input)
  const [totp] = await db.select().from(totpFactors).where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt)))
  if (totp && /^\d{6}$/.test(code)) {
    const step = await stepOf(totp.secret, code)
    if (step !== null) {
      const used = await db
        .update(totpFactors)
        .set({ lastStep: step })
        .where(and(eq(totpFactors.userId, userId), sql`(${totpFactors.lastStep} is null or ${totpFactors.lastStep} < ${step})`))
        .returning({ userId: totpFactors.userId })
      if (used.length > 0) {
        await reset('secondFactorUser', userId)
        return { ok: true, method: 'totp' }
      }
    }
  } else if (code.length === 10) {
    const spent = await db.transaction(async (tx) => {
      const rows = await tx
        .update(recoveryCodes)
        .set({ usedAt: sql`now()` })
        .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
        .returning({ id: recoveryCodes.id })
      if (rows.length === 0) return false
      await audit(tx, userId, 'factor.recovery_used', { left: await recoveryLeft(tx, userId) })
      await tellOwner(tx, userId, 'recoveryUsed')
      return true
    })
    if (spent) {
      await reset('secondFactorUser', userId)
      return { ok: true, method: 'recovery' }
    }
  }
  await hit('secondFactorUser', userId)
  return { ok: false, reason: 'wrongCode' }
}

// ── Passkeys ────────────────────────────────────────────────────────────────

export interface RelyingParty {
  /** The site's host name (a passkey belongs to it). */
  id: string
  name: string
  /** The origin the browser reports (https://sunlight.example.org, or http://localhost:3000). */
  origin: string
}

export function relyingPartyFor(origin: string): RelyingParty {
  return { id: new URL(origin).hostname, name: 'Sunlight 阳光公益', origin }
}

async function storeChallenge(db: Db, challenge: string, purpose: 'register' | 'authenticate', userId: string | null) {
  await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, new Date()))
  await db.insert(webauthnChallenges).values({ challenge, purpose, userId, expiresAt: new Date(Date.now() + CHALLENGE_MINUTES * 60_000) })
}

/** Takes a challenge this server handed out (once, unexpired, for this purpose and person). */
async function takeChallenge(db: Db, challenge: string, purpose: 'register' | 'authenticate', userId: string | null) {
  const taken = await db
    .delete(webauthnChallenges)
    .where(
      and(
        eq(webauthnChallenges.challenge, challenge),
        eq(webauthnChallenges.purpose, purpose),
        userId ? eq(webauthnChallenges.userId, userId) : isNull(webauthnChallenges.userId),
        gt(webauthnChallenges.expiresAt, new Date()),
      ),
    )
    .returning({ challenge: webauthnChallenges.challenge })
  return taken.length > 0
}

/** The browser's WebAuthn answer, posted as JSON in a form field, or null when it is not an object. */
export function webAuthnResponseIn(form: FormData): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(String(form.get('response') ?? '')) as unknown
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** The challenge inside a browser's answer (base64url JSON of the client data), or null. */
function challengeIn(clientDataJSON: unknown): string | null {
  if (typeof clientDataJSON !== 'string' || clientDataJSON.length > 4_000) return null
  try {
    const parsed = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown }
    return typeof parsed.challenge === 'string' ? parsed.challenge : null
  } catch {
    return null
  }
}

export async function passkeyRegistrationOptions(db: Db, user: Actor, rp: RelyingParty) {
  const existing = await db.select({ id: passkeys.id, transports: passkeys.transports }).from(passkeys).where(eq(passkeys.userId, user.id))
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.displayName,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports?.split(',') })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  })
  await storeChallenge(db, options.challenge, 'register', user.id)
  return options
}

export async function registerPasskey(db: Db, user: Actor, rp: RelyingParty, response: RegistrationResponseJSON, name: string) {
  const challenge = challengeIn(response?.response?.clientDataJSON)
  if (!challenge || !(await takeChallenge(db, challenge, 'register', user.id))) return { ok: false as const, reason: 'expired' as const }
  let verification
  try {
    verification = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: true })
  } catch {
    return { ok: false as const, reason: 'invalid' as const }
  }
  if (!verification.verified) return { ok: false as const, reason: 'invalid' as const }
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(passkeys)
      .values({
        id: credential.id,
        userId: user.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: credential.transports?.join(',') ?? null,
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
        name: name.trim().slice(0, 60) || 'Passkey',
      })
      .onConflictDoNothing()
      .returning({ id: passkeys.id })
    if (inserted.length === 0) return { ok: false as const, reason: 'invalid' as const }
    const codes = (await recoveryLeft(tx, user.id)) > 0 ? null : await replaceRecoveryCodes(tx, user.id)
    await audit(tx, user.id, 'factor.passkey_added', { name })
    await tellOwner(tx, user.id, 'passkeyAdded')
    return { ok: true as const, recoveryCodes: codes }
  })
}

export async function removePasskey(db: Db, user: Actor, id: string) {
  return db.transaction(async (tx) => {
    const removed = await tx.delete(passkeys).where(and(eq(passkeys.userId, user.id), eq(passkeys.id, id))).returning({ name: passkeys.name })
    if (removed.length === 0) return false
    await audit(tx, user.id, 'factor.passkey_removed', { name: removed[0]!.name })
    await tellOwner(tx, user.id, 'passkeyRemoved')
    await dropRecoveryCodesWithoutFactors(tx, user.id)
    return true
  })
}

/**
 * Options for proving a passkey: for signing in (any passkey of this site; the browser offers the
 * person's own), or for a signed-in person (theirs only).
 */
export async function passkeyAuthenticationOptions(db: Db, rp: RelyingParty, userId: string | null) {
  const allow = userId ? await db.select({ id: passkeys.id, transports: passkeys.transports }).from(passkeys).where(eq(passkeys.userId, userId)) : []
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    userVerification: 'required',
    allowCredentials: allow.map((p) => ({ id: p.id, transports: p.transports?.split(',') })),
  })
  await storeChallenge(db, options.challenge, 'authenticate', userId)
  return options
}

/**
 * Checks a passkey's answer: the user it belongs to (the one asked for, when `userId` is given), or
 * null. A passkey with user verification is two factors in one (the device and its PIN or biometric).
 */
export async function verifyPasskey(db: Db, rp: RelyingParty, response: AuthenticationResponseJSON, userId: string | null) {
  const challenge = challengeIn(response?.response?.clientDataJSON)
  if (!challenge || typeof response?.id !== 'string' || !(await takeChallenge(db, challenge, 'authenticate', userId))) return null
  const [key] = await db.select().from(passkeys).where(eq(passkeys.id, response.id))
  if (!key || (userId && key.userId !== userId)) return null
  let verification
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: { id: key.id, publicKey: new Uint8Array(Buffer.from(key.publicKey, 'base64url')), counter: key.counter, transports: key.transports?.split(',') },
    })
  } catch {
    return null
  }
  if (!verification.verified) return null
  // A counter that went backwards means a cloned authenticator (synced passkeys keep it at 0).
  const { newCounter } = verification.authenticationInfo
  const moved = await db
    .update(passkeys)
    .set({ counter: newCounter, lastUsedAt: sql`now()` })
    .where(and(eq(passkeys.id, key.id), sql`((${newCounter} = 0 and ${passkeys.counter} = 0) or ${passkeys.counter} < ${newCounter})`))
    .returning({ userId: passkeys.userId })
  return moved[0]?.userId ?? null
}

/**
 * The demo's seeded accounts (…@sunlight.demo) use a code generator whose secret the README
 * publishes; with DEMO_MODE the second-step page shows the current code. Any other account: null.
 */
export async function demoTotpSecretFor(db: Db, userId: string) {
  const [row] = await db
    .select({ email: users.email, secret: totpFactors.secret, lastStep: totpFactors.lastStep })
    .from(totpFactors)
    .innerJoin(users, eq(users.id, totpFactors.userId))
    .where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt)))
  return row && row.email.endsWith('@sunlight.demo') ? { secret: row.secret, lastStep: row.lastStep } : null
}

/** The demo hint: the first code not used yet (this step's, or the next one's), or null when both are spent. */
export function demoCode(demo: { secret: string; lastStep: number | null }, now = Date.now()) {
  const step = Math.max(currentStep(now), (demo.lastStep ?? 0) + 1)
  return step <= currentStep(now) + 1 ? totpAt(demo.secret, step) : null
}
