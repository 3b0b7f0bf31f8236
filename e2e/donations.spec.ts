import type { Page } from '@playwright/test'
import { expect, expectAccessible, test } from './fixtures'
import { logIn } from './helpers'

// Refused forms answer 4xx, which Chromium logs as failed resources (one pattern: see projects.spec).
test.use({ locale: 'en', expectedConsoleErrors: [/status of (400|402|409)/] })

// Not in the seeded giving day: its total rises by the gift alone, no sponsor's match.
const PROJECT = '/projects/mawei-childrens-art-troupe'

async function figures(page: Page) {
  await page.goto(PROJECT)
  const raised = (await page.locator('.side-card .raised strong').innerText()).replace(/[^\d.]/g, '')
  const donors = Number((await page.locator('.donor-count').innerText()).replace(/[^\d]/g, ''))
  return { raised: Number(raised), donors }
}

async function startGift(page: Page, amount: string, extra?: (page: Page) => Promise<void>) {
  await page.goto(PROJECT)
  await page.getByRole('link', { name: 'Donate', exact: true }).first().click()
  await expect(page.getByText('Test mode: no real money moves')).toBeVisible()
  await page.getByLabel(/^Other amount/).fill(amount)
  await extra?.(page)
  // A guest confirms being 18 or older (an account's date of birth answers for it).
  const adult = page.getByLabel('I am 18 or older')
  if (await adult.count()) await adult.check()
  await page.getByRole('button', { name: 'Continue to payment' }).click()
  await expect(page.getByText('TEST MODE — this is not a real payment page')).toBeVisible()
}

/** A value from the metrics a scraper reads (METRICS_TOKEN is set for the journeys' server). */
async function metric(page: Page, pattern: RegExp) {
  const response = await page.request.get('/metrics', { headers: { Authorization: 'Bearer e2e-metrics-token-0123456789' } })
  expect(response.status()).toBe(200)
  return Number(pattern.exec(await response.text())?.[1] ?? 0)
}
const METRICS = {
  donatePosts: /^sunlight_http_requests_total\{method="POST",route="\/projects\/:id\/donate",code="\d+"\} (\d+)$/m,
  stored: /^sunlight_webhook_events_stored (\d+)$/m,
  applied: /^sunlight_webhook_events_applied (\d+)$/m,
  entries: /^sunlight_ledger_entries (\d+)$/m,
}

test('metrics need the scraper\'s token', async ({ request }) => {
  expect((await request.get('/metrics')).status()).toBe(404)
  expect((await request.get('/metrics', { headers: { Authorization: 'Bearer not-the-token-at-all-xx' } })).status()).toBe(404)
})

