/**
 * A fresh, migrated database for one test file, on whichever backend the run uses:
 *
 *   const { db } = await setupTestDatabase()
 *
 * PostgreSQL (TEST_DATABASE_URL): a new database cloned from the migrated template, dropped after
 * the file. PGlite: a new in-memory instance loaded from the migrated dump. Either way the file's
 * tests share it; tests that need isolation from each other use distinct rows.
 */
import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { afterAll, inject } from 'vitest'
import { openDatabase, type DatabaseHandle } from '../client.server'
import { dropDatabase, recreateDatabase } from './postgres-admin'

export async function setupTestDatabase({ maxConnections = 5 }: { maxConnections?: number } = {}): Promise<DatabaseHandle & { url?: string }> {
  const config = inject('testDatabase')
  if (config.kind === 'postgres') {
    const name = `sunlight_t_${process.pid}_${randomBytes(4).toString('hex')}`
    await recreateDatabase(config.url, name, config.template)
    const url = new URL(config.url)
    url.pathname = `/${name}`
    // More connections for a file that runs transactions against each other (PGlite has one, always).
    const handle = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections })
    afterAll(async () => {
      await handle.close()
      await dropDatabase(config.url, name)
    })
    // The address too, for code under test that opens its own connection (the export worker).
    return Object.assign(handle, { url: url.toString() })
  }
  const dump = new Blob([readFileSync(config.dumpPath)])
  const handle = await openDatabase({ kind: 'pglite-memory', loadDataDir: dump })
  afterAll(() => handle.close())
  return handle
}

export function testBackend(): 'postgres' | 'pglite' {
  return inject('testDatabase').kind
}
