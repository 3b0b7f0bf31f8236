/**
 * `npm run bench:plans`: the query-discipline check (app/models/query-plans.server.ts) on the
 * `npm run bench:data` set — 50k projects, 1M donations and ledger entries, 200k users. Every
 * listing and detail query of the public pages and the feed is run, then EXPLAIN ANALYZEd: exits 1
 * on a sequential scan of a large table, and prints the slowest queries. Ends with one JSON line.
 */
import { openDatabase } from '~db/client.server'
import { explainAll, runPageQueries } from '~/models/query-plans.server'
import { benchDataUrl } from './data-db'

const handle = await openDatabase({ kind: 'postgres', url: benchDataUrl(), maxConnections: 2 })
try {
  const [counts] = await handle.raw<{ donations: number; projects: number }>(`select (select count(*) from donations)::int as donations, (select count(*) from projects)::int as projects`)
  const [user] = await handle.raw<{ id: string }>(`select id from users where email = 'bench-user-1@example.org'`)
  if (!user) throw new Error('no bench data: run `npm run bench:data` first')
  const { db, queries } = handle.recording()
  // The busiest project (~27,000 gifts) and an ordinary organisation; the reader follows 50 projects.
  await runPageQueries(db, { projectSlug: 'project-1', organizationSlug: 'org-2', userId: user.id })
  const { offenders, timings } = await explainAll(handle, queries, { analyze: true })
  console.log(`${queries.length} queries on ${counts!.projects.toLocaleString('en')} projects and ${counts!.donations.toLocaleString('en')} donations`)
  console.log('slowest:')
  for (const t of timings.slice(0, 5)) console.log(`  ${t.ms.toFixed(2)} ms  ${t.query}`)
  for (const offender of offenders) console.log(`SEQUENTIAL SCAN: ${offender}`)
  const total = timings.reduce((sum, t) => sum + t.ms, 0)
  console.log(JSON.stringify({ queries: queries.length, seqScans: offenders.length, slowestMs: Math.round(timings[0]!.ms * 100) / 100, totalMs: Math.round(total * 100) / 100 }))
  if (offenders.length) process.exitCode = 1
} finally {
  await handle.close()
}
