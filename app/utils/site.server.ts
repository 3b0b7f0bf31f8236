/**
 * The site's own address, for every absolute link that leaves a page (emails, share links, QR codes):
 * PUBLIC_URL, or — for the demo and development — the address the server prints at start. Never the
 * request's Host header, which anyone can set.
 */
import { getEnv, type Env } from './env.server'

export function siteOrigin(env: Env = getEnv()) {
  return env.PUBLIC_URL ?? `http://localhost:${env.PORT}`
}

/** A path (or an absolute URL, kept as it is) as an absolute URL on this site. */
export function absoluteUrl(pathOrUrl: string, env: Env = getEnv()) {
  return new URL(pathOrUrl, `${siteOrigin(env)}/`).toString()
}

/** Hosts a request may name when PUBLIC_URL is unset (the demo and development run on loopback). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The origin for links built while answering a request: PUBLIC_URL when set; otherwise the request's
 * own origin only when it is a loopback address (so a forged Host or X-Forwarded-Host never reaches a
 * link, a QR code or a cached page), else the site's own.
 */
export function requestOrigin(request: Request, env: Env = getEnv()) {
  if (env.PUBLIC_URL) return env.PUBLIC_URL
  try {
    const url = new URL(request.url)
    if (LOOPBACK_HOSTS.has(url.hostname)) return url.origin
  } catch {
    // An unparsable request URL falls through to the site's own address.
  }
  return siteOrigin(env)
}
