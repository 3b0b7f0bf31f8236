import { expect, expectAccessible, test } from './fixtures'

// The demo's giving day (seeds/demo-data.ts, demoGivingDay): running since the server started.
test.use({ locale: 'en' })

const CAMPAIGN = '/campaigns/99-giving-day'
const PROJECT = '/projects/blue-action-autism'
const SPONSOR = '腾讯公益慈善基金会'

test('the giving day page: countdown, sponsors and their rules, the leaderboard — and a guest’s matched gift shows on the thank-you page, the receipt and the open page without a reload', async ({ page, context }, testInfo) => {
  await page.goto('/')
  await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Giving day' }).click()
  await expect(page).toHaveURL(CAMPAIGN)
  await expect(page.getByRole('heading', { level: 1, name: /99 公益日/ })).toBeVisible()
  await expect(page.getByText('Ends in')).toBeVisible()
  const timer = page.getByRole('timer')
  const first = await timer.innerText()
  await expect.poll(() => timer.innerText(), { timeout: 5_000 }).not.toBe(first)
  await expect(page.getByRole('heading', { level: 3, name: SPONSOR })).toBeVisible()
  await expect(page.getByText('Matches 50% of each gift')).toBeVisible()
  await expect(page.getByText('At most ¥100 per gift')).toBeVisible()
  await expect(page.getByText('Only a donor’s first gift to each project')).toBeVisible()
  const board = page.getByRole('region', { name: /Projects, by what they raised/ })
  await expect(board.getByRole('listitem')).toHaveCount(5)
  await expectAccessible(page)
  const matched = page.locator('.campaign-totals div', { hasText: 'Matched by sponsors' }).locator('dd')
  const matchedBefore = await matched.innerText()

  // A participating project says it is matched, and leads to the giving day.
  const gift = await context.newPage()
  await gift.goto(PROJECT)
  await expect(gift.getByText('This project takes part in a giving day: sponsors match gifts to it.')).toBeVisible()
  await gift.getByRole('link', { name: 'Donate', exact: true }).first().click()
  await gift.getByLabel(/^Other amount/).fill('60')
  await gift.getByLabel('Email for your receipt', { exact: true }).fill(`guest-campaign-${testInfo.project.name}-${Date.now()}@example.org`)
  await gift.getByLabel('I am 18 or older').check()
  await gift.getByRole('button', { name: 'Continue to payment' }).click()
  await gift.getByRole('button', { name: /^Pay/ }).click()
  await expect(gift.getByRole('heading', { level: 1, name: 'Thank you!' })).toBeVisible()
  await expect(gift.getByText(`Your ¥60 was matched with ¥30 by ${SPONSOR}`)).toBeVisible({ timeout: 20_000 })
  await expectAccessible(gift)
  await gift.getByRole('link', { name: 'View your receipt' }).click()
  await expect(gift.getByRole('heading', { level: 1, name: 'Donation receipt' })).toBeVisible()
  await expect(gift.getByRole('heading', { level: 2, name: 'Sponsor matching' })).toBeVisible()
  await expect(gift.getByText(`Your ¥60 was matched with ¥30 by ${SPONSOR}`)).toBeVisible()
  await expectAccessible(gift)

  // The giving day's page, never reloaded, follows: the sponsors' total grows by the match.
  await expect.poll(() => matched.innerText(), { timeout: 25_000 }).not.toBe(matchedBefore)
  const yuan = (text: string) => Number(text.replace(/[^\d.]/g, ''))
  expect(yuan(await matched.innerText()) - yuan(matchedBefore)).toBeGreaterThanOrEqual(30)
})

test('without JavaScript the giving day is a whole page', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en' })
  const page = await context.newPage()
  await page.goto('/campaigns')
  await page.getByRole('link', { name: /99 公益日/ }).first().click()
  await expect(page.getByText('Ends in')).toBeVisible()
  await expect(page.getByRole('timer')).toHaveText(/\d+ d \d\d:\d\d:\d\d/)
  await expect(page.locator('.campaign-totals div', { hasText: 'Matched by sponsors' }).locator('dd')).toHaveText(/¥[\d,.]+/)
  await expect(page.getByRole('heading', { level: 3, name: '快手科技公益基金' })).toBeVisible()
  await context.close()
})
