/**
 * `npm run sim:exposure [-- --seed 42 --projects 3000 --donors 5000 --loads 60000 --refresh 20]`
 *
 * A seeded, reproducible simulation of the discover feed (docs/fair-exposure.md). It runs the real
 * ranking code (app/models/ranking.ts) against plain popularity ranking on the same world:
 * heavy-tailed project appeal (Zipf), donors with interests, and a donation probability that grows
 * with appeal and with the interest match. The same for the /watch feed over videos (as many as
 * projects, each with its own appeal; a viewer meets one page of VIDEO_FEED.PAGE_SIZE per visit).
 * Prints two tables and ends with one JSON line.
 */
import { parseArgs } from 'node:util'
import { gini, headShare, meanOf, personalize, rankAll, RANKING, VIDEO_FEED, type Interests } from '~/models/ranking'

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '42' },
    projects: { type: 'string', default: '3000' },
    donors: { type: 'string', default: '5000' },
    loads: { type: 'string', default: '60000' },
    refresh: { type: 'string', default: '20' },
    elasticity: { type: 'string', default: '0.2' },
  },
})
const SEED = Number(args.seed)
const N_PROJECTS = Number(args.projects)
const N_DONORS = Number(args.donors)
const N_LOADS = Number(args.loads)
/** Feed loads between two runs of the ranking job (it runs every 30 s; ~40 loads a minute per region of traffic). */
const REFRESH_EVERY = Number(args.refresh)
/**
 * How strongly conversion follows appeal: p ∝ appeal^ELASTICITY. Appeal is Zipf-distributed (the
 * project at rank 1 has ~400× the mean appeal); with 0.2 it converts ~3× better than an average
 * project and the top 1% ~2×: the heavy tail of charity *traffic* is mostly exposure feeding on
 * itself, not a 400× difference in how persuasive a project is. docs/fair-exposure.md shows how
 * the outcome moves with this assumption.
 */
const ELASTICITY = Number(args.elasticity)

const CATEGORIES = 9
const REGIONS = 12
/** Donation probability of an average-appeal project shown to a donor with no matching interest. */
const BASE_P = 0.004
const ZIPF_S = 1.1

function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function poisson(random: () => number, lambda: number) {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(random)))
  const limit = Math.exp(-lambda)
  let k = 0
  let p = random()
  while (p > limit) {
    k++
    p *= random()
  }
  return k
}

function gaussian(random: () => number) {
  return Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random())
}

interface SimProject {
  id: string
  category: string
  region: string
  appeal: number
  daysLeft: number
  impressions: number
  donationCount: number
  rankScore: number
}

function world(seed: number, items: number) {
  const random = mulberry32(seed)
  // Appeal ~ Zipf over a random permutation, normalised to mean 1.
  const ranks = Array.from({ length: items }, (_, i) => i + 1).sort(() => random() - 0.5)
  const raw = ranks.map((r) => 1 / Math.pow(r, ZIPF_S))
  const mean = meanOf(raw)
  const projects: SimProject[] = raw.map((a, i) => ({
    id: `p${i}`,
    category: `c${Math.floor(random() * CATEGORIES)}`,
    region: `r${Math.floor(random() * REGIONS)}`,
    appeal: a / mean,
    daysLeft: 1 + Math.floor(random() * 90),
    // History before the simulated period: appealing projects already have more donations, so plain
    // popularity starts out showing the most appealing projects (a strong baseline, not a straw man).
    impressions: 0,
    donationCount: poisson(random, 20 * Math.pow(a / mean, ELASTICITY)),
    rankScore: 0,
  }))
  const donors: Interests[] = Array.from({ length: N_DONORS }, () => {
    const first = Math.floor(random() * CATEGORIES)
    const second = (first + 1 + Math.floor(random() * (CATEGORIES - 1))) % CATEGORIES
    return { categories: new Set([`c${first}`, `c${second}`]), regions: new Set([`r${Math.floor(random() * REGIONS)}`]) }
  })
  return { projects, donors }
}

/** The world's response to a match (the ranking has its own, separate weights in RANKING). */
const WORLD_CATEGORY_MATCH = 3
const WORLD_REGION_MATCH = 1.5

function donationProbability(p: SimProject, donor: Interests) {
  const match = (donor.categories.has(p.category) ? WORLD_CATEGORY_MATCH : 1) * (donor.regions.has(p.region) ? WORLD_REGION_MATCH : 1)
  return Math.min(0.9, BASE_P * Math.pow(p.appeal, ELASTICITY) * match)
}

type Policy = 'popularity' | 'fair'

