/**
 * What the HTTP server (server/index.ts) asks of the application: start, report health, stop.
 * Exported through entry.server so that the database lives in exactly one bundle.
 */
import { DatabaseOpenError } from '~db/client.server'
import { demoLogins, isEmpty, seedDemo } from '~seeds/seed.server'
import { SLOW_JOBS } from '~/jobs/registry.server'
import { pruneJobs, startWorker } from '~/jobs/queue.server'
import { deliverOutbox } from '~/mail/mailer.server'
import { sendUpdateDigests } from '~/models/updates.server'
import { flushImpressions, refreshRankScores } from '~/models/exposure.server'
import { sendDisclosureReminders } from '~/models/expenses.server'
import { sealLedger } from '~/ledger/seal.server'
import { closeEndedProjects } from '~/models/project-lifecycle.server'
import { getGateway, prepareInstallation } from '~/payments/gateway.server'
import { reconcilePending } from '~/payments/reconcile.server'
import { startEventProcessor } from '~/payments/webhook.server'
import { deliverSandboxEvents } from '~/payments/sandbox.server'
import { logger } from './logger.server'
import { databaseHealth, db, startDatabase, stopDatabase } from './db.server'
import { EnvError, getEnv, setInstallationSessionSecret, type Env } from './env.server'
import { installationSecret } from './installation-secrets.server'
import { publicPagesChanged } from '~/utils/page-cache.server'

export interface Started {
  env: Env
  backend: 'postgres' | 'pglite'
  seeded: boolean
  logins: { email: string; password: string; role: string }[]
}

/** A start-up failure a person can act on: printed as one line, without a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError'
}

export async function startup(): Promise<Started> {
  let env: Env
  try {
    env = getEnv()
  } catch (error) {
    if (error instanceof EnvError) throw new StartupError(error.message)
    throw error
  }
  let handle
  try {
    handle = await startDatabase(env)
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw new StartupError(error.message)
    throw error
  }
  // Mail waits in the outbox until delivered; with SMTP configured, deliver it every few seconds.
  if (env.SMTP_URL) {
    const timer = setInterval(() => void deliverOutbox(db()).catch((error) => logger.error({ err: error }, 'outbox delivery')), 5_000)
    timer.unref()
  }
  // The installation's own secrets, made at its first start and kept in its database.
  await prepareInstallation(db(), env)
  if (!env.SESSION_SECRET) setInstallationSessionSecret(await installationSecret(db(), 'session_secret'))
  let seeded = false
  if (env.DEMO_MODE && (await isEmpty(db()))) {
    seeded = (await seedDemo(db())).seeded
  }
  startJobs(handle.backend)
  return { env, backend: handle.backend, seeded, logins: env.DEMO_MODE ? demoLogins() : [] }
}

const timers: NodeJS.Timeout[] = []

/** Background jobs of this process: impressions flush, ranking refresh, end-date closing. */
function startJobs(backend: 'postgres' | 'pglite') {
  // `changesPages`: the job can change what public pages show, so this process's page cache is cleared after it.
  const every = (ms: number, name: string, job: () => Promise<unknown>, { changesPages = false } = {}) => {
    let running = false
    const timer = setInterval(() => {
      if (running) return
      running = true
      job()
        .then(() => changesPages && publicPagesChanged())
        .catch((error) => logger.error({ err: error }, name))
        .finally(() => (running = false))
    }, ms)
    timer.unref()
    timers.push(timer)
  }
  void refreshRankScores(db()).catch((error) => logger.error({ err: error }, 'ranking refresh'))
  every(5_000, 'impressions flush', () => flushImpressions(db()))
  every(30_000, 'ranking refresh', () => refreshRankScores(db()), { changesPages: true })
  every(10 * 60_000, 'close ended projects', () => closeEndedProjects(db()), { changesPages: true })
  every(30_000, 'ledger sealing', () => sealLedger(db()))
  every(6 * 60 * 60_000, 'disclosure reminders', () => sendDisclosureReminders(db()))
  every(60 * 60_000, 'update digests', () => sendUpdateDigests(db()))
  every(6 * 60 * 60_000, 'prune done jobs', () => pruneJobs(db()))
  // The job queue: video processing, update fan-out (docs/decisions/0004-job-queue.md).
  // Two lanes, so a long transcode never holds up notifications.
  stopWorkers = [startWorker(db, { lane: { only: SLOW_JOBS } }), startWorker(db, { lane: { except: SLOW_JOBS } })]
  // Stored Stripe events are applied here (PGlite has one connection: one lane is all it can use).
  const lanes = getEnv().EVENT_PROCESSOR_LANES ?? (backend === 'postgres' ? 4 : 1)
  if (lanes > 0) stopWorkers.push(startEventProcessor(db, backend === 'pglite' ? 1 : lanes))
  every(5 * 60_000, 'reconcile pending donations', async () => reconcilePending(db(), await getGateway()), { changesPages: true })
  // The sandbox gateway delivers its signed events to this server's own webhook, like Stripe would.
  const env = getEnv()
  if (!env.STRIPE_SECRET_KEY) every(1_000, 'sandbox deliveries', () => deliverSandboxEvents(db(), env.SANDBOX_WEBHOOK_URL ?? `http://127.0.0.1:${env.PORT}/webhooks/stripe`))
}

let stopWorkers: (() => void | Promise<void>)[] = []

export async function shutdown() {
  for (const timer of timers.splice(0)) clearInterval(timer)
  await Promise.all(stopWorkers.splice(0).map((stop) => stop()))
  try {
    await flushImpressions(db())
  } catch (error) {
    logger.error({ err: error }, 'impressions flush at shutdown')
  }
  await stopDatabase()
}

export const health = databaseHealth
