import type { LoaderFunctionArgs } from '@remix-run/node'
import { isLanguage } from '~/i18n/config'
import { campaignLive } from '~/models/campaigns.server'
import { db } from '~/utils/db.server'
import { invariantResponse } from '~/utils/http.server'

/**
 * A giving day's live figures, which its page polls to update without a reload: totals, what is left
 * in each sponsor's pool, the projects' and the teams' leaderboards, and the participation pools. Public and the same for everyone, so a shared
 * cache may keep it a few seconds — thousands of open pages then cost the database one query a few seconds.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  // `?lang=` names the reader's language for the projects' titles: part of the address, so a shared cache keeps one copy per language.
  const asked = new URL(request.url).searchParams.get('lang')
  const found = params.slug ? await campaignLive(db(), params.slug, new Date(), isLanguage(asked) ? asked : undefined) : null
  invariantResponse(found, 404, 'Not found')
  return new Response(JSON.stringify(found.live), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'public, max-age=5, s-maxage=5, stale-while-revalidate=10',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
