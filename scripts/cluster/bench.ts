/**
 * `npm run bench:cluster`: what the fleet does with more servers, measured on the demo data set
 * (scripts/cluster/fleet.ts: PostgreSQL, app servers, Varnish in front; no separate worker, the
 * first server runs the background). For one server and then two, through Varnish:
 * - a project page for anonymous readers (answered by Varnish; loaded with wrk, as autocannon cannot
 *   keep up with Varnish);
 * - the same page rendered (a cookie Varnish does not know makes it pass to the servers);
 * and, for the rendered load, the CPU each part used (app servers, PostgreSQL, Varnish, read from
 * /proc), per request — which says where the next limit is. BENCH_SECONDS (5) per measurement,
 * 50 connections. Ends with one JSON line.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import { startFleet } from './fleet'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const TICKS = 100 // USER_HZ on Linux

function cpuTicksOf(match: (cmdline: string) => boolean) {
  let ticks = 0
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
      if (!match(cmdline)) continue
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      ticks += Number(fields[11]) + Number(fields[12]) // utime + stime
    } catch {
      // gone
    }
  }
  return ticks
}
const parts = {
  app: (c: string) => c.includes('server-build/index.js'),
  postgres: (c: string) => c.startsWith('postgres:') || c.includes('/postgres '),
  varnish: (c: string) => c.includes('varnishd'),
}

async function load(url: string, headers: Record<string, string> = {}, { wrk = false } = {}) {
  const before = Object.fromEntries(Object.entries(parts).map(([name, match]) => [name, cpuTicksOf(match)]))
  let requests: number
  let rps: number
  let p99Ms: number
  if (wrk) {
    const out = execFileSync('wrk', ['-t1', '-c50', `-d${SECONDS}s`, '--latency', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), url], { encoding: 'utf8' })
    if (/Non-2xx|Socket errors/.test(out)) throw new Error(`${url}: errors under load\n${out}`)
    requests = Number(/(\d+) requests in/.exec(out)![1])
    rps = Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]))
    const [, value, unit] = /\s99%\s+([\d.]+)(us|ms|s)/.exec(out)!
    p99Ms = Math.round(Number(value) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1) * 100) / 100
  } else {
    const result = await autocannon({ url, connections: 50, duration: SECONDS, headers })
    if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
    requests = result.requests.total
    rps = Math.round(result.requests.average)
    p99Ms = result.latency.p99
  }
  const cpuMsPerRequest = Object.fromEntries(
    Object.entries(parts).map(([name, match]) => [name, Math.round(((cpuTicksOf(match) - before[name]!) * (1000 / TICKS) * 100) / requests) / 100]),
  )
  return { rps, p99Ms, cpuMsPerRequest }
}

async function measure(servers: number) {
  const fleet = await startFleet({ servers, workers: 0, basePort: 4830, database: 'sunlight_cluster_bench', env: { BACKGROUND: 'off' } })
  try {
    const [row] = await fleet.sql<{ slug: string }[]>`select slug from projects where status = 'fundraising' order by raised_amount desc limit 1`
    const page = `${fleet.varnish}/projects/${row!.slug}`
    await autocannon({ url: page, connections: 10, duration: 2 })
    const cached = await load(page, { 'accept-encoding': 'gzip' }, { wrk: true })
    await autocannon({ url: page, connections: 10, duration: 2, headers: { cookie: 'bench=1' } })
    const rendered = await load(page, { cookie: 'bench=1' })
    console.log(`${servers} server(s): cached ${cached.rps} req/s (p99 ${cached.p99Ms} ms); rendered ${rendered.rps} req/s (p99 ${rendered.p99Ms} ms), CPU ms per rendered request ${JSON.stringify(rendered.cpuMsPerRequest)}`)
    return { cached, rendered }
  } finally {
    await fleet.stop()
  }
}

const one = await measure(1)
const two = await measure(2)
console.log(JSON.stringify({ cores: (await import('node:os')).cpus().length, oneServer: one, twoServers: two, renderedGain: Math.round((two.rendered.rps / one.rendered.rps) * 100) / 100 }))
