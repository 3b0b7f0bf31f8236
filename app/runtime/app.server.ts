/**
 * The composition root: what a process of Sunlight starts and stops. server/index.ts (the web
 * server) and server/worker.ts (`npm run worker`) call it through app/entry.server, so the database
 * and everything else live in exactly one bundle; their view of it is type-checked against these
 * exports.
 *
 * - A web server opens the database (migrating it), makes the installation's secrets, seeds the
 *   demo when asked, counts rate limits in the shared table on PostgreSQL, flushes its impression
 *   counts, and — unless BACKGROUND=off — runs the background runner too.
 * - A worker runs only the background runner (background.server.ts).
 */
import { DatabaseOpenError, type DatabaseHandle } from '~db/client.server'
import { demoLogins, isEmpty, seedDemo } from '~seeds/seed.server'
import { flushImpressions } from '~/models/exposure.server'
import { flushVideoCounts } from '~/models/videos.server'
import { prepareInstallation } from '~/payments/gateway.server'
import { databaseHealth, db, startDatabase, stopDatabase } from '~/utils/db.server'
import { EnvError, getEnv, setInstallationSessionSecret, type Env } from '~/utils/env.server'
import { installationSecret } from '~/utils/installation-secrets.server'
import { logger } from '~/utils/logger.server'
import { countRateLimitsInDatabase } from '~/utils/rate-limit.server'
import { startBackground } from './background.server'
import { readiness } from './operations.server'

export type Role = 'web' | 'worker'

export interface Started {
  env: Env
  role: Role
  backend: 'postgres' | 'pglite'
  seeded: boolean
  /** Whether this process runs the background runner. */
  background: boolean
  logins: { email: string; password: string; role: string }[]
}

/** A start-up failure a person can act on: printed as one line, without a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError'
}

const stops: (() => Promise<void>)[] = []

export async function startup({ role = 'web' }: { role?: Role } = {}): Promise<Started> {
  let env: Env
  try {
    env = getEnv()
  } catch (error) {
    if (error instanceof EnvError) throw new StartupError(error.message)
    throw error
  }
  let handle: DatabaseHandle
  try {
    handle = await startDatabase(env)
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw new StartupError(error.message)
    throw error
  }
  if (role === 'worker' && handle.backend === 'pglite') {
    await stopDatabase()
    throw new StartupError('a separate worker needs PostgreSQL (set DATABASE_URL); on the embedded database the web server runs the background work itself')
  }
  // The installation's own secrets, made at its first start and kept in its database.
  await prepareInstallation(db(), env)
  if (!env.SESSION_SECRET) setInstallationSessionSecret(await installationSecret(db(), 'session_secret'))
  if (handle.backend === 'postgres') countRateLimitsInDatabase(handle)

  let seeded = false
  if (role === 'web') {
    if (env.DEMO_MODE && (await isEmpty(db()))) seeded = (await seedDemo(db())).seeded
    stops.push(flushImpressionsEvery(5_000))
  }
  const background = role === 'worker' || env.BACKGROUND === 'on'
  if (background) stops.push(await startBackground(handle, env))
  return { env, role, backend: handle.backend, seeded, background, logins: role === 'web' && env.DEMO_MODE ? demoLogins() : [] }
}

/**
 * Discover counts impressions in this process's memory (exposure.server.ts), the watch pages their
 * videos' counted events (videos.server.ts); both are added in one statement each every few seconds,
 * and once more at shutdown.
 */
function flushImpressionsEvery(ms: number) {
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const flush = async () => {
    try {
      await flushImpressions(db())
      await flushVideoCounts(db())
    } catch (error) {
      logger.error({ err: error }, 'impressions flush')
    }
  }
  const next = () => {
    timer = setTimeout(() => void flush().finally(() => !stopped && next()), ms)
    timer.unref()
  }
  next()
  return async () => {
    stopped = true
    clearTimeout(timer)
    await flush()
  }
}

export async function shutdown() {
  // Background loops first (they finish their transactions), then the last impressions, then the database.
  for (const stop of stops.splice(0).reverse()) await stop()
  await stopDatabase()
}

export const health = databaseHealth

/** Ready to take traffic (operations.server.ts): the database answers, migrations ran, Stripe's events are applied. */
export async function ready() {
  const handle = (globalThis as { __sunlightDatabase?: DatabaseHandle }).__sunlightDatabase
  if (!handle) return { ready: false, reasons: ['database not open'] }
  return readiness(handle)
}

export { metricsText, observeRequest } from './metrics.server'
