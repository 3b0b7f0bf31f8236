import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportResponse } from '~/ledger/export.server'
import { db } from '~/utils/db.server'

/** The whole platform's ledger as CSV, streamed. */
export function loader({ request, context }: LoaderFunctionArgs) {
  return exportResponse(db(), 'csv', 'sunlight-ledger', { room: context.room, request })
}
