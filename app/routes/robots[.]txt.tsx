/** robots.txt: everything public may be indexed except the private and administrative areas. */
const BODY = ['User-agent: *', 'Disallow: /admin', 'Disallow: /account', 'Disallow: /dev/', 'Disallow: /sandbox/', 'Disallow: /report', ''].join('\n')

export function loader() {
  return new Response(BODY, { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } })
}
