/**
 * `npm run bench:lighthouse`: Lighthouse (the npm package, mobile settings: emulated phone, slow 4G,
 * 4× CPU slowdown) on the home, project and donate pages of the seeded demo served by the production
 * build, driving Chromium (CHROME_PATH, default /usr/bin/chromium). Each page is audited
 * BENCH_RUNS times (default 3; simulated throttling scales this machine's own timings, so single
 * runs vary by several points) and the run with the median performance score is reported:
 * performance, accessibility and best-practices scores, LCP, TBT, CLS and the JavaScript
 * transferred (compressed). Ends with one JSON line.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'

const PORT = Number(process.env.BENCH_PORT ?? 4396)
const ORIGIN = `http://127.0.0.1:${PORT}`
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const BENCH_METRICS_TOKEN = 'lighthouse-bench-metrics-token'
const PAGES = { home: '/', project: '/projects/free-lunch-draw-to-life', donate: '/projects/free-lunch-draw-to-life/donate', watch: '/watch' }

if (!existsSync('build/index.js') || !existsSync('server-build/index.js')) throw new Error('build first: npm run build')
const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-lighthouse-'))
const server = spawn(process.execPath, ['server-build/index.js'], {
  env: { ...process.env, NODE_ENV: 'production', DEMO_MODE: '1', PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'error', DATABASE_URL: '', METRICS_TOKEN: BENCH_METRICS_TOKEN },
  stdio: ['ignore', 'ignore', 'inherit'],
})
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
const results: Record<string, { performance: number; accessibility: number; bestPractices: number; jsKb: number; lcpMs: number; tbtMs: number; cls: number }> = {}
try {
  for (let i = 0; i < 240 && (await fetch(`${ORIGIN}/healthz`).then((r) => r.ok, () => false)) === false; i++) await new Promise((r) => setTimeout(r, 250))
  // A fresh demo packages its videos as HLS in the background (ffmpeg, a few minutes on two cores):
  // measure the pages as a visitor meets them afterwards, not while the machine is transcoding.
  await new Promise((r) => setTimeout(r, 5_000))
  for (let i = 0; i < 600; i++) {
    const metrics = await fetch(`${ORIGIN}/metrics`, { headers: { Authorization: `Bearer ${BENCH_METRICS_TOKEN}` } }).then((r) => r.text())
    const busy = [...metrics.matchAll(/^sunlight_jobs_queued\{type="(media\.[^"]+|every\.media\.[^"]+)"\} (\d+)$/gm)].some((m) => Number(m[2]) > 0)
    if (!busy) break
    if (i % 20 === 0) console.log('waiting for the demo videos to be packaged as HLS …')
    await new Promise((r) => setTimeout(r, 1_000))
  }
  // BENCH_PAGES=watch,home audits only those (default: every page).
  const only = process.env.BENCH_PAGES?.split(',')
  for (const [name, path] of Object.entries(PAGES).filter(([name]) => !only || only.includes(name))) {
    // One warm-up audit (the server's first render of a page compiles and caches; its images' AVIF and
    // WebP variants are made on first request), then the measured runs.
    await lighthouse(`${ORIGIN}${path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] })
    const runs = []
    for (let i = 0; i < RUNS; i++) {
      const run = await lighthouse(`${ORIGIN}${path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] })
      runs.push(run!.lhr)
    }
    runs.sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0))
    const lhr = runs[Math.floor(runs.length / 2)]!
    console.log(`${name}: performance ${runs.map((r) => Math.round((r.categories.performance?.score ?? 0) * 100)).join(', ')}`)
    const scripts = (lhr.audits['resource-summary']?.details as { items?: { resourceType: string; transferSize: number }[] } | undefined)?.items?.find((item) => item.resourceType === 'script')
    results[name] = {
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
      bestPractices: Math.round((lhr.categories['best-practices']?.score ?? 0) * 100),
      jsKb: Math.round(((scripts?.transferSize ?? 0) / 1024) * 10) / 10,
      lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? 0),
      tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? 0),
      cls: Math.round((lhr.audits['cumulative-layout-shift']?.numericValue ?? 0) * 1000) / 1000,
    }
    const failing = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 0.9 && (a.scoreDisplayMode === 'binary' || a.scoreDisplayMode === 'numeric')).map((a) => a.id)
    console.log(`${name} ${path}: ${JSON.stringify(results[name])}${failing.length ? ` — below 0.9: ${failing.join(', ')}` : ''}`)
  }
} finally {
  await chrome.kill()
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
  rmSync(dataDir, { recursive: true, force: true })
}
console.log(JSON.stringify(results))
