import { DatabaseOpenError } from '~db/client.server'
import { EnvError, getEnv, type Env } from '~/utils/env.server'

/**
 * Runs a command-line script with the validated environment; a bad variable or an unreachable
 * database ends it with one line and exit code 1, like the server.
 */
export async function runScript(main: (env: Env) => Promise<void>) {
  try {
    await main(getEnv())
  } catch (error) {
    if (error instanceof EnvError || error instanceof DatabaseOpenError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
}
