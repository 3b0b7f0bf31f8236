import { type LoaderFunctionArgs } from '@remix-run/node'
import { consumeEmailToken, markEmailVerified } from '~/models/users.server'
import { db } from '~/utils/db.server'
import { redirectWithToast } from '~/utils/toast.server'

/** GET /verify-email?token=…: the link from the confirmation email; works once. */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const used = token.length > 20 && token.length < 100 ? await consumeEmailToken(db(), 'verify_email', token) : null
  if (!used?.userId) return redirectWithToast('/account', { type: 'error', key: 'toastAuth.verifyFailed' })
  await markEmailVerified(db(), used.userId)
  return redirectWithToast('/account', { key: 'toastAuth.verified' })
}
