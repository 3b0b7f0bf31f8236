/**
 * Bad input, generated: every form action in the route inventory receives bodies built by
 * fast-check from every field name the app's forms use (plus unknown and prototype-polluting
 * names), with hostile values — wrong types, huge strings, Unicode edge cases (lone surrogates,
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
const body = fc.array(fc.tuple(fieldName, value), { maxLength: 12 }).map((pairs) => {
  const form = new URLSearchParams()
  for (const [name, v] of pairs) form.append(name, v)
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
          const headers = new Headers({ 'Accept-Language': calls % 2 ? 'en' : 'zh-CN', 'Content-Type': 'application/x-www-form-urlencoded' })
          const cookie = cookiesFor(role)
          if (cookie) headers.set('Cookie', cookie)
          const request = new Request(`http://localhost${c.url}`, { method: 'POST', headers, body: form })
          let status: number
          try {
            const result = await mod.action!({ request, params: c.params ?? {}, context: { clientIp: `10.77.${calls % 250}.${(calls * 7) % 250}`, cspNonce: '' } })
            status = result instanceof Response ? result.status : ((result as { init?: { status?: number } } | null)?.init?.status ?? 200)
          } catch (thrown) {
            if (!(thrown instanceof Response)) throw thrown
            status = thrown.status
          }
          expect(status, `${[...form].map(([k, v]) => `${k}=${v.slice(0, 30)}`).join('&')}`).toBeLessThan(500)
        }),
        { numRuns: RUNS, seed: 20261123 },
      )
      expect(await fingerprint()).toBe(before)
    }, 120_000)
  }
}
