import type { LoaderFunctionArgs } from '@remix-run/node'
import { updateDetail } from '~/api/v1.server'
import { endpoint, jsonResponse, notFound } from '~/api/respond.server'
import { isUuid } from '~/utils/ids'
import { db } from '~/utils/db.server'

/** GET /api/v1/updates/{id} — one published update (app/api/openapi.ts). */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  return endpoint(request, context, async () => {
    const update = isUuid(params.id ?? '') ? await updateDetail(db(), params.id!) : null
    if (!update) notFound('update')
    return jsonResponse(request, update)
  })
}
