import type { LoaderFunctionArgs } from '@remix-run/node'
import { matchingExport } from '~/models/matching.server'
import { db } from '~/utils/db.server'
import { invariantResponse } from '~/utils/http.server'

/**
 * A giving day's matching, for anyone to replay with `node tools/verify-matching.mjs` (ADR 0014): the
 * pools' published rules and every pool event in order. No personal data: donors are keyed hashes.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const data = params.slug ? await matchingExport(db(), params.slug) : null
  invariantResponse(data, 404, 'Not found')
  // One event per line: readable, and a diff between two copies names the events that differ.
  const { events, ...head } = data
  const body = `${JSON.stringify(head).slice(0, -1)},"events":[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`
  return new Response(body, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="sunlight-matching-${data.campaign.slug}.json"`,
      'Cache-Control': 'public, max-age=60',
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
