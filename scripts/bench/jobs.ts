/**
 * `npm run bench:jobs`: the job queue Sunlight runs (ADR 0004: a jobs table, FOR UPDATE SKIP LOCKED,
 * NOTIFY wake-ups) next to graphile-worker on the same PostgreSQL, same machine, same run:
 * - throughput: 5,000 no-op jobs added in one statement, drained by 4 concurrent workers (jobs/s);
 * - wake-up: a job added from another connection, time until its handler starts (median and p90 of 40);
 * - idle: statements per second the workers send when there is nothing to do.
 * graphile-worker is not a dependency: install it for the comparison with
 * `npm i --no-save graphile-worker@0.18 pg` (without it, only Sunlight's queue is measured).
 * Ends with one JSON line.
 */
import postgres from 'postgres'
import { openDatabase } from '~db/client.server'
import { defineJob, enqueue, JOBS_CHANNEL, runDueJobs } from '~/jobs/queue.server'
import { startLoop } from '~/runtime/loop.server'

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const JOBS = 5_000
const WORKERS = 4
const WAKES = 40

async function freshDatabase(name: string) {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`drop database if exists ${name} with (force)`)
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

async function statementsPerSecond(sql: postgres.Sql, datname: string, seconds: number) {
  const count = async () => Number((await sql`select xact_commit + xact_rollback as n from pg_stat_database where datname = ${datname}`)[0]!.n)
  await sql`select pg_stat_clear_snapshot()`
  const before = await count()
  await new Promise((r) => setTimeout(r, seconds * 1000))
  await sql`select pg_stat_clear_snapshot()`
  return Math.round(((await count()) - before - 2) / seconds)
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!

async function sunlightQueue() {
  const url = await freshDatabase('sunlight_bench_jobs')
  const handle = await openDatabase({ kind: 'postgres', url, maxConnections: WORKERS + 2 })
  await handle.migrate()
  const other = postgres(url, { max: 2, onnotice: () => {} })
  let started: ((at: number) => void) | null = null
  let done = 0
  defineJob('bench.noop', { run: async () => void done++ })
  defineJob('bench.wake', { run: async () => started?.(performance.now()) })
  // Throughput: 4 loops draining, as the runner's lanes do.
  await other`insert into jobs (name, payload) select 'bench.noop', '{}' from generate_series(1, ${JOBS})`
  const t0 = performance.now()
  await Promise.all(Array.from({ length: WORKERS }, async () => { while ((await runDueJobs(handle.db, { limit: 100 })) > 0); }))
  const throughput = Math.round(JOBS / ((performance.now() - t0) / 1000))
  if (done !== JOBS) throw new Error(`ran ${done} of ${JOBS}`)
  // Wake-up: the runner's loop, woken by NOTIFY from a job added elsewhere.
  const loop = startLoop('bench jobs', async () => (await runDueJobs(handle.db, { limit: 20 })) >= 20)
  const unlisten = await handle.listen(JOBS_CHANNEL, () => loop.wake())
  const wakes: number[] = []
  for (let i = 0; i < WAKES; i++) {
    const waiting = new Promise<number>((resolve) => (started = resolve))
    const sent = performance.now()
    await other.begin(async (tx) => {
      await tx`insert into jobs (name, payload) values ('bench.wake', '{}')`
      await tx`select pg_notify(${JOBS_CHANNEL}, '')`
    })
    wakes.push((await waiting) - sent)
    await new Promise((r) => setTimeout(r, 30 + Math.random() * 50))
  }
  // Idle: one loop per lane as in production (two lanes of jobs).
  const second = startLoop('bench jobs 2', async () => (await runDueJobs(handle.db, { limit: 20 })) >= 20)
  const idle = await statementsPerSecond(other, 'sunlight_bench_jobs', 5)
  await Promise.all([loop.stop(), second.stop(), unlisten()])
  await other.end()
  await handle.close()
  void enqueue
  return { throughputJobsPerSec: throughput, wakeMedianMs: Math.round(median(wakes) * 10) / 10, wakeP90Ms: Math.round(p90(wakes) * 10) / 10, idleStatementsPerSec: idle }
}

/** The part of graphile-worker's API this uses (it is not a dependency, so not typed from its package). */
interface GraphileWorker {
  run(options: Record<string, unknown>): Promise<{ stop(): Promise<void> }>
  Logger: new (factory: () => () => void) => unknown
}

async function graphileWorker() {
  let gw: GraphileWorker
  try {
    const name = 'graphile-worker'
    gw = (await import(name)) as GraphileWorker
  } catch {
    console.log('graphile-worker is not installed: `npm i --no-save graphile-worker@0.18 pg` to compare')
    return null
  }
  const url = await freshDatabase('sunlight_bench_graphile')
  const other = postgres(url, { max: 2, onnotice: () => {} })
  let done = 0
  let started: ((at: number) => void) | null = null
  // The schema first (a runner installs it), then the jobs, then the timed runner, as for ours.
  const installer = await gw.run({ connectionString: url, concurrency: 1, noHandleSignals: true, logger: new gw.Logger(() => () => {}), taskList: { install: async () => {} } })
  await installer.stop()
  await other`select graphile_worker.add_job('noop', '{}'::json) from generate_series(1, ${JOBS})`
  const t0 = performance.now()
  const runner = await gw.run({
    connectionString: url,
    concurrency: WORKERS,
    noHandleSignals: true,
    logger: new gw.Logger(() => () => {}),
    taskList: { noop: async () => void done++, wake: async () => started?.(performance.now()) },
  })
  while (done < JOBS) await new Promise((r) => setTimeout(r, 5))
  const throughput = Math.round(JOBS / ((performance.now() - t0) / 1000))
  const wakes: number[] = []
  for (let i = 0; i < WAKES; i++) {
    const waiting = new Promise<number>((resolve) => (started = resolve))
    const sent = performance.now()
    await other`select graphile_worker.add_job('wake', '{}'::json)`
    wakes.push((await waiting) - sent)
    await new Promise((r) => setTimeout(r, 30 + Math.random() * 50))
  }
  const idle = await statementsPerSecond(other, 'sunlight_bench_graphile', 5)
  await runner.stop()
  await other.end()
  return { throughputJobsPerSec: throughput, wakeMedianMs: Math.round(median(wakes) * 10) / 10, wakeP90Ms: Math.round(p90(wakes) * 10) / 10, idleStatementsPerSec: idle }
}

const ours = await sunlightQueue()
console.log(`Sunlight's queue: ${ours.throughputJobsPerSec} jobs/s with ${WORKERS} workers; wake-up median ${ours.wakeMedianMs} ms, p90 ${ours.wakeP90Ms} ms; idle ${ours.idleStatementsPerSec} statements/s`)
const theirs = await graphileWorker()
if (theirs) console.log(`graphile-worker: ${theirs.throughputJobsPerSec} jobs/s with concurrency ${WORKERS}; wake-up median ${theirs.wakeMedianMs} ms, p90 ${theirs.wakeP90Ms} ms; idle ${theirs.idleStatementsPerSec} statements/s`)
console.log(JSON.stringify({ sunlight: ours, graphileWorker: theirs }))
process.exit(0)
