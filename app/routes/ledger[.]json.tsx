import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportResponse } from '~/ledger/export.server'
import { db } from '~/utils/db.server'

/** The whole platform's ledger as JSON (one entry per line), streamed. Verify it with tools/verify-ledger.mjs. */
export function loader({ request, context }: LoaderFunctionArgs) {
  return exportResponse(db(), 'json', 'sunlight-ledger', { room: context.room, request })
}
