/**
 * Opens the database: PostgreSQL through postgres.js when a URL is given, otherwise the embedded
 * PGlite in a data directory (or in memory for tests). Both speak the same SQL and run the same
 * migrations; model code sees one `Db` type and never knows which it has.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { sql, type SQL } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from './schema'

export type Schema = typeof schema
/** The database as model functions see it, on either backend. Inside a transaction, pass `tx`. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; maxConnections?: number }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory'; loadDataDir?: Blob | File }

export interface DatabaseHandle {
  db: Db
  backend: 'postgres' | 'pglite'
  /** Runs migrations from `db/migrations`; safe to call from several servers at once on PostgreSQL. */
  migrate(): Promise<void>
  /** Throws when the database cannot answer a trivial query. */
  ping(): Promise<void>
  close(): Promise<void>
  /** The PGlite instance, for dumping a migrated template in tests. */
  pglite?: PGlite
  /** A second view of the same database that records every query it runs (query-plan tests). */
  recording(): { db: Db; queries: { query: string; params: unknown[] }[] }
  /** Runs a raw parameterised statement ($1, $2 …) and returns its rows. */
  raw<Row = Record<string, unknown>>(query: string, params?: unknown[]): Promise<Row[]>
  /**
   * Calls `onNotify` for each NOTIFY on `channel` (from any process; a NOTIFY inside a transaction
   * arrives when it commits). Resolves to a function that stops listening.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>
}

function recorder() {
  const queries: { query: string; params: unknown[] }[] = []
  return { queries, logger: { logQuery: (query: string, params: unknown[]) => void queries.push({ query, params }) } }
}

/** Explains a database that cannot be opened in one line, without a stack trace. */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError'
}

// A fixed key for pg_advisory_lock, so that servers starting together migrate one at a time.
const MIGRATION_LOCK_KEY = 727_011_001

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') return openPostgres(target.url, target.maxConnections ?? 10)
  return openPglite(target)
}

async function openPostgres(url: string, max: number): Promise<DatabaseHandle> {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    connect_timeout: 10,
  })
  // drizzle asks postgres.js not to prepare its (unnamed) queries, so PostgreSQL would parse and plan
  // each one on every call. Prepared, each distinct statement is parsed once per connection
  // (postgres.js keeps them per connection and recycles connections every 30–60 minutes).
  const unsafe = client.unsafe.bind(client)
  client.unsafe = ((query: string, params?: unknown[], options?: { prepare?: boolean }) =>
    unsafe(query, params as never[], { ...options, prepare: true })) as typeof client.unsafe
  const db = drizzlePostgres(client, { schema }) as unknown as Db
  const handle: DatabaseHandle = {
    db,
    backend: 'postgres',
    recording() {
      const { queries, logger } = recorder()
      return { db: drizzlePostgres(client, { schema, logger }) as unknown as Db, queries }
    },
    async raw(query, params = []) {
      return (await client.unsafe(query, params as never[])) as never
    },
    async listen(channel, onNotify) {
      // postgres.js keeps one extra connection for all of this process's LISTENs and re-listens after a reconnect.
      const { unlisten } = await client.listen(channel, () => onNotify())
      return unlisten
    },
    async migrate() {
      // One connection holds the lock for the whole run.
      const lockClient = postgres(url, { max: 1, onnotice: () => {} })
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`
        await migratePostgres(drizzlePostgres(lockClient), { migrationsFolder: migrationsFolder() })
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`
      } finally {
        await lockClient.end({ timeout: 5 })
      }
    },
    async ping() {
      await client`select 1`
    },
    async close() {
      await client.end({ timeout: 5 })
    },
  }
  try {
    await handle.ping()
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {})
    throw new DatabaseOpenError(`cannot reach PostgreSQL at ${redactUrl(url)}: ${describe(error)}`)
  }
  return handle
}

async function openPglite(
  target: Extract<DatabaseTarget, { kind: 'pglite' | 'pglite-memory' }>,
): Promise<DatabaseHandle> {
  let releaseLock = () => {}
  let client: PGlite
  if (target.kind === 'pglite') {
    const dataDir = resolve(target.dataDir)
    mkdirSync(dirname(dataDir), { recursive: true })
    releaseLock = lockDataDir(dataDir)
    client = new PGlite(dataDir, { extensions: { pg_trgm } })
  } else {
    client = new PGlite({ extensions: { pg_trgm }, loadDataDir: target.loadDataDir })
  }
  try {
    await client.waitReady
  } catch (error) {
    releaseLock()
    throw new DatabaseOpenError(`cannot open the embedded database: ${describe(error)}`)
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db
  return {
    db,
    backend: 'pglite',
    pglite: client,
    recording() {
      const { queries, logger } = recorder()
      return { db: drizzlePglite(client, { schema, logger }) as unknown as Db, queries }
    },
    async raw(query, params = []) {
      return (await client.query(query, params)).rows as never
    },
    async listen(channel, onNotify) {
      const stop = await client.listen(channel, () => onNotify())
      return async () => {
        if (!client.closed) await stop()
      }
    },
    async migrate() {
      await migratePglite(drizzlePglite(client), { migrationsFolder: migrationsFolder() })
    },
    async ping() {
      await db.execute(sql`select 1`)
    },
    async close() {
      try {
        if (!client.closed) await client.close()
      } finally {
        releaseLock()
      }
    },
  }
}

/**
 * PGlite is single-process: two processes on one data directory silently lose writes. A lock file
 * holding the owner's pid makes a second process fail loudly instead; a stale lock (its process
 * gone) is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      let released = false
      const release = () => {
        if (released) return
        released = true
        rmSync(lockPath, { force: true })
        process.off('exit', release)
      }
      process.on('exit', release)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = Number(readFileSync(lockPath, 'utf8'))
      if (owner && isAlive(owner)) {
        throw new DatabaseOpenError(
          `the embedded database in ${dataDir} is in use by process ${owner}; stop it first, or set DATABASE_URL to use PostgreSQL`,
        )
      }
      rmSync(lockPath, { force: true })
    }
  }
  throw new DatabaseOpenError(`cannot lock the embedded database in ${dataDir}`)
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

let cachedMigrationsFolder: string | undefined
/**
 * `db/migrations`, found from this module's location: the source tree (`db/`), the Remix server
 * build (`build/`) or the compiled scripts all sit one level below the project root.
 */
export function migrationsFolder(): string {
  if (cachedMigrationsFolder) return cachedMigrationsFolder
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'db', 'migrations')
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return (cachedMigrationsFolder = candidate)
    const here = join(dir, 'migrations')
    if (existsSync(join(here, 'meta', '_journal.json'))) return (cachedMigrationsFolder = here)
    dir = dirname(dir)
  }
  const fromCwd = join(process.cwd(), 'db', 'migrations')
  if (existsSync(fromCwd)) return (cachedMigrationsFolder = fromCwd)
  throw new DatabaseOpenError('cannot find db/migrations next to the application')
}

export function redactUrl(url: string) {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparseable URL)'
  }
}

function describe(error: unknown) {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message
  }
  return String(error)
}

/**
 * Rows of a raw SQL query on either backend: postgres.js answers an array, PGlite `{ rows }`.
 * Model code uses the query builder; this is for the few statements it cannot express.
 */
export async function queryRows<Row extends Record<string, unknown>>(db: Db, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown
  if (Array.isArray(result)) return result as Row[]
  return (result as { rows: Row[] }).rows
}
