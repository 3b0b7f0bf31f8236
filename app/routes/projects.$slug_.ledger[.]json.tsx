import type { LoaderFunctionArgs } from '@remix-run/node'
import { projectExport } from '~/ledger/export.server'
import { db } from '~/utils/db.server'

/** One project's ledger as JSON, streamed (no donor personal data). */
export function loader({ params, context }: LoaderFunctionArgs) {
  return projectExport(db(), params.slug, 'json', context.room)
}
