import { isRouteErrorResponse } from '@remix-run/react'

const SITE = 'Sunlight 阳光公益'

/**
 * A page's title from its loader, or — when the loader threw (a 404, a 403) and there is no data —
 * the status and the site's name, never "undefined".
 */
export function pageTitle(data: { title?: string } | undefined | null, error?: unknown) {
  if (data?.title) return data.title
  if (isRouteErrorResponse(error)) return `${error.status} — ${SITE}`
  return SITE
}
