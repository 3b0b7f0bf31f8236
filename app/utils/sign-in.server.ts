/**
 * Signing in, in steps: the password (or a passkey), then — for an account with a second factor —
 * a one-time code, a passkey or a recovery code; and proving it again before money or power moves.
 *
 * Between the password and the code, the browser holds a signed, ten-minute "pending sign-in"
 * cookie naming the account; no session exists until the second step passes. A browser is known to
 * an account by a random id in a long-lived cookie (only its hash is stored); a new one signing in to
 * an account with power (an admin, an organisation's member) is told to its owner by email.
 */
import { createCookie, redirect } from '@remix-run/node'
import { and, eq } from 'drizzle-orm'
import UAParser from 'ua-parser-js'
import type { Db } from '~db/client.server'
import { knownDevices, organizationMembers, users } from '~db/schema'
import { newDeviceMail } from '~/mail/messages.server'
import { isSecureDeployment, sessionSecret } from './env.server'
import { safeRedirectPath } from './http.server'
import { clientIp } from './rate-limit.server'
import { networkOf, startSession, type SessionUser } from './session.server'
import { toastHeader } from './toast.server'
import { hashToken, newToken } from './tokens.server'

/** How long a proof of identity holds for money and power moves (docs/security.md). */
export const REAUTH_MINUTES = 5
/** Expenses from this amount (in fen: ¥10,000) ask for a fresh proof, like refunds. */
export const REAUTH_EXPENSE_FROM = 1_000_000n

const PENDING_SECONDS = 10 * 60

let pendingCookie: ReturnType<typeof createCookie> | undefined
function pending() {
  pendingCookie ??= createCookie('sl_pending_sign_in', {
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureDeployment(),
    path: '/',
    maxAge: PENDING_SECONDS,
    secrets: [sessionSecret()],
  })
  return pendingCookie
}

let deviceCookie: ReturnType<typeof createCookie> | undefined
function device() {
  deviceCookie ??= createCookie('sl_device', { httpOnly: true, sameSite: 'lax', secure: isSecureDeployment(), path: '/', maxAge: 400 * 86_400 })
  return deviceCookie
}

export interface PendingSignIn {
  userId: string
  redirectTo: string
}

/** The cookie that carries a password-checked sign-in to its second step. */
export async function pendingSignInCookie(value: PendingSignIn) {
  return pending().serialize({ u: value.userId, r: value.redirectTo, e: Date.now() + PENDING_SECONDS * 1000 })
}

export async function readPendingSignIn(request: Request): Promise<PendingSignIn | null> {
  const value = (await pending().parse(request.headers.get('Cookie'))) as { u?: unknown; r?: unknown; e?: unknown } | null
  if (!value || typeof value.u !== 'string' || typeof value.e !== 'number' || value.e < Date.now()) return null
  return { userId: value.u, redirectTo: safeRedirectPath(typeof value.r === 'string' ? value.r : null, '/account') }
}

export const clearPendingSignIn = () => pending().serialize('', { maxAge: 0 })

/** "Chrome on macOS" from a User-Agent header (ua-parser-js), or null. */
export function describeBrowser(userAgent: string | null | undefined) {
  if (!userAgent) return null
  const parsed = new UAParser(userAgent).getResult()
  const browser = parsed.browser.name
  const os = [parsed.os.name, parsed.os.version].filter(Boolean).join(' ')
  if (!browser && !os) return null
  return [browser, os].filter(Boolean).join(' · ')
}

async function hasPower(db: Db, userId: string) {
  const [row] = await db
    .select({ isAdmin: users.isAdmin, member: organizationMembers.userId })
    .from(users)
    .leftJoin(organizationMembers, eq(organizationMembers.userId, users.id))
    .where(eq(users.id, userId))
    .limit(1)
  return Boolean(row?.isAdmin || row?.member)
}

/**
 * Ends a sign-in that passed every step: a new session (a second factor proved or not), the
 * browser's id remembered (its owner told if it is new and the account has power), a welcome toast,
 * and a redirect where the person was going.
 */
export async function completeSignIn(
  db: Db,
  request: Request,
  context: { clientIp?: string },
  input: { userId: string; secondFactor: boolean; redirectTo: string; toast?: { key: string } },
) {
  const headers = new Headers()
  const ip = clientIp(context)
  headers.append('Set-Cookie', await startSession(db, request, input.userId, { secondFactor: input.secondFactor, ip }))
  headers.append('Set-Cookie', await clearPendingSignIn())
  let deviceId = (await device().parse(request.headers.get('Cookie'))) as unknown
  if (typeof deviceId !== 'string' || deviceId.length < 20 || deviceId.length > 100) {
    deviceId = newToken().token
    headers.append('Set-Cookie', await device().serialize(deviceId))
  }
  const deviceHash = hashToken(deviceId as string)
  const [known] = await db.select().from(knownDevices).where(and(eq(knownDevices.userId, input.userId), eq(knownDevices.deviceHash, deviceHash)))
  if (!known) {
    const [first] = await db.select({ userId: knownDevices.userId }).from(knownDevices).where(eq(knownDevices.userId, input.userId)).limit(1)
    await db.insert(knownDevices).values({ userId: input.userId, deviceHash }).onConflictDoNothing()
    // The very first browser of an account is not news to its owner.
    if (first && (await hasPower(db, input.userId))) {
      const [user] = await db.select({ email: users.email, displayName: users.displayName, locale: users.locale }).from(users).where(eq(users.id, input.userId))
      const { queueMail } = await import('~/mail/mailer.server')
      if (user) {
        await queueMail(
          db,
          newDeviceMail(user, {
            browser: describeBrowser(request.headers.get('User-Agent')) ?? '',
            network: networkOf(ip) ?? '',
            at: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
          }),
        )
      }
    }
  }
  const [user] = await db.select({ displayName: users.displayName }).from(users).where(eq(users.id, input.userId))
  headers.append('Set-Cookie', await toastHeader(input.toast ?? { key: 'toastAuth.loggedIn', values: { name: user?.displayName ?? '' } }))
  return redirect(safeRedirectPath(input.redirectTo, '/account'), { headers })
}

/** Where a person proves who they are again, coming back to `back` afterwards. */
export function reauthPath(back: string) {
  return `/account/verify?redirectTo=${encodeURIComponent(safeRedirectPath(back, '/account'))}`
}

/** The page to come back to after re-authenticating: a GET's own URL, or the page a form was posted from. */
function backTo(request: Request) {
  const url = new URL(request.url)
  return url.pathname + (request.method === 'GET' ? url.search : '')
}

export function isRecentlyVerified(user: Pick<SessionUser, 'verifiedAt'>, now = Date.now()) {
  return now - user.verifiedAt.getTime() < REAUTH_MINUTES * 60_000
}

/**
 * Before money or power moves (refunds, large expenses, approvals, suspensions, role changes): the
 * person proved who they are on this device within the last few minutes, or is sent to do so.
 */
export function requireRecentVerification(request: Request, user: Pick<SessionUser, 'verifiedAt'>) {
  if (!isRecentlyVerified(user)) throw redirect(reauthPath(backTo(request)))
}
