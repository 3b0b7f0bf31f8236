/**
 * `npm run bench`: every benchmark from one harness, one after another (they must not share the
 * machine), then the summary tables at the top of docs/benchmarks.md are rewritten between the
 * `bench:summary` markers with the command, the figures and ratios, the machine and the date. The
 * sections below the markers explain the figures and stay as written.
 *
 *   npm run bench                      # all of them (~45 min; the 1M-row data set is made if missing)
 *   BENCH_ONLY=pages,plans npm run bench   # some of them; the others keep their last figures
 */
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import postgres from 'postgres'
import { BENCH_DATA_DB } from './data-db'

type Json = Record<string, unknown>

interface Bench {
  name: string
  command: string
  /** Table rows (figure, value, target) from the bench's last JSON line. */
  rows(result: Json): [string, string, string][]
}

const n = (x: unknown, digits = 0) => (typeof x === 'number' ? x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : String(x))
const mark = (ok: boolean) => (ok ? '✔' : '✘ missed')
const get = (o: unknown, ...path: string[]) => path.reduce<unknown>((v, k) => (v as Json | undefined)?.[k], o) as number

const BENCHES: Bench[] = [
  {
    name: 'plans',
    command: 'npm run bench:plans',
    rows: (r) => [
      ['page and feed queries EXPLAIN ANALYZEd on the 1M-donation set', n(r.queries), ''],
      ['sequential scans of a large table', n(r.seqScans), `0 ${mark(r.seqScans === 0)}`],
      ['slowest query / all queries together', `${n(r.slowestMs, 2)} ms / ${n(r.totalMs, 2)} ms`, ''],
    ],
  },
  {
    name: 'pages',
    command: 'npm run bench:pages',
    rows: (r) => {
      const rows: [string, string, string][] = [
        ['plain Node HTTP server (ceiling): autocannon / wrk', `${n(r.nodeCeilingRps)} / ${n(r.nodeCeilingWrkRps)} req/s`, ''],
        ['bare Remix route `/robots.txt`', `${n(r.bareRemixRps)} req/s`, ''],
      ]
      for (const name of ['project', 'discover', 'transparency', 'org']) {
        const v = get(r, 'varnish', name) as unknown as Json | undefined
        if (!v) continue
        const target = name === 'project' ? `≥ 0.5 of Node ${mark((v.ratioToNode as number) >= 0.5)}; p99 < 20 ms ${mark((v.p99Ms as number) < 20)}` : ''
        rows.push([`${name} through Varnish: req/s at 50 (of plain Node) · p50/p99 at 10`, `${n(v.rps)} (${n(v.ratioToNode, 3)}) · ${v.p50Ms}/${v.p99Ms} ms`, target])
      }
      for (const name of ['project', 'discover', 'transparency', 'org', 'feed']) {
        const p = get(r, 'pages', name) as unknown as Json
        rows.push([`${name} rendered by the server: req/s at 50 (ratio to bare route) · p50/p99 at 10`, `${n(p.rps)} (${n(p.ratio, 3)}) · ${p.p50Ms}/${p.p99Ms} ms`, ''])
      }
      return rows
    },
  },
  {
    name: 'webhook',
    command: 'npm run bench:webhook',
    rows: (r) => [
      ['pgbench single-row INSERT, 50 clients', `${n(r.insertTps)} tps`, ''],
      ['webhook, new events, 50 connections (ratio to INSERT)', `${n(r.webhookRps)} req/s (${n(r.ratio, 3)})`, `≥ 0.15 ${mark((r.ratio as number) >= 0.15)}`],
      ['p99 at 50 / at 10 connections', `${r.p99At50Ms} / ${r.p99Ms} ms`, `< 100 ms ${mark((r.p99At50Ms as number) < 100)}`],
      ['one project / spread over 500', n(r.hotRatio, 3), `≥ 0.8 ${mark((r.hotRatio as number) >= 0.8)}`],
      ['duplicate deliveries / new events', `${n(r.replayRatio, 2)}×`, `≥ 3× ${mark((r.replayRatio as number) >= 3)}`],
      ['extra ledger rows, disagreeing projects, paid ≠ distinct', n(r.extraRows), `0 ${mark(r.extraRows === 0)}`],
      ['events applied per second by one worker after the load', n(r.appliedPerSec), ''],
    ],
  },
  {
    name: 'cluster',
    command: 'npm run bench:cluster',
    rows: (r) => [
      ['project page through Varnish, 1 / 2 servers', `${n(get(r, 'oneServer', 'cached', 'rps'))} / ${n(get(r, 'twoServers', 'cached', 'rps'))} req/s`, ''],
      ['project page rendered (passed), 1 / 2 servers', `${n(get(r, 'oneServer', 'rendered', 'rps'))} / ${n(get(r, 'twoServers', 'rendered', 'rps'))} req/s (×${n(r.renderedGain, 2)})`, ''],
      ['CPU per rendered page: app / PostgreSQL / Varnish', `${n(get(r, 'twoServers', 'rendered', 'cpuMsPerRequest', 'app'), 1)} / ${n(get(r, 'twoServers', 'rendered', 'cpuMsPerRequest', 'postgres'), 2)} / ${n(get(r, 'twoServers', 'rendered', 'cpuMsPerRequest', 'varnish'), 2)} ms`, ''],
    ],
  },
  {
    name: 'jobs',
    command: 'npm run bench:jobs',
    rows: (r) => [
      ['no-op jobs/s, 4 workers: ours / graphile-worker', `${n(get(r, 'sunlight', 'throughputJobsPerSec'))} / ${n(get(r, 'graphileWorker', 'throughputJobsPerSec'))}`, ''],
      ['wake-up median (p90): ours / graphile-worker', `${get(r, 'sunlight', 'wakeMedianMs')} (${get(r, 'sunlight', 'wakeP90Ms')}) / ${get(r, 'graphileWorker', 'wakeMedianMs')} (${get(r, 'graphileWorker', 'wakeP90Ms')}) ms`, ''],
    ],
  },
  {
    name: 'export',
    command: 'npm run bench:export',
    rows: (r) => [
      ['ledger export rows', n(r.rows), ''],
      ['CSV: seconds, peak RSS', `${n(get(r, 'csv', 'seconds'), 1)} s, ${n(get(r, 'csv', 'peakRssMb'))} MB`, ''],
      ['JSON: seconds, peak RSS', `${n(get(r, 'json', 'seconds'), 1)} s, ${n(get(r, 'json', 'peakRssMb'))} MB`, ''],
    ],
  },
  {
    name: 'upload',
    command: 'npm run bench:upload',
    rows: (r) => [
      ['video upload size', `${n((r.bytes as number) / 1024 / 1024)} MiB`, ''],
      ['throughput, RSS growth', `${n(r.mbPerSec, 1)} MB/s, +${n(r.rssGrowthMb, 1)} MB`, `< 64 MB ${mark((r.rssGrowthMb as number) < 64)}`],
    ],
  },
  {
    name: 'cold-start',
    command: 'npm run bench:cold-start',
    rows: (r) => [['demo command to first 200: empty data directory / seeded (median)', `${n(r.emptySeconds, 2)} s / ${n(r.seededSeconds, 2)} s`, '']],
  },
  {
    name: 'lighthouse',
    command: 'npm run bench:lighthouse',
    rows: (r) => {
      const rows: [string, string, string][] = []
      for (const [page, s] of Object.entries(r as Record<string, Json>)) {
        const ok = (s.performance as number) >= 95 && (s.accessibility as number) >= 95 && (s.bestPractices as number) >= 95
        rows.push([`${page}: performance / accessibility / best practices · JS`, `${s.performance} / ${s.accessibility} / ${s.bestPractices} · ${n(s.jsKb, 1)} KB`, `≥ 95 each ${mark(ok)}${page === 'project' ? `; JS ≤ 150 KB ${mark((s.jsKb as number) <= 150)}` : ''}`])
      }
      return rows
    },
  },
]

