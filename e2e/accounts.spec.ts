import type { Browser, Page } from '@playwright/test'
import { expect, expectAccessible, test } from './fixtures'
import { mailLink, signUp } from './helpers'

// Refused forms answer 400, which Chromium logs as a failed resource.
test.use({ locale: 'en', expectedConsoleErrors: [/status of 400/] })

const unique = () => `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`

async function openLatestMailLink(page: Page, browser: Browser, to: string, path: string) {
  await page.goto(await mailLink(browser, to, path))
}

test('a person signs up, confirms the email from the link (which signs them in), logs out and logs back in', async ({ page, browser }) => {
  const email = unique()
  await page.goto('/signup')
  await expectAccessible(page)
  await signUp(page, browser, { email, name: 'Wang Fang', password: 'sunlight on every project' })
  await expect(page.getByRole('status')).toContainText('Your email address is confirmed')

  await page.getByRole('button', { name: 'Log out', exact: true }).click()
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible()

  await page.getByRole('link', { name: 'Log in' }).click()
  await page.getByLabel('Email', { exact: true }).fill(email.toUpperCase())
  await page.getByLabel('Password', { exact: true }).fill('sunlight on every project')
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible()
  await expectAccessible(page)
})

test('bad signup input shows field errors, focuses the first; a registered address gets the same answer as a new one', async ({ page, browser }) => {
  await page.goto('/signup')
  await page.getByLabel('Email', { exact: true }).fill('donor@sunlight.demo')
  await page.getByLabel('Your name', { exact: true }).fill('Someone')
  await page.getByLabel('Password', { exact: true }).fill('woaini1314')
  await page.getByLabel('Date of birth', { exact: true }).fill('1899-12-31')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByText('This password is too easy to guess')).toBeVisible()
  await expect(page.getByText('Enter your date of birth')).toBeVisible()
  await expect(page.getByText('Please accept the privacy policy')).toBeVisible()
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused()
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue('donor@sunlight.demo')
  await expectAccessible(page)

  await page.getByLabel('Password', { exact: true }).fill('a long and unusual passphrase')
  await page.getByLabel('Date of birth', { exact: true }).fill('1990-05-01')
  await page.getByLabel(/privacy policy/).check()
  await page.getByRole('button', { name: 'Create account' }).click()
  // The same page as for a new address; the owner of the address is told instead.
  await expect(page.getByRole('heading', { level: 1, name: 'Check your inbox' })).toBeVisible()
  expect(await mailLink(browser, 'donor@sunlight.demo', '/forgot-password')).toBe('/forgot-password')
})

test('a wrong password is refused without saying whether the account exists', async ({ page }) => {
  await page.goto('/login')
  await page.getByLabel('Email', { exact: true }).fill('donor@sunlight.demo')
  await page.getByLabel('Password', { exact: true }).fill('not the password')
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('alert')).toHaveText('The email or password is not right.')
  await page.getByLabel('Email', { exact: true }).fill('nobody@sunlight.demo')
  await page.getByLabel('Password', { exact: true }).fill('not the password')
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('alert')).toHaveText('The email or password is not right.')
})

test('a password reset link works once and ends other sessions', async ({ page, browser }) => {
  // Another device is logged in as the demo editor.
  const other = await browser.newContext({ locale: 'en' })
  const otherPage = await other.newPage()
  await otherPage.goto('/login')
  await otherPage.getByLabel('Email', { exact: true }).fill('editor@freelunch.demo')
  await otherPage.getByLabel('Password', { exact: true }).fill('sunlight-demo-2026')
  await otherPage.getByRole('button', { name: 'Log in' }).click()
  await expect(otherPage.getByRole('heading', { name: 'My account' })).toBeVisible()

  await page.goto('/forgot-password')
  await page.getByLabel('Email', { exact: true }).fill('editor@freelunch.demo')
  await page.getByRole('button', { name: 'Send the link' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'If an account uses that address' })).toBeVisible()

  await openLatestMailLink(page, browser, 'editor@freelunch.demo', '/reset-password')
  const resetUrl = page.url()
  await page.getByLabel('New password', { exact: true }).fill('sunlight-demo-2026')
  await page.getByLabel('Repeat the password', { exact: true }).fill('sunlight-demo-2026')
  await page.getByRole('button', { name: 'Save the new password' }).click()
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible()

  await page.goto(resetUrl)
  await expect(page.getByRole('alert')).toContainText('expired or was already used')

  await otherPage.goto('/account')
  await expect(otherPage.getByRole('heading', { name: 'Log in' })).toBeVisible()
  await other.close()
})

test('an unknown address gets the same answer as a known one', async ({ page }) => {
  await page.goto('/forgot-password')
  await page.getByLabel('Email', { exact: true }).fill('no-such-person@example.com')
  await page.getByRole('button', { name: 'Send the link' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'If an account uses that address' })).toBeVisible()
})
