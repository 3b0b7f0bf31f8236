/**
 * `npm run bench:pages`: the production build on the `npm run bench:data` database, loaded from this
 * process over loopback with autocannon. For discover, a project page, its transparency tab, an
 * organisation page and the feed of a user following 50 projects: req/s at 50 connections and its
 * ratio to a bare Remix route serving static text (/robots.txt) on the same server in the same run,
 * and p50/p99 latency at 10 connections. A plain Node HTTP server's rate is reported as the
 * machine's ceiling. Each figure is the median of BENCH_RUNS (3) measurements of BENCH_SECONDS (5).
 * Measured twice: as deployed, with the server's page cache answering anonymous readers, and with it
 * off (PAGE_CACHE=off), every request rendered. Ends with one JSON line (the cached figures, plus
 * `uncached`).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { BENCH_PASSWORD, benchDataUrl } from './data-db'

const PORT = Number(process.env.BENCH_PORT ?? 4394)
const CEILING_PORT = PORT + 1
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const ORIGIN = `http://127.0.0.1:${PORT}`

async function waitFor(url: string) {
  for (let i = 0; i < 240; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} did not come up`)
}

async function loadOnce(url: string, connections: number, seconds: number, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections, duration: seconds, headers })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99 }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** The median of RUNS measurements, each figure on its own. */
async function load(url: string, connections: number, seconds: number, headers: Record<string, string> = {}) {
  const runs = []
  for (let i = 0; i < RUNS; i++) runs.push(await loadOnce(url, connections, seconds, headers))
  return { rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)) }
}

type PageFigures = { rps: number; p50Ms: number; p99Ms: number; ratio: number }

/** One server (with or without its page cache): the bare route, then each page. */
async function measure(label: string, extraEnv: Record<string, string>) {
  const server: ChildProcess = spawn(process.execPath, ['server-build/index.js'], {
    env: {
      ...process.env, NODE_ENV: 'production', PORT: String(PORT), PUBLIC_URL: `http://127.0.0.1:${PORT}`, HOST: '127.0.0.1', DATABASE_URL: benchDataUrl(), SESSION_SECRET: 'p'.repeat(48),
      PAYMENTS_SANDBOX: '1', DEMO_MODE: '', LOG_LEVEL: 'error', EVENT_PROCESSOR_LANES: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'sunlight-pages-')),
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  try {
    await waitFor(`${ORIGIN}/healthz`)
    // The feed reader logs in like anyone else.
    const login = await fetch(`${ORIGIN}/login`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN }, body: new URLSearchParams({ email: 'bench-user-1@example.org', password: BENCH_PASSWORD }) })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
    if (!cookie.includes('=')) throw new Error(`login failed: ${login.status}`)
    const pages: Record<string, { path: string; headers?: Record<string, string> }> = {
      discover: { path: '/discover' },
      project: { path: '/projects/project-1' },
      transparency: { path: '/projects/project-1/transparency' },
      org: { path: '/organizations/org-2' },
      feed: { path: '/feed', headers: { cookie } },
    }
    await loadOnce(`${ORIGIN}/robots.txt`, 10, 2)
    const bare = await load(`${ORIGIN}/robots.txt`, 50, SECONDS)
    console.log(`[${label}] bare Remix route (/robots.txt): ${bare.rps} req/s`)
    const results: Record<string, PageFigures> = {}
    for (const [name, page] of Object.entries(pages)) {
      await loadOnce(`${ORIGIN}${page.path}`, 10, 2, page.headers) // warm-up
      const throughput = await load(`${ORIGIN}${page.path}`, 50, SECONDS, page.headers)
      const latency = await load(`${ORIGIN}${page.path}`, 10, SECONDS, page.headers)
      results[name] = { rps: throughput.rps, p50Ms: latency.p50, p99Ms: latency.p99, ratio: Math.round((throughput.rps / bare.rps) * 1000) / 1000 }
      console.log(`[${label}] ${name} ${page.path}: ${throughput.rps} req/s at 50 connections (ratio ${results[name]!.ratio}); p50 ${latency.p50} ms, p99 ${latency.p99} ms at 10`)
    }
    return { bareRemixRps: bare.rps, pages: results }
  } finally {
    server.kill('SIGTERM')
    await new Promise((resolve) => server.once('exit', resolve))
  }
}

async function main() {
  const ceiling = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${CEILING_PORT}, '127.0.0.1')`], { stdio: 'ignore' })
  let nodeCeiling: { rps: number }
  try {
    await waitFor(`http://127.0.0.1:${CEILING_PORT}/`)
    nodeCeiling = await load(`http://127.0.0.1:${CEILING_PORT}/`, 50, SECONDS)
  } finally {
    ceiling.kill('SIGTERM')
  }
  console.log(`plain Node HTTP server: ${nodeCeiling.rps} req/s`)
  // As deployed: anonymous public pages answered from the server's page cache (the feed is personal, never cached).
  const cached = await measure('page cache on', {})
  // Every request rendered: what a cache miss costs.
  const uncached = await measure('page cache off', { PAGE_CACHE: 'off' })
  console.log(JSON.stringify({ bareRemixRps: cached.bareRemixRps, nodeCeilingRps: nodeCeiling.rps, pages: cached.pages, uncached }))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
