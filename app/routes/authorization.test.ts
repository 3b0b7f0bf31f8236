/**
 * The authorization matrix. Every route module's loader and action is called as each role, and must
 * be allowed or denied exactly as the inventory (app/testing/route-inventory.ts) says. A route
 * module that has no entry there fails the test, so no route ships without a decision about who may
 * use it.
 */
import { readdirSync } from 'node:fs'
import { describe, expect, test } from 'vitest'

const { call, expected, inventory, logInEveryone, ROLES, routeModule, routesDir } = await import('~/testing/route-inventory')
type Outcome = Awaited<ReturnType<typeof call>>

test('every route module has an entry in the inventory', () => {
  const modules = readdirSync(routesDir)
    .filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.'))
    .map((f) => f.replace(/\.tsx?$/, ''))
  expect(modules.filter((m) => !(m in inventory))).toEqual([])
  expect(Object.keys(inventory).filter((m) => !modules.includes(m))).toEqual([])
})

for (const [route, entry] of Object.entries(inventory)) {
  describe(route, () => {
    for (const kind of ['loader', 'action'] as const) {
      test(`${kind}: allowed and denied per role`, async () => {
        const mod = await routeModule(route)
        const calls = entry[kind] ?? []
        // An exported function without a row in the table is a gap, and so is a row without a function.
        expect(Boolean(mod[kind]), `${route} ${kind} exported`).toBe(calls.length > 0)
        for (const c of calls) {
          const got: Record<string, Outcome> = {}
          const want: Record<string, Outcome> = {}
          for (const role of ROLES) {
            got[role] = await call(mod[kind]!, c, role)
            want[role] = expected(c.expect, role)
          }
          // Logging out ends the session the next rows need.
          if (c.url === '/logout') await logInEveryone()
          expect(got, `${c.method} ${c.url}`).toEqual(want)
        }
      })
    }
  })
}
