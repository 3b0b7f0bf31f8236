/**
 * `npm run bench:router-patch`: does the route-matching patch (ADR 0006) matter for rendered pages?
 * Starts the production server on the bench:data database (no cache in front, every request rendered)
 * and measures the bare Remix route and a project page at 50 connections (median of 3 × BENCH_SECONDS),
 * with the patch as installed and then with it reversed (`patch-package --reverse`), re-applying it
 * afterwards. Ends with one JSON line.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { benchDataUrl } from './data-db'

const PORT = 4391
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function measure() {
  const server = spawn(process.execPath, ['server-build/index.js'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(PORT), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${PORT}`, DATABASE_URL: benchDataUrl(), SESSION_SECRET: 'r'.repeat(48), PAYMENTS_SANDBOX: '1', LOG_LEVEL: 'error', BACKGROUND: 'off', DATA_DIR: mkdtempSync(join(tmpdir(), 'sunlight-router-')) },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  try {
    for (let i = 0; i < 240 && !(await fetch(`http://127.0.0.1:${PORT}/healthz`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 250))
    const rate = async (path: string) => {
      await autocannon({ url: `http://127.0.0.1:${PORT}${path}`, connections: 10, duration: 2 })
      const runs: number[] = []
      for (let i = 0; i < 3; i++) runs.push((await autocannon({ url: `http://127.0.0.1:${PORT}${path}`, connections: 50, duration: SECONDS })).requests.average)
      return Math.round(median(runs))
    }
    return { bareRemixRps: await rate('/robots.txt'), projectRps: await rate('/projects/project-1') }
  } finally {
    server.kill('SIGTERM')
    await new Promise((r) => server.once('exit', r))
  }
}

const patched = await measure()
console.log('patched', patched)
execFileSync('npx', ['patch-package', '--reverse'], { stdio: 'inherit' })
let unpatched
try {
  unpatched = await measure()
  console.log('unpatched', unpatched)
} finally {
  execFileSync('npx', ['patch-package'], { stdio: 'inherit' })
}
console.log(JSON.stringify({ patched, unpatched, projectGain: Math.round((patched.projectRps / unpatched.projectRps - 1) * 1000) / 10 }))