/** Runs `npm run <script>`, echoing its output, and returns its last JSON line. */
function run(script: string): Promise<Json> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      process.stdout.write(chunk)
    })
    child.on('exit', (code) => {
      const line = out.trim().split('\n').reverse().find((l) => l.startsWith('{'))
      if (!line) return reject(new Error(`${script} printed no JSON line (exit ${code})`))
      const result = JSON.parse(line) as Json
      // A bench that exits non-zero still reports its figures: a missed target is shown, not hidden.
      if (code !== 0) result.exitCode = code
      resolve(result)
    })
  })
}

async function benchDataExists() {
  const sql = postgres(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { onnotice: () => {}, max: 1 })
  try {
    const rows = await sql`select 1 from pg_database where datname = ${BENCH_DATA_DB}`
    return rows.length > 0
  } finally {
    await sql.end()
  }
}

const START = '<!-- bench:summary:start -->'
const END = '<!-- bench:summary:end -->'
const DOC = 'docs/benchmarks.md'

/** The last figures of every bench, kept in the document itself (a JSON comment per bench). */
function previousResults(doc: string): Record<string, { result: Json; date: string }> {
  const found: Record<string, { result: Json; date: string }> = {}
  for (const match of doc.matchAll(/<!-- bench:result (\S+) (\S+) (\{.*?\}) -->/g)) found[match[1]!] = { date: match[2]!, result: JSON.parse(match[3]!) as Json }
  return found
}

