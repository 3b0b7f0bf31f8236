import type { Browser, Page } from '@playwright/test'
import { expect, test } from './fixtures'

export const DEMO_PASSWORD = 'sunlight-demo-2026'
/** A tiny valid PNG (signature and IHDR header), enough for content checks. */
export const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 1)])

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
