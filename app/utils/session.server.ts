/**
 * Sessions live in the database; the cookie carries only an opaque random token (its SHA-256 is
 * the row's key). HttpOnly, SameSite=Lax; Secure with the `__Host-` prefix when served over HTTPS.
 * Logging in always issues a new token (session fixation), and logging out can end one session or
 * every session of the account.
 */
import { createCookie } from '@remix-run/node'
import { and, desc, eq, gt, lt, ne, sql } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { sessions, users } from '~db/schema'
import { isSecureDeployment } from './env.server'
import { isUuid } from './ids'
import { hashToken, newToken } from './tokens.server'

export const SESSION_DAYS = 30
const SESSION_MS = SESSION_DAYS * 86_400_000

let cookie: ReturnType<typeof createCookie> | undefined
function sessionCookie() {
  const secure = isSecureDeployment()
  cookie ??= createCookie(secure ? '__Host-sl_session' : 'sl_session', {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: SESSION_MS / 1000,
  })
  return cookie
}

async function tokenFrom(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 20 && value.length < 100 ? value : null
}

type UserRow = Pick<typeof users.$inferSelect, 'id' | 'email' | 'displayName' | 'birthDate' | 'emailVerifiedAt'>

/**
 * The signed-in person as this session knows them. `isAdmin` holds only once the session proved a
 * second factor: an admin signed in with a password alone has a donor's rights everywhere, and
 * `adminStep` says what the admin area asks of them first (enrol a factor, or use the one they have).
 */
export type SessionUser = UserRow & {
  isAdmin: boolean
  adminStep: 'enrol' | 'verify' | null
  hasSecondFactor: boolean
  /** The session's public id (for "sign out this device"). */
  sessionId: string
  secondFactorAt: Date | null
  verifiedAt: Date
}

/** How often a session's "last seen" is written: a list of devices needs minutes, not every request. */
const LAST_SEEN_EVERY_MS = 5 * 60_000

/** The signed-in user, or null. Memoised per request, since loaders run in parallel. */
const perRequest = new WeakMap<Request, Promise<SessionUser | null>>()
export function getSessionUser(db: Db, request: Request): Promise<SessionUser | null> {
  let pending = perRequest.get(request)
  if (!pending) {
    pending = lookup(db, request)
    perRequest.set(request, pending)
  }
  return pending
}

/** Forgets what this request already looked up (after its session changed in an action). */
export function forgetSessionUser(request: Request) {
  perRequest.delete(request)
}

/** A second factor is a confirmed one-time-code generator or a passkey. */
export const hasSecondFactorSql = (userId: unknown) =>
  sql<boolean>`(exists (select 1 from totp_factors f where f.user_id = ${userId} and f.confirmed_at is not null) or exists (select 1 from passkeys p where p.user_id = ${userId}))`

async function lookup(db: Db, request: Request): Promise<SessionUser | null> {
  const token = await tokenFrom(request)
  if (!token) return null
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      isAdmin: users.isAdmin,
      birthDate: users.birthDate,
      emailVerifiedAt: users.emailVerifiedAt,
      sessionId: sessions.id,
      secondFactorAt: sessions.secondFactorAt,
      verifiedAt: sessions.verifiedAt,
      lastSeenAt: sessions.lastSeenAt,
      hasSecondFactor: hasSecondFactorSql(users.id),
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, new Date())))
    .limit(1)
  if (!row) return null
  if (Date.now() - row.lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, row.sessionId))
  }
  const { lastSeenAt: _seen, isAdmin: admin, ...user } = row
  const proved = admin && row.secondFactorAt !== null && row.hasSecondFactor
  return { ...user, isAdmin: proved, adminStep: admin && !proved ? (row.hasSecondFactor ? 'verify' : 'enrol') : null }
}

/** The network of an address, never the address itself: IPv4 /24, IPv6 /48. */
export function networkOf(ip: string | undefined | null): string | null {
  if (!ip || ip === 'unknown') return null
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(ip)
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`
  if (ip.includes(':')) {
    const groups = ip.split('::')[0]!.split(':').filter(Boolean)
    return `${[...groups, '0', '0', '0'].slice(0, 3).join(':')}::/48`
  }
  return null
}

/**
 * Starts a session (replacing the request's old one, if any); returns the Set-Cookie value.
 * `secondFactor`: the sign-in proved one (a code, a passkey, a recovery code) besides or instead of the password.
 */
export async function startSession(db: Db, request: Request, userId: string, { secondFactor = false, ip }: { secondFactor?: boolean; ip?: string } = {}): Promise<string> {
  const old = await tokenFrom(request)
  if (old) await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(old)))
  forgetSessionUser(request)
  const { token, hash } = newToken()
  const now = new Date()
  await db.insert(sessions).values({
    tokenHash: hash,
    userId,
    expiresAt: new Date(Date.now() + SESSION_MS),
    userAgent: request.headers.get('User-Agent')?.slice(0, 300) ?? null,
    secondFactorAt: secondFactor ? now : null,
    verifiedAt: now,
    lastSeenAt: now,
    network: networkOf(ip),
  })
  // Housekeeping: expired sessions of anyone are useless.
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()))
  return sessionCookie().serialize(token)
}

/** Ends this device's session, or all of the user's sessions; returns the cookie-clearing header. */
export async function endSession(db: Db, request: Request, { everywhere = false } = {}): Promise<string> {
  const token = await tokenFrom(request)
  if (token) {
    if (everywhere) {
      const [row] = await db.select({ userId: sessions.userId }).from(sessions).where(eq(sessions.tokenHash, hashToken(token)))
      if (row) await db.delete(sessions).where(eq(sessions.userId, row.userId))
    } else {
      await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)))
    }
  }
  return sessionCookie().serialize('', { maxAge: 0 })
}

export async function endAllSessions(db: Db, userId: string) {
  await db.delete(sessions).where(eq(sessions.userId, userId))
}

/** The person proved who they are again on this session (re-authentication, or a second factor). */
export async function markVerified(db: Db, sessionId: string, { secondFactor }: { secondFactor: boolean }) {
  const now = new Date()
  await db
    .update(sessions)
    .set(secondFactor ? { verifiedAt: now, secondFactorAt: now } : { verifiedAt: now })
    .where(eq(sessions.id, sessionId))
}

export interface DeviceSession {
  id: string
  userAgent: string | null
  network: string | null
  createdAt: Date
  lastSeenAt: Date
}

/** The user's signed-in devices, most recently seen first. */
export async function sessionsOf(db: Db, userId: string): Promise<DeviceSession[]> {
  return db
    .select({ id: sessions.id, userAgent: sessions.userAgent, network: sessions.network, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.lastSeenAt))
}

/** Signs out one of the user's own devices (another person's session id changes nothing); true if one ended. */
export async function endSessionById(db: Db, { userId, sessionId }: { userId: string; sessionId: string }) {
  if (!isUuid(sessionId)) return false
  const ended = await db.delete(sessions).where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId))).returning({ id: sessions.id })
  return ended.length > 0
}

/** Signs out every device of the user but this one; returns how many. */
export async function endOtherSessions(db: Db, { userId, keep }: { userId: string; keep: string }) {
  const ended = await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keep))).returning({ id: sessions.id })
  return ended.length
}
