/** `npm run reconcile`: asks the gateway about donations pending for more than 15 minutes (also scheduled in the server). */
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
    const result = await reconcilePending(handle.db, gateway)
    console.log(`Reconciled ${result.checked} pending donation(s): ${JSON.stringify(result.outcomes)}`)
  } finally {
    await handle.close()
  }
})
