/** `npm run ledger:seal`: seals every settled ledger entry now (the server does it every 30 s). */
import { openDatabase } from '~db/client.server'
import { databaseTargetFromEnv } from '~db/target'
import { sealLedger } from '~/ledger/seal.server'
import { runScript } from './run-script'

await runScript(async (env) => {
  const handle = await openDatabase(databaseTargetFromEnv(env))
  try {
    await handle.migrate()
    let total = 0
    for (;;) {
      const { sealed, head } = await sealLedger(handle.db, { settleSeconds: Number(process.env.SETTLE_SECONDS ?? 60) })
      total += sealed
      if (sealed === 0) {
        console.log(`Sealed ${total} entries; chain head ${head}`)
        break
      }
    }
  } finally {
    await handle.close()
  }
})
