/**
 * Sessions live in the database; the cookie carries only an opaque random token (its SHA-256 is
 * the row's key). HttpOnly, SameSite=Lax; Secure with the `__Host-` prefix when served over HTTPS.
 * Logging in always issues a new token (session fixation), and logging out can end one session or
 * every session of the account.
 */
import { createCookie } from '@remix-run/node'
import { and, eq, gt, lt } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { sessions, users } from '~db/schema'
import { isSecureDeployment } from './env.server'
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

export type SessionUser = Pick<typeof users.$inferSelect, 'id' | 'email' | 'displayName' | 'isAdmin' | 'birthDate' | 'emailVerifiedAt'>

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
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, new Date())))
    .limit(1)
  return row ?? null
}

/** Starts a session (replacing the request's old one, if any); returns the Set-Cookie value. */
export async function startSession(db: Db, request: Request, userId: string): Promise<string> {
  const old = await tokenFrom(request)
  if (old) await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(old)))
  const { token, hash } = newToken()
  await db.insert(sessions).values({
    tokenHash: hash,
    userId,
    expiresAt: new Date(Date.now() + SESSION_MS),
    userAgent: request.headers.get('User-Agent')?.slice(0, 300) ?? null,
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
