/**
 * Periodic work, once per period across the fleet. Each period of each task is one row in the job
 * queue (ADR 0004) whose dedupe key names the task and the period's start: every runner enqueues it
 * when the period begins, the unique key keeps one, and one worker claims and runs it. A period
 * whose job fails is retried with back-off within the row; the next period is a row of its own.
 */
import type { Db } from '~db/client.server'
import { scheduledLedgerCheck, watchWebhookLag } from './operations.server'
import { defineJob, enqueue, pruneJobs } from '~/jobs/queue.server'
import { sealLedger } from '~/ledger/seal.server'
import { backfillHls } from '~/media/hls.server'
import { sendDisclosureReminders } from '~/models/expenses.server'
import { refreshRankScores } from '~/models/exposure.server'
import { pruneVideoViews, refreshVideoRanks } from '~/models/videos.server'
import { closeEndedProjects } from '~/models/project-lifecycle.server'
import { announceCampaignStarts } from '~/models/campaigns.server'
import { sendUpdateDigests } from '~/models/updates.server'
import { getGateway } from '~/payments/gateway.server'
import { reconcilePending } from '~/payments/reconcile.server'
import { pruneRateLimits } from '~/utils/rate-limit.server'
import { runWebhooks } from '~/webhooks/outgoing.server'

export interface Periodic {
  name: string
  everyMs: number
  run(db: Db): Promise<unknown>
}

const minutes = 60_000
const hours = 60 * minutes

export const PERIODIC: Periodic[] = [
  {
    name: 'ranking.refresh',
    everyMs: 30_000,
    run: async (db) => {
      await refreshRankScores(db)
      await refreshVideoRanks(db)
    },
  },
  { name: 'ledger.seal', everyMs: 30_000, run: (db) => sealLedger(db) },
  /** Organisations' outgoing webhooks: new events from the sealed ledger and updates, then what is due. */
  { name: 'webhooks.deliver', everyMs: 15_000, run: (db) => runWebhooks(db) },
  { name: 'payments.reconcile', everyMs: 5 * minutes, run: async (db) => reconcilePending(db, await getGateway()) },
  // The same check as `npm run ledger:check`; a disagreement alerts the admins (operations.server.ts).
  { name: 'ledger.check', everyMs: 15 * minutes, run: async (db) => scheduledLedgerCheck(db, await getGateway()) },
  { name: 'payments.lag', everyMs: minutes, run: (db) => watchWebhookLag(db) },
  { name: 'projects.close-ended', everyMs: 10 * minutes, run: (db) => closeEndedProjects(db) },
  // Giving days whose window began: their projects' followers are told, once (campaigns.server.ts).
  { name: 'campaigns.announce-starts', everyMs: minutes, run: (db) => announceCampaignStarts(db) },
  { name: 'updates.digests', everyMs: hours, run: (db) => sendUpdateDigests(db) },
  // Ready videos without HLS (seeded, imported, older than packaging) ask for it; new ones ask when they become ready.
  { name: 'media.hls-backfill', everyMs: 10 * minutes, run: (db) => backfillHls(db) },
  { name: 'expenses.disclosure-reminders', everyMs: 6 * hours, run: (db) => sendDisclosureReminders(db) },
  {
    name: 'housekeeping',
    everyMs: 6 * hours,
    run: async (db) => {
      await pruneJobs(db)
      await pruneRateLimits(db)
      await pruneVideoViews(db)
    },
  },
]

export const periodicJobName = (task: Periodic) => `every.${task.name}`
for (const task of PERIODIC) defineJob(periodicJobName(task), { run: (db) => task.run(db).then(() => undefined) })

/** The start of the period `now` falls in. */
export function periodStart(everyMs: number, now: Date) {
  return new Date(Math.floor(now.getTime() / everyMs) * everyMs)
}

/**
 * Enqueues each task's current period unless this runner already did; returns how many rows it
 * added (0 when another runner was first). `everyMs` overrides every task's period (fleet tests).
 */
export async function schedulePeriodic(db: Db, memo: Map<string, number>, { now = new Date(), everyMs }: { now?: Date; everyMs?: number } = {}) {
  let added = 0
  for (const task of PERIODIC) {
    const start = periodStart(everyMs ?? task.everyMs, now)
    if (memo.get(task.name) === start.getTime()) continue
    const fresh = await enqueue(db, periodicJobName(task), { period: start.toISOString() }, { dedupeKey: `every:${task.name}:${start.toISOString()}`, runAt: start, maxAttempts: 3 })
    memo.set(task.name, start.getTime())
    if (fresh) added++
  }
  return added
}
