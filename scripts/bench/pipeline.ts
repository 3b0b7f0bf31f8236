/**
 * `npm run bench:pipeline`: how fast stored payment events become ledger entries (issue 20, ADR 0016).
 * Production build on PostgreSQL; new gifts go through the real /webhooks/stripe route, signed with
 * Stripe's own test header (`stripe.webhooks.generateTestHeaderString`); pgbench's single-row INSERT
 * is measured in the same run, on the same server, as the yardstick.
 *
 * Phases (a web server that only ingests, BACKGROUND=off, and one `npm run worker` process with
 * BENCH_LANES event lanes, default 1):
 *   baseline — BENCH_BASELINE stored events (default 3,000) drained by the worker with EVENT_BATCHES=off,
 *              the one-by-one path (0 skips it);
 *   capacity — BENCH_BACKLOG stored events (default 40,000) drained by the worker, batched: applied/s;
 *   lag      — BENCH_OFFERED new gifts a second (default 1,000) for BENCH_SECONDS (default 60) while
 *              the worker applies them: the lag from the webhook's acknowledgement to the gift's
 *              ledger entry (its `created_at`, the start of the transaction that credited it), p50/p99;
 * then the backlog drains and the ledger is checked (extra rows must be 0). Ends with one JSON line.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import postgres from 'postgres'
import Stripe from 'stripe'

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB_NAME = 'sunlight_bench_pipeline'
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60)
const OFFERED = Number(process.env.BENCH_OFFERED ?? 1_000)
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 40_000)
const BASELINE = Number(process.env.BENCH_BASELINE ?? 3_000)
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? 10)
const LANES = process.env.BENCH_LANES ?? '1'
const PORT = Number(process.env.BENCH_PORT ?? 4398)
const SECRET = 'whsec_benchmarkSecretOnly'
const CONNECTIONS = 50
const PGBENCH = existsSync('/usr/lib/postgresql/15/bin/pgbench') ? '/usr/lib/postgresql/15/bin/pgbench' : 'pgbench'

const stripe = new Stripe('sk_test_unused')
const dbUrl = (() => {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${DB_NAME}`
  return url.toString()
})()

function completedEvent(donationId: string) {
  return JSON.stringify({
    id: `evt_pipe_${donationId}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: { id: `cs_pipe_${donationId}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', status: 'complete', amount_total: 5000, currency: 'cny', payment_intent: `pi_pipe_${donationId}`, metadata: { donation_id: donationId } } },
  })
}

const environment = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_ENV: 'production' as const,
  PORT: String(PORT),
  PUBLIC_URL: `http://127.0.0.1:${PORT}`,
  HOST: '127.0.0.1',
  DATABASE_URL: dbUrl,
  SESSION_SECRET: 'b'.repeat(48),
  PAYMENTS_SANDBOX: '1',
  STRIPE_WEBHOOK_SECRET: SECRET,
  DEMO_MODE: '',
  LOG_LEVEL: 'error',
  DATA_DIR: mkdtempSync(join(tmpdir(), 'sunlight-bench-')),
  ...extra,
})

async function startServer() {
  if (!existsSync('server-build/index.js') || !existsSync('build/index.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' })
  const child = spawn(process.execPath, ['server-build/index.js'], { env: environment({ BACKGROUND: 'off' }), stdio: ['ignore', 'ignore', 'inherit'] })
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/healthz`)).ok) return child
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  child.kill('SIGKILL')
  throw new Error('the server did not start')
}

function startWorker(batches: 'on' | 'off') {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/bench-pipeline-prof'] : []
  return spawn(process.execPath, [...profile, 'server-build/worker.js'], { env: environment({ EVENT_PROCESSOR_LANES: LANES, EVENT_BATCHES: batches }), stdio: ['ignore', 'ignore', 'inherit'] })
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))
}

/**
 * Sends each payload once: as fast as `connections` allow, or at `rate` a second. Returns the
 * acknowledgement time (ms since the epoch) of each event, by donation.
 */
