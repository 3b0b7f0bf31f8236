/**
 * Passkey ceremonies for signing in (`signin`: no password), for the second step after a password
 * (`second`: the pending sign-in's account only) and for proving it is you again (`reauth`: the
 * signed-in person's own passkeys). A resource route: the browser's passkey component posts a form
 * and reads JSON.
 */
import { type ActionFunctionArgs } from '@remix-run/node'
import { audit, passkeyAuthenticationOptions, relyingPartyFor, verifyPasskey, webAuthnResponseIn } from '~/models/factors.server'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { safeRedirectPath } from '~/utils/http.server'
import { getOptionalUser } from '~/utils/permissions.server'
import { markVerified } from '~/utils/session.server'
import { completeSignIn, readPendingSignIn } from '~/utils/sign-in.server'
import { requestOrigin } from '~/utils/site.server'
import { toastHeader } from '~/utils/toast.server'

const json = (body: unknown, status = 200, headers: HeadersInit = {}) =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...Object.fromEntries(new Headers(headers)) } })

async function whoFor(request: Request, purpose: string) {
  if (purpose === 'signin') return { userId: null }
  if (purpose === 'second') {
    const pending = await readPendingSignIn(request)
    return pending ? { userId: pending.userId, pending } : null
  }
  if (purpose === 'reauth') {
    const user = await getOptionalUser(request)
    return user ? { userId: user.id, user } : null
  }
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const purpose = String(form.get('purpose') ?? '')
  const intent = form.get('intent')
  const who = await whoFor(request, purpose)
  if (!who) return json({ error: 'security.sessionExpired' }, 401)
  const rp = relyingPartyFor(requestOrigin(request))
  if (intent === 'options') return json({ options: await passkeyAuthenticationOptions(db(), rp, who.userId) })
  if (intent !== 'verify') return json({ error: 'security.passkeyFailed' }, 400)
  const response = webAuthnResponseIn(form)
  if (!response) return json({ error: 'security.passkeyFailed' }, 400)
  const userId = await verifyPasskey(db(), rp, response as unknown as Parameters<typeof verifyPasskey>[2], who.userId)
  if (!userId) return json({ error: 'security.passkeyFailed' }, 400)
  const redirectTo = safeRedirectPath(form.get('redirectTo'), 'pending' in who ? who.pending!.redirectTo : '/account')
  if ('user' in who && who.user) {
    await markVerified(db(), who.user.sessionId, { secondFactor: true })
    await audit(db(), who.user.id, 'auth.reauthenticated', { with: 'passkey', for: redirectTo })
    return json({ redirectTo }, 200, { 'Set-Cookie': await toastHeader({ key: 'security.verifiedToast' }) })
  }
  // Signed in: the cookies of the redirect completeSignIn would send, with its target as JSON.
  const signedIn = await completeSignIn(db(), request, context, { userId, secondFactor: true, redirectTo })
  const headers = new Headers()
  for (const cookie of signedIn.headers.getSetCookie()) headers.append('Set-Cookie', cookie)
  headers.set('Cache-Control', 'no-store')
  return Response.json({ redirectTo: signedIn.headers.get('Location') ?? '/account' }, { headers })
}
