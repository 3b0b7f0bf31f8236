/** `npm run db:seed`: loads the demo data into the configured database (once; re-running is a no-op). */
import { openDatabase } from '~db/client.server'
import { databaseTargetFromEnv } from '~db/target'
import { runScript } from '../scripts/run-script'
import { seedDemo } from './seed.server'

await runScript(async (env) => {
  const handle = await openDatabase(databaseTargetFromEnv(env))
  try {
    await handle.migrate()
    const result = await seedDemo(handle.db)
    console.log(result.seeded ? 'Seeded the demo data.' : 'The demo data is already there; nothing changed.')
  } finally {
    await handle.close()
  }
})
