/**
 * `npm run chaos:donations`: 2,000 sandbox donations through the real pages (donate form → hosted
 * test checkout → card), 25 at a time, against the production server on PostgreSQL. Midway the
 * server is killed with SIGKILL and started again; the driver carries on. Then webhook retries
 * and reconciliation settle everything, and the proof: the gateway's own record of what was paid
 * (sandbox sessions) matches the donations, exactly one ledger credit per paid donation, project
 * totals equal to the ledger, and `npm run ledger:check` clean. Exit code 1 if anything disagrees.
 * Ends with one JSON line.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'

const ADMIN_URL = process.env.CHAOS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB_NAME = 'sunlight_chaos'
const PORT = Number(process.env.CHAOS_PORT ?? 4398)
const TOTAL = Number(process.env.CHAOS_DONATIONS ?? 2000)
const CONCURRENCY = 25
const ORIGIN = `http://127.0.0.1:${PORT}`
// Mostly successes; some declines, insufficient funds, delayed outcomes (events that come later).
const CARDS = [...Array(14).fill('4242424242424242'), '4000000000000002', '4000000000009995', '4000000000000077', '4000000000000077', '4000000000000341', '4000000000000341']

const dbUrl = (() => {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${DB_NAME}`
  return url.toString()
})()
const serverEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  PORT: String(PORT),
  PUBLIC_URL: `http://127.0.0.1:${PORT}`,
  HOST: '127.0.0.1',
  DATABASE_URL: dbUrl,
  SESSION_SECRET: 'c'.repeat(48),
  PAYMENTS_SANDBOX: '1',
  STRIPE_WEBHOOK_SECRET: 'whsec_chaosSecretOnly',
  DEMO_MODE: '',
  LOG_LEVEL: 'fatal',
  DATA_DIR: mkdtempSync(join(tmpdir(), 'sunlight-chaos-')),
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function startServer(): Promise<ChildProcess> {
  if (!existsSync('server-build/index.js') || !existsSync('build/index.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' })
  const child = spawn(process.execPath, ['server-build/index.js'], { env: serverEnv, stdio: ['ignore', 'ignore', 'inherit'] })
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${ORIGIN}/healthz`)).ok) return child
    } catch {
      // not up yet
    }
    await sleep(250)
  }
  child.kill('SIGKILL')
  throw new Error('the server did not start')
}

type Outcome = 'paid' | 'refused' | 'delayed'

/**
 * One donor: the donate form, then the hosted checkout with a test card. Each donor has their own
 * address. When the server is down (killed), the donor tries again from the start, as a person
 * would: an interrupted attempt may leave a pending donation that was never paid.
 */
async function donate(i: number, retried: { count: number }): Promise<Outcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptDonation(i)
    } catch (error) {
      if (attempt === 0) retried.count++
      if (attempt > 200) throw error
      await sleep(100)
    }
  }
}

async function attemptDonation(i: number): Promise<Outcome> {
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, 'X-Forwarded-For': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 'Accept-Language': 'en' }
  const form = new URLSearchParams({ otherAmount: String(1 + (i % 500)), frequency: 'one_time', email: `chaos-${i}@example.org`, displayName: `Donor ${i}` })
  const donated = await fetch(`${ORIGIN}/projects/chaos-${1 + (i % 20)}/donate`, { method: 'POST', headers, body: form, redirect: 'manual' })
  const checkout = donated.headers.get('location')
  if (donated.status >= 400 || !checkout?.includes('/sandbox/checkout/')) throw new Error(`donate answered ${donated.status}`)
  const card = CARDS[i % CARDS.length]!
  const paid = await fetch(new URL(checkout, ORIGIN), { method: 'POST', headers, body: new URLSearchParams({ card }), redirect: 'manual' })
  if (paid.status >= 500) throw new Error(`checkout answered ${paid.status}`)
  return card === '4242424242424242' ? 'paid' : card.endsWith('0077') || card.endsWith('0341') ? 'delayed' : 'refused'
}

