/**
 * `npm run bench:webhook`: the ingest rate of the real /webhooks/stripe route (production build,
 * PostgreSQL), driven from this process over loopback with autocannon, as a ratio to pgbench's
 * single-row INSERT rate measured in the same run on the same server.
 *
 * Phases (each BENCH_SECONDS at 50 connections, new distinct signed events per request):
 *   spread — checkout.session.completed for donations over 500 projects
 *   hot    — all donations to one project (every event updates the same project row)
 *   replay — the spread events delivered again (duplicates: acknowledged, no effect)
 * Then p50/p99 at 10 connections. The route stores each verified event and answers; the server's
 * event processor applies them meanwhile. Once every stored event is applied (the backlog drains),
 * the ledger check: extra rows must be 0, and every donation paid exactly once.
 * Ends with one JSON line.
 */
import { execFileSync, spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import postgres from 'postgres'

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB_NAME = 'sunlight_bench_webhook'
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const PORT = Number(process.env.BENCH_PORT ?? 4399)
const SECRET = 'whsec_benchmarkSecretOnly'
const CONNECTIONS = 50

const dbUrl = (() => {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${DB_NAME}`
  return url.toString()
})()

function sign(payload: string) {
  const t = Math.floor(Date.now() / 1000)
  return `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${payload}`).digest('hex')}`
}

function completedEvent(donationId: string, n: number) {
  return JSON.stringify({
    id: `evt_bench_${n}_${donationId.slice(0, 8)}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: { id: `cs_bench_${donationId}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', status: 'complete', amount_total: 5000, currency: 'cny', payment_intent: `pi_bench_${donationId}`, metadata: { donation_id: donationId } } },
  })
}

async function setupDatabase() {
  const admin = postgres(ADMIN_URL, { onnotice: () => {}, max: 1 })
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`)
  await admin.unsafe(`create database ${DB_NAME}`)
  await admin.end()
}

async function startServer(extraEnv: Record<string, string> = {}) {
  if (!existsSync('server-build/index.js') || !existsSync('build/index.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' })
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/bench-prof'] : []), 'server-build/index.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
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
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
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

async function seed(sql: postgres.Sql, donationsPerPhase: number) {
  await sql`insert into organizations (slug, name, uscc, region, contact_name, contact_email, status) values ('bench', 'Bench', '910000000000000000', '北京', 'c', 'c@example.org', 'approved')`
  await sql`insert into projects (slug, organization_id, title, summary, category, region, goal_amount, starts_on, ends_on, status)
            select 'bench-' || g, (select id from organizations where slug = 'bench'), 'Bench ' || g, 's', 'education', '北京', 100000000, '2026-01-01', '2099-12-31', 'fundraising'
            from generate_series(1, 500) g`
  const spread = await sql<{ id: string }[]>`
    insert into donations (project_id, amount, currency, status, donor_email, locale)
    select (select id from projects where slug = 'bench-' || (1 + g % 500)), 5000, 'CNY', 'pending', 'bench@example.org', 'en' from generate_series(1, ${donationsPerPhase}) g
    returning id`
  const hot = await sql<{ id: string }[]>`
    insert into donations (project_id, amount, currency, status, donor_email, locale)
    select (select id from projects where slug = 'bench-1'), 5000, 'CNY', 'pending', 'bench@example.org', 'en' from generate_series(1, ${donationsPerPhase}) g
    returning id`
  const latency = await sql<{ id: string }[]>`
    insert into donations (project_id, amount, currency, status, donor_email, locale)
    select (select id from projects where slug = 'bench-' || (1 + g % 500)), 5000, 'CNY', 'pending', 'bench@example.org', 'en' from generate_series(1, ${donationsPerPhase}) g
    returning id`
  return { spread: spread.map((r) => r.id), hot: hot.map((r) => r.id), latency: latency.map((r) => r.id) }
}

/** Sends each payload once (`distinct`: stops when all were sent) or cycles through them for `seconds`. */
async function drive(payloads: string[], connections: number, seconds: number, { distinct = false } = {}) {
  let next = 0
  const started = performance.now()
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}/webhooks/stripe`,
    connections,
    duration: seconds,
    // A new-event phase must never wrap around to payloads it already sent (those are duplicates).
    ...(distinct ? { amount: payloads.length } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const body = payloads[next++ % payloads.length]!
          return { ...req, body, headers: { 'content-type': 'application/json', 'stripe-signature': sign(body) } }
        },
      },
    ],
  })
  // autocannon reports whole seconds; a phase that ends when its events run out needs the real time.
  const elapsed = (performance.now() - started) / 1000
  return { rps: result.requests.total / elapsed, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, sent: next }
}

