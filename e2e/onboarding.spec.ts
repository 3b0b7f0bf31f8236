import type { Browser, Page } from '@playwright/test'
import { usccCheckCharacter } from '../app/utils/uscc'
import { expect, expectAccessible, test } from './fixtures'
import { logIn, PNG, session, signUp } from './helpers'

// Refused forms answer 400, which Chromium logs as a failed resource.
test.use({ locale: 'en', expectedConsoleErrors: [/status of 400/] })

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2048, 0x90)])

function freshUscc() {
  const first17 = `5351${String(Date.now()).slice(-9)}${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`
  return first17 + usccCheckCharacter(first17)
}

async function asAdmin(browser: Browser, work: (page: Page) => Promise<void>) {
  const admin = await session(browser, 'admin@sunlight.demo')
  await work(admin.page)
  await admin.close()
}

async function fillApplication(page: Page, name: string, uscc: string) {
  await page.getByLabel('Registered name', { exact: true }).fill(name)
  await page.getByLabel('Unified Social Credit Code', { exact: true }).fill(uscc)
  await page.getByLabel(/public-fundraising qualification/).check()
  await page.getByRole('group', { name: 'Cause areas' }).getByLabel('Education').check()
  await page.getByLabel('Region', { exact: true }).fill('四川省成都市')
  await page.getByLabel('About the organisation', { exact: true }).fill('We run after-school reading rooms in mountain villages.')
}

test('a person signs up, applies for an organisation, an admin approves it, and the public page appears', async ({ page, browser }) => {
  const email = `applicant-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`
  const name = `Reading Rooms ${Date.now() % 1e6}`
  await signUp(page, browser, { email, name: 'Li Wei', password: 'reading rooms in the mountains', birthDate: '1986-03-15' })
  await page.getByRole('link', { name: 'Apply to register an organisation' }).click()
  await expectAccessible(page)

  // First attempt: a wrong check character and an executable renamed .pdf — field errors, nothing stored.
  const uscc = freshUscc()
  const wrong = uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0')
  // Nothing filled in: the page says what is missing and puts the focus on the first field with an
  // error (on a phone that scrolls to it), before anything is sent.
  await page.getByRole('button', { name: 'Submit the application' }).click()
  await expect(page.getByLabel('Registered name', { exact: true })).toBeFocused()
  await expect(page.getByText('Choose a file to upload.')).toBeVisible()
  // A wrong check character is caught in the browser by the same schema the server uses.
  await fillApplication(page, name, wrong)
  await page.getByLabel('Registration certificate', { exact: true }).setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: EXE })
  await page.getByRole('button', { name: 'Submit the application' }).click()
  await expect(page.getByText('does not match its check character')).toBeVisible()
  await expect(page.getByLabel('Unified Social Credit Code', { exact: true })).toBeFocused()
  // An executable renamed .pdf is only found out by the server, which reads its content.
  await page.getByLabel('Unified Social Credit Code', { exact: true }).fill(uscc)
  await page.getByRole('button', { name: 'Submit the application' }).click()
  await expect(page.getByText('This file is not an accepted type')).toBeVisible()
  await expect(page.getByLabel('Registered name', { exact: true })).toHaveValue(name)
  await expectAccessible(page)

  await page.getByLabel('Unified Social Credit Code', { exact: true }).fill(uscc)
  await page.getByLabel('Registration certificate', { exact: true }).setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: PDF })
  await page.getByLabel(/^Logo/).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG })
  await page.getByRole('button', { name: 'Submit the application' }).click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(page.getByText('This application is under review')).toBeVisible()
  const orgUrl = page.url()

  // Not public yet.
  const anonymous = await browser.newContext({ baseURL: test.info().project.use.baseURL })
  const response = await (await anonymous.newPage()).goto(orgUrl)
  expect(response?.status()).toBe(404)

  await asAdmin(browser, async (admin) => {
    await admin.goto('/admin/organizations')
    await expectAccessible(admin)
    await admin.getByRole('link', { name, exact: true }).click()
    await expect(admin.getByText(uscc)).toBeVisible()
    const certificate = await admin.request.get((await admin.getByRole('link', { name: 'Registration certificate' }).getAttribute('href'))!)
    expect(certificate.headers()['content-type']).toBe('application/pdf')
    expect(certificate.headers()['x-content-type-options']).toBe('nosniff')
    expect(certificate.headers()['content-security-policy']).toBe("default-src 'none'; sandbox")
    await expectAccessible(admin)
    await admin.getByRole('button', { name: 'Approve' }).click()
    await expect(admin.getByRole('status')).toContainText(`${name} is approved`)
    await admin.goto('/admin/audit?action=organization.approve')
    await expect(admin.getByRole('cell', { name: 'organization.approve' }).first()).toBeVisible()
  })

  await page.goto('/account')
  await expect(page.getByRole('link', { name: `${name} is approved. You can now create fundraising projects.` })).toBeVisible()
  await asAdmin(browser, async (admin) => {
    await admin.goto('/dev/outbox')
    await expect(admin.getByRole('heading', { name: `${name} is approved on Sunlight` })).toBeVisible()
  })

  const publicPage = await anonymous.newPage()
  await publicPage.goto('/partners?cause=education')
  await publicPage.getByRole('link', { name, exact: true }).click()
  await expect(publicPage.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(publicPage.getByText('Verified', { exact: true })).toBeVisible()
  await expectAccessible(publicPage)
  await anonymous.close()
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a rejected application shows its reason to the applicant', async ({ page, browser }) => {
    const name = `Village Clinic ${Date.now() % 1e6}`
    await logIn(page, 'donor@sunlight.demo')
    await page.goto('/organizations/apply')
    await fillApplication(page, name, freshUscc())
    await page.getByLabel('Registration certificate', { exact: true }).setInputFiles({ name: 'scan.png', mimeType: 'image/png', buffer: PNG })
    await page.getByRole('button', { name: 'Submit the application' }).click()
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
    const orgUrl = page.url()

    await asAdmin(browser, async (admin) => {
      await admin.goto('/admin/organizations')
      await admin.getByRole('link', { name, exact: true }).click()
      await admin.getByRole('button', { name: 'Reject' }).click()
      await expect(admin.getByText('Please give a reason')).toBeVisible()
      await admin.getByLabel(/^Reason/).fill('The certificate scan is unreadable; please upload a clearer copy.')
      await admin.getByRole('button', { name: 'Reject' }).click()
      await expect(admin.getByRole('status')).toContainText(`${name} is rejected`)
    })

    await page.goto(orgUrl)
    await expect(page.getByText('This application was not approved. Reason: The certificate scan is unreadable')).toBeVisible()
    await page.goto('/account')
    await expect(page.getByText(`The application for ${name} was not approved: The certificate scan is unreadable`)).toBeVisible()
  })
})
