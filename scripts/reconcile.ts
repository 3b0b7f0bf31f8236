/**
 * `npm run reconcile`: asks the gateway about donations pending for more than 15 minutes (also
 * scheduled in the server). `-- --older-than-minutes N` changes the age (0: every pending donation).
 */
import { openDatabase } from '~db/client.server'
import { databaseTargetFromEnv } from '~db/target'
import { SandboxGateway } from '~/payments/sandbox.server'
import { reconcilePending } from '~/payments/reconcile.server'
import { runScript } from './run-script'

await runScript(async (env) => {
  const handle = await openDatabase(databaseTargetFromEnv(env))
  try {
    await handle.migrate()
    let gateway
    if (env.STRIPE_SECRET_KEY) {
      const { StripeGateway } = await import('~/payments/stripe-gateway.server')
      const { stripeClient } = await import('~/payments/gateway.server')
      gateway = new StripeGateway(stripeClient(env), env.STRIPE_PAYMENT_METHODS)
    } else gateway = new SandboxGateway(() => handle.db)
    const flag = process.argv.indexOf('--older-than-minutes')
    const minutes = flag > 0 ? Number(process.argv[flag + 1]) : null
    if (minutes !== null && !(Number.isFinite(minutes) && minutes >= 0)) throw new Error('--older-than-minutes needs a number of minutes, 0 or more')
    const result = await reconcilePending(handle.db, gateway, minutes === null ? {} : { olderThan: new Date(Date.now() - minutes * 60_000) })
    console.log(`Reconciled ${result.checked} pending donation(s): ${JSON.stringify(result.outcomes)}`)
  } finally {
    await handle.close()
  }
})
