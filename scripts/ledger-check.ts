/** `npm run ledger:check`: exit 0 when ledger, donations and project totals agree; 1 (listing each disagreement) otherwise. */
import { openDatabase } from '~db/client.server'
import { databaseTargetFromEnv } from '~db/target'
import { checkLedger } from '~/models/ledger-check.server'
import { runScript } from './run-script'

await runScript(async (env) => {
  const handle = await openDatabase(databaseTargetFromEnv(env))
  try {
    await handle.migrate()
    const problems = await checkLedger(handle.db)
    if (problems.length === 0) {
      console.log('Ledger check: ledger entries, donations and project totals agree.')
      return
    }
    for (const p of problems) console.error(`${p.kind} ${p.id}: ${p.detail}`)
    console.error(`Ledger check FAILED: ${problems.length} disagreement(s).`)
    process.exitCode = 1
  } finally {
    await handle.close()
  }
})
