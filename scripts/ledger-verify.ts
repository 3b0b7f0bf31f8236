/** `npm run ledger:verify`: recomputes the ledger's hash chain in the database; exit 0 intact, 1 naming the first bad entry. */
import { openDatabase } from '~db/client.server'
import { databaseTargetFromEnv } from '~db/target'
import { verifyLedger } from '~/ledger/seal.server'
import { runScript } from './run-script'

await runScript(async (env) => {
  const handle = await openDatabase(databaseTargetFromEnv(env))
  try {
    await handle.migrate()
    const result = await verifyLedger(handle.db)
    if (result.ok) {
      console.log(`Ledger verified: ${result.checked} entries, chain head ${result.head}`)
      return
    }
    console.error(`Ledger verification FAILED at entry ${result.entryId}: ${result.problem} (after ${result.checked} good entries)`)
    process.exitCode = 1
  } finally {
    await handle.close()
  }
})
