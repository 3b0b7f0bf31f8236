#!/usr/bin/env node
// `npm run audit`: `npm audit --omit=dev` at high severity. Exit 1 on a high or critical advisory in
// a production dependency (unless listed, with its reason, in docs/security-exceptions.json); exit 0
// when clean. Exit 3 — "could not check" — when the registry's advisory service cannot be reached
// (this build machine's registry mirror answers its bulk endpoint with 405): the caller reports
// that honestly instead of counting it as passed.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'

const result = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { encoding: 'utf8' })
let report
try {
  report = JSON.parse(result.stdout)
} catch {
  console.log(`npm audit: no report (${(result.stderr || '').trim().split('\n').at(-1)})`)
  process.exit(3)
}
if (report.statusCode || report.error || !report.metadata) {
  console.log(`npm audit: the advisory service could not be reached (${report.message ?? report.error?.summary ?? 'no metadata'}); not checked`)
  process.exit(3)
}
const exceptions = existsSync('docs/security-exceptions.json') ? JSON.parse(readFileSync('docs/security-exceptions.json', 'utf8')) : {}
const serious = Object.values(report.vulnerabilities ?? {}).filter((v) => (v.severity === 'high' || v.severity === 'critical') && !exceptions[v.name])
for (const v of serious) console.log(`  ${v.severity}: ${v.name} ${v.range} — ${[].concat(v.via).map((x) => (typeof x === 'string' ? x : x.title)).join('; ')}`)
console.log(`npm audit: ${serious.length} high or critical advisories in production dependencies${Object.keys(exceptions).length ? ` (${Object.keys(exceptions).length} documented exceptions)` : ''}`)
process.exit(serious.length ? 1 : 0)
