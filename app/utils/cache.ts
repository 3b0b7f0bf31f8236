import type { HeadersArgs } from '@remix-run/node'

/**
 * Cache-Control for a public page: shared caches (Varnish, deploy/varnish) may keep it briefly,
 * unless this response sets a cookie (a toast, a session) or its loader marked it personal
 * (`personalPage`): then uncacheable. The loader names what the page shows as surrogate keys
 * (`pageKeys`); a committed change to any of them purges the page (docs/scaling.md).
 */
export function publicPageHeaders({ loaderHeaders, parentHeaders, actionHeaders }: HeadersArgs, sharedSeconds = 30): Record<string, string> {
  const personal =
    [loaderHeaders, parentHeaders, actionHeaders].some((headers) => headers.has('Set-Cookie')) ||
    loaderHeaders.get('Cache-Control')?.includes('private')
  if (personal) return { 'Cache-Control': 'private, no-store' }
  const headers: Record<string, string> = {
    'Cache-Control': `public, max-age=0, s-maxage=${sharedSeconds}, stale-while-revalidate=${sharedSeconds * 2}`,
  }
  const keys = loaderHeaders.get(SURROGATE_KEYS)
  if (keys) headers[SURROGATE_KEYS] = keys
  return headers
}

/** The response header Varnish's xkey module reads (and removes before the page leaves the cache). */
export const SURROGATE_KEYS = 'xkey'

/**
 * Loader headers naming what a public page shows, as the keys migration 0018's triggers note on
 * change: `project-<id>`, `org-<id>`, `update-<id>`, `video-<id>`, `challenge-<id>`, `watch`, `home`,
 * `discover`, `transparency`, `partners`,
 * `enforcement`; and migration 0030's `campaign-<id>`, `campaigns`, `team-<id>`.
 */
export function pageKeys(...keys: string[]) {
  return { headers: { [SURROGATE_KEYS]: keys.join(' ') } }
}

/** Loader headers for a response that shows something only this signed-in reader may see. */
export const personalPage = { headers: { 'Cache-Control': 'private, no-store' } }
