/**
 * The site a gift came through, as the embedded donate widget reports it (ADR 0020): the embedding
 * page's address (`document.referrer`) or host, reduced to a host — a lower-case hostname, plus its
 * port when it is not the scheme's default. Anything else (a path, credentials, a scheme other than
 * http(s), spaces, a label no DNS name has, an over-long name) is no site at all: null.
 *
 * The donor's browser says it, so it is a statistic for the organisation, never a reason to move
 * money, and it carries no personal data: a path or a query (which could) is dropped.
 */
const MAX_HOST = 253
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

export function siteFromReferrer(input: string | null | undefined): string | null {
  if (typeof input !== 'string') return null
  const text = input.trim()
  if (!text || text.length > 2048 || /[\s\\]/.test(text)) return null
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^(javascript|data|vbscript|file|blob|mailto):/i.test(text)
  if (hasScheme && !/^https?:\/\//i.test(text)) return null
  // A bare host ("example.org", "example.org:8080") is read as the host of an http address.
  if (!hasScheme && /[/?#@]/.test(text)) return null
  let url: URL
  try {
    url = new URL(hasScheme ? text : `http://${text}`)
  } catch {
    return null
  }
  if (url.username || url.password) return null
  const hostname = url.hostname.toLowerCase().replace(/\.$/, '')
  if (!hostname || hostname.length > MAX_HOST) return null
  const ipv4 = IPV4.exec(hostname)
  if (ipv4) {
    if (ipv4.slice(1).some((part) => Number(part) > 255)) return null
  } else if (!hostname.split('.').every((label) => LABEL.test(label)) || /^\d+$/.test(hostname.split('.').at(-1)!)) {
    // IPv6 literals and names whose last label is all digits (not an IPv4 address) are refused too.
    return null
  }
  return url.port ? `${hostname}:${url.port}` : hostname
}
