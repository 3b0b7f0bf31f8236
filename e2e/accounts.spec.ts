import type { Page } from '@playwright/test'
import { expect, expectAccessible, test } from './fixtures'

// Refused forms answer 400, which Chromium logs as a failed resource.
test.use({ locale: 'en', expectedConsoleErrors: [/status of 400/] })

const unique = () => `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`

async function openLatestMailLink(page: Page, to: string, path: string) {
  await page.goto('/dev/outbox')
  const message = page.getByRole('listitem').filter({ hasText: to }).first()
  await message.getByRole('link', { name: new RegExp(path) }).click()
}

test('a person signs up, confirms the email, logs out and logs back in', async ({ page }) => {
  const email = unique()
  await page.goto('/signup')
  await expectAccessible(page)
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Your name', { exact: true }).fill('Wang Fang')
  await page.getByLabel('Password', { exact: true }).fill('sunlight on every project')
  await page.getByLabel('Year of birth', { exact: true }).fill('1990')
  await page.getByLabel(/privacy policy/).check()
  await page.getByRole('button', { name: 'Create account' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible()
  await expect(page.getByRole('status')).toContainText('Welcome to Sunlight, Wang Fang')
  await expect(page.getByText('Email not yet confirmed')).toBeVisible()

  await openLatestMailLink(page, email, '/verify-email')
  await expect(page.getByText('Email confirmed')).toBeVisible()

  await page.getByRole('button', { name: 'Log out', exact: true }).click()
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible()

  await page.getByRole('link', { name: 'Log in' }).click()
  await page.getByLabel('Email', { exact: true }).fill(email.toUpperCase())
  await page.getByLabel('Password', { exact: true }).fill('sunlight on every project')
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible()
  await expectAccessible(page)
})

test('bad signup input shows field errors and creates nothing', async ({ page }) => {
  await page.goto('/signup')
  await page.getByLabel('Email', { exact: true }).fill('donor@sunlight.demo')
  await page.getByLabel('Your name', { exact: true }).fill('Someone')
  await page.getByLabel('Password', { exact: true }).fill('woaini1314')
  await page.getByLabel('Year of birth', { exact: true }).fill('1899')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByText('This password is too easy to guess')).toBeVisible()
  await expect(page.getByText('Enter the year you were born')).toBeVisible()
  await expect(page.getByText('Please accept the privacy policy')).toBeVisible()
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue('donor@sunlight.demo')
  await expectAccessible(page)

  await page.getByLabel('Password', { exact: true }).fill('a long and unusual passphrase')
  await page.getByLabel('Year of birth', { exact: true }).fill('1990')
  await page.getByLabel(/privacy policy/).check()
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByText('An account with this email already exists')).toBeVisible()
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

  await openLatestMailLink(page, 'editor@freelunch.demo', '/reset-password')
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
