/**
 * `npm run reconcile`: asks the gateway about donations pending for more than 15 minutes (also
 * scheduled in the server). `-- --older-than-minutes N` changes the age (0: every pending donation).
 */
import { openDatabase } from '~db/client.server'
import { databaseTargetFromEnv } from '~db/target'
import { gatewayFor } from '~/payments/gateway.server'
import { reconcilePending } from '~/payments/reconcile.server'
import { setInstallationSessionSecret } from '~/utils/env.server'
import { installationSecret } from '~/utils/installation-secrets.server'
import { runScript } from './run-script'

await runScript(async (env) => {
  const handle = await openDatabase(databaseTargetFromEnv(env))
  try {
    await handle.migrate()
    // Receipts it sends carry signed links: the same secret the server signs them with.
    if (!env.SESSION_SECRET) setInstallationSessionSecret(await installationSecret(handle.db, 'session_secret'))
    const gateway = await gatewayFor(env, () => handle.db)
    const flag = process.argv.indexOf('--older-than-minutes')
    const minutes = flag > 0 ? Number(process.argv[flag + 1]) : null
    if (minutes !== null && !(Number.isFinite(minutes) && minutes >= 0)) throw new Error('--older-than-minutes needs a number of minutes, 0 or more')
    const result = await reconcilePending(handle.db, gateway, minutes === null ? {} : { olderThan: new Date(Date.now() - minutes * 60_000) })
    console.log(`Reconciled ${result.checked} pending donation(s): ${JSON.stringify(result.outcomes)}`)
  } finally {
    await handle.close()
  }
})
