import type { LoaderFunctionArgs } from '@remix-run/node'
import { transparency } from '~/api/v1.server'
import { endpoint, jsonResponse } from '~/api/respond.server'
import { db } from '~/utils/db.server'

/** GET /api/v1/transparency — platform totals from the ledger (app/api/openapi.ts; was /api/transparency.json). */
export function loader({ request, context }: LoaderFunctionArgs) {
  return endpoint(request, context, async () => jsonResponse(request, await transparency(db()), { maxAge: 60 }))
}
