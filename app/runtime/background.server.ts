/**
 * The background runner: everything Sunlight does outside a request, in one place. It runs in
 * `npm run worker` processes and, unless BACKGROUND=off, inside each web server; however many run,
 * each piece of work is done once:
 * - jobs (video processing, update fan-out, periodic work) are claimed from the queue (ADR 0004);
 * - periodic work is one queue row per task and period (schedule.server.ts);
 * - stored Stripe events, mail and sandbox deliveries, and page purges are rows claimed with
 *   FOR UPDATE SKIP LOCKED.
 * Each loop is woken by a NOTIFY when its work commits (from any server) and polls every second
 * for work that came due.
 */
import type { DatabaseHandle } from '~db/client.server'
import { JOBS_CHANNEL, runDueJobs } from '~/jobs/queue.server'
import { SLOW_JOBS } from '~/jobs/registry.server'
import { deliverOutbox, OUTBOX_CHANNEL } from '~/mail/mailer.server'
import { deliverSandboxEvents, SANDBOX_DELIVERIES_CHANNEL } from '~/payments/sandbox.server'
import { processStripeEvents, STRIPE_EVENTS_CHANNEL } from '~/payments/webhook.server'
import type { Env } from '~/utils/env.server'
import { startLoop, type Loop } from './loop.server'
import { PAGE_CHANGES_CHANNEL, purgeChangedPages } from './purge.server'
import { schedulePeriodic } from './schedule.server'

const JOBS_PER_STEP = 20
const EVENTS_PER_STEP = 500
const MAIL_PER_STEP = 20
const DELIVERIES_PER_STEP = 25
const CHANGES_PER_STEP = 1_000

export async function startBackground(handle: DatabaseHandle, env: Env): Promise<() => Promise<void>> {
  const { db } = handle
  const loops: Loop[] = []
  const listeners: [string, Loop][] = []
  const loop = (name: string, step: () => Promise<boolean>, options: { channel?: string; lanes?: number } = {}) => {
    const started = startLoop(name, step, { lanes: options.lanes })
    loops.push(started)
    if (options.channel) listeners.push([options.channel, started])
    return started
  }

  // Two lanes of jobs, so a ten-minute transcode never holds up notifications.
  loop('jobs (slow lane)', async () => (await runDueJobs(db, { lane: { only: SLOW_JOBS }, limit: 1 })) >= 1, { channel: JOBS_CHANNEL })
  loop('jobs', async () => (await runDueJobs(db, { lane: { except: SLOW_JOBS }, limit: JOBS_PER_STEP })) >= JOBS_PER_STEP, { channel: JOBS_CHANNEL })

  // Periodic work: this runner enqueues each period once; the queue keeps one row per period for the fleet.
  const scheduled = new Map<string, number>()
  const everyMs = env.SCHEDULE_PERIOD_SECONDS ? env.SCHEDULE_PERIOD_SECONDS * 1000 : undefined
  loop('scheduler', async () => {
    await schedulePeriodic(db, scheduled, { everyMs })
    return false
  })

  // Stored Stripe events (PGlite has one connection: one lane is all it can use).
  const lanes = handle.backend === 'pglite' ? Math.min(1, env.EVENT_PROCESSOR_LANES ?? 1) : (env.EVENT_PROCESSOR_LANES ?? 4)
  if (lanes > 0) {
    loop('stripe events', async () => (await processStripeEvents(db, { limit: EVENTS_PER_STEP, setBased: env.EVENT_BATCHES === 'on' })) >= EVENTS_PER_STEP, { channel: STRIPE_EVENTS_CHANNEL, lanes })
  }

  // Mail waits in the outbox until delivered; without SMTP the outbox is the destination.
  if (env.SMTP_URL) loop('mail delivery', async () => (await deliverOutbox(db, undefined, MAIL_PER_STEP)) >= MAIL_PER_STEP, { channel: OUTBOX_CHANNEL })

  // The sandbox gateway delivers its signed events to the webhook, like Stripe would: through the
  // address readers use (the load balancer or cache in front) when one is configured.
  if (!env.STRIPE_SECRET_KEY) {
    const endpoint = env.SANDBOX_WEBHOOK_URL ?? `http://127.0.0.1:${env.PORT}/webhooks/stripe`
    loop('sandbox deliveries', async () => (await deliverSandboxEvents(db, endpoint, { limit: DELIVERIES_PER_STEP })) >= DELIVERIES_PER_STEP, {
      channel: SANDBOX_DELIVERIES_CHANNEL,
    })
  }

  // Pages a committed change touched, purged from the cache in front (or just forgotten without one).
  loop('page purges', async () => (await purgeChangedPages(db, env.CACHE_PURGE_URLS, { batch: CHANGES_PER_STEP })) >= CHANGES_PER_STEP, { channel: PAGE_CHANGES_CHANNEL })

  const unlisten = await Promise.all(
    [...new Set(listeners.map(([channel]) => channel))].map((channel) =>
      handle.listen(channel, () => {
        for (const [name, started] of listeners) if (name === channel) started.wake()
      }),
    ),
  )

  return async () => {
    await Promise.all(unlisten.map((stop) => stop().catch(() => {})))
    await Promise.all(loops.map((started) => started.stop()))
  }
}
