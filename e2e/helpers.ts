import type { Browser, Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { totpAt } from '../app/utils/totp-code.server'
import { expect, test } from './fixtures'

export const DEMO_PASSWORD = 'sunlight-demo-2026'
/** A real 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
/** The demo admin's code generator key (seeds/demo-data.ts, published in the README). */
export const DEMO_ADMIN_TOTP_SECRET = 'KRUGKIDTOVXGY2LHNB2CA2LTEBXXAZLO'

/**
 * The next code the server has not seen: a code works once, so a second sign-in within the same
 * 30 s uses the next step's code (accepted one step early), and a third waits for time to pass.
 * The last step used is kept in the run's data directory, which every worker process shares.
 */
const stepFile = join(process.env.E2E_DATA_DIR ?? tmpdir(), 'e2e-admin-totp-step')
export async function freshCode(secret = DEMO_ADMIN_TOTP_SECRET) {
  for (;;) {
    const lastStep = existsSync(stepFile) ? Number(readFileSync(stepFile, 'utf8')) : 0
    const now = Math.floor(Date.now() / 1000 / 30)
    const step = Math.max(now, lastStep + 1)
    if (step <= now + 1) {
      writeFileSync(stepFile, String(step))
      return totpAt(secret, step)
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }
}

export async function logIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
  // Accounts with two-step sign-in (the demo admin) take one more step.
  await expect(page.getByRole('heading', { level: 1, name: /My account|Two-step sign-in/ })).toBeVisible()
  if (await page.getByRole('heading', { level: 1, name: 'Two-step sign-in' }).isVisible()) {
    await page.getByLabel('Code', { exact: true }).fill(await freshCode())
    await page.getByRole('button', { name: 'Continue' }).click()
  }
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible()
}

/**
 * The demo admin's session, kept in the run's data directory: two-step sign-in allows two sign-ins
 * of one account per 30 s, and journeys act as the admin often. A kept session is reused while its
 * sign-in is under 4 minutes old (so approvals and refunds need no re-authentication, which asks
 * after 5); older, or signed out, the admin signs in again.
 */
const ADMIN = 'admin@sunlight.demo'
const adminState = join(process.env.E2E_DATA_DIR ?? tmpdir(), 'e2e-admin-state.json')
const adminStateAt = `${adminState}.at`
const freshAdminState = () => existsSync(adminState) && existsSync(adminStateAt) && Date.now() - Number(readFileSync(adminStateAt, 'utf8')) < 4 * 60_000

/** A second person, in their own browser context of the same project (viewport, base URL). */
export async function session(browser: Browser, email: string, { anyAge = false } = {}) {
  const options = { locale: 'en', baseURL: test.info().project.use.baseURL, viewport: test.info().project.use.viewport }
  if (email === ADMIN && existsSync(adminState) && (anyAge || freshAdminState())) {
    const context = await browser.newContext({ ...options, storageState: adminState })
    const page = await context.newPage()
    await page.goto('/account')
    if (new URL(page.url()).pathname === '/account') return { page, close: () => context.close() }
    await context.close()
  }
  const context = await browser.newContext(options)
  const page = await context.newPage()
  await logIn(page, email)
  if (email === ADMIN) {
    await context.storageState({ path: adminState })
    writeFileSync(adminStateAt, String(Date.now()))
  }
  return { page, close: () => context.close() }
}

/** The newest link to `path` in the mail to `to`, read from the outbox as the demo admin (only admins may read it). */
export async function mailLink(browser: Browser, to: string, path: string) {
  // Reading mail needs no fresh proof: any kept admin session will do.
  const admin = await session(browser, ADMIN, { anyAge: true })
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

const ffmpeg = process.env.FFMPEG_PATH || (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path
let clips: string | undefined

/** A short H.264/AAC clip (`size` WxH), made by the test with the same ffmpeg the app ships with. */
export function clip(name: string, { seconds = 2, size = '320x240' }: { seconds?: number; size?: string } = {}) {
  clips ??= mkdtempSync(join(tmpdir(), 'sunlight-e2e-clips-'))
  const path = join(clips, `${name}.mp4`)
  execFileSync(ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=15:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=duration=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-movflags', '+faststart', path])
  return readFileSync(path)
}