/** Items are projects on discover or videos on /watch: the same ranking over a different world. */
function simulate(policy: Policy, kind: 'projects' | 'videos' = 'projects') {
  const { projects, donors } = world(kind === 'projects' ? SEED : SEED + 1, N_PROJECTS)
  const [poolSize, pageSize] = kind === 'projects' ? [RANKING.POOL_SIZE, RANKING.PAGE_SIZE] : [VIDEO_FEED.POOL_SIZE, VIDEO_FEED.PAGE_SIZE]
  const random = mulberry32(SEED ^ 0x9e3779b9)
  let expectedDonations = 0
  let matched = 0
  let shown = 0
  let order: SimProject[] = []
  for (let load = 0; load < N_LOADS; load++) {
    if (load % REFRESH_EVERY === 0) {
      if (policy === 'fair') {
        // The ranking job: exactly what refreshRankScores() computes in the server.
        const scores = rankAll(projects.map((p) => ({ id: p.id, impressions: p.impressions, donationCount: p.donationCount, daysLeft: p.daysLeft, progress: 0 })))
        for (const p of projects) p.rankScore = scores.get(p.id)!
        order = [...projects].sort((a, b) => b.rankScore - a.rankScore || (a.id < b.id ? 1 : -1))
      } else {
        // Plain popularity: most donations first (ties in a fixed random order).
        order = [...projects].sort((a, b) => b.donationCount - a.donationCount || (a.id < b.id ? -1 : 1))
      }
    }
    const donor = donors[Math.floor(random() * donors.length)]!
    const page = policy === 'fair' ? personalize(order.slice(0, poolSize), donor, pageSize) : order.slice(0, pageSize)
    for (const p of page) {
      p.impressions++
      shown++
      if (donor.categories.has(p.category)) matched++
      const probability = donationProbability(p, donor)
      expectedDonations += probability
      if (random() < probability) p.donationCount++
    }
  }
  const impressions = projects.map((p) => p.impressions)
  return {
    gini: round(gini(impressions)),
    headShare: round(headShare(impressions, 0.1)),
    unseen: impressions.filter((i) => i === 0).length,
    interestMatch: round(matched / shown),
    donations: Math.round(expectedDonations),
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000

const started = performance.now()
const popularity = simulate('popularity')
const fair = simulate('fair')
const videos = { popularity: simulate('popularity', 'videos'), fair: simulate('fair', 'videos') }
const seconds = ((performance.now() - started) / 1000).toFixed(1)

console.log(`Fair-exposure simulation: seed ${SEED}, ${N_PROJECTS} projects (Zipf s=${ZIPF_S} appeal, conversion ∝ appeal^${ELASTICITY}), ${N_DONORS} donors, ${N_LOADS} feed loads of ${RANKING.PAGE_SIZE}, ranking refreshed every ${REFRESH_EVERY} loads (${seconds} s)`)
console.log('')
console.log('| ranking | Gini of impressions | top-10% share | never shown | interest match | expected donations |')
console.log('|---|---|---|---|---|---|')
for (const [name, r] of [['popularity', popularity], ['fair (ours)', fair]] as const)
  console.log(`| ${name} | ${r.gini} | ${(r.headShare * 100).toFixed(1)}% | ${r.unseen} | ${(r.interestMatch * 100).toFixed(1)}% | ${r.donations} |`)
const checksOf = (f: typeof fair, p: typeof popularity) => ({
  headShare: f.headShare <= 0.3,
  gini: f.gini <= 0.35,
  unseen: f.unseen === 0,
  interestMatch: f.interestMatch >= p.interestMatch,
  donations: f.donations >= 0.85 * p.donations,
})
const report = (label: string, f: typeof fair, p: typeof popularity) =>
  `${label}: ${Object.entries(checksOf(f, p)).map(([k, ok]) => `${k} ${ok ? 'met' : 'MISSED'}`).join(', ')}; donations ratio ${(f.donations / p.donations).toFixed(2)}`
console.log('')
console.log(`Videos on /watch: ${N_PROJECTS} videos, pages of ${VIDEO_FEED.PAGE_SIZE} from the ${VIDEO_FEED.POOL_SIZE} best-ranked (gifts through a video are its donations)`)
console.log('')
console.log('| ranking | Gini of impressions | top-10% share | never shown | interest match | expected gifts |')
console.log('|---|---|---|---|---|---|')
for (const [name, r] of [['popularity', videos.popularity], ['fair (ours)', videos.fair]] as const)
  console.log(`| ${name} | ${r.gini} | ${(r.headShare * 100).toFixed(1)}% | ${r.unseen} | ${(r.interestMatch * 100).toFixed(1)}% | ${r.donations} |`)
// For videos the fairness targets hold; the cost in gifts is reported, not held to the projects'
// 0.85: a viewer meets 6 videos a visit instead of 12 projects, so exploring costs more of each
// visit (docs/fair-exposure.md).
const { donations: _videoDonations, ...videoChecks } = checksOf(videos.fair, videos.popularity)
const checks = { ...checksOf(fair, popularity), ...Object.fromEntries(Object.entries(videoChecks).map(([k, v]) => [`videos.${k}`, v])) }
console.log('')
console.log(report('Targets (projects)', fair, popularity))
console.log(`${report('Targets (videos)', videos.fair, videos.popularity)} (gifts: measured, not a target)`)
console.log(JSON.stringify({ popularity, fair, videos }))
if (Object.values(checks).some((ok) => !ok)) process.exitCode = 1
