import type { LoaderFunctionArgs } from '@remix-run/node'
import { PROJECT_STATUSES, listProjects } from '~/api/v1.server'
import { decodeCursor, endpoint, jsonResponse, listBody, oneOf, pageLimit } from '~/api/respond.server'
import { db } from '~/utils/db.server'
import { projectCategories } from '~db/enums'

/** GET /api/v1/projects — published projects, newest first (app/api/openapi.ts). */
export function loader({ request, context }: LoaderFunctionArgs) {
  return endpoint(request, context, async () => {
    const url = new URL(request.url)
    const { items, next } = await listProjects(db(), {
      status: oneOf(url, 'status', PROJECT_STATUSES),
      category: oneOf(url, 'category', projectCategories),
      organization: url.searchParams.get('organization') || undefined,
      cursor: decodeCursor(url),
      limit: pageLimit(url),
    })
    return jsonResponse(request, listBody(url, items, next))
  })
}
