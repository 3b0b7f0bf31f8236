/**
 * The one door every request passes before any route sees it (server/index.ts runs it first). A
 * request a user or a client got wrong is answered here with a clear 4xx — never a 5xx, never a hang:
 *
 *   405  a method the site does not serve (TRACE, PUT, PATCH, DELETE, CONNECT …), with `Allow`
 *   400  a missing or malformed Host header (`a b c`, `x:99999`)
 *   400  a path or query that is not valid percent-encoded UTF-8, or that carries a NUL byte
 *   413  a form body larger than the site ever takes without a file (see `MAX_FORM_BYTES`)
 *   204  a CORS preflight (OPTIONS) to the public read API, /api/v1 — the only place OPTIONS is served
 *
 * Bodies themselves are read by `readForm` (utils/forms.server.ts): 415 for a content type a form
 * never sends (JSON to a form route), 400 for a body that cannot be decoded.
 */

import { API_CORS_HEADERS } from '~/api/respond.server'

export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST'] as const

export type GateRefusal = { status: 400 | 405 | 413; message: string; headers?: Record<string, string> }

/** host, or host:port (1–65535); a name of letters, digits, dots and hyphens, an IPv4, or a bracketed IPv6. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/

export function validHost(host: string | undefined | null): boolean {
  if (!host || host.length > 260) return false
  const match = HOST.exec(host)
  if (!match) return false
  const port = match[1]
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535)
}

/** True when the text decodes as percent-encoded UTF-8 without a NUL or another C0 control character. */
function cleanComponent(text: string) {
  let decoded: string
  try {
    decoded = decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return false
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(decoded)
}

/** What a request must be to reach a route; null when it may pass. */
export function gate(request: { method: string; url: string; headers: Record<string, string | string[] | undefined> }): GateRefusal | null {
  const method = request.method.toUpperCase()
  if (!(ALLOWED_METHODS as readonly string[]).includes(method)) {
    return { status: 405, message: `Method ${method.slice(0, 20)} is not allowed here.`, headers: { Allow: ALLOWED_METHODS.join(', ') } }
  }
  const host = request.headers.host
  if (Array.isArray(host) || !validHost(host)) return { status: 400, message: 'Bad request: the Host header is missing or malformed.' }
  const url = request.url
  if (!url.startsWith('/') || url.length > 8_192) return { status: 400, message: 'Bad request: the address is malformed.' }
  const [path = '', query = ''] = splitOnce(url, '?')
  if (!cleanComponent(path) || (query && !query.split('&').every(cleanComponent))) {
    return { status: 400, message: 'Bad request: the address is not valid text (bad encoding or a control character).' }
  }
  const type = String(request.headers['content-type'] ?? '').toLowerCase()
  const length = Number(request.headers['content-length'] ?? 0)
  if (method === 'POST' && !type.startsWith('multipart/form-data') && Number.isFinite(length) && length > MAX_FORM_BYTES) {
    return { status: 413, message: `The form is too large (at most ${MAX_FORM_BYTES / 1024} KB without a file).` }
  }
  return null
}

/** The largest body of a form without a file: text fields only. */
export const MAX_FORM_BYTES = 256 * 1024

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator)
  return index === -1 ? [text, ''] : [text.slice(0, index), text.slice(index + 1)]
}

/** True for a CORS preflight to the read API (answered 204 with its CORS headers, nothing else runs). */
export function isApiPreflight(request: { method: string; url: string }) {
  return request.method.toUpperCase() === 'OPTIONS' && (request.url === '/api/v1' || request.url.startsWith('/api/v1/') || request.url.startsWith('/api/v1?'))
}

/** Express middleware form of the gate (server/index.ts puts it first). */
export function gateMiddleware() {
  return (
    req: { method: string; url: string; headers: Record<string, string | string[] | undefined> },
    res: {
      status(code: number): { set(headers: Record<string, string>): { type(t: string): { send(body: string): void }; end(): void } }
      setHeader(name: string, value: string): void
    },
    next: () => void,
  ) => {
    if (isApiPreflight(req)) return res.status(204).set(API_CORS_HEADERS).end()
    const refusal = gate(req)
    if (!refusal) return next()
    res.setHeader('Connection', 'close')
    res
      .status(refusal.status)
      .set({ 'Cache-Control': 'no-store', ...(refusal.headers ?? {}) })
      .type('text/plain; charset=utf-8')
      .send(refusal.message)
  }
}
