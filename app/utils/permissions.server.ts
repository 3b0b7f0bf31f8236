/**
 * The one permissions module. Roles: every signed-in user is a donor; organisation members are
 * owners or editors of one organisation; admins are platform staff. Guards throw: a redirect to the
 * login page for anonymous visitors, a 403 for signed-in people without the role.
 */
import { redirect } from '@remix-run/node'
import { and, eq } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { organizationMembers, users } from '~db/schema'
import { db as appDb } from './db.server'
import { getSessionUser, type SessionUser } from './session.server'
import { invariantResponse } from '~/utils/http.server'

export type OrgRole = 'owner' | 'editor'

export function getOptionalUser(request: Request, db: Db = appDb()) {
  return getSessionUser(db, request)
}

function loginRedirect(request: Request) {
  const url = new URL(request.url)
  const back = request.method === 'GET' ? url.pathname + url.search : url.pathname
  return redirect(`/login?redirectTo=${encodeURIComponent(back)}`)
}

export async function requireUser(request: Request, db: Db = appDb()): Promise<SessionUser> {
  const user = await getSessionUser(db, request)
  if (!user) throw loginRedirect(request)
  return user
}

/**
 * A platform admin whose session proved a second factor. An admin without one is sent to enrol
 * (that is all they can do as an admin); one who has a factor but signed in on this device without
 * it is asked for it. Everyone else: 403.
 */
export async function requireAdmin(request: Request, db: Db = appDb()): Promise<SessionUser> {
  const user = await requireUser(request, db)
  if (user.adminStep === 'enrol') throw redirect('/account/security?required=admin')
  if (user.adminStep === 'verify') {
    const url = new URL(request.url)
    throw redirect(`/account/verify?redirectTo=${encodeURIComponent(request.method === 'GET' ? url.pathname + url.search : url.pathname)}`)
  }
  if (!user.isAdmin) throw new Response('Forbidden', { status: 403 })
  return user
}

/** An owner may do everything an editor may. */
export function roleSatisfies(actual: OrgRole | null, needed: OrgRole) {
  if (actual === 'owner') return true
  return actual === 'editor' && needed === 'editor'
}

export async function getOrgRole(db: Db, organizationId: string, userId: string): Promise<OrgRole | null> {
  const [row] = await db
    .select({ role: organizationMembers.role })
    .from(organizationMembers)
    .where(and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, userId)))
    .limit(1)
  return row?.role ?? null
}

/**
 * The acting user's role in an organisation, at least `needed`, or the request ends: a login
 * redirect, a 403 — or a 404 when the thing is not public (`hidden`: a draft project, a pending
 * organisation) and the user has no part in it, so that an outsider cannot tell it from one that
 * does not exist.
 */
export async function requireOrgRole(
  request: Request,
  organizationId: string,
  needed: OrgRole,
  options: { hidden?: boolean; db?: Db } = {},
): Promise<{ user: SessionUser; role: OrgRole }> {
  const db = options.db ?? appDb()
  // Signed out, a hidden thing is not found (a login redirect would say it exists).
  if (options.hidden) invariantResponse(await getOptionalUser(request, db), 404, 'Not found')
  const user = await requireUser(request, db)
  const role = await getOrgRole(db, organizationId, user.id)
  if (!roleSatisfies(role, needed)) {
    invariantResponse(!options.hidden || role || user.isAdmin, 404, 'Not found')
    throw new Response('Forbidden', { status: 403 })
  }
  return { user, role: role! }
}

/** A public organisation's pages exist for everyone; a pending or rejected one only for its people. */
export function organizationIsPublic(status: string) {
  return status === 'approved' || status === 'suspended'
}

/** The language an account chose (the language switch sets it); its emails go out in it. */
export async function accountLanguage(userId: string) {
  const [row] = await appDb().select({ locale: users.locale }).from(users).where(eq(users.id, userId))
  return row?.locale ?? null
}
