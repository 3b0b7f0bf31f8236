/** Download my data: everything Sunlight holds about the signed-in person, as a JSON file. */
import { type LoaderFunctionArgs } from '@remix-run/node'
import { exportUserData } from '~/models/privacy.server'
import { db } from '~/utils/db.server'
import { requireUser } from '~/utils/permissions.server'
import { invariantResponse } from '~/utils/http.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const document = await exportUserData(db(), user.id)
  invariantResponse(document, 404, 'Not found')
  const body = JSON.stringify(document, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)
  const day = new Date().toISOString().slice(0, 10)
  return new Response(body, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="sunlight-my-data-${day}.json"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
