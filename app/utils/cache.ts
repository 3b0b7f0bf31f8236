import type { HeadersArgs } from '@remix-run/node'

/**
 * Cache-Control for a public page: shared caches may keep it briefly, unless this response sets
 * a cookie (a toast, a session) or its loader marked it personal (`personalPage`): then uncacheable.
 */
export function publicPageHeaders({ loaderHeaders, parentHeaders, actionHeaders }: HeadersArgs, sharedSeconds = 30) {
  const personal =
    [loaderHeaders, parentHeaders, actionHeaders].some((headers) => headers.has('Set-Cookie')) ||
    loaderHeaders.get('Cache-Control')?.includes('private')
  return {
    'Cache-Control': personal
      ? 'private, no-store'
      : `public, max-age=0, s-maxage=${sharedSeconds}, stale-while-revalidate=${sharedSeconds * 2}`,
  }
}

/** Loader headers for a response that shows something only this signed-in reader may see. */
export const personalPage = { headers: { 'Cache-Control': 'private, no-store' } }
