import { expect, expectAccessible, test } from './fixtures'
import { DEMO_PASSWORD, freshCode, signUp } from './helpers'
import { currentStep, totpAt } from '../app/utils/totp-code.server'

// Refused codes answer 400, which Chromium logs as a failed resource. The people signing up here
// come from their own (made-up) address: signups are limited per address, and the journeys share one.
const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`
test.use({ locale: 'en', expectedConsoleErrors: [/status of 400/], extraHTTPHeaders: { 'X-Forwarded-For': address } })

const unique = () => `e2e-2fa-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`

test('the demo admin: a password alone opens nothing; the one-time code signs in and opens the admin pages', async ({ page }) => {
  await page.goto('/login?redirectTo=/admin/organizations')
  await page.getByLabel('Email', { exact: true }).fill('admin@sunlight.demo')
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step sign-in' })).toBeVisible()
  await expectAccessible(page)
  // No session yet: the admin pages send the browser to log in.
  const before = await page.request.get('/admin/organizations', { maxRedirects: 0 })
  expect(before.status()).toBe(302)
  expect(before.headers().location).toContain('/login')
  await page.getByLabel('Code', { exact: true }).fill('000000')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByText('That code is not right')).toBeVisible()
  await page.getByLabel('Code', { exact: true }).fill(await freshCode())
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Organisation applications' })).toBeVisible()
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a person turns on a code generator, signs in with a code, then with a recovery code that works only once', async ({ page, browser }) => {
    const email = unique()
    const password = 'two steps are safer than one'
    await signUp(page, browser, { email, name: 'Zhao Lei', password })
    await page.getByRole('link', { name: /Security and sign-in/ }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Security and sign-in' })).toBeVisible()
    await page.getByRole('button', { name: 'Set up a code generator' }).click()
    await expect(page.getByRole('img', { name: 'QR code for your code generator app' })).toBeVisible()
    const secret = (await page.locator('code.secret').textContent())!.replace(/\s/g, '')
    await page.getByLabel('Code', { exact: true }).fill(totpAt(secret, currentStep()))
    await page.getByRole('button', { name: 'Turn on' }).click()
    await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible()
    const codes = await page.locator('.recovery-code-list code').allTextContents()
    expect(codes).toHaveLength(10)
    await expect(page.getByText('Your code generator app is set up.')).toBeVisible()

    const logOut = async () => {
      await page.goto('/account')
      await page.getByRole('button', { name: 'Log out', exact: true }).click()
    }
    await logOut()
    const signIn = async (code: string) => {
      await page.goto('/login')
      await page.getByLabel('Email', { exact: true }).fill(email)
      await page.getByLabel('Password', { exact: true }).fill(password)
      await page.getByRole('button', { name: 'Log in' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Two-step sign-in' })).toBeVisible()
      await page.getByLabel('Code', { exact: true }).fill(code)
      await page.getByRole('button', { name: 'Continue' }).click()
    }
    // The enrolment used this step's code; the next step's is accepted once (clock drift).
    await signIn(totpAt(secret, currentStep() + 1))
    await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible()
    await logOut()
    await signIn(codes[0]!)
    await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible()
    await logOut()
    await signIn(codes[0]!)
    await expect(page.getByText('That code is not right')).toBeVisible()
  })
})

test('a passkey: added to a new account, then signing in with it alone', async ({ browser, baseURL }) => {
  // A passkey belongs to a host name; an IP address cannot hold one, so this browser uses localhost.
  const origin = baseURL!.replace('127.0.0.1', 'localhost')
  const context = await browser.newContext({ locale: 'en', baseURL: origin, viewport: test.info().project.use.viewport, extraHTTPHeaders: { 'X-Forwarded-For': address } })
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  })
  const email = unique()
  await signUp(page, browser, { email, name: 'Qian Yu', password: 'a passkey is even better' })
  await page.goto('/account/security')
  await expectAccessible(page)
  await page.getByLabel('Name this passkey').fill('Test phone')
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible()
  await expect(page.getByText('Test phone')).toBeVisible()

  await page.goto('/account')
  await page.getByRole('button', { name: 'Log out', exact: true }).click()
  await page.goto('/login')
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible()
  // Signed in as that person, with the passkey counted as the second factor.
  await page.goto('/account/security')
  await expect(page.getByText('On: signing in needs your password and a second step')).toBeVisible()
  await context.close()
})
