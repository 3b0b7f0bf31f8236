/**
 * `npm run ledger:check`: exit 0 when the money is real (every credit backed by the gateway's own
 * record) and the books agree; exit 1 listing each disagreement otherwise (app/ledger/check.server.ts).
 * With STRIPE_SECRET_KEY set it asks Stripe's API; otherwise it reads the sandbox gateway's books.
 */
import { openDatabase } from '~db/client.server'
import { databaseTargetFromEnv } from '~db/target'
import { checkLedger } from '~/ledger/check.server'
import { gatewayFor } from '~/payments/gateway.server'
import { runScript } from './run-script'

await runScript(async (env) => {
  const handle = await openDatabase(databaseTargetFromEnv(env))
  try {
    await handle.migrate()
    const gateway = await gatewayFor(env, () => handle.db)
    const problems = await checkLedger(handle.db, gateway)
    if (problems.length === 0) {
      console.log(`Ledger check: every credit is backed by the ${gateway.name} gateway's records; ledger entries, donations and project totals agree.`)
      return
    }
    for (const p of problems) console.error(`${p.kind} ${p.id}: ${p.detail}`)
    console.error(`Ledger check FAILED: ${problems.length} disagreement(s).`)
    process.exitCode = 1
  } finally {
    await handle.close()
  }
})
