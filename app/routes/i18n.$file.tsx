/**
 * `/i18n/<language>.<hash>.json`: the interface's dictionary for the browser (app/i18n/static.server.ts).
 * The current hash is immutable for a year; an older one (a page rendered before a deploy) gets today's
 * dictionary, kept only briefly, so that page still hydrates.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { isLanguage } from '~/i18n/config'
import { dictionaryFor } from '~/i18n/static.server'

export function loader({ params }: LoaderFunctionArgs) {
  const match = /^([A-Za-z-]+)\.([0-9a-f]{12})\.json$/.exec(params.file ?? '')
  if (!match || !isLanguage(match[1])) {
    return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
  const dictionary = dictionaryFor(match[1])
  const current = match[2] === dictionary.hash
  return new Response(dictionary.body, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': current ? 'public, max-age=31536000, immutable' : 'public, max-age=60',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