async function main() {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim())
  const doc = readFileSync(DOC, 'utf8')
  const results = previousResults(doc)
  const today = new Date().toISOString().slice(0, 10)
  if ((!only || only.includes('pages') || only.includes('plans')) && !(await benchDataExists())) {
    console.log('\n== bench:data (the 1M-donation set is missing) ==')
    results.data = { result: await run('bench:data'), date: today }
  }
  for (const bench of BENCHES) {
    if (only && !only.includes(bench.name)) continue
    console.log(`\n== ${bench.command} ==`)
    try {
      results[bench.name] = { result: await run(`bench:${bench.name}`), date: today }
    } catch (error) {
      console.error(`${bench.command} failed: ${(error as Error).message}`)
      process.exitCode = 1
    }
  }
  const pg = postgres(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { onnotice: () => {}, max: 1 })
  const [{ server_version: pgVersion }] = (await pg`show server_version`) as unknown as [{ server_version: string }]
  await pg.end()
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${pgVersion}`
  const lines = [
    START,
    '## Summary (rewritten by `npm run bench`)',
    '',
    `Machine: ${machine}. Each table names its command and the date it last ran; the sections below explain the figures.`,
    '',
  ]
  for (const bench of BENCHES) {
    const entry = results[bench.name]
    if (!entry) continue
    lines.push(`### \`${bench.command}\` — ${entry.date}${entry.result.exitCode ? ` (exit ${entry.result.exitCode})` : ''}`, '', '| figure | measured | target |', '|---|---|---|')
    for (const [figure, value, target] of bench.rows(entry.result)) lines.push(`| ${figure} | ${value} | ${target} |`)
    lines.push('', `<!-- bench:result ${bench.name} ${entry.date} ${JSON.stringify(entry.result)} -->`, '')
  }
  if (results.data) lines.push(`<!-- bench:result data ${results.data.date} ${JSON.stringify(results.data.result)} -->`, '')
  lines.push(END)
  const block = lines.join('\n')
  const next = doc.includes(START) ? doc.slice(0, doc.indexOf(START)) + block + doc.slice(doc.indexOf(END) + END.length) : doc.replace(/\n## /, `\n${block}\n\n## `)
  writeFileSync(DOC, next)
  console.log(`\n${DOC}: summary rewritten`)
}

await main()
