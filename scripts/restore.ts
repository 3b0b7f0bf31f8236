/**
 * `npm run restore -- <backup directory>`: into the database DATABASE_URL names (an empty one), or
 * into a new DATA_DIR for the embedded database; media back into storage. Then it compares the row
 * counts with the backup's manifest; run `npm run ledger:check` and `npm run ledger:verify` next.
 */
import { resolve } from 'node:path'
import { databaseTargetFromEnv } from '~db/target'
import { restore } from '~/runtime/backup.server'
import { getStorage } from '~/media/storage.server'
import { runScript } from './run-script'

const dir = process.argv[2]
if (!dir) {
  console.error('Usage: npm run restore -- <backup directory>')
  process.exit(2)
}

await runScript(async (env) => {
  const result = await restore({ dir: resolve(dir), target: databaseTargetFromEnv(env), storage: getStorage() })
  if (result.differences.length) {
    for (const table of result.differences) console.error(`${table}: ${result.counts[table]} rows restored, ${result.manifest.counts[table]} in the backup`)
    process.exitCode = 1
    return
  }
  console.log(`Restored ${Object.values(result.counts).reduce((a, b) => a + b, 0)} rows (counts match the backup) and ${result.files} media files. Next: npm run ledger:check && npm run ledger:verify`)
})
