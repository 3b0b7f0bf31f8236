import { join } from 'node:path'
import type { DatabaseTarget } from './client.server'

/**
 * The one rule for which database a process uses: `DATABASE_URL` set → PostgreSQL, otherwise the
 * embedded PGlite in `$DATA_DIR/pglite` (default `./data`). Server, scripts and checks all use it.
 */
export function databaseTargetFromEnv(env: {
  DATABASE_URL?: string
  DATA_DIR?: string
  DATABASE_POOL_SIZE?: number
}): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL, maxConnections: env.DATABASE_POOL_SIZE }
  return { kind: 'pglite', dataDir: join(env.DATA_DIR || './data', 'pglite') }
}
