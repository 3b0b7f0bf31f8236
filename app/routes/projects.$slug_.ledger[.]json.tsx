import type { LoaderFunctionArgs } from '@remix-run/node'
import { projectExport } from '~/ledger/export.server'
import { db } from '~/utils/db.server'

/** One project's ledger as JSON, streamed (no donor personal data). */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return projectExport(db(), params.slug, 'json', { room: context.room, request })
}
