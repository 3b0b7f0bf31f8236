import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'

test('/healthz reports the database', async ({ request }) => {
  const response = await request.get('/healthz')
  expect(response.status()).toBe(200)
  const body = await response.json()
  expect(body).toMatchObject({ status: 'ok', database: { ok: true } })
  expect(['postgres', 'pglite']).toContain(body.database.backend)
  expect(response.headers()['cache-control']).toBe('no-store')
})

test('/readyz says ready: the database answers, migrations ran, events are applied', async ({ request }) => {
  const response = await request.get('/readyz')
  expect(response.status()).toBe(200)
  expect(await response.json()).toEqual({ status: 'ready', reasons: [] })
})

test('pages carry security headers; a page nobody else may see gets a fresh nonce that matches its scripts', async ({ request }) => {
  const first = await request.get('/login')
  const headers = first.headers()
  expect(headers['cache-control']).toContain('no-store')
  const csp = headers['content-security-policy']!
  expect(csp).toContain("frame-ancestors 'none'")
  expect(csp).toContain("object-src 'none'")
  expect(csp).toMatch(/script-src 'strict-dynamic' 'nonce-[A-Za-z0-9+/=]{20,}'/)
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
  expect(headers['x-powered-by']).toBeUndefined()
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!
  const html = await first.text()
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !tag.includes('application/json'))
  expect(scripts.length).toBeGreaterThan(0)
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
  const second = await request.get('/login')
  expect(second.headers()['content-security-policy']).not.toContain(nonce)
})

test('a page a shared cache may keep names its inline scripts by hash: no nonce, the same header for every reader', async ({ request }) => {
  const first = await request.get('/')
  expect(first.headers()['cache-control']).toMatch(/public.*s-maxage=\d+/)
  const csp = first.headers()['content-security-policy']!
  expect(csp).not.toContain('nonce-')
  expect(csp).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]{44}')+;/)
  expect(first.headers()['xkey']).toBe('home campaigns') // the home page shows the running giving day
  const html = await first.text()
  expect(html).not.toMatch(/nonce="[^"]+"/)
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).filter(Boolean)
  expect(inline.length).toBeGreaterThan(0)
  for (const text of inline) expect(csp).toContain(`'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`)
  const second = await request.get('/')
  expect(second.headers()['content-security-policy']).toBe(csp)
})

test('hashed assets are cached forever and compressed', async ({ request }) => {
  const html = await (await request.get('/')).text()
  const asset = /href="(\/build\/[^"]+\.css)"/.exec(html)![1]!
  const response = await request.get(asset, { headers: { 'Accept-Encoding': 'gzip' } })
  expect(response.status()).toBe(200)
  expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable')
  expect(response.headers()['content-encoding']).toBe('gzip')
})

function runServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['server-build/index.js'], {
    // A production server without Stripe keys: the test-mode sandbox must be allowed explicitly.
    env: { PATH: process.env.PATH!, NODE_ENV: 'production', LOG_LEVEL: 'info', HOST: '127.0.0.1', PAYMENTS_SANDBOX: '1', PUBLIC_URL: 'http://127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited, output: () => ({ stdout, stderr }) }
}

test('a malformed DATABASE_URL stops the server with one line naming it', async () => {
  const server = runServer({ DATABASE_URL: 'localhost:5432/sunlight', PORT: '0', SESSION_SECRET: 'x'.repeat(32) })
  expect(await server.exited).toBe(1)
  const { stderr } = server.output()
  expect(stderr.trim()).toBe(
    'Sunlight cannot start: Invalid environment variable DATABASE_URL: must be a URL like postgres://user:password@host:5432/database',
  )
})

test('an unreachable database stops the server with one line, not a stack trace', async () => {
  const server = runServer({ DATABASE_URL: 'postgres://sunlight:secret@127.0.0.1:1/sunlight', PORT: '0', SESSION_SECRET: 'x'.repeat(32) })
  expect(await server.exited).toBe(1)
  const lines = server.output().stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^Sunlight cannot start: cannot reach PostgreSQL at postgres:\/\/sunlight:\*\*\*@127\.0\.0\.1:1\/sunlight/)
})

test('SIGTERM drains, closes the database and exits cleanly', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-sigterm-'))
  const port = String(20_000 + Math.floor(Math.random() * 20_000))
  const server = runServer({ DATA_DIR: dataDir, PORT: port, SESSION_SECRET: 'x'.repeat(32) })
  try {
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status, { timeout: 60_000 })
      .toBe(200)
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(true)
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    expect(server.output().stdout).toContain('"msg":"stopped"')
    // The embedded database was closed and its lock released.
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false)
  } finally {
    server.child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
})

test('production without Stripe keys refuses to start unless the sandbox is allowed', async () => {
  const server = runServer({ PAYMENTS_SANDBOX: '', PORT: '0', SESSION_SECRET: 'x'.repeat(32) })
  expect(await server.exited).toBe(1)
  expect(server.output().stderr.trim()).toBe(
    'Sunlight cannot start: Invalid environment variable STRIPE_SECRET_KEY: is required in production; the test-mode sandbox runs there only with DEMO_MODE=1 or PAYMENTS_SANDBOX=1',
  )
})

test('a cross-origin POST is refused; the same origin and the signed webhook are not', async ({ request, baseURL }) => {
  const evil = await request.post('/logout', { headers: { Origin: 'https://evil.example' }, form: {} })
  expect(evil.status()).toBe(403)
  const evilSignup = await request.post('/signup', { headers: { Origin: 'https://evil.example' }, form: { email: 'x@example.org' } })
  expect(evilSignup.status()).toBe(403)
  const opaque = await request.post('/language', { headers: { Origin: 'null' }, form: { language: 'en' } })
  expect(opaque.status()).toBe(403)
  const same = await request.post('/language', { headers: { Origin: baseURL! }, form: { language: 'en', redirectTo: '/' }, maxRedirects: 0 })
  expect(same.status()).toBe(302)
  // The webhook answers for itself (400: unsigned), whatever the Origin.
  const webhook = await request.post('/webhooks/stripe', { headers: { Origin: 'https://evil.example' }, data: '{}' })
  expect(webhook.status()).toBe(400)
})
