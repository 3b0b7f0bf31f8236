/**
 * `npm run bench:cold-start`: time from starting the demo command (`node scripts/start.mjs`, with
 * the build already made, as on a second `npm start`) to the first 200 on `/`, on an empty data
 * directory (PGlite created, migrated and seeded) and on a seeded one (PGlite opened). Three runs
 * each; medians reported. Ends with one JSON line.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const PORT = Number(process.env.BENCH_PORT ?? 4397)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)

async function timeToFirst200(dataDir: string) {
  const started = performance.now()
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'error', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  try {
    for (;;) {
      if (performance.now() - started > 180_000) throw new Error('no 200 within 3 minutes')
      const status = await fetch(`http://127.0.0.1:${PORT}/`).then((r) => r.status, () => 0)
      if (status === 200) return (performance.now() - started) / 1000
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const round = (x: number) => Math.round(x * 100) / 100

if (!existsSync('build/index.js') || !existsSync('server-build/index.js')) throw new Error('build first: npm run build')
const empty: number[] = []
const seeded: number[] = []
for (let run = 0; run < RUNS; run++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-cold-'))
  try {
    empty.push(await timeToFirst200(dataDir))
    seeded.push(await timeToFirst200(dataDir))
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
console.log(`empty data directory (create, migrate, seed): ${empty.map(round).join(' s, ')} s`)
console.log(`seeded data directory (open): ${seeded.map(round).join(' s, ')} s`)
console.log(JSON.stringify({ emptySeconds: round(median(empty)), seededSeconds: round(median(seeded)), runs: RUNS }))
