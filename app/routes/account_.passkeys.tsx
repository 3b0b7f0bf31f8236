/**
 * Adding a passkey to the signed-in account: options (a challenge for this person), then the
 * browser's answer. A resource route the passkey component posts a form to and reads JSON from.
 * Removing one is a plain form on /account/security.
 */
import { type ActionFunctionArgs } from '@remix-run/node'
import { passkeyRegistrationOptions, registerPasskey, relyingPartyFor, webAuthnResponseIn } from '~/models/factors.server'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { requireUser } from '~/utils/permissions.server'
import { markVerified } from '~/utils/session.server'
import { requestOrigin } from '~/utils/site.server'

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const form = await readForm(request)
  const rp = relyingPartyFor(requestOrigin(request))
  const intent = form.get('intent')
  if (intent === 'options') return json({ options: await passkeyRegistrationOptions(db(), user, rp) })
  if (intent !== 'register') return json({ error: 'security.passkeyFailed' }, 400)
  const response = webAuthnResponseIn(form)
  if (!response) return json({ error: 'security.passkeyFailed' }, 400)
  const added = await registerPasskey(db(), user, rp, response as unknown as Parameters<typeof registerPasskey>[3], String(form.get('name') ?? ''))
  if (!added.ok) return json({ error: added.reason === 'expired' ? 'security.sessionExpired' : 'security.passkeyFailed' }, 400)
  // Creating a passkey with user verification proves it on this device.
  await markVerified(db(), user.sessionId, { secondFactor: true })
  return json({ ok: true, recoveryCodes: added.recoveryCodes })
}
