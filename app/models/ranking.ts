/**
 * Fair exposure (docs/fair-exposure.md). The discover order is one stored score per fundraising
 * project, refreshed by a job from impressions and donations, then a per-reader pick of the most
 * relevant projects among the best-ranked. `npm run sim:exposure` runs exactly these functions.
 *
 *   score    = quality × urgency × fairness                 (then the floor and the head cap in rankAll)
 *   quality  = (donations + 1) ^ QUALITY                   what donors have shown they value
 *   fairness = ((meanImpressions + C) / (impressions + C)) ^ BETA   exposure above the mean costs rank
 *   urgency  = 1.2 in the last 7 days; 1.1 when 80–99% of the goal is raised
 */

export const RANKING = {
  QUALITY: 1.2,
  C: 20,
  BETA: 1,
  HEAD_CAP: 0.27,
  HEAD_DAMP: 1e-6,
  FLOOR: 0.3,
  /** Added to the score of a project under the floor: it outranks every project above it. */
  EXPLORE: 1e9,
  /** Page 1 of discover picks PAGE_SIZE of the POOL_SIZE best-ranked, preferring the reader's interests. */
  POOL_SIZE: 200,
  PAGE_SIZE: 12,
  CATEGORY_MATCH: 3,
  REGION_MATCH: 1.5,
} as const

/** The /watch feed (videos.server.ts): ranks this many videos, a reader meets PAGE_SIZE at a time. */
export const VIDEO_FEED = { POOL_SIZE: 200, PAGE_SIZE: 6 } as const

export interface RankingStats {
  impressions: number
  donationCount: number
  daysLeft: number | null
  /** raised / goal, 0..∞ */
  progress: number
}

export function exposureScore(p: RankingStats, meanImpressions: number): number {
  const quality = Math.pow(p.donationCount + 1, RANKING.QUALITY)
  const fairness = Math.pow((meanImpressions + RANKING.C) / (p.impressions + RANKING.C), RANKING.BETA)
  const urgency = (p.daysLeft !== null && p.daysLeft <= 7 ? 1.2 : 1) * (p.progress >= 0.8 && p.progress < 1 ? 1.1 : 1)
  return quality * urgency * fairness
}

export interface RankedStats extends RankingStats {
  id: string
}

/**
 * The ranking job's computation over every fundraising project: the score above, plus two
 * guarantees that hold whatever the donations do — a floor (a project with less than FLOOR × the
 * mean exposure goes first, so none stays unseen) and a head cap (while the most-shown 10% hold
 * more than HEAD_CAP of all impressions, their scores are damped).
 */
export function rankAll(items: readonly RankedStats[]): Map<string, number> {
  const impressions = items.map((i) => i.impressions)
  const mean = meanOf(impressions)
  const sorted = [...impressions].sort((a, b) => b - a)
  const headCount = Math.max(1, Math.round(items.length * 0.1))
  const headThreshold = sorted[headCount - 1] ?? 0
  const total = sorted.reduce((a, b) => a + b, 0)
  const share = total ? sorted.slice(0, headCount).reduce((a, b) => a + b, 0) / total : 0
  const damping = share > RANKING.HEAD_CAP
  const floor = mean * RANKING.FLOOR
  const scores = new Map<string, number>()
  for (const item of items) {
    let score = exposureScore(item, mean)
    if (damping && item.impressions >= headThreshold && item.impressions > 0) score *= RANKING.HEAD_DAMP
    if (item.impressions < floor) score += RANKING.EXPLORE
    scores.set(item.id, score)
  }
  return scores
}

export function meanOf(values: readonly number[]) {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0
}

export interface Interests {
  categories: ReadonlySet<string>
  regions: ReadonlySet<string>
}

export interface PoolItem {
  id: string
  category: string
  region: string
  rankScore: number
}

export function interestFactor(item: Pick<PoolItem, 'category' | 'region'>, interests: Interests | null) {
  if (!interests) return 1
  return (interests.categories.has(item.category) ? RANKING.CATEGORY_MATCH : 1) * (interests.regions.has(item.region) ? RANKING.REGION_MATCH : 1)
}

/**
 * The reader's first page: the `size` items of the pool (already in rank order) with the best
 * score × interest, shown in that order. Without interests, simply the first `size`.
 */
export function personalize<T extends PoolItem>(pool: readonly T[], interests: Interests | null, size: number = RANKING.PAGE_SIZE): T[] {
  if (!interests || (interests.categories.size === 0 && interests.regions.size === 0)) return pool.slice(0, size)
  return pool
    .map((item, index) => ({ item, index, value: item.rankScore * interestFactor(item, interests) }))
    .sort((a, b) => b.value - a.value || a.index - b.index)
    .slice(0, size)
    .map((x) => x.item)
}

// ── Measures used by the simulation and the benchmarks ─────────────────────────────────────────

/** Gini coefficient of non-negative values (0 = perfectly even, → 1 = one takes all). */
export function gini(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  const total = sorted.reduce((a, b) => a + b, 0)
  if (n === 0 || total === 0) return 0
  let weighted = 0
  sorted.forEach((v, i) => (weighted += (i + 1) * v))
  return (2 * weighted) / (n * total) - (n + 1) / n
}

/** Share of the total taken by the top `fraction` of values. */
export function headShare(values: readonly number[], fraction = 0.1) {
  const sorted = [...values].sort((a, b) => b - a)
  const total = sorted.reduce((a, b) => a + b, 0)
  if (total === 0) return 0
  const head = sorted.slice(0, Math.max(1, Math.round(sorted.length * fraction)))
  return head.reduce((a, b) => a + b, 0) / total
}
