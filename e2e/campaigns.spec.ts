import { expect, expectAccessible, test } from './fixtures'
import { session } from './helpers'

// The demo's giving day (seeds/demo-data.ts, demoGivingDay): running since the server started.
// Refused forms answer 4xx, which Chromium logs as failed resources.
test.use({ locale: 'en', expectedConsoleErrors: [/status of (400|409)/] })

const CAMPAIGN = '/campaigns/99-giving-day'
const PROJECT = '/projects/blue-action-autism'
const SPONSOR = 'Tencent Charity Foundation'

test('the giving day page: countdown, sponsors and their rules, the leaderboard — and a guest’s matched gift shows on the thank-you page, the receipt and the open page without a reload', async ({ page, context }, testInfo) => {
  await page.goto('/')
  await page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Giving day' }).click()
  await expect(page).toHaveURL(CAMPAIGN)
  await expect(page.getByRole('heading', { level: 1, name: /99 Giving Day/ })).toBeVisible()
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
  // A card of its own: every sandbox card has a fingerprint, and the default card, used by many
  // journeys, passes the pool's per-card daily limit, which holds a match for review instead.
  await gift.locator('input[name="card"]').fill(testInfo.project.name === 'phone' ? '5555 5555 5555 4444' : '4000 0566 5566 5556')
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
  await page.getByRole('link', { name: /99 Giving Day/ }).first().click()
  await expect(page.getByText('Ends in')).toBeVisible()
  await expect(page.getByRole('timer')).toHaveText(/\d+ d \d\d:\d\d:\d\d/)
  await expect(page.locator('.campaign-totals div', { hasText: 'Matched by sponsors' }).locator('dd')).toHaveText(/¥[\d,.]+/)
  await expect(page.getByRole('heading', { level: 3, name: 'Kuaishou Technology Charity Fund' })).toBeVisible()
  await context.close()
})

/** An instant as a `datetime-local` field takes it, in China time. */
const chinaLocal = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16)

test('an admin creates a giving day with a sponsor’s pool and publishes it; an organisation applies; the admin approves and pays a held match', async ({ browser }, testInfo) => {
  test.setTimeout(150_000)
  const run = `${testInfo.project.name}-${Date.now().toString(36)}`
  const sponsor = `E2E 基金会 ${run}`
  const admin = await session(browser, 'admin@sunlight.demo')
  const owner = await session(browser, 'owner@amity.demo')
  try {
    const a = admin.page
    await a.goto('/admin/campaigns')
    await a.getByRole('button', { name: 'Create the giving day' }).click()
    await expect(a.getByText('This field is required.').first()).toBeVisible()
    await a.getByLabel('Title', { exact: true }).fill(`E2E giving day ${run}`)
    await a.getByLabel(/^Web address/).fill(`e2e-day-${run}`)
    await a.getByLabel('Starts (China time)').fill(chinaLocal(Date.now() - 3_600_000))
    await a.getByLabel('Ends (China time)').fill(chinaLocal(Date.now() + 2 * 86_400_000))
    await a.getByRole('button', { name: 'Create the giving day' }).click()
    await expect(a.getByText('The giving day is created as a draft.')).toBeVisible()
    await expectAccessible(a)

    // A pool: bad input first (a message by the field, nothing added), then its rules.
    // (The page has a second form for participation pools, with its own "Sponsor".)
    const pool = a.getByRole('form', { name: 'Add the pool' })
    await pool.getByLabel('Sponsor', { exact: true }).fill(sponsor)
    await pool.getByLabel('Pool amount').fill('1000')
    await pool.getByLabel(/^Match ratio/).fill('5000')
    await pool.getByRole('button', { name: 'Add the pool' }).click()
    await expect(a.getByText('Enter a whole number from 1 to 1000.')).toBeVisible()
    await pool.getByLabel(/^Match ratio/).fill('100')
    await pool.getByLabel(/^Cap per gift/).fill('10')
    await pool.getByRole('button', { name: 'Add the pool' }).click()
    await expect(a.getByText('The pool is added.')).toBeVisible()
    await expect(a.getByRole('heading', { level: 3, name: sponsor })).toBeVisible()
    await a.getByRole('button', { name: 'Publish the giving day' }).click()
    await expect(a.getByText('The giving day is published.')).toBeVisible()

    // The organisation applies its project from its console.
    const o = owner.page
    await o.goto('/organizations/amity-foundation/campaigns')
    const mine = o.getByRole('region', { name: `E2E giving day ${run}` })
    await mine.getByRole('button', { name: /^Apply: 流浪动物救助/ }).click()
    await expect(o.getByText('Applied: an admin will decide.')).toBeVisible()
    await expectAccessible(o)

    await a.reload()
    await a.getByRole('button', { name: 'Approve' }).click()
    await expect(a.getByText('Decision recorded.')).toBeVisible()
    await a.goto(`/campaigns/e2e-day-${run}`)
    await expect(a.getByRole('link', { name: /^(流浪动物救助：给它们一个家|Stray Animal Rescue: a home for every stray)$/ }).first()).toBeVisible()

    // The organisation's own owner gives to its project: the match is held, and an admin pays it.
    await o.goto('/projects/stray-animal-rescue')
    await o.getByRole('link', { name: 'Donate', exact: true }).first().click()
    await o.getByLabel(/^Other amount/).fill('20')
    await o.getByRole('button', { name: 'Continue to payment' }).click()
    await o.getByRole('button', { name: /^Pay/ }).click()
    await expect(o.getByText(`A match of ¥10 by ${sponsor} is held for review`)).toBeVisible({ timeout: 20_000 })
    await a.goto('/admin/matches')
    const held = a.getByRole('listitem').filter({ hasText: sponsor })
    await expect(held.getByText('The donor belongs to the project’s organisation')).toBeVisible()
    await expectAccessible(a)
    await held.getByRole('button', { name: 'Pay the match' }).click()
    await expect(a.getByText('The match is paid.')).toBeVisible()
    await expect(a.getByRole('listitem').filter({ hasText: sponsor })).toHaveCount(0)
  } finally {
    await admin.close()
    await owner.close()
  }
})
