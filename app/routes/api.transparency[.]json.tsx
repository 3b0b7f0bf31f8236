import { redirect } from '@remix-run/node'

/** The first transparency API, folded into the read API: a permanent redirect to /api/v1/transparency. */
export function loader() {
  return redirect('/api/v1/transparency', { status: 308, headers: { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=86400' } })
}
