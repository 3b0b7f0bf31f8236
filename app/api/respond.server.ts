/**
 * How every `/api/v1` answer is made: JSON with a strong ETag (a repeat with `If-None-Match` gets
 * 304 and no body), open to every origin for reading (CORS: `*`, no credentials — the API serves
 * nothing personal), cached briefly by browsers and Varnish, and counted per address. Errors are
 * JSON too, `{ "error": { "code", "message" } }`, and never 5xx for anything a client sent.
 */
import { createHash } from 'node:crypto'
import { clientIp, hit } from '~/utils/rate-limit.server'

export const API_CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'If-None-Match, Accept, Accept-Language',
  'Access-Control-Expose-Headers': 'ETag, Link, Retry-After, RateLimit-Policy',
  'Access-Control-Max-Age': '86400',
}

/** Requests an address may make in a minute (each page of a list is one). */
export const API_RATE_PER_MINUTE = 600 // rate-limit.server.ts `apiIp`

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404 | 429,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

export function errorResponse(error: ApiError) {
  return new Response(JSON.stringify({ error: { code: error.code, message: error.message } }), {
    status: error.status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...API_CORS_HEADERS, ...error.headers },
  })
}

/** JSON text of a value; bigints (amounts in minor units) become strings, as JSON has no bigint. */
export function jsonText(value: unknown) {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v))
}

export function jsonResponse(request: Request, body: unknown, { maxAge = 30, headers = {} }: { maxAge?: number; headers?: Record<string, string> } = {}) {
  const text = jsonText(body)
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`
  const common = {
    ETag: etag,
    'Cache-Control': `public, max-age=${maxAge}`,
    'RateLimit-Policy': `${API_RATE_PER_MINUTE};w=60`,
    ...API_CORS_HEADERS,
    ...headers,
  }
  const wanted = request.headers.get('If-None-Match')
  if (wanted && wanted.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) {
    return new Response(null, { status: 304, headers: common })
  }
  return new Response(text, { headers: { 'Content-Type': 'application/json; charset=utf-8', ...common } })
}

/**
 * Runs an endpoint: the rate limit first, then the handler; an ApiError becomes its JSON answer.
 * Anything else is a fault of ours and is left to propagate (the server logs it as a 500).
 */
export async function endpoint(request: Request, context: unknown, handler: () => Promise<Response>) {
  try {
    const wait = await hit('apiIp', clientIp(context as { clientIp?: string }))
    if (wait !== null) {
      const seconds = String(Math.max(1, wait))
      throw new ApiError(429, 'rate_limited', `Too many requests from this address; try again in ${seconds} s.`, { 'Retry-After': seconds })
    }
    return await handler()
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error)
    throw error
  }
}

export function notFound(what: string): never {
  throw new ApiError(404, 'not_found', `No public ${what} has this identifier.`)
}

/** `limit` (1–100, default 20) from a list's query string. */
export function pageLimit(url: URL) {
  const raw = url.searchParams.get('limit')
  if (raw === null) return 20
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 100) throw new ApiError(400, 'bad_limit', '`limit` must be a whole number from 1 to 100.')
  return Number(raw)
}

/** A keyset position (a time and an id) as an opaque cursor, and back. */
export function encodeCursor(at: Date | string, id: string) {
  const iso = typeof at === 'string' ? at : at.toISOString()
  return Buffer.from(`${iso}|${id}`).toString('base64url')
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export function decodeCursor(url: URL): { at: string; id: string } | undefined {
  const raw = url.searchParams.get('cursor')
  if (raw === null) return undefined
  const refused = new ApiError(400, 'bad_cursor', '`cursor` is not one this API gave out; start again without it.')
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(raw)) throw refused
  const [at = '', id = ''] = Buffer.from(raw, 'base64url').toString().split('|')
  const date = new Date(at)
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d\d-\d\dT/.test(at) || !(UUID.test(id) || /^\d{1,19}$/.test(id))) throw refused
  return { at: date.toISOString(), id }
}

/** One of a fixed set of values for a query parameter, or a 400 naming them. */
export function oneOf<T extends string>(url: URL, name: string, values: readonly T[]): T | undefined {
  const raw = url.searchParams.get(name)
  if (raw === null || raw === '') return undefined
  if (!(values as readonly string[]).includes(raw)) throw new ApiError(400, `bad_${name}`, `\`${name}\` must be one of: ${values.join(', ')}.`)
  return raw as T
}

/** A list page: its items and the link to the next page (`null` on the last). */
export function listBody<T>(url: URL, items: T[], next: string | null) {
  let nextUrl: string | null = null
  if (next) {
    const link = new URL(url.pathname + url.search, 'http://x')
    link.searchParams.set('cursor', next)
    nextUrl = link.pathname + link.search
  }
  return { data: items, next_cursor: next, next: nextUrl }
}
