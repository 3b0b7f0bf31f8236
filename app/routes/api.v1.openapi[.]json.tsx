import type { LoaderFunctionArgs } from '@remix-run/node'
import { openApiDocument } from '~/api/openapi'
import { endpoint, jsonResponse } from '~/api/respond.server'
import { siteOrigin } from '~/utils/site.server'

/** GET /api/v1/openapi.json — the OpenAPI 3.1 description of the read API. */
export function loader({ request, context }: LoaderFunctionArgs) {
  return endpoint(request, context, async () => jsonResponse(request, openApiDocument(siteOrigin()), { maxAge: 300 }))
}