function pgbenchInsertTps() {
  const script = join(mkdtempSync(join(tmpdir(), 'pgbench-')), 'insert.sql')
  writeFileSync(script, 'INSERT INTO bench_insert (v) VALUES (1);\n')
  const url = new URL(dbUrl)
  const args = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres'), '-n', '-c', String(CONNECTIONS), '-j', '2', '-T', String(SECONDS), '-f', script, DB_NAME]
  const out = execFileSync('pgbench', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  const match = /tps = ([\d.]+)/.exec(out)
  if (!match) throw new Error(`could not read pgbench output:\n${out}`)
  return Number(match[1])
}

async function main() {
  await setupDatabase()
  // The web tier: ingest only (BACKGROUND=off), as behind a load balancer in front of workers.
  let server = await startServer({ BACKGROUND: 'off' })
  const sql = postgres(dbUrl, { onnotice: () => {}, max: 4 })
  try {
    await sql`create table bench_insert (id bigserial primary key, v int not null, created_at timestamptz not null default now())`
    const perPhase = Number(process.env.BENCH_DONATIONS ?? 60_000)
    const ids = await seed(sql, perPhase)
    const events = (list: string[], tag: number) => list.map((id, i) => completedEvent(id, tag * 10_000_000 + i))

    const insertTps = pgbenchInsertTps()
    const spreadEvents = events(ids.spread, 1)
    const spread = await drive(spreadEvents, CONNECTIONS, SECONDS, { distinct: true })
    const hot = await drive(events(ids.hot, 2), CONNECTIONS, SECONDS, { distinct: true })
    // Replays: events already applied in the spread phase.
    const replay = await drive(spreadEvents.slice(0, spread.sent), CONNECTIONS, SECONDS)
    const latency = await drive(events(ids.latency, 3), 10, SECONDS, { distinct: true })

    if (process.env.BENCH_DRAIN === '0') {
      // While tuning ingest: the rates only, no drain and no ledger check (never for published figures).
      console.log(JSON.stringify({ insertTps: Math.round(insertTps), webhookRps: Math.round(spread.rps), ratio: spread.rps / insertTps, p99At50Ms: spread.p99, hotRatio: hot.rps / spread.rps, replayRatio: replay.rps / spread.rps, replayRps: Math.round(replay.rps), p99Ms: latency.p99 }))
      return
    }
    // Then a worker (the same server with its event processor on) applies the backlog.
    server.kill('SIGTERM')
    await new Promise((r) => server.once('exit', r))
    server = await startServer()
    const loadEnded = performance.now()
    const [{ backlog }] = (await sql<{ backlog: number }[]>`select count(*)::int as backlog from webhook_events where processed_at is null`) as unknown as [{ backlog: number }]
    // Up to 30 minutes: the backlog is whatever the load phases stored, drained to the last event.
    for (let i = 0; i < 7200; i++) {
      const [{ n }] = (await sql<{ n: number }[]>`select count(*)::int as n from webhook_events where processed_at is null`) as unknown as [{ n: number }]
      if (n === 0) break
      await new Promise((r) => setTimeout(r, 250))
    }
    const drainSeconds = (performance.now() - loadEnded) / 1000
    const [{ applied }] = (await sql<{ applied: number }[]>`select count(*)::int as applied from webhook_events where outcome = 'succeeded'`) as unknown as [{ applied: number }]
    const [{ paid, distinctDelivered }] = (await sql<{ paid: number; distinctDelivered: number }[]>`
      select (select count(*) from donations where status = 'succeeded')::int as paid, (select count(*) from webhook_events)::int as "distinctDelivered"`) as unknown as [{ paid: number; distinctDelivered: number }]
    const [{ extra }] = (await sql<{ extra: number }[]>`
      select (select count(*) from ledger_entries where kind = 'donation')::int - (select count(*) from donations where status = 'succeeded')::int as extra`) as unknown as [{ extra: number }]
    const [{ mismatched }] = (await sql<{ mismatched: number }[]>`
      select count(*)::int as mismatched from projects p
      where (p.raised_amount <> coalesce((select sum(amount) from ledger_entries l where l.project_id = p.id), 0)
         or p.donation_count <> (select count(*) from ledger_entries l where l.project_id = p.id and l.kind = 'donation'))`) as unknown as [{ mismatched: number }]

    const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d
    const summary = {
      insertTps: round(insertTps, 0),
      webhookRps: round(spread.rps, 0),
      ratio: round(spread.rps / insertTps, 3),
      p99Ms: latency.p99,
      p99At50Ms: spread.p99,
      p50Ms: latency.p50,
      hotRatio: round(hot.rps / spread.rps, 3),
      replayRatio: round(replay.rps / spread.rps, 2),
      extraRows: extra + mismatched + (paid - distinctDelivered),
      appliedPerSec: round(backlog / drainSeconds, 0),
    }
    console.log(`pgbench single-row INSERT: ${summary.insertTps} tps (${CONNECTIONS} clients, ${SECONDS} s)`)
    console.log(`webhook, new events over 500 projects: ${summary.webhookRps} req/s, p99 ${spread.p99} ms at ${CONNECTIONS} connections (non-2xx ${spread.non2xx}, errors ${spread.errors})`)
    console.log(`webhook, all to one project: ${round(hot.rps, 0)} req/s (non-2xx ${hot.non2xx})`)
    console.log(`webhook, duplicate deliveries: ${round(replay.rps, 0)} req/s (non-2xx ${replay.non2xx})`)
    console.log(`webhook at 10 connections: p50 ${latency.p50} ms, p99 ${latency.p99} ms`)
    console.log(`processor (4 lanes, after the load): ${backlog} stored events applied in ${drainSeconds.toFixed(1)} s including start-up = ${summary.appliedPerSec}/s; ${applied} succeeded`)
    console.log(`ledger: ${extra} extra credit rows, ${mismatched} projects whose totals disagree with the ledger; ${paid} donations paid for ${distinctDelivered} distinct events`)
    console.log(JSON.stringify(summary))
    if (spread.non2xx || hot.non2xx || replay.non2xx || extra || mismatched || paid !== distinctDelivered) process.exitCode = 1
  } finally {
    await sql.end()
    server.kill('SIGTERM')
  }
}

await main()
