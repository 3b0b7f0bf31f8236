/** `npm run db:migrate`: applies db/migrations to the database DATABASE_URL / DATA_DIR select. */
import { openDatabase } from '~db/client.server'
import { databaseTargetFromEnv } from '~db/target'
import { runScript } from './run-script'

await runScript(async (env) => {
  const handle = await openDatabase(databaseTargetFromEnv(env))
  try {
    await handle.migrate()
    console.log(`Migrated the ${handle.backend} database.`)
  } finally {
    await handle.close()
  }
})
