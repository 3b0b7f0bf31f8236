/**
 * The Content-Security-Policy of every response, in one place (docs/decisions/0009-varnish-in-front.md).
 * Scripts run only when the server vouches for them:
 * - pages a shared cache may keep (public, s-maxage) name each inline script by its SHA-256 hash,
 *   computed from the rendered page — the same bytes give the same header, so the header is as
 *   cacheable as the page and carries no per-response secret — and allow the site's own script files;
 * - every other response carries a fresh nonce, and 'strict-dynamic' lets the nonced scripts load
 *   the modules.
 */
import { createHash } from 'node:crypto'
import { getEnv } from './env.server'

export type ScriptSources = { nonce: string } | { hashes: string[] }

/**
 * `frameAncestors`: who may frame the response. Nobody, unless a route says otherwise — only the
 * embeddable donate widget does (ADR 0020), with `['*']`.
 */
export function contentSecurityPolicy(scripts: ScriptSources, options: { frameAncestors?: string[] } = {}): string {
  const env = getEnv()
  const production = env.NODE_ENV === 'production'
  const https = env.PUBLIC_URL?.startsWith('https://') ?? false
  const scriptSrc = 'nonce' in scripts ? ["'strict-dynamic'", `'nonce-${scripts.nonce}'`] : ["'self'", ...scripts.hashes.map((hash) => `'${hash}'`)]
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', scriptSrc],
    ['script-src-attr', ["'none'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['media-src', ["'self'", 'blob:']],
    ['connect-src', production ? ["'self'"] : ["'self'", 'ws:']],
    ['font-src', ["'self'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', options.frameAncestors?.length ? options.frameAncestors : ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
  ]
  if (https) directives.push(['upgrade-insecure-requests', []])
  return directives.map(([name, values]) => [name, ...values].join(' ')).join('; ')
}

const INLINE_SCRIPT = /<script(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi

/** The CSP source expression of each distinct inline script in `html`, as a browser computes it (UTF-8 text, SHA-256). */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>()
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const text = match[1] ?? ''
    if (text.length === 0) continue
    hashes.add(`sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`)
  }
  return [...hashes]
}
