import type { LoaderFunctionArgs } from '@remix-run/node'
import { listUpdates } from '~/api/v1.server'
import { decodeCursor, endpoint, jsonResponse, listBody, pageLimit } from '~/api/respond.server'
import { db } from '~/utils/db.server'

/** GET /api/v1/updates — published updates, newest first, of a project, an organisation or all (app/api/openapi.ts). */
export function loader({ request, context }: LoaderFunctionArgs) {
  return endpoint(request, context, async () => {
    const url = new URL(request.url)
    const { items, next } = await listUpdates(db(), {
      project: url.searchParams.get('project') || undefined,
      organization: url.searchParams.get('organization') || undefined,
      cursor: decodeCursor(url),
      limit: pageLimit(url),
    })
    return jsonResponse(request, listBody(url, items, next))
  })
}