async function drive(donationIds: string[], { connections, rate }: { connections: number; rate?: number }) {
  let next = 0
  const acks = new Map<string, number>()
  const started = performance.now()
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}/webhooks/stripe`,
    connections,
    amount: donationIds.length,
    ...(rate ? { overallRate: rate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const id = donationIds[next++ % donationIds.length]!
          ;(context as { id?: string }).id = id
          const body = completedEvent(id)
          return { ...req, body, headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }) } }
        },
        onResponse: (status, _body, context) => {
          if (status === 200) acks.set((context as { id: string }).id, Date.now())
        },
      },
    ],
  })
  return { rps: result.requests.total / ((performance.now() - started) / 1000), non2xx: result.non2xx, errors: result.errors, acks }
}

/** Waits until no stored event is left; the rate is measured from the first poll that saw progress. */
async function drain(sql: postgres.Sql, stored: number, timeoutSeconds = 1_800) {
  let first: { at: number; left: number } | null = null
  for (let i = 0; i < timeoutSeconds * 10; i++) {
    const [{ left }] = (await sql<{ left: number }[]>`select count(*)::int as left from webhook_events where processed_at is null`) as unknown as [{ left: number }]
    const at = performance.now()
    if (!first && left < stored) first = { at, left }
    if (left === 0) return first ? { perSec: first.at === at ? stored / 0.1 : first.left / ((at - first.at) / 1000), seconds: (at - first.at) / 1000 } : { perSec: 0, seconds: 0 }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('the backlog did not drain')
}

function pgbenchInsertTps() {
  const script = join(mkdtempSync(join(tmpdir(), 'pgbench-')), 'insert.sql')
  writeFileSync(script, 'INSERT INTO bench_insert (v) VALUES (1);\n')
  const url = new URL(dbUrl)
  const args = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres'), '-n', '-c', String(CONNECTIONS), '-j', '2', '-T', String(PGBENCH_SECONDS), '-f', script, DB_NAME]
  const out = execFileSync(PGBENCH, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  const match = /tps = ([\d.]+)/.exec(out)
  if (!match) throw new Error(`could not read pgbench output:\n${out}`)
  return Number(match[1])
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN)
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d

async function main() {
  const admin = postgres(ADMIN_URL, { onnotice: () => {}, max: 1 })
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`)
  await admin.unsafe(`create database ${DB_NAME}`)
  await admin.end()
  // The web server migrates the new database as it starts.
  const server = await startServer()
  const sql = postgres(dbUrl, { onnotice: () => {}, max: 4 })
  let worker: ChildProcess | null = null
  try {
    await sql`create table bench_insert (id bigserial primary key, v int not null, created_at timestamptz not null default now())`
    await sql`insert into organizations (slug, name, uscc, region, contact_name, contact_email, status) values ('bench', 'Bench', '910000000000000000', '北京', 'c', 'c@example.org', 'approved')`
    await sql`insert into projects (slug, organization_id, title, summary, category, region, goal_amount, starts_on, ends_on, status)
              select 'bench-' || g, (select id from organizations where slug = 'bench'), 'Bench ' || g, 's', 'education', '北京', 100000000000, '2026-01-01', '2099-12-31', 'fundraising'
              from generate_series(1, 500) g`
    const pending = async (n: number) =>
      (
        await sql<{ id: string }[]>`
          insert into donations (project_id, amount, currency, status, donor_email, locale)
          select (select id from projects where slug = 'bench-' || (1 + g % 500)), 5000, 'CNY', 'pending', 'bench-' || g || '@example.org', 'en' from generate_series(1, ${n}) g
          returning id`
      ).map((r) => r.id)
    const baselineIds = BASELINE > 0 ? await pending(BASELINE) : []
    const backlogIds = await pending(BACKLOG)
    const lagIds = await pending(Math.round(OFFERED * SECONDS))
    await sql`vacuum analyze`

    const insertTps = pgbenchInsertTps()
    console.log(`pgbench single-row INSERT: ${round(insertTps, 0)} tps (${CONNECTIONS} clients, ${PGBENCH_SECONDS} s)`)

    let baselinePerSec: number | null = null
    if (baselineIds.length) {
      const stored = await drive(baselineIds, { connections: CONNECTIONS })
      worker = startWorker('off')
      baselinePerSec = (await drain(sql, baselineIds.length)).perSec
      await stop(worker)
      console.log(`one by one (EVENT_BATCHES=off, ${LANES} lane): ${baselineIds.length} stored events applied at ${round(baselinePerSec, 0)}/s (stored at ${round(stored.rps, 0)}/s)`)
    }

    const stored = await drive(backlogIds, { connections: CONNECTIONS })
    worker = startWorker('on')
    const capacity = await drain(sql, backlogIds.length)
    console.log(`batched (${LANES} lane): ${backlogIds.length} stored events applied in ${capacity.seconds.toFixed(1)} s = ${round(capacity.perSec, 0)}/s (stored at ${round(stored.rps, 0)}/s, non-2xx ${stored.non2xx})`)

    // The worker keeps running: gifts arrive at a fixed rate and are applied as they come.
    const offered = await drive(lagIds, { connections: 20, rate: OFFERED })
    await drain(sql, 1)
    const credited = await sql<{ donation_id: string; ms: string }[]>`
      select donation_id, (extract(epoch from created_at) * 1000)::text as ms from ledger_entries where kind = 'donation' and donation_id = any(${lagIds}::uuid[])`
    const lags = credited.filter((r) => offered.acks.has(r.donation_id)).map((r) => Number(r.ms) - offered.acks.get(r.donation_id)!).sort((a, b) => a - b)
    console.log(`at ${OFFERED}/s offered for ${SECONDS} s: ${round(offered.rps, 0)} req/s sent (non-2xx ${offered.non2xx}, errors ${offered.errors}); lag ack → ledger entry p50 ${round(percentile(lags, 50), 0)} ms, p99 ${round(percentile(lags, 99), 0)} ms, max ${round(lags.at(-1) ?? NaN, 0)} ms`)

    const [{ extra, mismatched, unpaid }] = (await sql<{ extra: number; mismatched: number; unpaid: number }[]>`
      select (select count(*) from ledger_entries where kind = 'donation')::int - (select count(*) from donations where status = 'succeeded')::int as extra,
             (select count(*) from projects p
               where (p.raised_amount <> coalesce((select sum(amount) from ledger_entries l where l.project_id = p.id), 0)
                  or p.donation_count <> (select count(*) from ledger_entries l where l.project_id = p.id and l.kind = 'donation')))::int as mismatched,
             (select count(*) from webhook_events)::int - (select count(*) from donations where status = 'succeeded')::int as unpaid`) as unknown as [{ extra: number; mismatched: number; unpaid: number }]
    console.log(`ledger: ${extra} extra credit rows, ${mismatched} projects whose totals disagree with the ledger, ${unpaid} events without exactly one paid gift`)

    const summary = {
      insertTps: round(insertTps, 0),
      appliedPerSec: round(capacity.perSec, 0),
      appliedRatio: round(capacity.perSec / insertTps, 3),
      lagP50Ms: round(percentile(lags, 50), 0),
      lagP99Ms: round(percentile(lags, 99), 0),
      offeredPerSec: OFFERED,
      extraRows: extra + mismatched + Math.abs(unpaid),
      ...(baselinePerSec === null ? {} : { oneByOnePerSec: round(baselinePerSec, 0) }),
      lanes: Number(LANES),
    }
    console.log(JSON.stringify(summary))
    if (summary.extraRows || offered.non2xx || stored.non2xx) process.exitCode = 1
  } finally {
    if (worker) await stop(worker)
    await stop(server)
    await sql.end()
  }
}

await main()
