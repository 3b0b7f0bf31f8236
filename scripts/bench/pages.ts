/**
 * `npm run bench:pages`: the production build on the `npm run bench:data` database, loaded from this
 * process over loopback with autocannon. For discover, a project page, its transparency tab, an
 * organisation page and the feed of a user following 50 projects: req/s at 50 connections and its
 * ratio to a bare Remix route serving static text (/robots.txt) on the same server in the same run,
 * and p50/p99 latency at 10 connections. A plain Node HTTP server's rate is reported as the
 * machine's ceiling. Each figure is the median of BENCH_RUNS (3) measurements of BENCH_SECONDS (5).
 * The server keeps no pages (every request is rendered); anonymous public pages are then measured
 * through Varnish in front of it (deploy/varnish/sunlight.vcl), as deployed, next to the plain Node
 * server in the same run. Ends with one JSON line: the rendered figures, and `varnish` with each
 * anonymous page's rate, its ratio to the plain Node server and its p99 at 10 connections.
 *
 * Cached pages are measured with wrk (C; Debian: apt-get install wrk), and so is the plain Node
 * server they are compared with: autocannon, in JavaScript on the same two cores, tops out at
 * ~2,500 responses/s for a 27 KB page that Varnish serves ~20× faster — it measured itself.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { startVarnish } from '../cluster/fleet'
import { BENCH_PASSWORD, benchDataUrl } from './data-db'

const PORT = Number(process.env.BENCH_PORT ?? 4394)
const CEILING_PORT = PORT + 1
const VARNISH_PORT = PORT + 2
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

/** wrk's rate and p99 (one thread, `connections` connections), for responses too fast for autocannon. */
function wrkOnce(url: string, connections: number, seconds: number, headers: Record<string, string> = {}) {
  let out: string
  try {
    out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), url], { encoding: 'utf8' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('wrk is needed for the cached pages: apt-get install -y wrk')
    throw error
  }
  if (/Non-2xx|Socket errors/.test(out)) throw new Error(`${url}: errors under load\n${out}`)
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1])
  const [, value, unit] = /\s99%\s+([\d.]+)(us|ms|s)/.exec(out)!
  const p99 = Number(value) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1)
  const [, v50, u50] = /\s50%\s+([\d.]+)(us|ms|s)/.exec(out)!
  const p50 = Number(v50) * (u50 === 'us' ? 0.001 : u50 === 's' ? 1000 : 1)
  return { rps: Math.round(rps), p50: Math.round(p50 * 100) / 100, p99: Math.round(p99 * 100) / 100 }
}

function wrkLoad(url: string, connections: number, seconds: number, headers: Record<string, string> = {}) {
  const runs = Array.from({ length: RUNS }, () => wrkOnce(url, connections, seconds, headers))
  return { rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)) }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** The median of RUNS measurements, each figure on its own. */
async function load(url: string, connections: number, seconds: number, headers: Record<string, string> = {}) {
  const runs = []
  for (let i = 0; i < RUNS; i++) runs.push(await loadOnce(url, connections, seconds, headers))
  return { rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)) }
}

type PageFigures = { rps: number; p50Ms: number; p99Ms: number; ratio: number }

/** The server: the bare route, then each page rendered; then the anonymous pages through Varnish. */
async function measure(label: string, extraEnv: Record<string, string>, nodeCeilingWrkRps: number) {
  const server: ChildProcess = spawn(process.execPath, ['server-build/index.js'], {
    env: {
      ...process.env, NODE_ENV: 'production', PORT: String(PORT), PUBLIC_URL: `http://127.0.0.1:${PORT}`, HOST: '127.0.0.1', DATABASE_URL: benchDataUrl(), SESSION_SECRET: 'p'.repeat(48),
      PAYMENTS_SANDBOX: '1', DEMO_MODE: '', LOG_LEVEL: 'error', BACKGROUND: 'off', TRUST_PROXY: 'loopback', DATA_DIR: mkdtempSync(join(tmpdir(), 'sunlight-pages-')),
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
    // Anonymous readers through Varnish, as deployed (the feed is personal: Varnish passes it).
    const varnish = await startVarnish({ port: VARNISH_PORT, backends: [PORT], dir: mkdtempSync(join(tmpdir(), 'sunlight-pages-varnish-')) })
    const throughVarnish: Record<string, { rps: number; ratioToNode: number; p50Ms: number; p99Ms: number }> = {}
    try {
      for (const [name, page] of Object.entries(pages)) {
        if (page.headers?.cookie) continue
        const url = `${varnish.url}${page.path}`
        // As a browser asks: gzip accepted (Varnish keeps the page compressed and sends it as kept).
        const browser = { 'accept-encoding': 'gzip, deflate, br' }
        await loadOnce(url, 10, 2, browser) // fills the cache
        const throughput = wrkLoad(url, 50, SECONDS, browser)
        const latency = wrkLoad(url, 10, SECONDS, browser)
        throughVarnish[name] = { rps: throughput.rps, ratioToNode: Math.round((throughput.rps / nodeCeilingWrkRps) * 1000) / 1000, p50Ms: latency.p50, p99Ms: latency.p99 }
        console.log(`[varnish] ${name} ${page.path}: ${throughput.rps} req/s at 50 connections (${throughVarnish[name]!.ratioToNode} of plain Node); p50 ${latency.p50} ms, p99 ${latency.p99} ms at 10`)
      }
    } finally {
      varnish.child.kill('SIGTERM')
    }
    return { bareRemixRps: bare.rps, pages: results, varnish: throughVarnish }
  } finally {
    server.kill('SIGTERM')
    await new Promise((resolve) => server.once('exit', resolve))
  }
}

async function main() {
  const ceiling = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${CEILING_PORT}, '127.0.0.1')`], { stdio: 'ignore' })
  let nodeCeiling: { rps: number }
  let nodeCeilingWrk: { rps: number }
  try {
    await waitFor(`http://127.0.0.1:${CEILING_PORT}/`)
    nodeCeiling = await load(`http://127.0.0.1:${CEILING_PORT}/`, 50, SECONDS)
    nodeCeilingWrk = wrkLoad(`http://127.0.0.1:${CEILING_PORT}/`, 50, SECONDS)
  } finally {
    ceiling.kill('SIGTERM')
  }
  console.log(`plain Node HTTP server: ${nodeCeiling.rps} req/s (autocannon), ${nodeCeilingWrk.rps} req/s (wrk)`)
  const measured = await measure('server', {}, nodeCeilingWrk.rps)
  console.log(JSON.stringify({ bareRemixRps: measured.bareRemixRps, nodeCeilingRps: nodeCeiling.rps, nodeCeilingWrkRps: nodeCeilingWrk.rps, pages: measured.pages, varnish: measured.varnish }))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
