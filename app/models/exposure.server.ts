/**
 * Exposure bookkeeping for fair discovery: impressions are counted in memory per process and
 * flushed in one statement every few seconds (impressions are not money: a crash loses at most
 * one interval's count, which only nudges the ranking); the ranking job then recomputes every
 * fundraising project's score with `rankAll` and writes the changed ones back in one statement.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { projects } from '~db/schema'
import { daysLeft } from './projects.server'
import { rankAll } from './ranking'

const pending = new Map<string, number>()

export function recordImpressions(projectIds: readonly string[]) {
  for (const id of projectIds) pending.set(id, (pending.get(id) ?? 0) + 1)
}

export function pendingImpressions() {
  return new Map(pending)
}

/** Adds the counted impressions to the projects, in one UPDATE; the counts are kept if it fails. */
export async function flushImpressions(db: Db) {
  if (pending.size === 0) return 0
  const batch = [...pending.entries()]
  pending.clear()
  try {
    const ids = batch.map(([id]) => id)
    const counts = batch.map(([, n]) => n)
    await db.execute(sql`
      update projects set impressions = projects.impressions + batch.n
      from (select unnest(${`{${ids.join(',')}}`}::uuid[]) as id, unnest(${`{${counts.join(',')}}`}::int[]) as n) as batch
      where projects.id = batch.id`)
    return batch.length
  } catch (error) {
    for (const [id, n] of batch) pending.set(id, (pending.get(id) ?? 0) + n)
    throw error
  }
}

/** The ranking job: scores every fundraising project and writes back those whose score moved. */
export async function refreshRankScores(db: Db, now = new Date()) {
  const rows = await db
    .select({
      id: projects.id,
      impressions: projects.impressions,
      donationCount: projects.donationCount,
      endsOn: projects.endsOn,
      raisedAmount: projects.raisedAmount,
      goalAmount: projects.goalAmount,
      rankScore: projects.rankScore,
    })
    .from(projects)
    .where(and(eq(projects.status, 'fundraising'), sql`${projects.organizationId} in (select id from organizations where status = 'approved')`))
  const scores = rankAll(
    rows.map((r) => ({
      id: r.id,
      impressions: r.impressions,
      donationCount: r.donationCount,
      daysLeft: daysLeft(r.endsOn, now),
      progress: Number((r.raisedAmount * 1000n) / r.goalAmount) / 1000,
    })),
  )
  const changed = rows.filter((r) => Math.abs(scores.get(r.id)! - r.rankScore) > 1e-12 * Math.max(1, Math.abs(r.rankScore)))
  for (let i = 0; i < changed.length; i += 5000) {
    const chunk = changed.slice(i, i + 5000)
    const ids = `{${chunk.map((r) => r.id).join(',')}}`
    const values = `{${chunk.map((r) => scores.get(r.id)!).join(',')}}`
    await db.execute(sql`
      update projects set rank_score = batch.score
      from (select unnest(${ids}::uuid[]) as id, unnest(${values}::float8[]) as score) as batch
      where projects.id = batch.id and projects.status = 'fundraising'`)
  }
  return { projects: rows.length, changed: changed.length }
}
