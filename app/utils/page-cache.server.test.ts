import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeEach, expect, test } from 'vitest'
import { PageCache } from './page-cache.server'

let clock = 1_000_000
const cache = new PageCache({ now: () => clock, followerWaitMs: 300 })
let renders = 0
let gate: Promise<void> | null = null
let stuck: Promise<void> | null = null

const app = express()
app.use((_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString('base64')
  next()
})
app.use(cache.middleware((res) => (res as express.Response).locals.cspNonce as string))
app.all('*', async (req, res) => {
  renders++
  if (stuck && req.path === '/stuck' && renders === 1) await stuck
  if (gate) await gate
  const nonce = res.locals.cspNonce as string
  const page = (cacheControl: string) => {
    res.setHeader('Cache-Control', cacheControl)
    res.type('html')
    // Written in two chunks, like a streamed render.
    res.write(`<!doctype html><script nonce="${nonce}">1</script><p>${req.headers['accept-language'] ?? '-'} ${req.url} render ${renders}</p>`)
    res.end(`<script nonce="${nonce}">2</script>`)
  }
  if (req.method === 'POST') return res.status(303).set('Location', '/').end()
  if (req.path === '/public' || req.path === '/stuck') return page('public, max-age=0, s-maxage=30')
  if (req.path === '/private') return page('private, no-store')
  if (req.path === '/cookie') {
    res.setHeader('Set-Cookie', 'toast=1')
    return page('public, s-maxage=30')
  }
  if (req.path === '/missing') return res.status(404).set('Cache-Control', 'public, s-maxage=30').type('html').end('gone')
  if (req.path === '/text') return res.set('Cache-Control', 'public, s-maxage=30').type('text').end('plain')
  res.status(500).end()
})
const server = app.listen(0, '127.0.0.1')
await new Promise((resolve) => server.once('listening', resolve))
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
afterAll(() => new Promise((resolve) => server.close(resolve)))

beforeEach(() => {
  cache.clear()
  renders = 0
  gate = null
})

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(origin + path, { headers })
  return { status: response.status, cache: response.headers.get('x-cache'), body: await response.text(), age: response.headers.get('age') }
}
const nonces = (body: string) => [...body.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1])

test('an anonymous public page is rendered once and then answered from memory, each answer with its own nonce', async () => {
  const first = await get('/public')
  const second = await get('/public')
  expect([first.cache, second.cache]).toEqual(['miss', 'hit'])
  expect(renders).toBe(1)
  expect(second.body.replace(/nonce="[^"]+"/g, '')).toBe(first.body.replace(/nonce="[^"]+"/g, ''))
  const [a, b] = [nonces(first.body), nonces(second.body)]
  expect(new Set(a).size).toBe(1)
  expect(new Set(b).size).toBe(1)
  expect(b[0]).not.toBe(a[0])
  expect(b).toHaveLength(2)
})

test('it varies on language and URL, and expires after s-maxage', async () => {
  await get('/public', { 'Accept-Language': 'en' })
  await get('/public', { 'Accept-Language': 'zh-CN' })
  await get('/public?page=2', { 'Accept-Language': 'en' })
  expect(renders).toBe(3)
  expect((await get('/public', { 'Accept-Language': 'en' })).body).toContain('en /public render 1')
  clock += 29_000
  expect((await get('/public', { 'Accept-Language': 'en' })).age).toBe('29')
  clock += 1_000
  expect((await get('/public', { 'Accept-Language': 'en' })).cache).toBe('miss')
  expect(renders).toBe(4)
})

test('signed-in readers, personal pages, cookies being set, errors and non-HTML are never kept', async () => {
  for (const [path, headers] of [
    ['/public', { Cookie: 'session=abc' }],
    ['/public', { Authorization: 'Bearer x' }],
    ['/private', {}],
    ['/cookie', {}],
    ['/missing', {}],
    ['/text', {}],
  ] as const) {
    await get(path, headers)
    const again = await get(path, headers)
    expect(again.cache === 'hit', `${path} ${JSON.stringify(headers)}`).toBe(false)
  }
  expect(renders).toBe(12)
})

test('any write clears it, and a render that started before the write is not kept', async () => {
  await get('/public')
  await fetch(origin + '/anything', { method: 'POST', redirect: 'manual' })
  expect((await get('/public')).cache).toBe('miss')
  // A slow render overtaken by a write (an event applied meanwhile) must not be stored.
  let release!: () => void
  gate = new Promise((resolve) => (release = resolve))
  cache.clear()
  const slow = get('/public')
  await new Promise((resolve) => setTimeout(resolve, 50))
  cache.clear()
  release()
  gate = null
  expect((await slow).cache).toBe('miss')
  expect((await get('/public')).cache).toBe('miss')
  expect((await get('/public')).cache).toBe('hit')
})

test('fifty readers arriving together cause one render', async () => {
  let release!: () => void
  gate = new Promise((resolve) => (release = resolve))
  const readers = Array.from({ length: 50 }, () => get('/public'))
  await new Promise((resolve) => setTimeout(resolve, 100))
  release()
  const answers = await Promise.all(readers)
  expect(renders).toBe(1)
  expect(answers.filter((a) => a.cache === 'hit')).toHaveLength(49)
  expect(new Set(answers.map((a) => nonces(a.body)[0])).size).toBe(50)
})

test('a reader who leaves mid-render, or a render that never ends, does not hold up the next readers', async () => {
  let release!: () => void
  stuck = new Promise((resolve) => (release = resolve))
  const leaving = new AbortController()
  const first = fetch(origin + '/stuck', { signal: leaving.signal }).catch(() => 'aborted')
  await new Promise((resolve) => setTimeout(resolve, 50))
  // Another reader arrives while the first render hangs: it waits a moment, then renders itself.
  const second = await get('/stuck')
  expect(second.status).toBe(200)
  leaving.abort()
  expect(await first).toBe('aborted')
  await new Promise((resolve) => setTimeout(resolve, 50))
  // Once the first reader has left, nobody waits for its render any more (a miss renders at once).
  cache.clear()
  const started = Date.now()
  const third = await get('/stuck')
  expect([third.status, third.cache]).toEqual([200, 'miss'])
  expect(Date.now() - started).toBeLessThan(250)
  release()
  stuck = null
})

test('a render that never finishes and never closes is forgotten after the wait, not waited on by every later reader', async () => {
  let release!: () => void
  stuck = new Promise((resolve) => (release = resolve))
  renders = 0
  // The first reader's render hangs and its connection stays open.
  const first = fetch(origin + '/stuck')
  await new Promise((resolve) => setTimeout(resolve, 50))
  const second = await get('/stuck') // waits once, then renders itself
  expect(second.status).toBe(200)
  await new Promise((resolve) => setTimeout(resolve, 300))
  cache.clear()
  const started = Date.now()
  expect((await get('/stuck')).status).toBe(200)
  expect(Date.now() - started).toBeLessThan(250)
  release()
  stuck = null
  expect((await first).status).toBe(200)
})

test('readers of a page that cannot be kept are not queued behind each other', async () => {
  await get('/private')
  let release!: () => void
  gate = new Promise((resolve) => (release = resolve))
  renders = 0
  const readers = Array.from({ length: 10 }, () => get('/private'))
  await new Promise((resolve) => setTimeout(resolve, 100))
  // All ten are rendering at once: none waits for another's render it could never reuse.
  expect(renders).toBe(10)
  release()
  gate = null
  expect((await Promise.all(readers)).every((r) => r.status === 200)).toBe(true)
})
