/**
 * `npm run worker`: the background runner without a web server (app/runtime/background.server.ts):
 * jobs, periodic work, Stripe events, mail and sandbox deliveries, cache purges. Run any number
 * of them next to web servers started with BACKGROUND=off; each piece of work is done once across
 * the fleet. Needs PostgreSQL (DATABASE_URL). Stops cleanly on SIGTERM/SIGINT.
 *
 * Built by scripts/build-server.mjs into server-build/worker.js; the app lives in build/index.js.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type * as AppModule from '../app/entry.server'

type AppLifecycle = Pick<typeof AppModule, 'startup' | 'shutdown'>

const ROOT = resolve(process.env.SUNLIGHT_ROOT ?? process.cwd())
const BUILD_PATH = join(ROOT, 'build', 'index.js')

async function main() {
  if (!existsSync(BUILD_PATH)) {
    console.error('No build found: run `npm run build` first.')
    process.exit(1)
  }
  const build = (await import(pathToFileURL(BUILD_PATH).href)) as { entry: { module: unknown } }
  const app = build.entry.module as AppLifecycle
  try {
    const started = await app.startup({ role: 'worker' })
    console.log(`☀  Sunlight worker running (database: ${started.backend})`)
  } catch (error) {
    if (error instanceof Error && error.name === 'StartupError') {
      console.error(`Sunlight's worker cannot start: ${error.message}`)
      process.exit(1)
    }
    throw error
  }
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await app.shutdown()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
