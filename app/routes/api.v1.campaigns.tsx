import type { LoaderFunctionArgs } from '@remix-run/node'
import { listCampaigns } from '~/api/v1.server'
import { decodeCursor, endpoint, jsonResponse, listBody, pageLimit } from '~/api/respond.server'
import { db } from '~/utils/db.server'

/** GET /api/v1/campaigns — giving days, live or closed, latest first (app/api/openapi.ts). */
export function loader({ request, context }: LoaderFunctionArgs) {
  return endpoint(request, context, async () => {
    const url = new URL(request.url)
    const { items, next } = await listCampaigns(db(), { cursor: decodeCursor(url), limit: pageLimit(url) })
    return jsonResponse(request, listBody(url, items, next))
  })
}
