#!/usr/bin/env node
/**
 * Replays a Sunlight giving day's matching from its public export — no database, no dependencies,
 * Node ≥ 18 (docs/decisions/0014-matching-on-the-ledger.md):
 *
 *   node tools/verify-matching.mjs matching.json                          # downloaded
 *   node tools/verify-matching.mjs https://…/campaigns/<slug>/matching.json  # or from a server
 *
 * The export holds each sponsor pool's published rules and every event of each pool in the order the
 * pool decided it (`seq`): a gift (a keyed hash of its id, project, donor as a keyed hash, amount, time, and the match it
 * got), a reversal (a refund or dispute left the gift `remaining`), a held match paid or released. The
 * replay recomputes every match from the rules alone, in that order:
 *
 *   match = floor(gift × ratio_percent ÷ 100), then at most cap_per_gift, what is left of
 *           cap_per_donor_day (the donor's net matches that China day, UTC+8), of cap_per_project,
 *           and of the pool (total − matches paid or held, net of reversals); nothing when
 *           first_gift_only and the pool already decided a gift of this donor to this project.
 *   a reversal keeps floor(match × remaining ÷ gift) and returns the rest to the pool.
 *
 * Whether a match was held for review (anti-gaming) is the platform's decision and is taken as given;
 * its amount is not. Exit 0 printing the totals when every event agrees; exit 1 naming each event that
 * differs (the replay carries on with the amounts the rules give, so one changed entry is named alone);
 * exit 2 on a usage or input error.
 */
import { readFile } from 'node:fs/promises'

const FORMAT = 'sunlight-matching/1'
const HOLDS = new Set(['donor_in_organisation', 'card_repeat', 'refunded_before'])

function usage(message) {
  if (message) console.error(message)
  console.error('Usage: node tools/verify-matching.mjs <matching.json file or URL>')
  process.exit(2)
}

const [source, ...rest] = process.argv.slice(2)
if (!source || rest.length) usage()

async function load(where) {
  if (/^https?:\/\//.test(where)) {
    const response = await fetch(where)
    if (!response.ok) throw new Error(`${where}: HTTP ${response.status}`)
    return response.json()
  }
  return JSON.parse(await readFile(where, 'utf8'))
}

const big = (value, what) => {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw new Error(`${what}: not an amount in minor units: ${JSON.stringify(value)}`)
  return BigInt(value)
}
const optionalBig = (value, what) => (value === null || value === undefined ? null : big(value, what))
const chinaDay = (at) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

