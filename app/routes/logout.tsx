import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { endSession } from '~/utils/session.server'
import { toastHeader } from '~/utils/toast.server'

/** POST /logout ends this device's session; with intent=everywhere, every session of the account. */
export async function action({ request }: ActionFunctionArgs) {
  const everywhere = (await readForm(request)).get('intent') === 'everywhere'
  const headers = new Headers()
  headers.append('Set-Cookie', await endSession(db(), request, { everywhere }))
  headers.append('Set-Cookie', await toastHeader({ type: 'info', key: everywhere ? 'toastAuth.loggedOutEverywhere' : 'toastAuth.loggedOut' }))
  return redirect('/', { headers })
}

export function loader() {
  return redirect('/')
}
