/**
 * Bad input, generated: every form action in the route inventory receives bodies built by
 * fast-check from every field name the app's forms use (plus unknown and prototype-polluting
 * names), URL-encoded or multipart (with a hostile file part), with hostile values — wrong types, huge strings, Unicode edge cases (lone surrogates,
 * NUL, bidi overrides, full-width digits), negative, fractional and overflowing amounts, repeated
 * fields, missing fields. Each call is made as the most privileged role the inventory lets through,
 * so validation is reached. Every answer must be below 500, and the database must be unchanged.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { queryRows } from '~db/client.server'

const { db, expected, inventory, routeModule, routesDir, ROLES, cookiesFor } = await import('~/testing/route-inventory')

/** Every `name="…"` in the route and component sources: the fields real forms send. */
const FIELD_NAMES = [
  ...new Set(
    [routesDir, join(routesDir, '../components')]
      .flatMap((dir) => readdirSync(dir, { recursive: true }).map((f) => join(dir, String(f))))
      .filter((f) => /\.tsx$/.test(f) && !f.includes('.test.'))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bname="([A-Za-z][\w-]*)"/g)].map((m) => m[1]!)),
  ),
]

const HOSTILE = [
  '', ' ', '0', '-1', '-0', '1.5', '0.001', '1e309', '-1e309', 'NaN', 'Infinity', '9007199254740993', '99999999999999999999999999',
  '-99999999999999999999', '0x1F', '１２３', '٣', 'true', 'null', 'undefined', '[]', '{}', '{"__proto__":{"admin":true}}',
  '\u0000', 'a\u0000b', '\ud800', '\udfff', '\u202eevil', '\ufeff', 'e\u0301', '👩‍👩‍👧‍👦', '𠮷野家', '../../etc/passwd', '..\\..\\boot.ini',
  '<script>alert(1)</script>', "' or 1=1 --", '%00', '%ff', 'javascript:alert(1)', '//evil.example', 'https://evil.example',
  '00000000-0000-0000-0000-000000000000', 'not-a-uuid', 'SL-0000-00000000', '2026-02-30', '9999-99-99', 'on', 'off',
]
const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 120_000 }).map((n) => '字'.repeat(n)) },
  { weight: 1, arbitrary: fc.double({ noNaN: false }).map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
)
const fieldName = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: fc.constantFrom('extra', '__proto__', 'constructor', 'a[b]', '') })
const fileBytes = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  fc.constantFrom(new Uint8Array(0), new TextEncoder().encode('<html><script>alert(1)</script>'), new TextEncoder().encode('%PDF-1.7 truncated'), Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])),
)
/** Hostile fields, sent URL-encoded or as multipart (then sometimes with a hostile file part too). */
const body = fc
  .record({
    pairs: fc.array(fc.tuple(fieldName, value), { maxLength: 12 }),
    multipart: fc.boolean(),
    file: fc.option(fc.tuple(fieldName, fileBytes, fc.constantFrom('x.png', 'x.mp4', 'x.pdf', '../../x.jpg', '', 'a\u0000b.png')), { nil: undefined }),
  })
  .map(({ pairs, multipart, file }) => {
    if (!multipart) {
      const form = new URLSearchParams()
      for (const [name, v] of pairs) form.append(name, v)
      return form
    }
    const form = new FormData()
    for (const [name, v] of pairs) form.append(name, v)
    if (file) form.append(file[0], new Blob([file[1]]), file[2])
    return form
  })

/** One query: a digest of every row of every table. */
const tables = (await queryRows<{ t: string }>(db, sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)).map((r) => r.t)
async function fingerprint() {
  const parts = sql.join(
    tables.map((t) => sql`(select ${t} || ':' || count(*) || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') from ${sql.identifier(t)} x)`),
    sql` || ' ' || `,
  )
  const [row] = await queryRows<{ f: string }>(db, sql`select ${parts} as f`)
  return row!.f
}

// Actions whose purpose is not a database change from form fields are fuzzed too; logout is left
// out (ending a session is its whole point, whatever the body says).
const SKIP = new Set(['logout'])
const RUNS = Number(process.env.FUZZ_RUNS ?? 12)

