/**
 * `npm run ledger:check`, as an operator runs it: exit 0 on the seeded demo after gifts, a refund and
 * spending; exit 1 naming a gift that someone marked succeeded (and credited) straight in the
 * database, with no payment behind it at the gateway.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { eq } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { openDatabase } from '~db/client.server'
import { donations, projects } from '~db/schema'
import { seedDemo } from '~seeds/seed.server'
import { post } from '~/ledger/post.server'

const run = promisify(execFile)
const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-ledger-check-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

function ledgerCheck() {
  return run(process.execPath, ['--import', 'tsx', 'scripts/ledger-check.ts'], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'development' } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  )
}

test('ledger:check passes the demo and names a credit with no gateway record behind it', { timeout: 120_000 }, async () => {
  let handle = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') })
  await handle.migrate()
  await seedDemo(handle.db)
  await handle.close()
  expect(await ledgerCheck()).toMatchObject({ code: 0, stdout: expect.stringContaining("every credit is backed by the sandbox gateway's records") })

  handle = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') })
  const [project] = await handle.db.select().from(projects).where(eq(projects.slug, 'stray-animal-rescue'))
  const [forged] = await handle.db
    .insert(donations)
    .values({ projectId: project!.id, amount: 5_000_000n, currency: 'CNY', status: 'succeeded', succeededAt: new Date(), checkoutSessionId: 'cs_test_never_paid', receiptNumber: 'SL-2026-FORGED01' })
    .returning()
  await handle.db.transaction((tx) => post(tx, { projectId: project!.id, currency: 'CNY', entries: [{ kind: 'donation', amount: 5_000_000n, externalRef: `donation:${forged!.id}`, donationId: forged!.id, occurredAt: new Date() }] }))
  await handle.close()
  const result = await ledgerCheck()
  expect(result.code).toBe(1)
  expect(result.stderr).toContain(`gateway ${forged!.id}: SL-2026-FORGED01 credited 5000000 CNY with no paid checkout session at the sandbox gateway (cs_test_never_paid)`)
  expect(result.stderr).toMatch(/Ledger check FAILED: 1 disagreement/)
})