async function main() {
  const admin = postgres(ADMIN_URL, { onnotice: () => {}, max: 1 })
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`)
  await admin.unsafe(`create database ${DB_NAME}`)
  await admin.end()
  let server = await startServer()
  const sql = postgres(dbUrl, { onnotice: () => {}, max: 2 })
  await sql`insert into organizations (slug, name, uscc, region, contact_name, contact_email, status) values ('chaos', 'Chaos', '920000000000000000', '北京', 'c', 'c@example.org', 'approved')`
  await sql`insert into projects (slug, organization_id, title, summary, category, region, goal_amount, starts_on, ends_on, status)
            select 'chaos-' || g, (select id from organizations where slug = 'chaos'), 'Chaos ' || g, 's', 'education', '北京', 100000000, '2026-01-01', '2099-12-31', 'fundraising'
            from generate_series(1, 20) g`

  // Drive the donors; kill the server when half of them are through, start it again at once.
  const outcomes: Record<Outcome, number> = { paid: 0, refused: 0, delayed: 0 }
  const retried = { count: 0 }
  let next = 0
  let done = 0
  let killedAt = -1
  let restartMs = 0
  const started = performance.now()
  const killer = (async () => {
    while (done < TOTAL / 2) await sleep(20)
    killedAt = done
    server.kill('SIGKILL')
    await new Promise((resolve) => server.once('exit', resolve))
    const t = performance.now()
    server = await startServer()
    restartMs = performance.now() - t
  })()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TOTAL) {
        const i = next++
        outcomes[await donate(i, retried)]++
        done++
      }
    }),
  )
  await killer
  const driveSeconds = (performance.now() - started) / 1000

  // Settle: sandbox deliveries retried until delivered, stored events applied, then reconciliation
  // for whatever a killed request left pending, and the deliveries it produces.
  const settleStarted = performance.now()
  const waitSettled = async () => {
    for (let i = 0; i < 1200; i++) {
      const [row] = await sql<{ undelivered: number; unprocessed: number }[]>`
        select (select count(*) from sandbox_deliveries where delivered_at is null)::int as undelivered,
               (select count(*) from webhook_events where processed_at is null)::int as unprocessed`
      if (row!.undelivered === 0 && row!.unprocessed === 0) return
      await sleep(500)
    }
    throw new Error('deliveries did not settle within 10 minutes')
  }
  await waitSettled()
  const reconcile = execFileSync('npx', ['tsx', 'scripts/reconcile.ts', '--older-than-minutes', '0'], { env: serverEnv, encoding: 'utf8' }).trim()
  await waitSettled()
  const settleSeconds = (performance.now() - settleStarted) / 1000

  // The proof.
  const [truth] = await sql<Record<string, number>[]>`
    select
      (select count(*) from sandbox_sessions where payment_status = 'paid')::int as "gatewayPaid",
      (select count(*) from donations where status = 'succeeded')::int as "donationsSucceeded",
      (select count(*) from donations d join sandbox_sessions s on s.donation_id = d.id where s.payment_status = 'paid' and d.status <> 'succeeded')::int as "paidNotRecorded",
      (select count(*) from donations d where d.status = 'succeeded' and not exists (select 1 from sandbox_sessions s where s.donation_id = d.id and s.payment_status = 'paid'))::int as "recordedNotPaid",
      (select count(*) from ledger_entries where kind = 'donation')::int as "ledgerCredits",
      (select count(*) from (select donation_id from ledger_entries where kind = 'donation' group by donation_id having count(*) > 1) x)::int as "doubleCredits",
      (select count(*) from donations where status = 'pending')::int as "stillPending",
      (select count(*) from donations d where d.status = 'pending' and not exists (select 1 from sandbox_sessions s where s.donation_id = d.id and s.payment_status = 'paid'))::int as "pendingUnpaid",
      (select count(*) from projects p where p.raised_amount <> coalesce((select sum(amount) from ledger_entries l where l.project_id = p.id), 0)
          or p.donation_count <> (select count(*) from ledger_entries l where l.project_id = p.id and l.kind = 'donation'))::int as "projectsDisagreeing"`
  let ledgerCheck = 'clean'
  try {
    execFileSync('npx', ['tsx', 'scripts/ledger-check.ts'], { env: serverEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (error) {
    ledgerCheck = String((error as { stdout?: string }).stdout ?? error).trim()
  }
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
  await sql.end()

  const t = truth!
  // Pending is fine only for checkouts nobody paid (a donor cut off before paying, who started again).
  const ok = t.stillPending === t.pendingUnpaid && t.gatewayPaid === t.donationsSucceeded && t.paidNotRecorded === 0 && t.recordedNotPaid === 0 && t.ledgerCredits === t.donationsSucceeded && t.doubleCredits === 0 && t.projectsDisagreeing === 0 && ledgerCheck === 'clean'
  console.log(`drove ${TOTAL} donors (${CONCURRENCY} at a time) in ${driveSeconds.toFixed(1)} s; SIGKILL after ${killedAt}, restarted in ${(restartMs / 1000).toFixed(1)} s`)
  console.log(`driver saw: ${JSON.stringify(outcomes)}; ${retried.count} donors were cut off by the kill and tried again`)
  console.log(`settled in ${settleSeconds.toFixed(1)} s; ${reconcile}`)
  console.log(`gateway paid ${t.gatewayPaid}, donations succeeded ${t.donationsSucceeded}, ledger credits ${t.ledgerCredits}; paid but not recorded ${t.paidNotRecorded}, recorded but not paid ${t.recordedNotPaid}, double credits ${t.doubleCredits}, projects disagreeing ${t.projectsDisagreeing}; ledger:check ${ledgerCheck}`)
  console.log(JSON.stringify({ donors: TOTAL, killedAfter: killedAt, retried: retried.count, gatewayPaid: t.gatewayPaid, succeeded: t.donationsSucceeded, ledgerCredits: t.ledgerCredits, lost: t.paidNotRecorded, doubled: t.doubleCredits, stillPending: t.stillPending, ok }))
  if (!ok) process.exitCode = 1
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
