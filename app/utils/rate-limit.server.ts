/**
 * Throttles for login, signup, donations, reports and uploads, per address and per account
 * (rate-limiter-flexible). On PostgreSQL every app server counts in one table (`rate_limits`,
 * RateLimiterPostgres), so N servers allow the limit once, not N times; should the table be
 * unreachable, each server falls back to counting in its own memory rather than refusing everyone.
 * On PGlite (one process by design) the counts live in memory.
 */
import { sql } from 'drizzle-orm'
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { Db, DatabaseHandle } from '~db/client.server'

interface LimitSpec {
  points: number
  /** Seconds the points last. */
  duration: number
}

const specs = {
  loginIp: { points: 30, duration: 15 * 60 },
  /** Wrong passwords per account and address (counted for a day), and that pair's current wait. */
  loginPairFailures: { points: 1_000_000, duration: 24 * 60 * 60 },
  loginPairBlock: { points: 1, duration: 15 * 60 },
  signupIp: { points: 10, duration: 60 * 60 },
  emailIp: { points: 10, duration: 60 * 60 },
  /** Organisation applications (with uploads) and invitations, per account. */
  applyUser: { points: 20, duration: 60 * 60 },
  /** Donation attempts per IP: generous for families behind one address, fatal for card testing. */
  donateIp: { points: 60, duration: 60 * 60 },
  inviteUser: { points: 30, duration: 60 * 60 },
  /** Reports: signed-out reporters per IP, signed-in reporters per account (one report per item anyway). */
  reportIp: { points: 10, duration: 60 * 60 },
  reportUser: { points: 30, duration: 60 * 60 },
  /** Wrong one-time or recovery codes per account (a code has three live values among a million). */
  secondFactorUser: { points: 10, duration: 15 * 60 },
  /** Wrong passwords when re-authenticating, per account. */
  reauthUser: { points: 10, duration: 15 * 60 },
  /** Video attention events (impressions, plays …) per address: a viewer sends a few a minute. */
  videoEventsIp: { points: 300, duration: 60 },
  /** Claims of sponsor gifts for taking part (ADR 0019), per account and per address: a person watches a few videos an hour. */
  participateUser: { points: 30, duration: 10 * 60 },
  participateIp: { points: 120, duration: 10 * 60 },
  /** Teams (一起捐) started, per account: a few a day is a person; hundreds is someone filling leaderboards with names. */
  teamUser: { points: 10, duration: 24 * 60 * 60 },
  /** The public read API (/api/v1) per address; Varnish answers repeats without counting them. */
  apiIp: { points: 600, duration: 60 },
} satisfies Record<string, LimitSpec>

const keyPrefix = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

function memoryLimiters() {
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, new RateLimiterMemory({ keyPrefix: keyPrefix(name), ...spec })])) as unknown as Record<
    keyof typeof specs,
    RateLimiterAbstract
  >
}

let limiters = memoryLimiters()

/**
 * Counts in PostgreSQL from now on (the server's start-up calls it on that backend). The table is
 * made by migration 0018; rate-limiter-flexible speaks to it through the handle's raw queries.
 */
export function countRateLimitsInDatabase(handle: Pick<DatabaseHandle, 'raw'>) {
  const storeClient = {
    async query({ text, values }: { text: string; values?: unknown[] }) {
      const rows = await handle.raw(text, values ?? [])
      return { rows, rowCount: rows.length }
    },
  }
  const fallback = memoryLimiters()
  limiters = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      new RateLimiterPostgres({
        storeClient,
        storeType: 'pool',
        tableName: 'rate_limits',
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix: keyPrefix(name),
        insuranceLimiter: fallback[name as keyof typeof specs] as RateLimiterMemory,
        ...spec,
      }),
    ]),
  ) as unknown as Record<keyof typeof specs, RateLimiterAbstract>
}

/** Back to per-process memory (tests). */
export function countRateLimitsInMemory() {
  limiters = memoryLimiters()
}

/** Deletes counters that ran out over an hour ago (the periodic housekeeping job). */
export async function pruneRateLimits(db: Db, now = Date.now()) {
  await db.execute(sql`delete from rate_limits where expire < ${now - 3_600_000}`)
}

export type LimiterName = keyof typeof specs

/** Consumes one point; returns the seconds to wait when over the limit, else null. */
export async function hit(name: LimiterName, key: string): Promise<number | null> {
  try {
    await limiters[name].consume(key)
    return null
  } catch (result) {
    if (result instanceof RateLimiterRes) return Math.ceil(result.msBeforeNext / 1000)
    throw result
  }
}

/**
 * Seconds to wait when `key` has used up its points, else null; consumes nothing. For limits that
 * count only failures (login): check first, `hit` on failure.
 */
export async function blockedFor(name: LimiterName, key: string): Promise<number | null> {
  const limiter = limiters[name]
  const state = await limiter.get(key)
  return state && state.consumedPoints >= specs[name].points ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : null
}

/** Counts one more for `key` and returns how many there are now (a counter that never refuses). */
export async function count(name: LimiterName, key: string): Promise<number> {
  const result = await limiters[name].consume(key)
  return result.consumedPoints
}

/** Makes `key` wait `seconds` (blockedFor answers with the time left). */
export async function block(name: LimiterName, key: string, seconds: number) {
  await limiters[name].block(key, seconds)
}

export async function reset(name: LimiterName, key: string) {
  await limiters[name].delete(key)
}

/** The client's address as Express saw it (its trust-proxy setting decides X-Forwarded-For). */
export function clientIp(context: { clientIp?: string }): string {
  return context.clientIp ?? 'unknown'
}
