/**
 * What the HTTP server (server/index.ts) asks of the application: start, report health, stop.
 * Exported through entry.server so that the database lives in exactly one bundle.
 */
import { DatabaseOpenError } from '~db/client.server'
import { demoLogins, isEmpty, seedDemo } from '~seeds/seed.server'
import { deliverOutbox } from '~/mail/mailer.server'
import { logger } from './logger.server'
import { databaseHealth, db, startDatabase, stopDatabase } from './db.server'
import { EnvError, getEnv, type Env } from './env.server'

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
  let seeded = false
  if (env.DEMO_MODE && (await isEmpty(db()))) {
    seeded = (await seedDemo(db())).seeded
  }
  return { env, backend: handle.backend, seeded, logins: env.DEMO_MODE ? demoLogins() : [] }
}

export async function shutdown() {
  await stopDatabase()
}

export const health = databaseHealth
