/**
 * `npm run bench:export`: streams the platform ledger export (CSV and JSON) of 1,000,000 entries from
 * the production server on PostgreSQL, sampling the server's resident memory while it streams.
 * Bounded memory means the peak stays near the idle figure whatever the row count.
 * Ends with one JSON line.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql as dsql } from 'drizzle-orm'
import postgres from 'postgres'
import { openDatabase } from '~db/client.server'
import { postSelected } from '~/ledger/post.server'

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB_NAME = 'sunlight_bench_export'
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
const PORT = Number(process.env.BENCH_PORT ?? 4398)

const dbUrl = (() => {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${DB_NAME}`
  return url.toString()
})()

function rssMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024
}

async function main() {
  const admin = postgres(ADMIN_URL, { onnotice: () => {}, max: 1 })
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`)
  await admin.unsafe(`create database ${DB_NAME}`)
  await admin.end()
  if (!existsSync('server-build/index.js') || !existsSync('build/index.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' })
  const server = spawn(process.execPath, ['server-build/index.js'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(PORT), PUBLIC_URL: `http://127.0.0.1:${PORT}`, HOST: '127.0.0.1', DATABASE_URL: dbUrl, SESSION_SECRET: 'e'.repeat(48), PAYMENTS_SANDBOX: '1', DEMO_MODE: '', LOG_LEVEL: 'error', DATA_DIR: mkdtempSync(join(tmpdir(), 'sunlight-bench-')) },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const sql = postgres(dbUrl, { onnotice: () => {}, max: 2 })
  try {
    for (let i = 0; i < 120; i++) {
      if (await fetch(`http://127.0.0.1:${PORT}/healthz`).then((r) => r.ok).catch(() => false)) break
      await new Promise((r) => setTimeout(r, 250))
    }
    const started = performance.now()
    await sql`insert into organizations (slug, name, uscc, region, contact_name, contact_email, status) values ('bench', 'Bench', '910000000000000001', '北京', 'c', 'c@example.org', 'approved')`
    await sql`insert into projects (slug, organization_id, title, summary, category, region, goal_amount, starts_on, ends_on, status)
              select 'bench-' || g, (select id from organizations where slug = 'bench'), 'Bench ' || g, 's', 'education', '北京', 100000000, '2026-01-01', '2099-12-31', 'fundraising' from generate_series(1, 100) g`
    const ledger = await openDatabase({ kind: 'postgres', url: dbUrl })
    await postSelected(
      ledger.db,
      dsql`select (select id from projects where slug = 'bench-' || (1 + g % 100)), 'donation'::ledger_entry_kind, 100 + g % 5000, 'CNY', null::uuid, 'bench:' || g, now() - make_interval(secs => ${ROWS} - g)
           from generate_series(1, ${ROWS}) g`,
    )
    await ledger.close()
    const loadSeconds = (performance.now() - started) / 1000
    const idle = rssMb(server.pid!)
    const results: Record<string, { seconds: number; megabytes: number; peakRssMb: number; rows: number }> = {}
    for (const format of ['csv', 'json'] as const) {
      let peak = rssMb(server.pid!)
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 100)
      const t = performance.now()
      const response = await fetch(`http://127.0.0.1:${PORT}/ledger.${format}`)
      let bytes = 0
      let newlines = 0
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength
        for (const b of chunk) if (b === 10) newlines++
      }
      clearInterval(sampler)
      results[format] = { seconds: Math.round((performance.now() - t) / 100) / 10, megabytes: Math.round(bytes / 1e5) / 10, peakRssMb: Math.round(peak), rows: format === 'csv' ? newlines - 1 : newlines - 2 }
    }
    console.log(`${ROWS.toLocaleString('en')} ledger entries loaded in ${loadSeconds.toFixed(1)} s; server idle RSS ${idle.toFixed(0)} MB`)
    for (const [format, r] of Object.entries(results)) console.log(`/ledger.${format}: ${r.rows.toLocaleString('en')} rows, ${r.megabytes} MB in ${r.seconds} s (${(r.megabytes / r.seconds).toFixed(1)} MB/s), server peak RSS ${r.peakRssMb} MB`)
    console.log(JSON.stringify({ rows: ROWS, idleRssMb: Math.round(idle), csv: results.csv, json: results.json }))
    if (results.csv!.rows !== ROWS || results.json!.rows !== ROWS) process.exitCode = 1
  } finally {
    await sql.end()
    server.kill('SIGTERM')
  }
}

await main()
