import { expect, expectAccessible, test } from './fixtures'
import { logIn, PNG, session } from './helpers'

test.use({ locale: 'en', expectedConsoleErrors: [/status of (400|409)/] })

const PROJECT = '/projects/erlangmiao-village-school'

test('an NGO records an expense with an invoice; the donor’s earlier receipt shows what the gift paid for; the public tab shows chart and evidence', async ({ page, browser }) => {
  // A donor gives ¥20 and keeps the receipt.
  await logIn(page, 'donor@sunlight.demo')
  await page.goto(`${PROJECT}/donate`)
  await page.getByLabel(/^Other amount/).fill('20')
  await page.getByRole('button', { name: 'Continue to payment' }).click()
  await page.getByRole('button', { name: /^Pay/ }).click()
  await expect(page.getByText(/Your gift of ¥20(\.00)? to/)).toBeVisible({ timeout: 20_000 })
  await page.getByRole('link', { name: 'View your receipt' }).click()
  await expect(page.getByText(/¥20(\.00)? is not spent yet/)).toBeVisible()
  const receiptUrl = page.url()

  // The NGO editor spends everything the project holds on lunches, with an invoice photo.
  const ngo = await session(browser, 'editor@freelunch.demo')
  await ngo.page.goto(`${PROJECT}/transparency`)
  await ngo.page.getByRole('link', { name: 'Record an expense' }).click()
  await expectAccessible(ngo.page)
  const unspent = (await ngo.page.getByText(/^Not yet spent: /).innerText()).replace(/[^\d.]/g, '')
  // Too much first: refused with the balance, nothing recorded.
  await ngo.page.getByLabel('Budget line', { exact: true }).selectOption({ label: '营养午餐（一年）' })
  await ngo.page.getByLabel('Amount (yuan)', { exact: true }).fill(String(Number(unspent) + 1))
  await ngo.page.getByLabel('Paid to', { exact: true }).fill('太康县粮油店')
  await ngo.page.getByLabel('What it paid for', { exact: true }).fill('Rice, oil and vegetables for the winter term')
  await ngo.page.getByLabel(/^Evidence 1/).setInputFiles({ name: 'invoice.png', mimeType: 'image/png', buffer: PNG })
  await ngo.page.getByRole('button', { name: 'Publish the expense' }).click()
  await expect(ngo.page.getByText('This is more than the project holds unspent')).toBeVisible()
  await ngo.page.getByLabel('Amount (yuan)', { exact: true }).fill(unspent)
  await ngo.page.getByLabel(/^Evidence 1/).setInputFiles({ name: 'invoice.png', mimeType: 'image/png', buffer: PNG })
  await ngo.page.getByRole('button', { name: 'Publish the expense' }).click()
  await expect(ngo.page.getByRole('status')).toContainText('The expense is published')
  await ngo.close()

  // The donor's receipt now says where the ¥20 went.
  await page.goto(receiptUrl)
  await expect(page.getByText(/¥20(\.00)? paid for “Rice, oil and vegetables for the winter term”/)).toBeVisible()
  await expectAccessible(page)

  // The public transparency tab, signed out: chart, evidence, figures.
  const visitor = await browser.newContext({ locale: 'en', baseURL: test.info().project.use.baseURL })
  const publicPage = await visitor.newPage()
  await publicPage.goto(`${PROJECT}/transparency`)
  await expect(publicPage.getByRole('img', { name: 'Budget vs actual' })).toBeVisible()
  await expect(publicPage.locator('.budget-chart rect.bar-spent').first()).toBeAttached()
  const evidence = publicPage.getByRole('list', { name: 'Evidence' }).first().getByRole('img')
  await expect(evidence.first()).toBeVisible()
  const src = await evidence.first().getAttribute('src')
  const file = await publicPage.request.get(src!)
  expect(file.status()).toBe(200)
  expect(file.headers()['content-type']).toBe('image/png')
  await expect(publicPage.getByText('Rice, oil and vegetables for the winter term').first()).toBeVisible()
  await expectAccessible(publicPage)
  await visitor.close()
})
