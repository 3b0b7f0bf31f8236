import type { LoaderFunctionArgs } from '@remix-run/node'
import { campaignDetail } from '~/api/v1.server'
import { endpoint, jsonResponse, notFound } from '~/api/respond.server'
import { db } from '~/utils/db.server'

/** GET /api/v1/campaigns/{slug} — one giving day with its pools, rules and totals (app/api/openapi.ts). */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  return endpoint(request, context, async () => {
    const campaign = await campaignDetail(db(), params.slug ?? '')
    if (!campaign) notFound('giving day')
    return jsonResponse(request, campaign, { maxAge: 10 })
  })
}
