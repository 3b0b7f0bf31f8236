import type { LoaderFunctionArgs } from '@remix-run/node'
import { projectExport } from '~/ledger/export.server'
import { db } from '~/utils/db.server'

/** One project's ledger as CSV, streamed (no donor personal data). */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return projectExport(db(), params.slug, 'csv', { room: context.room, request })
}
