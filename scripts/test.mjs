#!/usr/bin/env node
// `npm test`: every suite, in order — typecheck, lint, unit/integration (on PostgreSQL when
// TEST_DATABASE_URL is set, and always on PGlite), production build, Playwright journeys — then one
// closing line `N passed, N failed` that totals them all. A suite that fails does not stop the
// others, so the total is always complete; the exit code is non-zero if anything failed.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const results = []
const work = mkdtempSync(join(tmpdir(), 'sunlight-test-'))
const bin = (name) => join('node_modules', '.bin', name)

function run(command, args, env = {}) {
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  return { ok: result.status === 0, seconds: Math.round((Date.now() - started) / 100) / 10 }
}

function record(name, passed, failed, skipped, seconds) {
  results.push({ name, passed, failed, skipped, seconds })
  console.log(`\n── ${name}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} (${seconds}s)\n`)
}

function check(name, command, args, env) {
  console.log(`\n══ ${name}`)
  const { ok, seconds } = run(command, args, env)
  record(name, ok ? 1 : 0, ok ? 0 : 1, 0, seconds)
  return ok
}

function vitest(name, env) {
  console.log(`\n══ ${name}`)
  const output = join(work, `${name.replace(/\W+/g, '-')}.json`)
  const { ok, seconds } = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${output}`], env)
  if (!existsSync(output)) return record(name, 0, 1, 0, seconds)
  const report = JSON.parse(readFileSync(output, 'utf8'))
  const failed = report.numFailedTests + (ok || report.numFailedTests > 0 ? 0 : 1)
  record(name, report.numPassedTests, failed, report.numPendingTests + report.numTodoTests, seconds)
}

function playwright(name, env) {
  console.log(`\n══ ${name}`)
  const output = join(work, 'playwright.json')
  const { ok, seconds } = run(bin('playwright'), ['test'], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: output })
  if (!existsSync(output)) return record(name, 0, 1, 0, seconds)
  const { stats } = JSON.parse(readFileSync(output, 'utf8'))
  const failed = stats.unexpected + stats.flaky + (ok || stats.unexpected > 0 ? 0 : 1)
  record(name, stats.expected, failed, stats.skipped, seconds)
}

function findChromium() {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(candidate)) return candidate
  const bundled = spawnSync(process.execPath, ['-e', "console.log(require('playwright-core').chromium.executablePath())"], {
    encoding: 'utf8',
  }).stdout.trim()
  return bundled && existsSync(bundled) ? bundled : null
}

/** A fresh PostgreSQL database for the journeys, named after the test database. */
async function freshE2eDatabase(testUrl) {
  const { default: postgres } = await import('postgres')
  const url = new URL(testUrl)
  const name = `${url.pathname.slice(1) || 'sunlight_test'}_e2e`
  const admin = new URL(testUrl)
  admin.pathname = '/postgres'
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} })
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await sql.unsafe(`CREATE DATABASE "${name}"`)
  } finally {
    await sql.end({ timeout: 5 })
  }
  url.pathname = `/${name}`
  return url.toString()
}

const chromium = findChromium()
if (!chromium) {
  console.error(
    'No Chromium found for the browser tests: install one (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  )
  process.exit(1)
}

/** Production dependencies at high severity: failed on an advisory; reported as not checked when the service is unreachable. */
function audit() {
  console.log('\n══ dependency audit')
  const started = Date.now()
  const result = spawnSync(process.execPath, ['scripts/audit.mjs'], { stdio: 'inherit' })
  const seconds = Math.round((Date.now() - started) / 100) / 10
  if (result.status === 3) return record('dependency audit (advisory service unreachable: not checked)', 0, 0, 1, seconds)
  record('dependency audit', result.status === 0 ? 1 : 0, result.status === 0 ? 0 : 1, 0, seconds)
}

const testDatabaseUrl = process.env.TEST_DATABASE_URL
check('typecheck', bin('tsc'), ['--noEmit'])
audit()
check('lint', bin('eslint'), ['.', '--max-warnings=0'])
if (testDatabaseUrl) vitest('unit and integration on PostgreSQL', { TEST_DATABASE_URL: testDatabaseUrl })
vitest('unit and integration on PGlite', { TEST_DATABASE_URL: '' })
const built = check('production build', 'npm', ['run', '--silent', 'build'])
if (built) check('client bundle without drizzle', process.execPath, ['scripts/check-client-bundle.mjs'])
if (built) {
  const e2eEnv = { CHROMIUM_PATH: chromium }
  if (testDatabaseUrl) e2eEnv.E2E_DATABASE_URL = await freshE2eDatabase(testDatabaseUrl)
  playwright(`end-to-end journeys on ${testDatabaseUrl ? 'PostgreSQL' : 'PGlite'}`, e2eEnv)
} else {
  record('end-to-end journeys (not run: the build failed)', 0, 1, 0, 0)
}

/**
 * The fleet (scripts/cluster/test.ts): PostgreSQL, two app servers, a worker and Varnish. It needs
 * PostgreSQL (TEST_DATABASE_URL) and Varnish; CI has both (.ci/run installs Varnish), and there a
 * missing one is a failure. Elsewhere, without them, the suite is reported as not run.
 */
function cluster() {
  const name = 'cluster: two servers, a worker and Varnish on PostgreSQL'
  const varnish = ['/usr/sbin/varnishd', '/usr/local/sbin/varnishd', '/usr/bin/varnishd'].some((path) => existsSync(path))
  if (!testDatabaseUrl || !varnish) {
    const missing = [!testDatabaseUrl && 'PostgreSQL (TEST_DATABASE_URL)', !varnish && 'Varnish (apt-get install varnish varnish-modules)'].filter(Boolean).join(' and ')
    console.log(`\n══ ${name}: needs ${missing}`)
    return process.env.CI ? record(`${name} (missing ${missing})`, 0, 1, 0, 0) : record(`${name} (not run: needs ${missing})`, 0, 0, 1, 0)
  }
  console.log(`\n══ ${name}`)
  const output = join(work, 'cluster.json')
  const { ok, seconds } = run(bin('tsx'), ['scripts/cluster/test.ts'], { TEST_DATABASE_URL: testDatabaseUrl, CLUSTER_JSON: output })
  if (!existsSync(output)) return record(name, 0, 1, 0, seconds)
  const report = JSON.parse(readFileSync(output, 'utf8'))
  record(name, report.passed, report.failed + (ok || report.failed > 0 ? 0 : 1), 0, seconds)
}
if (built) cluster()
else record('cluster (not run: the build failed)', 0, 1, 0, 0)

rmSync(work, { recursive: true, force: true })
const total = results.reduce(
  (sum, r) => ({ passed: sum.passed + r.passed, failed: sum.failed + r.failed, skipped: sum.skipped + r.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
)
console.log('\nSummary')
for (const r of results) console.log(`  ${r.failed ? '✗' : '✓'} ${r.name}: ${r.passed} passed, ${r.failed} failed (${r.seconds}s)`)
console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`)
process.exit(total.failed > 0 ? 1 : 0)
