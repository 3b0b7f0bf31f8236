import { expect, expectAccessible, test } from './fixtures'
import { logIn, PNG, session } from './helpers'

// One pattern: an array of two would read as Playwright's [value, options] fixture tuple.
test.use({ locale: 'en', expectedConsoleErrors: [/status of (400|404|409)/] })


test('an NGO drafts a project with a budget and submits it; an admin approves it; a donor finds, follows and shares it', async ({ page, browser }) => {
  const title = `Winter lunches ${Date.now() % 1e7}`

  // The NGO member drafts.
  const ngo = await session(browser, 'editor@freelunch.demo')
  await ngo.page.goto('/organizations/free-lunch/console')
  await expectAccessible(ngo.page)
  await ngo.page.getByRole('link', { name: 'New project' }).click()
  await ngo.page.getByLabel('Title', { exact: true }).fill(title)
  await ngo.page.getByLabel('Summary', { exact: true }).fill('Hot lunches through the winter for 120 pupils in Taikang county.')
  await ngo.page.getByLabel('Story', { exact: true }).fill('**Every pupil** gets a hot lunch.\n\n<script>alert(1)</script>')
  await ngo.page.getByLabel('Category', { exact: true }).selectOption('education')
  await ngo.page.getByLabel('Region', { exact: true }).fill('河南省太康县')
  await ngo.page.getByLabel('Goal (yuan)', { exact: true }).fill('48,000')
  await ngo.page.getByLabel('Start date', { exact: true }).fill('2026-12-01')
  await ngo.page.getByLabel('End date', { exact: true }).fill('2027-03-31')
  await ngo.page.getByLabel(/^Cover image/).setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: PNG })
  await ngo.page.getByLabel('Item 1', { exact: true }).fill('Ingredients')
  await ngo.page.getByLabel('Amount 1 (yuan)', { exact: true }).fill('40000')
  await ngo.page.getByLabel('Item 2', { exact: true }).fill('Kitchen gas')
  await ngo.page.getByLabel('Amount 2 (yuan)', { exact: true }).fill('6000')
  await ngo.page.getByRole('button', { name: 'Save the draft' }).click()
  await expect(ngo.page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(ngo.page.getByText('This is a draft')).toBeVisible()
  await expect(ngo.page.locator('.prose strong')).toHaveText('Every pupil')
  await expect(ngo.page.locator('.prose')).toContainText('<script>alert(1)</script>')

  // The budget does not add up: submitting is refused with the reason; fixing the draft lets it through.
  await ngo.page.getByRole('button', { name: 'Submit for review' }).click()
  await expect(ngo.page.getByText('The budget lines must add up to the goal')).toBeVisible()
  await ngo.page.getByRole('link', { name: 'Edit the draft' }).click()
  await ngo.page.getByLabel('Item 3', { exact: true }).fill('Lunch boxes')
  await ngo.page.getByLabel('Amount 3 (yuan)', { exact: true }).fill('2000')
  await ngo.page.getByRole('button', { name: 'Save the draft' }).click()
  await expect(ngo.page.getByRole('cell', { name: '¥48,000.00' }).or(ngo.page.getByRole('cell', { name: '¥48,000' }))).toBeVisible()
  await ngo.page.getByRole('button', { name: 'Submit for review' }).click()
  await expect(ngo.page.getByRole('status')).toContainText('Submitted')
  const projectUrl = ngo.page.url()

  // Not public while in review.
  expect((await page.goto(projectUrl))?.status()).toBe(404)

  // The admin approves with a filing number.
  const admin = await session(browser, 'admin@sunlight.demo')
  await admin.page.goto('/admin/projects')
  await admin.page.getByRole('link', { name: title }).click()
  await expectAccessible(admin.page)
  await admin.page.getByRole('button', { name: 'Approve and publish' }).click()
  await expect(admin.page.getByText('Enter the public-fundraising filing number')).toBeVisible()
  await admin.page.getByLabel(/^Public-fundraising filing number/).fill('53100000500018422A26031')
  await admin.page.getByRole('button', { name: 'Approve and publish' }).click()
  await expect(admin.page.getByRole('status')).toContainText(`“${title}” is published`)
  await admin.close()
  await ngo.close()

  // A donor filters by category, finds it, opens it, follows it and sees the QR code.
  await logIn(page, 'donor@sunlight.demo')
  await page.goto('/discover')
  await page.getByLabel('Category', { exact: true }).selectOption('education')
  await page.getByLabel('Search', { exact: true }).fill('Winter lunches')
  await page.getByRole('button', { name: 'Show' }).click()
  await expect(page).toHaveURL(/category=education/)
  await expectAccessible(page)
  await page.getByRole('link', { name: title }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.getByText('53100000500018422A26031')).toBeVisible()
  await page.getByRole('button', { name: 'Follow', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('You follow this project')
  await expect(page.getByText('1 follower', { exact: true })).toBeVisible()
  const qr = page.getByRole('img', { name: `QR code for ${title}` })
  await expect(qr).toBeVisible()
  await expect(qr.locator('svg path').first()).toBeAttached()
  const shareLink = await page.getByLabel('Link to share').inputValue()
  expect(shareLink).toMatch(/\/projects\/.+\?ref=[a-z0-9]{10}$/)
  await expectAccessible(page)

  // Someone arriving through the share link donates under its code.
  const visitor = await browser.newContext({ baseURL: test.info().project.use.baseURL })
  const visitorPage = await visitor.newPage()
  await visitorPage.goto(shareLink.replace(/^https?:\/\/[^/]+/, ''))
  await expect(visitorPage.getByRole('link', { name: 'Donate' }).first()).toHaveAttribute('href', new RegExp(`ref=${shareLink.split('ref=')[1]}$`))
  await visitor.close()
})