for (const [route, entry] of Object.entries(inventory)) {
  if (SKIP.has(route)) continue
  for (const c of entry.action ?? []) {
    // The most privileged role that gets past the route's guards, so the fuzz reaches validation.
    const role = [...ROLES].reverse().find((r) => expected(c.expect, r) === 'ok') ?? 'anonymous'
    test(`${route}: ${c.method} ${c.url.slice(0, 60)} as ${role} — hostile bodies never 5xx and change nothing`, async () => {
      const mod = await routeModule(route)
      const before = await fingerprint()
      let calls = 0
      await fc.assert(
        fc.asyncProperty(body, async (form) => {
          calls++
          const headers = new Headers({ 'Accept-Language': calls % 2 ? 'en' : 'zh-CN' })
          if (form instanceof URLSearchParams) headers.set('Content-Type', 'application/x-www-form-urlencoded')
          const cookie = cookiesFor(role)
          if (cookie) headers.set('Cookie', cookie)
          const request = new Request(`http://localhost${c.url}`, { method: 'POST', headers, body: form })
          let status: number
          let message = ''
          try {
            const result = await mod.action!({ request, params: c.params ?? {}, context: { clientIp: `10.77.${calls % 250}.${(calls * 7) % 250}`, cspNonce: '' } })
            const refused = result as { data?: { errors?: Record<string, string[]> } & Record<string, unknown>; init?: { status?: number } } | null
            status = result instanceof Response ? result.status : (refused?.init?.status ?? 200)
            // Field errors (i18n keys), or whatever the refusing page renders its message from.
            const errors = Object.values(refused?.data?.errors ?? {}).flat().join(' ')
            message = result instanceof Response ? await result.clone().text() : errors || (refused?.data ? JSON.stringify(refused.data) : '')
          } catch (thrown) {
            if (!(thrown instanceof Response)) throw thrown
            status = thrown.status
            message = await thrown.text()
          }
          const shown = [...form].map(([k, v]) => `${k}=${typeof v === 'string' ? v.slice(0, 30) : '<file>'}`).join('&')
          expect(status, shown).toBeLessThan(500)
          // A refusal says why (an i18n key of a field error, or the response's text).
          if (status >= 400) expect(message.trim(), `${status} without a message: ${shown}`).not.toBe('')
        }),
        { numRuns: RUNS, seed: 20261123 },
      )
      expect(await fingerprint()).toBe(before)
    }, 120_000)
  }
}

// ── The one door (issue 18): arbitrary methods, hosts, content types, header values and raw bodies.
// Each request goes the way the server takes it — the request gate first, then the route's action —
// and must be answered below 500, within a bound, leaving the database unchanged.
const { gate } = await import('~/utils/request-gate.server')
const ANSWER_WITHIN_MS = 5_000

const method = fc.oneof({ weight: 3, arbitrary: fc.constant('POST') }, { weight: 2, arbitrary: fc.constantFrom('PUT', 'PATCH', 'DELETE', 'TRACE', 'OPTIONS', 'CONNECT', 'PROPFIND', 'post', 'GET') })
const host = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('localhost', 'localhost:3000', '127.0.0.1:4317', '[::1]:3000') },
  { weight: 2, arbitrary: fc.constantFrom('a b c', 'x:99999', '', 'evil.example', 'localhost:0', 'a'.repeat(300), 'host/path', 'h\u0000st', '..', '[::1') },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
)
const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'text/plain',
    'application/xml',
    'text/html',
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=utf-16',
    'multipart/form-data',
    'multipart/form-data; boundary=x',
    'multipart/form-data; boundary=',
    '',
  ),
  fc.string({ maxLength: 40 }),
)
const rawBody = fc.oneof(
  fc.constantFrom('null', '[]', '{"email":"a@b.c","amount":"50"}', '{', '\u0000', 'a=%ff&b=%00', 'a=%', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n', '--x\r\nbroken'),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 2_000 }),
)
const query = fc.constantFrom('', '?q=%00', '?%ff', '?a=%E4%B8', '?ref=%00x', '?redirectTo=//evil.example', '?t=' + 'x'.repeat(50))
const headerValue = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('evil.example', 'https', '\u00ff\u00fe', 'zh-CN;q=abc', '*'))
const request = fc.record({ method, host, contentType, rawBody, query, forwardedHost: headerValue, language: headerValue })

