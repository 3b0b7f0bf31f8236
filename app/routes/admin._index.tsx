import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { requireAdmin } from '~/utils/permissions.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  return redirect('/admin/organizations')
}
