import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { DEMO_PASSWORD, logIn } from './helpers'

test.use({ locale: 'en' })

const PROJECT = '/projects/free-lunch-draw-to-life'
/** Each test throttles its own (made-up) client address: the server trusts X-Forwarded-For from loopback only. */
const address = () => `10.${Math.floor(Math.random() * 200) + 20}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`

test.describe('the content security policy', () => {
  // The violations themselves, the injected image's 404, and React's complaint that the page it
  // hydrates holds nodes it did not render (the injection). One pattern: Playwright reads a
  // two-element array option as [value, options].
  test.use({ expectedConsoleErrors: [/Content Security Policy|Refused to execute|status of 404|Minified React error #(418|423)/i] })

  test('is effective: a script injected into the page does not run, the page’s own scripts do', async ({ page }) => {
    // Simulates stored XSS that got past the Markdown sanitiser: the server's CSP header stays.
    await page.route(PROJECT, async (route) => {
      const response = await route.fetch()
      const html = (await response.text()).replace('</main>', '<script>window.__injected = true</script><img src=x onerror="window.__injected = true"></main>')
      await route.fulfill({ response, body: html })
    })
    await page.goto(PROJECT)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    // The app hydrated (its own scripts, named in the CSP by hash, ran) …
    await expect.poll(() => page.evaluate(() => Boolean((window as { __remixContext?: unknown }).__remixContext))).toBe(true)
    // … the injected ones did not.
    expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined()
  })
})

test('the session cookie is HttpOnly and SameSite; no session id ever appears in a URL', async ({ page, context }) => {
  const urls: string[] = []
  page.on('request', (request) => urls.push(request.url()))
  await logIn(page, 'donor@sunlight.demo')
  const cookies = await context.cookies()
  const session = cookies.find((c) => /session/i.test(c.name))
  expect(session, cookies.map((c) => c.name).join(',')).toBeDefined()
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
  expect(await page.evaluate(() => document.cookie)).not.toContain(session!.value)
  await page.goto('/feed')
  await page.goto(PROJECT)
  for (const url of urls) expect(url).not.toContain(session!.value)
  expect(urls.join(' ')).not.toMatch(/[?&](session|sid|token)=/i)
})

/** The URL of every route module that has an action, from its file name (params filled with real or made-up values). */
function actionUrls() {
  const dir = join(process.cwd(), 'app/routes')
  const values: Record<string, string> = { slug: 'free-lunch-draw-to-life', id: '00000000-0000-0000-0000-000000000000' }
  return readdirSync(dir)
    .filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.') && /export (async function|const|function) action\b/.test(readFileSync(join(dir, f), 'utf8')))
    .map((f) => {
      // `[.]` is a literal dot inside a segment (ledger[.]csv): kept aside while splitting on the dots.
      const segments = f.replace(/\.tsx?$/, '').replaceAll('[.]', '~dot~').split('.')
      const path = segments
        .map((segment) => segment.replaceAll('~dot~', '.').replace(/_$/, ''))
        .filter((segment) => segment !== '_index')
        .map((segment) => (segment === '$' ? 'anything' : segment.startsWith('$') ? (values[segment.slice(1)] ?? 'x') : segment))
        .join('/')
      // Organisation routes take an organisation's slug.
      return { file: f, url: `/${path}`.replace(/^\/organizations\/free-lunch-draw-to-life/, '/organizations/free-lunch') }
    })
}

test('a cross-origin POST is refused on every route that has an action', async ({ request }) => {
  const actions = actionUrls()
  expect(actions.length).toBeGreaterThan(30)
  for (const { file, url } of actions) {
    // Exempt by design: Stripe's webhook and one-click unsubscribe (each authenticated by its own signature).
    if (file.startsWith('webhooks.stripe') || file.startsWith('unsubscribe')) continue
    const response = await request.post(url, { headers: { Origin: 'https://evil.example' }, form: { intent: 'follow' }, maxRedirects: 0 })
    expect(response.status(), `${file} → ${url}`).toBe(403)
  }
  // One-click unsubscribe is exempt (RFC 8058: mail providers POST it; the signed link is the credential):
  // a foreign origin with a bad link gets the page's own refusal, not a 403 and never a 500.
  const unsubscribe = await request.post('/unsubscribe?u=x&t=y', { headers: { Origin: 'https://mail.example' }, form: { 'List-Unsubscribe': 'One-Click' }, maxRedirects: 0 })
  expect(unsubscribe.status()).toBe(400)
})

test('open redirects are refused after logging in and switching language', async ({ page, request, baseURL }) => {
  for (const target of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
    const response = await request.post('/language', { headers: { Origin: baseURL! }, form: { language: 'en', redirectTo: target }, maxRedirects: 0 })
    expect(response.headers().location, target).toBe('/')
  }
  await page.goto(`/login?redirectTo=${encodeURIComponent('//evil.example/steal')}`)
  await page.getByLabel('Email', { exact: true }).fill('donor@sunlight.demo')
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible()
  expect(new URL(page.url()).host).toBe(new URL(baseURL!).host)
})

test.describe('rate limits hold', () => {
  test('login: 30 failures from one address, then 429 — even for the right password', async ({ request, baseURL }) => {
    const ip = address()
    // A different account each time, so only the per-address limit is in play (each account and address pair has its own).
    const attempt = (n: number) => request.post('/login', { headers: { Origin: baseURL!, 'X-Forwarded-For': ip }, form: { email: `nobody-${n}-${ip}@example.org`, password: 'wrong password' }, maxRedirects: 0 })
    for (let i = 0; i < 30; i++) expect((await attempt(i)).status()).toBe(400)
    expect((await attempt(30)).status()).toBe(429)
    const blocked = await request.post('/login', { headers: { Origin: baseURL!, 'X-Forwarded-For': ip }, form: { email: 'donor@sunlight.demo', password: DEMO_PASSWORD }, maxRedirects: 0 })
    expect(blocked.status()).toBe(429)
  })

  test('signup: 10 an hour from one address', async ({ request, baseURL }) => {
    const ip = address()
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      const response = await request.post('/signup', { headers: { Origin: baseURL!, 'X-Forwarded-For': ip }, form: { email: `limit-${ip}-${i}@example.org`, displayName: 'L', password: 'x', birthDate: '1990-05-01', acceptPrivacy: 'on' }, maxRedirects: 0 })
      statuses.push(response.status())
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true)
    expect(statuses[10]).toBe(429)
  })

  test('report: 10 an hour from one signed-out address', async ({ request, baseURL }) => {
    const ip = address()
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      const response = await request.post('/report', { headers: { Origin: baseURL!, 'X-Forwarded-For': ip }, form: { type: 'organization', id: '00000000-0000-0000-0000-000000000000', reason: 'spam' }, maxRedirects: 0 })
      statuses.push(response.status())
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404))
    expect(statuses[10]).toBe(429)
  })

  test('donate: 60 attempts an hour from one address', async ({ request, baseURL }) => {
    const ip = address()
    const statuses: number[] = []
    for (let i = 0; i < 61; i++) {
      const response = await request.post(`${PROJECT}/donate`, { headers: { Origin: baseURL!, 'X-Forwarded-For': ip }, form: { frequency: 'one_time', otherAmount: '0' }, maxRedirects: 0 })
      statuses.push(response.status())
    }
    expect(statuses.slice(0, 60).every((s) => s === 400)).toBe(true)
    expect(statuses[60]).toBe(429)
  })
})

