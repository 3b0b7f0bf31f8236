/**
 * Runs once per test run: migrates a template database so each test file can start from a copy
 * instead of running migrations again.
 * - TEST_DATABASE_URL set → PostgreSQL: a template database `<name>_template`, cloned per file.
 * - otherwise → PGlite: a migrated in-memory instance dumped to a file, loaded per file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../client.server'
import { adminUrl, recreateDatabase, templateName } from './postgres-admin'

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { kind: 'postgres'; url: string; template: string } | { kind: 'pglite'; dumpPath: string }
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL
  if (url) {
    const template = templateName(url)
    await recreateDatabase(url, template)
    const templateUrl = new URL(url)
    templateUrl.pathname = `/${template}`
    const handle = await openDatabase({ kind: 'postgres', url: templateUrl.toString(), maxConnections: 1 })
    await handle.migrate()
    await handle.close()
    project.provide('testDatabase', { kind: 'postgres', url: adminUrl(url), template })
    return
  }
  const handle = await openDatabase({ kind: 'pglite-memory' })
  await handle.migrate()
  const dump = await handle.pglite!.dumpDataDir('none')
  await handle.close()
  const dir = mkdtempSync(join(tmpdir(), 'sunlight-test-'))
  const dumpPath = join(dir, 'template.tar')
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()))
  project.provide('testDatabase', { kind: 'pglite', dumpPath })
  return () => rmSync(dir, { recursive: true, force: true })
}
