/**
 * The export worker (export-worker.ts, ADR 0022) publishes byte for byte what the in-thread export
 * does, stops when the reader leaves, and fails loudly instead of hanging. It needs PostgreSQL (PGlite
 * cannot be opened from a second thread; there the server exports in its own thread), so it runs in
 * the suite's PostgreSQL pass only (`*.postgres.test.ts`, vitest.config.ts).
 */
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { expect, test } from 'vitest'
import { setupTestDatabase, testBackend } from '~db/testing/test-database'
import { seedDemo } from '~seeds/seed.server'
import { acceptsGzip, ledgerExportStream, workerExportStream } from './export.server'
import { sealLedger } from './seal.server'
import { projects } from '~db/schema'
import { eq, sql } from 'drizzle-orm'

if (testBackend() !== 'postgres') throw new Error('This file needs TEST_DATABASE_URL (PostgreSQL).')
// Bundled as scripts/build-server.mjs bundles it for production (inside the project, so that its npm
// imports resolve from node_modules).
const workerPath = resolve(`node_modules/.cache/sunlight-test/export-worker-${process.pid}.js`)
{
  mkdirSync(resolve('node_modules/.cache/sunlight-test'), { recursive: true })
  await build({ entryPoints: ['app/ledger/export-worker.ts'], outfile: workerPath, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' })
}

const { db, url } = await setupTestDatabase()
await seedDemo(db, { now: new Date('2026-11-23T08:00:00Z') })

test('the worker exports exactly what the server thread does, platform and project, CSV and JSON', { timeout: 120_000 }, async () => {
  while ((await sealLedger(db, { settleSeconds: 0, batch: 2000 })).sealed > 0);
  const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, 'free-lunch-draw-to-life'))
  for (const format of ['csv', 'json'] as const) {
    for (const projectId of [undefined, project!.id]) {
      const inThread = await new Response(ledgerExportStream(db, format, { projectId })).text()
      // A small page so the worker answers many pages, and the last page boundary is exercised.
      const fromWorker = await new Response(workerExportStream(url!, format, { projectId, pageSize: 40, workerPath })).text()
      expect(fromWorker.length).toBeGreaterThan(200)
      expect(fromWorker).toBe(inThread)
      // Compressed in the worker: one gzip body, page by page, that reads back to the same bytes.
      const gzipped = new Uint8Array(await new Response(workerExportStream(url!, format, { projectId, pageSize: 40, workerPath, gzip: true })).arrayBuffer())
      expect(gunzipSync(gzipped).toString('utf8')).toBe(inThread)
      expect(gzipped.byteLength).toBeLessThan(inThread.length / 2)
    }
  }
})

test('a reader that leaves stops the worker; one with no room gets nothing more', async () => {
  const reader = workerExportStream(url!, 'csv', { pageSize: 5, workerPath }).getReader()
  const first = await reader.read()
  expect(new TextDecoder().decode(first.value)).toMatch(/^id,occurred_at,/)
  await reader.cancel()
  // The worker's own connection closes with it (terminated threads' sockets are closed by Node).
  const exportConnections = async () =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(sql`pg_stat_activity`).where(sql`application_name = 'sunlight-export' and datname = current_database()`))[0]!.n
  await expect.poll(exportConnections, { timeout: 5000 }).toBe(0)
  let asks = 0
  const gone = workerExportStream(url!, 'json', { pageSize: 5, workerPath, room: async () => (++asks, false) }).getReader()
  expect(await gone.read()).toEqual({ done: true, value: undefined })
  expect(asks).toBe(1)
})

test('a worker that cannot read ends the export with an error, not a hang', async () => {
  const broken = new URL(url!)
  broken.pathname = '/sunlight_no_such_database'
  const reader = workerExportStream(broken.toString(), 'csv', { workerPath }).getReader()
  await expect(reader.read()).rejects.toThrow(/sunlight_no_such_database/)
})

test('gzip is used only when the reader takes it', () => {
  const asking = (header?: string) => acceptsGzip(new Request('http://x/ledger.csv', { headers: header === undefined ? {} : { 'accept-encoding': header } }))
  expect(asking('gzip, deflate, br')).toBe(true)
  expect(asking('br;q=1.0, gzip;q=0.8')).toBe(true)
  expect(asking('*')).toBe(true)
  expect(asking('gzip;q=0')).toBe(false)
  expect(asking('identity')).toBe(false)
  expect(asking('x-gzipped')).toBe(false)
  expect(asking()).toBe(false)
  expect(acceptsGzip(undefined)).toBe(false)
})
