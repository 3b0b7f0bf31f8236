/**
 * `npm run backup -- <new directory>`: the database (pg_dump, or a copy of the embedded data
 * directory — stop the server first) and every stored media file, with a manifest of row counts
 * (app/runtime/backup.server.ts, docs/operations.md).
 */
import { resolve } from 'node:path'
import { databaseTargetFromEnv } from '~db/target'
import { backup } from '~/runtime/backup.server'
import { getStorage } from '~/media/storage.server'
import { runScript } from './run-script'

const dir = process.argv[2]
if (!dir) {
  console.error('Usage: npm run backup -- <a new directory for the backup>')
  process.exit(2)
}

await runScript(async (env) => {
  const manifest = await backup({ target: databaseTargetFromEnv(env), dir: resolve(dir), storage: getStorage() })
  const rows = Object.values(manifest.counts).reduce((a, b) => a + b, 0)
  console.log(`Backup of the ${manifest.backend} database written to ${resolve(dir)}: ${rows} rows in ${Object.keys(manifest.counts).length} counted tables, ${manifest.media.files} media files (${manifest.media.bytes} bytes).`)
  if (manifest.media.missing.length) {
    console.error(`${manifest.media.missing.length} media files named in the database were missing from storage: ${manifest.media.missing.slice(0, 5).join(', ')}`)
    process.exitCode = 1
  }
})
