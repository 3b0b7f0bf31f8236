import type { LoaderFunctionArgs } from '@remix-run/node'
import { listLedgerEntries } from '~/api/v1.server'
import { ApiError, endpoint, jsonResponse, listBody, notFound, pageLimit } from '~/api/respond.server'
import { db } from '~/utils/db.server'

/** GET /api/v1/ledger-entries — ledger entries with their seals, oldest first (app/api/openapi.ts). */
export function loader({ request, context }: LoaderFunctionArgs) {
  return endpoint(request, context, async () => {
    const url = new URL(request.url)
    const cursor = url.searchParams.get('cursor')
    if (cursor !== null && !/^\d{1,18}$/.test(cursor)) throw new ApiError(400, 'bad_cursor', '`cursor` is not one this API gave out; start again without it.')
    const page = await listLedgerEntries(db(), { project: url.searchParams.get('project') || undefined, after: cursor === null ? undefined : BigInt(cursor), limit: pageLimit(url) })
    if (!page) notFound('project')
    return jsonResponse(request, listBody(url, page.items, page.next))
  })
}
