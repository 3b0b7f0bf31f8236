import type { LoaderFunctionArgs } from '@remix-run/node'
import { projectDetail } from '~/api/v1.server'
import { endpoint, jsonResponse, notFound } from '~/api/respond.server'
import { db } from '~/utils/db.server'

/** GET /api/v1/projects/{slug} — one published project (app/api/openapi.ts). */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  return endpoint(request, context, async () => {
    const project = await projectDetail(db(), params.slug ?? '')
    if (!project) notFound('project')
    return jsonResponse(request, project)
  })
}
