import type { LoaderFunctionArgs } from '@remix-run/node'
import { organizationDetail } from '~/api/v1.server'
import { endpoint, jsonResponse, notFound } from '~/api/respond.server'
import { db } from '~/utils/db.server'

/** GET /api/v1/organizations/{slug} — one public organisation (app/api/openapi.ts). */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  return endpoint(request, context, async () => {
    const organization = await organizationDetail(db(), params.slug ?? '')
    if (!organization) notFound('organisation')
    return jsonResponse(request, organization)
  })
}
