/**
 * Throttles for login and signup, per IP address and per account (rate-limiter-flexible, memory
 * store). The memory store counts per app server: with N servers an attacker gets N times the
 * budget, which is acceptable for these limits; a shared store is the step for large fleets
 * (docs/scaling.md).
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'

const limiters = {
  loginIp: new RateLimiterMemory({ keyPrefix: 'login-ip', points: 30, duration: 15 * 60 }),
  /** Wrong passwords per account and address (counted for a day), and that pair's current wait. */
  loginPairFailures: new RateLimiterMemory({ keyPrefix: 'login-pair-failures', points: 1_000_000, duration: 24 * 60 * 60 }),
  loginPairBlock: new RateLimiterMemory({ keyPrefix: 'login-pair-block', points: 1, duration: 15 * 60 }),
  signupIp: new RateLimiterMemory({ keyPrefix: 'signup-ip', points: 10, duration: 60 * 60 }),
  emailIp: new RateLimiterMemory({ keyPrefix: 'email-ip', points: 10, duration: 60 * 60 }),
  /** Organisation applications (with uploads) and invitations, per account. */
  applyUser: new RateLimiterMemory({ keyPrefix: 'apply-user', points: 20, duration: 60 * 60 }),
  /** Donation attempts per IP: generous for families behind one address, fatal for card testing. */
  donateIp: new RateLimiterMemory({ keyPrefix: 'donate-ip', points: 60, duration: 60 * 60 }),
  inviteUser: new RateLimiterMemory({ keyPrefix: 'invite-user', points: 30, duration: 60 * 60 }),
  /** Reports: signed-out reporters per IP, signed-in reporters per account (one report per item anyway). */
  reportIp: new RateLimiterMemory({ keyPrefix: 'report-ip', points: 10, duration: 60 * 60 }),
  reportUser: new RateLimiterMemory({ keyPrefix: 'report-user', points: 30, duration: 60 * 60 }),
}
export type LimiterName = keyof typeof limiters

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
  return state && state.consumedPoints >= limiter.points ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : null
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