test('a guest gives ¥50 with the success card: thank-you, receipt, and the total rises exactly once', async ({ page }) => {
  const before = await figures(page)
  const metricsBefore = Object.fromEntries(await Promise.all(Object.entries(METRICS).map(async ([k, re]) => [k, await metric(page, re)] as const)))
  await page.goto(PROJECT)
  await page.getByRole('link', { name: 'Donate', exact: true }).first().click()
  await expectAccessible(page)
  // Bad input first: nothing is created.
  await page.getByLabel(/^Other amount/).fill('0.5')
  await page.getByRole('button', { name: 'Continue to payment' }).click()
  await expect(page.getByText('Enter an amount between ¥1 and ¥50,000.')).toBeVisible()
  await expect(page.getByText('Enter an email address for your receipt')).toBeVisible()
  await expect(page.getByText('Only people 18 or older can give')).toBeVisible()
  // The first field with an error has the focus, so a phone scrolls to it.
  await expect(page.getByLabel(/^Other amount/)).toBeFocused()
  // "100,00" is refused, never read as ¥10,000.
  await page.getByLabel(/^Other amount/).fill('100,00')
  await page.getByRole('button', { name: 'Continue to payment' }).click()
  await expect(page.getByText('“100,00” could mean 100 or 10,000')).toBeVisible()

  await startGift(page, '50', async (p) => {
    await p.getByLabel('Email for your receipt', { exact: true }).fill('guest-e2e@example.org')
    await p.getByLabel(/^Name shown/).fill('E2E guest')
    await p.getByLabel(/^Message to the organisation/).fill('Keep going!')
  })
  await expectAccessible(page)
  await page.getByRole('button', { name: /^Pay/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Thank you!' })).toBeVisible()
  await expect(page.getByText(/Your gift of ¥50(\.00)? to/)).toBeVisible({ timeout: 20_000 })
  await page.getByRole('link', { name: 'View your receipt' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Donation receipt' })).toBeVisible()
  await expect(page.getByText(/^SL-\d{4}-\d{8}$/)).toBeVisible()
  // Sealed into the public hash chains by the background job within two minutes; the receipt says so until then.
  await expect(page.getByText(/not sealed yet/)).toBeVisible()
  await expectAccessible(page)

  // The success page was seen and reloaded; redeliveries happen in the background: still exactly once.
  await page.waitForTimeout(2_000)
  const after = await figures(page)
  expect(after.donors).toBe(before.donors + 1)
  expect(after.raised).toBe(before.raised + 50)
  await expect(page.getByText('E2E guest').first()).toBeVisible()
  await expect(page.getByText('Keep going!').first()).toBeVisible()
  // What a scraper sees: the donate request by its route pattern, the gift's event stored and
  // applied, and its ledger entry.
  expect(await metric(page, METRICS.donatePosts)).toBeGreaterThan(metricsBefore.donatePosts!)
  expect(await metric(page, METRICS.stored)).toBeGreaterThan(metricsBefore.stored!)
  expect(await metric(page, METRICS.applied)).toBeGreaterThan(metricsBefore.applied!)
  expect(await metric(page, METRICS.entries)).toBe(metricsBefore.entries! + 1)
})

test('the declined card changes nothing', async ({ page }) => {
  const before = await figures(page)
  await startGift(page, '20', (p) => p.getByLabel('Email for your receipt', { exact: true }).fill('declined@example.org'))
  await page.getByLabel('Card number', { exact: true }).fill('4000 0000 0000 0002')
  await page.getByRole('button', { name: /^Pay/ }).click()
  await expect(page.getByText('Your card was declined.')).toBeVisible()
  await page.waitForTimeout(2_000)
  expect(await figures(page)).toEqual(before)
})

test('a monthly gift renewed with the test-mode control creates a second donation', async ({ page }) => {
  await logIn(page, 'donor@sunlight.demo')
  const before = await figures(page)
  const confirmedRows = () => page.getByRole('row').filter({ hasText: /马尾儿童艺术团|Mawei Children's Art Troupe/ }).filter({ hasText: /¥30(\.00)?(?!\d)/ }).filter({ hasText: 'Confirmed' })
  await page.goto('/account/donations')
  const rowsBefore = await confirmedRows().count()

  await startGift(page, '30', (p) => p.getByRole('radio', { name: /Every month/ }).check())
  await expect(page.getByText('Monthly gift: charged today')).toBeVisible()
  await page.getByRole('button', { name: /^Pay/ }).click()
  await expect(page.getByText(/Your gift of ¥30(\.00)? to/)).toBeVisible({ timeout: 20_000 })

  await page.goto('/account/donations')
  const plan = page.getByRole('listitem').filter({ hasText: 'Active' }).filter({ hasText: /¥30(\.00)? \// }).first()
  await expect(plan).toBeVisible({ timeout: 10_000 })
  await plan.getByRole('button', { name: 'Renew now (test mode)' }).click()
  await expect(page.getByRole('status')).toContainText('A renewal was requested')
  await expect(async () => {
    await page.reload()
    await expect(confirmedRows()).toHaveCount(rowsBefore + 2)
  }).toPass({ timeout: 15_000 })
  await expectAccessible(page)

  const after = await figures(page)
  expect(after.donors).toBe(before.donors + 2)
  expect(after.raised).toBe(before.raised + 60)
})
