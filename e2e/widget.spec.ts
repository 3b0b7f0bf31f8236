import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, expectAccessible, test } from './fixtures'
import { session } from './helpers'

/**
 * The embeddable donate widget (issue 23, ADR 0020): another site — a plain page served from another
 * local port — embeds it with the script tag; the frame shows the project's progress and sizes itself;
 * its donate button opens Sunlight's checkout in a new window, where a guest gives with the sandbox's
 * card; the organisation sees the gift counted for that site, another organisation does not, a guest
 * cannot look; and an ordinary page refuses to be framed.
 */
// The refused frame is reported by Chromium as a console error; the other organisation's 403 too.
test.use({ locale: 'en', expectedConsoleErrors: [/frame-ancestors|Refused to display|X-Frame-Options|status of 403/] })

// One Foundation's project outside the seeded giving day: no sponsor's match joins the gift.
const SLUG = 'warm-packs-disaster-relief'
const ORG = 'one-foundation'

let partner: Server
let partnerOrigin = ''

// eslint-disable-next-line no-empty-pattern -- Playwright passes testInfo second; no fixture is needed
test.beforeAll(async ({}, testInfo) => {
  const sunlight = String(testInfo.project.use.baseURL)
  partner = createServer((request, response) => {
    const pages: Record<string, string> = {
      '/': `<p>Our partner’s page, with Sunlight’s widget:</p><script async src="${sunlight}/embed.js" data-project="${SLUG}" data-lang="en" data-title="Donate on Sunlight"></script>`,
      '/framed': `<p>A page that tries to frame an ordinary Sunlight page:</p><iframe id="ordinary" title="Ordinary page" src="${sunlight}/projects/${SLUG}"></iframe>`,
    }
    const body = pages[request.url ?? '']
    response.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' })
    response.end(body ? `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>Partner site</title></head><body><main><h1>Partner site</h1>${body}</main></body></html>` : 'not found')
  })
  partner.listen(0, '127.0.0.1')
  await once(partner, 'listening')
  partnerOrigin = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`
})

test.afterAll(async () => {
  partner?.close()
})

test('the widget is a bare card: framed by anyone, cacheable, no cookie, no scripts bundle', async ({ page, request }) => {
  const response = await request.get(`/embed/projects/${SLUG}?lang=en`)
  expect(response.status()).toBe(200)
  const headers = response.headers()
  expect(headers['content-security-policy']).toContain('frame-ancestors *')
  expect(headers['x-frame-options']).toBeUndefined()
  expect(headers['set-cookie']).toBeUndefined()
  expect(headers['cache-control']).toMatch(/^public, .*s-maxage=\d+/)
  expect(headers['xkey']).toMatch(/^project-[0-9a-f-]+ org-[0-9a-f-]+$/)
  await page.goto(`/embed/projects/${SLUG}?lang=en`)
  await expect(page.getByRole('progressbar')).toBeVisible()
  expect(await page.locator('script[src], link[rel=modulepreload]').count()).toBe(0)
  expect(await page.context().cookies()).toEqual([])
  await expectAccessible(page)
})

test('a partner site embeds the widget; a guest gives through it and the gift is counted for that site', async ({ page, browser }) => {
  await page.goto(`${partnerOrigin}/`)
  const frameElement = page.locator('iframe[title="Donate on Sunlight"]')
  const frame = page.frameLocator('iframe[title="Donate on Sunlight"]')
  await expect(frame.getByRole('progressbar')).toBeVisible()
  await expect(frame.getByText(/raised of/)).toBeVisible()
  await expect(frame.getByText(/\d+ donations?/)).toBeVisible()
  await expect(frame.getByText('Verified')).toBeVisible()
  // The card told the partner page its height: the frame is as tall as the card, not the default 26rem.
  await expect.poll(async () => Math.round((await frameElement.boundingBox())?.height ?? 0)).not.toBe(416)
  const cardHeight = await frame.locator('#embed-card').evaluate((card) => Math.ceil(card.getBoundingClientRect().height))
  expect(Math.abs(((await frameElement.boundingBox())?.height ?? 0) - cardHeight)).toBeLessThanOrEqual(2)
  await expectAccessible(page)

  const site = new URL(partnerOrigin).host
  const [checkout] = await Promise.all([page.context().waitForEvent('page'), frame.getByRole('link', { name: /^Donate/ }).click()])
  await checkout.waitForLoadState()
  expect(new URL(checkout.url()).pathname).toBe(`/projects/${SLUG}/donate`)
  await expect(checkout.getByText(`You came here from the donate widget on ${site}.`)).toBeVisible()
  await checkout.getByLabel(/^Other amount/).fill('23')
  await checkout.getByLabel('Email for your receipt', { exact: true }).fill('widget-guest@example.org')
  await checkout.getByLabel('I am 18 or older').check()
  await checkout.getByRole('button', { name: 'Continue to payment' }).click()
  await expect(checkout.getByText('TEST MODE — this is not a real payment page')).toBeVisible()
  await checkout.getByRole('button', { name: /^Pay/ }).click()
  await expect(checkout.getByRole('heading', { level: 1, name: 'Thank you!' })).toBeVisible()
  await expect(checkout.getByText(/Your gift of ¥23(\.00)? to/)).toBeVisible({ timeout: 20_000 })

  // The organisation sees the site and the gift counted; no donor's address or name.
  const owner = await session(browser, 'owner@onefoundation.demo')
  await owner.page.goto(`/organizations/${ORG}/console`)
  await owner.page.getByRole('link', { name: 'Donate widget' }).click()
  await expect(owner.page.getByRole('heading', { level: 1, name: /^Donate widget/ })).toBeVisible()
  const row = owner.page.getByRole('row').filter({ hasText: site })
  await expect(row).toHaveCount(1)
  await expect(row.getByRole('cell').nth(2)).toHaveText(/^[1-9]\d*$/)
  await expect(owner.page.getByText('widget-guest@example.org')).toHaveCount(0)
  await expect(owner.page.getByRole('textbox', { name: /Script tag/ })).toHaveValue(new RegExp(`/embed\\.js" data-project="${SLUG}"`))
  await expectAccessible(owner.page)
  await owner.close()

  // Another organisation sees nothing of it, nor can it open One Foundation's widget page.
  const other = await session(browser, 'owner@amity.demo')
  await other.page.goto('/organizations/amity-foundation/widget')
  await expect(other.page.getByRole('heading', { level: 1, name: /^Donate widget/ })).toBeVisible()
  await expect(other.page.getByText(site)).toHaveCount(0)
  const refused = await other.page.goto(`/organizations/${ORG}/widget`)
  expect(refused?.status()).toBe(403)
  await expect(other.page.getByText(site)).toHaveCount(0)
  await other.close()

  // A guest is asked to sign in.
  await page.goto(`/organizations/${ORG}/widget`)
  expect(new URL(page.url()).pathname).toBe('/login')
})

test('no other page can be framed', async ({ page, request }) => {
  for (const path of [`/projects/${SLUG}`, '/', `/projects/${SLUG}/donate`, '/login']) {
    const headers = (await request.get(path)).headers()
    expect(headers['x-frame-options'], path).toBe('DENY')
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'")
  }
  const refusal = page.waitForEvent('console', (message) => /frame-ancestors|Refused to display/.test(message.text()))
  await page.goto(`${partnerOrigin}/framed`)
  await refusal
  await expect(page.frameLocator('#ordinary').getByRole('heading', { level: 1 })).toHaveCount(0)
})
