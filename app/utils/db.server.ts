/**
 * The process's one database handle. The server opens it at start-up (PGlite's cold open takes
 * seconds, so never on a first request) and closes it on shutdown; loaders and actions call `db()`.
 */
import { openDatabase, type Db, type DatabaseHandle } from '~db/client.server'
import { databaseTargetFromEnv } from '~db/target'
import type { Env } from './env.server'

// Kept on globalThis so that the development server's module reloads reuse the open database.
const holder = globalThis as typeof globalThis & { __sunlightDatabase?: DatabaseHandle; __sunlightDatabaseUrl?: string }

export function db(): Db {
  const handle = holder.__sunlightDatabase
  if (!handle) throw new Error('The database is not open: the server opens it at start-up.')
  return handle.db
}

export async function startDatabase(env: Env): Promise<DatabaseHandle> {
  if (holder.__sunlightDatabase) return holder.__sunlightDatabase
  const target = databaseTargetFromEnv(env)
  const handle = await openDatabase(target)
  await handle.migrate()
  holder.__sunlightDatabase = handle
  holder.__sunlightDatabaseUrl = target.kind === 'postgres' ? target.url : undefined
  return handle
}

/** The PostgreSQL address the server uses, for a thread that needs its own connection; none on PGlite. */
export function postgresUrl(): string | undefined {
  return holder.__sunlightDatabase ? holder.__sunlightDatabaseUrl : undefined
}

export async function stopDatabase() {
  const handle = holder.__sunlightDatabase
  holder.__sunlightDatabase = undefined
  await handle?.close()
}

export async function databaseHealth() {
  const handle = holder.__sunlightDatabase
  if (!handle) return { ok: false as const, backend: null, error: 'not open' }
  const started = performance.now()
  try {
    await handle.ping()
    return {
      ok: true as const,
      backend: handle.backend,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
    }
  } catch (error) {
    return { ok: false as const, backend: handle.backend, error: (error as Error).message }
  }
}
