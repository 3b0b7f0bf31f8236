import type { Browser, Page } from '@playwright/test'
import { expect, test } from './fixtures'

export const DEMO_PASSWORD = 'sunlight-demo-2026'
/** A real 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

export async function logIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible()
}

/** A second person, in their own browser context of the same project (viewport, base URL). */
export async function session(browser: Browser, email: string) {
  const context = await browser.newContext({ locale: 'en', baseURL: test.info().project.use.baseURL, viewport: test.info().project.use.viewport })
  const page = await context.newPage()
  await logIn(page, email)
  return { page, close: () => context.close() }
}
