/**
 * The PostgreSQL-backed job queue (docs/decisions/0004-job-queue.md). A job is a row in `jobs`;
 * a worker claims the oldest due row with FOR UPDATE SKIP LOCKED and holds it under a lease, so
 * several servers can work one queue and a crashed worker's job is picked up again when the lease
 * runs out. Handlers must be idempotent: a job can run more than once (crash after the work, before
 * `done_at`). A job that keeps failing is retried with back-off, then parked with `failed_at`.
 */
import { sql } from 'drizzle-orm'
import { currentRequestId, withRequestId } from '~/utils/request-context.server'
import { queryRows, type Db } from '~db/client.server'
import { jobs } from '~db/schema'
import { logger } from '~/utils/logger.server'

export interface JobDefinition<P> {
  run(db: Db, payload: P): Promise<void>
  /** How long a claim lasts before another worker may take the job (defaults to 2 minutes). */
  leaseMs?: number
}

const definitions = new Map<string, JobDefinition<never>>()

export function defineJob<P>(name: string, definition: JobDefinition<P>) {
  definitions.set(name, definition as JobDefinition<never>)
  return name
}

export interface EnqueueOptions {
  runAt?: Date
  /** An enqueue with a key already present (done or not) is a no-op. */
  dedupeKey?: string
  maxAttempts?: number
}

/** The channel a worker listens on: an enqueue wakes the fleet's workers when it commits. */
export const JOBS_CHANNEL = 'jobs'

/** Adds a job; inside a transaction it exists exactly when its cause commits (and so does its wake-up). */
export async function enqueue(db: Db, name: string, payload: Record<string, unknown>, options: EnqueueOptions = {}) {
  const added = await db
    .insert(jobs)
    // The request that enqueued it (if any): the job's log lines carry the same id.
    .values({ name, payload: withRequest(payload), dedupeKey: options.dedupeKey, runAt: options.runAt, maxAttempts: options.maxAttempts })
    .onConflictDoNothing()
    .returning({ id: jobs.id })
  if (added.length > 0) await db.execute(sql`select pg_notify(${JOBS_CHANNEL}, '')`)
  return added.length > 0
}

function withRequest(payload: Record<string, unknown>) {
  const requestId = currentRequestId()
  return requestId && payload.requestId === undefined ? { ...payload, requestId } : payload
}

/** Seconds to wait before attempt n+1: 5 s, 20 s, 80 s … capped at an hour. */
export function backoffMs(attempts: number) {
  return Math.min(60 * 60_000, 5_000 * 4 ** Math.max(0, attempts - 1))
}

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`

type Claimed = { id: number; name: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }

/** Which jobs a worker takes: only some names, or all but some (a slow lane keeps transcoding apart). */
export type Lane = { only: string[] } | { except: string[] } | null

/**
 * Jobs nobody is waiting on (packaging every video as HLS after a deploy or a seed): within a lane
 * they go after every other due job, so a supporter's new upload gets its poster in seconds, not
 * after the whole backlog of packaging.
 */
export const BACKGROUND_JOBS = ['media.hls']

/** Due by the caller's clock or the database's (a job enqueued this millisecond is due, not in the future). */
async function claim(db: Db, now: Date, lane: Lane): Promise<Claimed | null> {
  const lease = new Date(now.getTime() + 2 * 60_000)
  const names = !lane ? sql`true` : 'only' in lane ? sql`name in ${lane.only}` : sql`name not in ${lane.except}`
  const rows = await queryRows<Claimed>(db, sql`
    update jobs set attempts = attempts + 1, locked_until = ${ts(lease)}
    where id = (
      select id from jobs
      where done_at is null and failed_at is null and run_at <= greatest(now(), ${ts(now)})
        and (locked_until is null or locked_until < ${ts(now)}) and ${names}
      order by name in ${BACKGROUND_JOBS}, run_at, id
      limit 1
      for update skip locked
    )
    returning id::int as id, name, payload, attempts, max_attempts`)
  return rows[0] ?? null
}

/** Runs due jobs one after another until none is due or `limit` ran; returns how many ran. */
export async function runDueJobs(db: Db, { limit = 20, now = () => new Date(), lane = null }: { limit?: number; now?: () => Date; lane?: Lane } = {}) {
  let ran = 0
  while (ran < limit) {
    const job = await claim(db, now(), lane)
    if (!job) break
    ran++
    const definition = definitions.get(job.name)
    try {
      if (!definition) throw new Error(`no handler for job ${job.name}`)
      if (definition.leaseMs) {
        await db.execute(sql`update jobs set locked_until = ${ts(new Date(now().getTime() + definition.leaseMs))} where id = ${job.id}`)
      }
      await withRequestId((job.payload as { requestId?: string }).requestId, async () => {
        await definition.run(db, job.payload as never)
        logger.debug({ job: job.name, id: job.id }, 'job done')
      })
      await db.execute(sql`update jobs set done_at = ${ts(now())}, locked_until = null, last_error = null where id = ${job.id}`)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const finalAttempt = job.attempts >= job.max_attempts
      logger.warn({ job: job.name, id: job.id, attempts: job.attempts, err: message }, finalAttempt ? 'job failed for good' : 'job failed, will retry')
      await db.execute(
        finalAttempt
          ? sql`update jobs set failed_at = ${ts(now())}, locked_until = null, last_error = ${message} where id = ${job.id}`
          : sql`update jobs set run_at = ${ts(new Date(now().getTime() + backoffMs(job.attempts)))}, locked_until = null, last_error = ${message} where id = ${job.id}`,
      )
    }
  }
  return ran
}

/**
 * Done jobs older than a week are deleted (periodic ones after a day: there is one per period);
 * failed ones stay for a person to look at.
 */
export async function pruneJobs(db: Db, now = new Date()) {
  await db.execute(sql`delete from jobs where done_at < ${ts(new Date(now.getTime() - 7 * 24 * 3600_000))}`)
  await db.execute(sql`delete from jobs where done_at < ${ts(new Date(now.getTime() - 24 * 3600_000))} and dedupe_key like 'every:%'`)
}
