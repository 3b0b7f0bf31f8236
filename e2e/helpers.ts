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

/** The newest link to `path` in the mail to `to`, read from the outbox as the demo admin (only admins may read it). */
export async function mailLink(browser: Browser, to: string, path: string) {
  const admin = await session(browser, 'admin@sunlight.demo')
  try {
    await admin.page.goto('/dev/outbox')
    const message = admin.page.getByRole('listitem').filter({ hasText: to }).first()
    const href = await message.getByRole('link', { name: new RegExp(path) }).first().getAttribute('href')
    if (!href) throw new Error(`no ${path} link in the mail to ${to}`)
    return new URL(href).pathname + new URL(href).search
  } finally {
    await admin.close()
  }
}

/**
 * Signs up as a new person the way a person does: the form, "check your inbox", the link from the
 * email, "Confirm and continue" — which signs them in on `page`.
 */
export async function signUp(page: Page, browser: Browser, person: { email: string; name: string; password: string; birthDate?: string }) {
  await page.goto('/signup')
  await page.getByLabel('Email', { exact: true }).fill(person.email)
  await page.getByLabel('Your name', { exact: true }).fill(person.name)
  await page.getByLabel('Password', { exact: true }).fill(person.password)
  await page.getByLabel('Date of birth', { exact: true }).fill(person.birthDate ?? '1990-05-01')
  await page.getByLabel(/privacy policy/).check()
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Check your inbox' })).toBeVisible()
  await page.goto(await mailLink(browser, person.email, '/verify-email'))
  await page.getByRole('button', { name: 'Confirm and continue' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible()
}