function ruleMatch(rules, gift, state) {
  if (rules.firstGiftOnly && state.donorGaveToProjectBefore) return { amount: 0n, limitedBy: 'not_first_gift' }
  let amount = (gift * BigInt(rules.ratioPercent)) / 100n
  let limitedBy = null
  const cap = (limit, used, name) => {
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

function keptMatch(match, gift, remaining) {
  if (remaining <= 0n || gift <= 0n) return 0n
  if (remaining >= gift) return match
  return (match * remaining) / gift
}

let data
try {
  data = await load(source)
  if (data?.format !== FORMAT) throw new Error(`not a ${FORMAT} export (format: ${JSON.stringify(data?.format)})`)
} catch (error) {
  usage(`Cannot read ${source}: ${error.message}`)
}

const problems = []
const campaignStart = new Date(data.campaign.starts_at)
const campaignEnd = new Date(data.campaign.ends_at)
const pools = new Map()
for (const p of data.pools) {
  const r = p.rules
  pools.set(p.id, {
    id: p.id,
    sponsor: p.sponsor,
    currency: p.currency,
    total: big(p.total, `pool ${p.id} total`),
    claimedCommitted: big(p.committed, `pool ${p.id} committed`),
    rules: {
      ratioPercent: r.ratio_percent,
      capPerGift: optionalBig(r.cap_per_gift, 'cap_per_gift'),
      capPerDonorDay: optionalBig(r.cap_per_donor_day, 'cap_per_donor_day'),
      capPerProject: optionalBig(r.cap_per_project, 'cap_per_project'),
      firstGiftOnly: Boolean(r.first_gift_only),
    },
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    committed: 0n,
    donorDay: new Map(),
    project: new Map(),
    seen: new Set(),
    gifts: new Map(),
    events: 0,
    paid: 0n,
    held: 0n,
  })
}

const add = (map, key, delta) => map.set(key, (map.get(key) ?? 0n) + delta)
const fmt = (v) => v.toString()

let previous = null
for (const e of data.events) {
  const seq = big(e.seq, 'seq')
  const where = e.type === 'gift' ? `event ${e.seq} (gift ${e.gift})` : `event ${e.seq} (${e.type} of gift ${e.gift})`
  if (previous !== null && seq <= previous) problems.push(`${where}: out of order after event ${previous}`)
  previous = seq
  const pool = pools.get(e.pool)
  if (!pool) {
    problems.push(`${where}: unknown pool ${e.pool}`)
    continue
  }
  pool.events++
  const g = pool.gifts.get(e.gift)
  const claimed = big(e.match, `${where} match`)
  if (e.type === 'gift') {
    if (g) {
      problems.push(`${where}: the gift was already decided by this pool`)
      continue
    }
    const at = new Date(e.at)
    const amount = big(e.amount, `${where} amount`)
    if (!(at >= pool.startsAt && at < pool.endsAt && at >= campaignStart && at < campaignEnd)) problems.push(`${where}: given at ${e.at}, outside the pool's window`)
    const day = chinaDay(at)
    const rule = ruleMatch(pool.rules, amount, {
      room: pool.total - pool.committed,
      donorToday: pool.donorDay.get(`${e.donor}|${day}`) ?? 0n,
      projectSoFar: pool.project.get(e.project) ?? 0n,
      donorGaveToProjectBefore: pool.seen.has(`${e.donor}|${e.project}`),
    })
    if (claimed !== rule.amount) problems.push(`${where}: match ${fmt(claimed)}, the rules give ${fmt(rule.amount)}${rule.limitedBy ? ` (limited by ${rule.limitedBy})` : ''}`)
    const status = rule.amount === 0n ? 'unmatched' : e.status === 'held' ? 'held' : 'paid'
    if (e.status !== status) problems.push(`${where}: status ${e.status}, the rules give ${status === 'paid' ? 'paid (or held)' : status}`)
    else if (status === 'held' ? !HOLDS.has(e.reason) : (e.reason ?? null) !== rule.limitedBy) problems.push(`${where}: reason ${JSON.stringify(e.reason)}, expected ${status === 'held' ? 'a hold reason' : JSON.stringify(rule.limitedBy)}`)
    pool.seen.add(`${e.donor}|${e.project}`)
    pool.gifts.set(e.gift, { amount, match: rule.amount, reversed: 0n, status, donor: e.donor, day, project: e.project })
    if (rule.amount > 0n) {
      pool.committed += rule.amount
      add(pool.donorDay, `${e.donor}|${day}`, rule.amount)
      add(pool.project, e.project, rule.amount)
    }
  } else if (!g) {
    problems.push(`${where}: no earlier decision of this gift in this pool`)
  } else if (e.type === 'reversal') {
    if (g.status !== 'paid' && g.status !== 'held') {
      problems.push(`${where}: the match is ${g.status}, there is nothing to reverse`)
      continue
    }
    const remaining = big(e.remaining, `${where} remaining`)
    const delta = g.match - g.reversed - keptMatch(g.match, g.amount, remaining)
    if (claimed !== delta) problems.push(`${where}: ${fmt(claimed)} returned to the pool, the rules give ${fmt(delta > 0n ? delta : 0n)} (gift ${fmt(g.amount)}, ${fmt(remaining)} left)`)
    if (delta > 0n) {
      g.reversed += delta
      if (g.reversed === g.match) g.status = 'reversed'
      pool.committed -= delta
      add(pool.donorDay, `${g.donor}|${g.day}`, -delta)
      add(pool.project, g.project, -delta)
    }
  } else if (e.type === 'paid' || e.type === 'release') {
    const net = g.match - g.reversed
    if (g.status !== 'held') problems.push(`${where}: the match is ${g.status}, not held`)
    else if (claimed !== net) problems.push(`${where}: ${fmt(claimed)}, the held match is ${fmt(net)}`)
    if (g.status === 'held' && e.type === 'release') {
      pool.committed -= net
      add(pool.donorDay, `${g.donor}|${g.day}`, -net)
      add(pool.project, g.project, -net)
      g.status = 'released'
    } else if (g.status === 'held') g.status = 'paid'
  } else {
    problems.push(`${where}: unknown event type`)
  }
  if (pool.committed > pool.total) problems.push(`${where}: pool ${pool.id} over-spent: ${fmt(pool.committed)} of ${fmt(pool.total)}`)
}

for (const pool of pools.values()) {
  for (const g of pool.gifts.values()) {
    if (g.status === 'paid') pool.paid += g.match - g.reversed
    if (g.status === 'held') pool.held += g.match - g.reversed
  }
  if (pool.committed !== pool.claimedCommitted) problems.push(`pool ${pool.id} (${pool.sponsor}): the export says ${fmt(pool.claimedCommitted)} committed, the replay gives ${fmt(pool.committed)}`)
}

if (problems.length) {
  for (const p of problems) console.error(p)
  console.error(`Matching FAILED: ${problems.length} difference(s) from the published rules.`)
  process.exit(1)
}
console.log(`Matching verified: ${data.events.length} events in ${pools.size} pool(s) of ${data.campaign.slug} replay exactly from the published rules.`)
for (const pool of pools.values()) {
  const gifts = [...pool.gifts.values()]
  console.log(
    `  ${pool.sponsor} (${pool.id}): ${gifts.length} gifts decided, ${gifts.filter((g) => g.match > g.reversed && g.status === 'paid').length} matched; ` +
      `paid ${fmt(pool.paid)}, held ${fmt(pool.held)}, left ${fmt(pool.total - pool.committed)} of ${fmt(pool.total)} ${pool.currency} (minor units)`,
  )
}