for (const [route, entry] of Object.entries(inventory)) {
  if (SKIP.has(route)) continue
  const c = entry.action?.[0]
  if (!c) continue
  const role = [...ROLES].reverse().find((r) => expected(c.expect, r) === 'ok') ?? 'anonymous'
  test(`${route}: any method, host, content type and header, as ${role} — a 4xx or an answer, in time, never a 5xx, nothing changed`, async () => {
    const mod = await routeModule(route)
    const before = await fingerprint()
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const url = `${c.url}${c.url.includes('?') ? r.query.replace('?', '&') : r.query}`
        const raw: Record<string, string> = { host: r.host, 'content-type': r.contentType, 'x-forwarded-host': r.forwardedHost, 'accept-language': r.language }
        const cookie = cookiesFor(role)
        if (cookie) raw.cookie = cookie
        const refusal = gate({ method: r.method, url, headers: raw })
        if (refusal) {
          expect(refusal.status).toBeGreaterThanOrEqual(400)
          expect(refusal.status).toBeLessThan(500)
          expect(refusal.message).not.toBe('')
          return
        }
        let headers: Headers
        try {
          headers = new Headers(raw)
        } catch {
          return // Not a header value any client can send (the HTTP parser refuses it before us).
        }
        const req = new Request(`http://${r.host}${url}`, { method: 'POST', headers, body: r.rawBody })
        const started = Date.now()
        let status: number
        try {
          const result = await Promise.race([
            mod.action!({ request: req, params: c.params ?? {}, context: { clientIp: '10.88.0.1', cspNonce: '' } }),
            new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS)),
          ])
          status = result instanceof Response ? result.status : ((result as { init?: { status?: number } } | null)?.init?.status ?? 200)
        } catch (thrown) {
          if (!(thrown instanceof Response)) throw thrown
          status = thrown.status
        }
        expect(status, `${r.contentType} ${JSON.stringify(String(r.rawBody).slice(0, 40))}`).toBeLessThan(500)
        expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS)
      }),
      { numRuns: RUNS, seed: 20261201 },
    )
    expect(await fingerprint()).toBe(before)
  }, 120_000)
}

test('the gate answers the requests that used to get a 500 with a clear 4xx', () => {
  const ok = { host: 'localhost:3000' }
  expect(gate({ method: 'TRACE', url: '/', headers: ok })).toMatchObject({ status: 405, headers: { Allow: 'GET, HEAD, POST' } })
  expect(gate({ method: 'PUT', url: '/login', headers: ok })).toMatchObject({ status: 405 })
  expect(gate({ method: 'GET', url: '/', headers: { host: 'a b c' } })).toMatchObject({ status: 400 })
  expect(gate({ method: 'GET', url: '/', headers: { host: 'x:99999' } })).toMatchObject({ status: 400 })
  expect(gate({ method: 'GET', url: '/', headers: {} })).toMatchObject({ status: 400 })
  expect(gate({ method: 'GET', url: '/projects/%00', headers: ok })).toMatchObject({ status: 400 })
  expect(gate({ method: 'GET', url: '/discover?q=%00', headers: ok })).toMatchObject({ status: 400 })
  expect(gate({ method: 'GET', url: '/discover?q=%ff', headers: ok })).toMatchObject({ status: 400 })
  expect(gate({ method: 'POST', url: '/login', headers: { ...ok, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(10 * 1024 * 1024) } })).toMatchObject({ status: 413 })
  expect(gate({ method: 'GET', url: '/discover?q=%E5%85%8D%E8%B4%B9%E5%8D%88%E9%A4%90&page=2', headers: ok })).toBeNull()
  expect(gate({ method: 'POST', url: '/projects/x/updates/new', headers: { ...ok, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(400 * 1024 * 1024) } })).toBeNull()
})
