/**
 * A sponsor pool's published rules, as arithmetic (docs/decisions/0014-matching-on-the-ledger.md).
 * The server decides each match with these functions under the pool's lock; `tools/verify-matching.mjs`
 * implements the same arithmetic on its own, from the public export, and a test holds the two together.
 * Integer minor units throughout: the match is floor(gift × ratio ÷ 100), then capped.
 */

export interface PoolRules {
  /** The match as a percentage of the gift: 100 = 1:1, 50 = half. */
  ratioPercent: number
  capPerGift: bigint | null
  capPerDonorDay: bigint | null
  capPerProject: bigint | null
  firstGiftOnly: boolean
}

/** What the pool has already given, as the rules need it, at the moment a gift is decided. */
export interface PoolState {
  /** Total − committed (paid and held, net of reversals). */
  room: bigint
  /** This donor's net matches from the pool today (China time). */
  donorToday: bigint
  /** The project's net matches from the pool. */
  projectSoFar: bigint
  /** Whether the pool already decided an earlier gift of this donor to this project (whatever came of it). */
  donorGaveToProjectBefore: boolean
}

/** The rule that made a match smaller than the ratio gives (or nothing). */
export type MatchLimit = 'not_first_gift' | 'cap_per_gift' | 'cap_per_donor_day' | 'cap_per_project' | 'pool'

export function ruleMatch(rules: PoolRules, gift: bigint, state: PoolState): { amount: bigint; limitedBy: MatchLimit | null } {
  if (rules.firstGiftOnly && state.donorGaveToProjectBefore) return { amount: 0n, limitedBy: 'not_first_gift' }
  let amount = (gift * BigInt(rules.ratioPercent)) / 100n
  let limitedBy: MatchLimit | null = null
  const cap = (limit: bigint | null, used: bigint, name: MatchLimit) => {
    if (limit === null) return
    const left = limit > used ? limit - used : 0n
    if (amount > left) {
      amount = left
      limitedBy = name
    }
  }
  cap(rules.capPerGift, 0n, 'cap_per_gift')
  cap(rules.capPerDonorDay, state.donorToday, 'cap_per_donor_day')
  cap(rules.capPerProject, state.projectSoFar, 'cap_per_project')
  cap(state.room, 0n, 'pool')
  return { amount, limitedBy }
}

/**
 * What a match keeps when its gift keeps only `remaining` of `gift` (refunds, disputes): the same
 * share, rounded down. A full refund keeps nothing; the rest returns to the pool.
 */
export function keptMatch(match: bigint, gift: bigint, remaining: bigint) {
  if (remaining <= 0n || gift <= 0n) return 0n
  if (remaining >= gift) return match
  return (match * remaining) / gift
}

/** The calendar day of the per-day caps: China time (UTC+8 all year, no daylight saving). */
export function chinaDay(at: Date) {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}
