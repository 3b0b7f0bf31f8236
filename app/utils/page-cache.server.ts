/**
 * The server's own shared cache for public pages, the way a CDN in front of it would behave: an
 * anonymous GET (no cookie, no Authorization) of an HTML page whose response says
 * `Cache-Control: public, s-maxage=N` is kept for N seconds and answered from memory, keyed by host,
 * URL and Accept-Language (what the pages vary on). Anything signed in, personal, or setting a
 * cookie is never stored (`publicPageHeaders` in ~/utils/cache decides).
 *
 * Fresh, not just fast: any write this process makes clears it — every non-GET request once it has
 * been answered, every Stripe event applied, every job that changes a page — and a render that
 * started before a clear is not stored. Writes made by another server process are seen within N
 * seconds (docs/scaling.md). The CSP nonce differs per response: stored pages keep a placeholder
 * where the nonce was, and each answer gets its own. Concurrent misses for one key render once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { LRUCache } from 'lru-cache'

interface Entry {
  status: number
  headers: [string, string | number | string[]][]
  /** The body split at the nonce it was rendered with; joined with each answer's own nonce. */
  parts: string[]
  storedAt: number
  expiresAt: number
}

const MAX_BODY_BYTES = 2 * 1024 * 1024
/** Headers the cache never replays: per-response (security headers carry the nonce) or per-connection. */
const NOT_REPLAYED = new Set(['content-security-policy', 'content-length', 'transfer-encoding', 'date', 'connection', 'keep-alive', 'set-cookie', 'content-encoding', 'x-cache', 'age'])

export class PageCache {
  private entries: LRUCache<string, Entry>
  private generation = 0
  private inflight = new Map<string, { rendering: Promise<void>; since: number }>()
  /** Keys whose last answer could not be kept (personal, not HTML, not public): passed straight through for a while. */
  private passThrough = new LRUCache<string, true>({ max: 10_000, ttl: 10_000 })

  constructor({ maxBytes = 64 * 1024 * 1024, now = () => Date.now(), followerWaitMs = 2_000 }: { maxBytes?: number; now?: () => number; followerWaitMs?: number } = {}) {
    this.now = now
    this.followerWaitMs = followerWaitMs
    this.entries = new LRUCache<string, Entry>({ maxSize: maxBytes, sizeCalculation: (e) => e.parts.reduce((n, p) => n + p.length * 2, 512) })
  }

  private now: () => number
  /** How long a request waits for another's render of the same page before rendering itself. */
  private followerWaitMs: number

  /** Something public may have changed: forget every page, and refuse renders already under way. */
  clear() {
    this.generation++
    this.entries.clear()
  }

  /** Express-style middleware; `nonceOf` gives this response's CSP nonce. */
  middleware(nonceOf: (res: ServerResponse) => string) {
    return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.once('finish', () => this.clear())
        return next()
      }
      if (req.method !== 'GET' || req.headers.cookie || req.headers.authorization) return next()
      // Everything a page's absolute links can follow: scheme and host (forwarded ones only from trusted proxies; the server removes the rest).
      const key = `${req.headers['x-forwarded-proto'] ?? ''}\n${req.headers['x-forwarded-host'] ?? ''}\n${req.headers.host ?? ''}\n${req.headers['accept-language'] ?? ''}\n${req.url ?? ''}`
      if (this.passThrough.has(key)) return next()
      void this.answer(key, res, nonceOf, next).catch(next)
    }
  }

  private async answer(key: string, res: ServerResponse, nonceOf: (res: ServerResponse) => string, next: (error?: unknown) => void) {
    let waiting = this.inflight.get(key)
    // A render that has taken longer than a follower would wait is stuck (its reader may hold the
    // connection open without ever finishing): forget it rather than make everyone wait on it.
    if (waiting && Date.now() - waiting.since >= this.followerWaitMs) {
      this.inflight.delete(key)
      waiting = undefined
    }
    if (waiting) {
      let timer: NodeJS.Timeout | undefined
      await Promise.race([waiting.rendering, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.followerWaitMs)))])
      clearTimeout(timer)
    }
    const entry = this.entries.get(key)
    if (entry && entry.expiresAt > this.now()) {
      res.statusCode = entry.status
      for (const [name, value] of entry.headers) res.setHeader(name, value)
      res.setHeader('Age', String(Math.floor((this.now() - entry.storedAt) / 1000)))
      res.setHeader('X-Cache', 'hit')
      res.end(entry.parts.join(nonceOf(res)))
      return
    }
    let done!: () => void
    const rendering = new Promise<void>((resolve) => (done = resolve))
    // Only the first miss renders for everyone; a request that waited and still misses renders alone.
    const leader = !this.inflight.has(key)
    if (leader) this.inflight.set(key, { rendering, since: Date.now() })
    const generation = this.generation
    const chunks: Buffer[] = []
    let bytes = 0
    let tooBig = false
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (tooBig || chunk == null || typeof chunk === 'function') return
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
      bytes += buffer.length
      if (bytes > MAX_BODY_BYTES) tooBig = true
      else chunks.push(buffer)
    }
    const write = res.write.bind(res) as (...args: unknown[]) => boolean
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0])
      return write(chunk, ...rest)
    }) as typeof res.write
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0])
      return end(chunk, ...rest)
    }) as typeof res.end
    // The render is over when the response finishes or closes, or when the reader's connection goes
    // away mid-render (a response not yet under way may never emit either).
    const socket = res.socket
    const settle = () => {
      socket?.off('close', settle)
      if (leader && this.inflight.get(key)?.rendering === rendering) this.inflight.delete(key)
      done()
    }
    socket?.once('close', settle)
    res.once('close', settle)
    res.once('finish', () => {
      try {
        const maxAge = sharedMaxAge(res)
        const type = String(res.getHeader('content-type') ?? '')
        if (maxAge === null || res.statusCode !== 200 || res.getHeader('set-cookie') || !type.startsWith('text/html')) {
          // Nobody should queue behind renders of this page for a while (a resource, a personal page).
          this.passThrough.set(key, true)
          return
        }
        if (tooBig || generation !== this.generation) return
        const nonce = nonceOf(res)
        const body = Buffer.concat(chunks).toString('utf8')
        const headers = Object.entries(res.getHeaders()).filter(([name, value]) => value !== undefined && !NOT_REPLAYED.has(name.toLowerCase())) as Entry['headers']
        const now = this.now()
        this.entries.set(key, { status: 200, headers, parts: nonce ? body.split(nonce) : [body], storedAt: now, expiresAt: now + maxAge * 1000 })
      } finally {
        settle()
      }
    })
    res.setHeader('X-Cache', 'miss')
    next()
  }
}

/** `s-maxage` of a `public` response, or null when a shared cache must not keep it. */
function sharedMaxAge(res: ServerResponse) {
  const header = String(res.getHeader('cache-control') ?? '').toLowerCase()
  if (!/(^|[\s,])public([\s,]|$)/.test(header) || /private|no-store|no-cache/.test(header)) return null
  const match = /s-maxage=(\d+)/.exec(header)
  const seconds = match ? Number(match[1]) : 0
  return seconds > 0 ? Math.min(seconds, 300) : null
}

/** This process's page cache (server/index.ts mounts it; writes elsewhere in the app clear it). */
export const pageCache = new PageCache()

export function publicPagesChanged() {
  pageCache.clear()
}
