import type { LoaderFunctionArgs } from '@remix-run/node'
import { ApiError, endpoint } from '~/api/respond.server'

/** Any other address under /api/v1: a JSON 404 naming where the API is described. */
export function loader({ request, context }: LoaderFunctionArgs) {
  return endpoint(request, context, async () => {
    throw new ApiError(404, 'not_found', 'No such endpoint; the API is described at /api/v1/openapi.json.')
  })
}
