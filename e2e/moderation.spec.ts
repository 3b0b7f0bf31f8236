import { expect, expectAccessible, test } from './fixtures'
import { logIn, PNG, session, signUp } from './helpers'

test.use({ locale: 'en', expectedConsoleErrors: [/status of (400|404|409|410)/] })

const PROJECT = '/projects/free-lunch-draw-to-life'

test('a donor reports an update; an admin hides it; it leaves the project page, the feed and its media URL; the reporter is told', async ({ page, browser }) => {
  const title = `Receipts for the kitchen ${test.info().project.name} ${Date.now()}`
  await logIn(page, 'editor@freelunch.demo')
  await page.goto(`${PROJECT}/updates/new`)
  await page.getByLabel('Title', { exact: true }).fill(title)
  await page.getByLabel('What happened', { exact: true }).fill('Photos of the new stove.')
  await page.getByLabel(/^Images/).setInputFiles({ name: 'stove.png', mimeType: 'image/png', buffer: PNG })
  await page.getByRole('button', { name: 'Publish the update' }).click()
  const card = page.locator('article.update-card', { hasText: title })
  await expect(card).toBeVisible()
  const imageUrl = (await card.locator('img').first().getAttribute('src'))!
  const updateUrl = (await card.getByRole('link', { name: title }).getAttribute('href'))!
  // A picture is shown as a variant of the upload (/media/<id>/w640.jpg); both go when it is taken down.
  expect(imageUrl).toMatch(/^\/media\/[0-9a-f-]{36}\/w\d+\.(jpg|webp|avif)$/)
  const original = imageUrl.replace(/\/w\d+\.\w+$/, '')

  // The donor (who follows the project) sees it in the feed, and reports it in one click from there.
  const donor = await session(browser, 'donor@sunlight.demo')
  await donor.page.goto('/feed')
  const inFeed = donor.page.locator('article.update-card', { hasText: title })
  await expect(inFeed).toBeVisible()
  await inFeed.getByRole('link', { name: 'Report' }).click()
  await expect(donor.page.getByRole('heading', { level: 1, name: 'Report content' })).toBeVisible()
  await expect(donor.page.getByText(title)).toBeVisible()
  await expectAccessible(donor.page)
  await donor.page.getByRole('button', { name: 'Send the report' }).click()
  await expect(donor.page.getByText('Please choose one.')).toBeVisible()
  await donor.page.getByLabel('Fraud or a fake fundraiser').check()
  await donor.page.getByLabel('Details').fill('These receipts look copied from another project.')
  await donor.page.getByRole('button', { name: 'Send the report' }).click()
  await expect(donor.page.getByRole('status').filter({ hasText: 'A moderator will review it' })).toBeVisible()

  // The admin finds it in the queue and hides it with a reason.
  const admin = await session(browser, 'admin@sunlight.demo')
  await admin.page.goto('/admin/moderation')
  await expectAccessible(admin.page)
  await admin.page.getByRole('link', { name: new RegExp(title) }).click()
  await expect(admin.page.getByText('These receipts look copied from another project.')).toBeVisible()
  await expectAccessible(admin.page)
  await admin.page.getByLabel('Hide', { exact: true }).check()
  await admin.page.getByLabel('Category').selectOption('fraud')
  await admin.page.getByLabel('Reason').fill('Receipts could not be verified')
  await admin.page.getByRole('button', { name: 'Record the decision' }).click()
  await expect(admin.page.getByRole('status').filter({ hasText: 'The decision is recorded' })).toBeVisible()

  // Gone from the project page, from the feed, and from its URLs (410), for everyone.
  const anonymous = await browser.newContext({ locale: 'en', baseURL: test.info().project.use.baseURL })
  const visitor = await anonymous.newPage()
  await visitor.goto(PROJECT)
  await expect(visitor.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(visitor.getByText(title)).toHaveCount(0)
  expect((await visitor.request.get(updateUrl)).status()).toBe(410)
  expect((await visitor.request.get(imageUrl)).status()).toBe(410)
  expect((await visitor.request.get(original)).status()).toBe(410)
  await donor.page.goto('/feed')
  await expect(donor.page.getByText(title)).toHaveCount(0)
  expect((await donor.page.request.get(imageUrl)).status()).toBe(410)

  // The reporter is told; the public log says what was done and why, naming nobody.
  await donor.page.goto('/account')
  await expect(donor.page.locator('.notification').filter({ hasText: 'acted on it' }).first()).toBeVisible()
  await visitor.goto('/enforcement')
  await expectAccessible(visitor)
  const entry = visitor.locator('.enforcement-log li').first()
  await expect(entry).toContainText('Hidden · update')
  await expect(entry).toContainText('Receipts could not be verified')
  await expect(visitor.locator('.enforcement-log')).not.toContainText('donor@sunlight.demo')

  // The editor sees why on the update's own page.
  await page.goto(updateUrl)
  await expect(page.getByRole('status').filter({ hasText: 'Hidden by moderation · Receipts could not be verified' })).toBeVisible()
  await anonymous.close()
  await admin.close()
  await donor.close()
})

test('an editor hides an abusive donor message on the project page', async ({ page, browser }) => {
  // A guest gives with a message through the sandbox.
  const message = `You are all crooks ${test.info().project.name} ${Date.now()}`
  const guest = await browser.newContext({ locale: 'en', baseURL: test.info().project.use.baseURL, viewport: test.info().project.use.viewport })
  const giver = await guest.newPage()
  await giver.goto(`${PROJECT}/donate`)
  await giver.getByLabel(/^Other amount/).fill('20')
  await giver.getByLabel('Email for your receipt', { exact: true }).fill('angry-guest@example.org')
  await giver.getByLabel(/^Message to the organisation/).fill(message)
  await giver.getByLabel('I am 18 or older').check()
  await giver.getByRole('button', { name: 'Continue to payment' }).click()
  await giver.getByRole('button', { name: /^Pay/ }).click()
  await expect(giver.getByRole('heading', { level: 1, name: 'Thank you!' })).toBeVisible()
  await expect(async () => {
    await giver.goto(PROJECT)
    await expect(giver.getByText(message)).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 30_000 })

  await logIn(page, 'editor@freelunch.demo')
  await page.goto(PROJECT)
  const item = page.locator('.donation-list li', { hasText: message })
  await item.getByRole('button', { name: 'Hide message' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'The message is hidden' })).toBeVisible()
  await giver.goto(PROJECT)
  await expect(giver.getByText(message)).toHaveCount(0)

  // It can be shown again from the organisation's message list.
  await page.goto('/organizations/free-lunch/messages')
  await expectAccessible(page)
  const listed = page.locator('.donation-list li', { hasText: message })
  await expect(listed).toContainText('Hidden by you')
  await expect(listed).not.toContainText('angry-guest@example.org')
  await guest.close()
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a signed-out visitor reports a project, leaving an email for the outcome', async ({ page }) => {
    await page.goto(PROJECT)
    await page.getByRole('link', { name: 'Report this project' }).click()
    await page.getByLabel('Spam or advertising').check()
    await page.getByLabel('Your email').fill('not-an-email')
    await page.getByRole('button', { name: 'Send the report' }).click()
    await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible()
    await expect(page.getByLabel('Spam or advertising')).toBeChecked()
    await page.getByLabel('Your email').fill('watchful@example.org')
    await page.getByRole('button', { name: 'Send the report' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'A moderator will review it' })).toBeVisible()
  })

  test('a person downloads their data and deletes their account; they cannot log in again', async ({ page, browser }) => {
    const email = `leaving-${test.info().project.name}-${Date.now()}@example.org`
    await signUp(page, browser, { email, name: 'Li Lei', password: 'sunlight on every project' })

    const download = await page.request.get('/account/data.json')
    expect(download.headers()['content-disposition']).toMatch(/^attachment; filename="sunlight-my-data-\d{4}-\d{2}-\d{2}\.json"$/)
    const data = (await download.json()) as { account: { email: string; displayName: string } }
    expect(data.account).toMatchObject({ email, displayName: 'Li Lei' })

    await page.getByRole('link', { name: 'Delete my account' }).click()
    await page.getByLabel('Your password').fill('not my password')
    await page.getByLabel('I understand').check()
    await page.getByRole('button', { name: 'Delete my account' }).click()
    await expect(page.getByText('That password is not right.')).toBeVisible()
    await page.getByLabel('Your password').fill('sunlight on every project')
    await page.getByLabel('I understand').check()
    await page.getByRole('button', { name: 'Delete my account' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Your account is deleted' })).toBeVisible()

    await page.goto('/login')
    await page.getByLabel('Email', { exact: true }).fill(email)
    await page.getByLabel('Password', { exact: true }).fill('sunlight on every project')
    await page.getByRole('button', { name: 'Log in' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toHaveCount(0)
    await page.goto('/privacy')
    await expect(page.getByRole('heading', { level: 1, name: 'Privacy policy' })).toBeVisible()
  })
})
