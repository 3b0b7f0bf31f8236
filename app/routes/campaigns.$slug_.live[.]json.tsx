import type { LoaderFunctionArgs } from '@remix-run/node'
import { campaignBoard, liveFigures } from '~/models/campaigns.server'
import { db } from '~/utils/db.server'
import { invariantResponse } from '~/utils/http.server'

/**
 * A giving day's live figures, which its page polls to update without a reload: totals, what is left
 * in each sponsor's pool, and the projects' leaderboard. Public and the same for everyone, so a shared
 * cache may keep it a few seconds — thousands of open pages then cost the database one query a few seconds.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const board = params.slug ? await campaignBoard(db(), params.slug) : null
  invariantResponse(board, 404, 'Not found')
  return new Response(JSON.stringify(liveFigures(board, new Date())), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'public, max-age=5, s-maxage=5, stale-while-revalidate=10',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
