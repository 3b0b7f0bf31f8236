import { expect, expectAccessible, test } from './fixtures'
import { logIn, session } from './helpers'

// Team giving (一起捐): account A starts a team, account B follows the invite link and gives in the
// sandbox, the team page shows B's gift (anonymous, as B chose) and the progress once the webhook has
// credited it, and A hears that the team reached its goal. A project outside the giving day, so no
// sponsor match moves its figures.
// Refused forms answer 4xx, which Chromium logs as failed resources.
test.use({ locale: 'en', expectedConsoleErrors: [/status of (400|409)/] })

const PROJECT = '/projects/shanpin-rural-goods'
const A = 'donor@sunlight.demo'
const B = 'owner@onefoundation.demo'
const B_NAME = '壹基金 项目官员'

test('A starts a team, B joins through the invite link and gives, the team reaches its goal and A is told; a guest sees B only as anonymous', async ({ browser }, testInfo) => {
  test.setTimeout(120_000)
  const name = `E2E team ${testInfo.project.name} ${Date.now().toString(36)}`
  const a = await session(browser, A)
  const b = await session(browser, B)
  try {
    // A starts a team from the project page: bad input first (messages by the fields, nothing made).
    await a.page.goto(PROJECT)
    await a.page.getByRole('link', { name: 'Start a team' }).click()
    await expect(a.page.getByRole('heading', { level: 1, name: /Start a team for/ })).toBeVisible()
    await a.page.getByRole('button', { name: 'Start the team' }).click()
    await expect(a.page.getByText('This field is required.').first()).toBeVisible()
    await a.page.getByLabel('Team name').fill(name)
    await a.page.getByLabel('Team goal').fill('5')
    await a.page.getByRole('button', { name: 'Start the team' }).click()
    await expect(a.page.getByText(/Enter an amount between/)).toBeVisible()
    await a.page.getByLabel('Team goal').fill('50')
    await a.page.getByLabel(/^Message to the team/).fill('一起来帮忙')
    await a.page.getByLabel('Show my name as the team’s starter').check()
    await expectAccessible(a.page)
    await a.page.getByRole('button', { name: 'Start the team' }).click()
    await expect(a.page.getByRole('heading', { level: 1, name: `Team “${name}”` })).toBeVisible()
    await expect(a.page.getByText('Your team is started. Invite your friends!')).toBeVisible()
    await expect(a.page.getByText('No gift yet: be the first.')).toBeVisible()
    await expect(a.page.getByText('Started by 李想 Li Xiang')).toBeVisible()
    await expect(a.page.getByRole('img', { name: 'QR code of the invite link' })).toBeVisible()
    await expectAccessible(a.page)
    const teamUrl = new URL(a.page.url()).pathname
    const invite = new URL(await a.page.getByRole('textbox', { name: 'Invite link' }).inputValue())
    expect(invite.pathname).toBe(`${PROJECT}/donate`)

    // B opens the invite link: the donate form says the gift is the team's; B gives anonymously.
    await b.page.goto(invite.pathname + invite.search)
    await expect(b.page.getByText(`You are giving with the team “${name}”`)).toBeVisible()
    await b.page.getByLabel(/^Other amount/).fill('60')
    await b.page.getByLabel(/anonymous/i).check()
    await b.page.getByLabel(/^Message/).fill('加油，朋友们')
    await b.page.getByRole('button', { name: 'Continue to payment' }).click()
    await b.page.getByRole('button', { name: /^Pay/ }).click()
    await expect(b.page.getByRole('heading', { level: 1, name: 'Thank you!' })).toBeVisible()

    // Counted once the webhook credited it; B sees the gift marked as theirs.
    await b.page.goto(teamUrl)
    await expect.poll(async () => (await b.page.reload(), await b.page.locator('.team-raised').innerText()), { timeout: 30_000 }).toMatch(/^¥60/)
    await expect(b.page.getByText('you — shown to others as anonymous')).toBeVisible()
    await expect(b.page.getByText('加油，朋友们')).toBeVisible()
    await expect(b.page.getByText('The team reached its goal. Thank you!')).toBeVisible()
    await expectAccessible(b.page)

    // A sees the gift as anonymous (not as B's, not marked as A's), and is told the goal was reached.
    await a.page.goto(teamUrl)
    await expect(a.page.getByRole('region', { name: 'Gifts and messages' }).getByText('Anonymous')).toBeVisible()
    await expect(a.page.getByText(/shown to others as anonymous/)).toHaveCount(0)
    await expect(a.page.getByText(B_NAME)).toHaveCount(0)
    await a.page.goto('/account')
    // The project named in the reader's language (English here), as the notifications page shows it.
    await expect(a.page.getByRole('link', { name: `Your team “${name}” reached its goal for “Shanpin: good produce from poor counties, out of the mountains”. Thank you!` })).toBeVisible()
  } finally {
    await a.close()
    await b.close()
  }
})

test('a guest sees a seeded team with anonymity respected, the project page links its teams, the giving day ranks them', async ({ page }) => {
  await page.goto('/campaigns/99-giving-day')
  const board = page.getByRole('region', { name: 'Teams, by what they raised' })
  await expect(board.getByRole('listitem')).toHaveCount(2)
  await expect(board.getByRole('listitem').first()).toContainText('二郎庙校友会')
  await board.getByRole('link', { name: '二郎庙校友会' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Team “二郎庙校友会”' })).toBeVisible()
  const gifts = page.getByRole('region', { name: 'Gifts and messages' })
  await expect(gifts.getByText('赵磊')).toBeVisible()
  // 张伟 gave without a name: anonymous to everyone, and nothing marks anything as the guest's.
  await expect(gifts.getByText('Anonymous')).toBeVisible()
  await expect(page.getByText(/zhang\.wei/)).toHaveCount(0)
  await expect(page.getByText(/\(you/)).toHaveCount(0)
  await expect(page.getByText('The team reached its goal. Thank you!')).toBeVisible()
  await expectAccessible(page)
  await page.goto('/projects/stray-animal-rescue')
  await page.getByRole('region', { name: 'Teams giving together' }).getByRole('link', { name: '流浪毛孩子小分队' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Team “流浪毛孩子小分队”' })).toBeVisible()
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a team is started and joined with forms alone', async ({ page, browser }, testInfo) => {
    test.setTimeout(90_000)
    const name = `No-JS team ${testInfo.project.name} ${Date.now().toString(36)}`
    await logIn(page, A)
    await page.goto(`${PROJECT}/teams/new`)
    await page.getByRole('button', { name: 'Start the team' }).click()
    await expect(page.getByText('This field is required.').first()).toBeVisible()
    await page.getByLabel('Team name').fill(name)
    await page.getByLabel('Team goal').fill('1000')
    await page.getByRole('button', { name: 'Start the team' }).click()
    await expect(page.getByRole('heading', { level: 1, name: `Team “${name}”` })).toBeVisible()
    const teamUrl = new URL(page.url()).pathname
    const invite = new URL(await page.getByRole('textbox', { name: 'Invite link' }).inputValue())
    // Not ticked: the starter is not named.
    await expect(page.getByText('Started by a donor')).toBeVisible()

    // A guest, without JavaScript either, joins through the link.
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en', baseURL: testInfo.project.use.baseURL })
    const guest = await context.newPage()
    await guest.goto(invite.pathname + invite.search)
    await expect(guest.getByText(`You are giving with the team “${name}”`)).toBeVisible()
    await guest.getByLabel(/^Other amount/).fill('30')
    await guest.getByLabel('Name shown with your gift').fill('无脚本访客')
    await guest.getByLabel('Email for your receipt', { exact: true }).fill(`guest-team-${testInfo.project.name}-${Date.now()}@example.org`)
    await guest.getByLabel('I am 18 or older').check()
    await guest.getByRole('button', { name: 'Continue to payment' }).click()
    await guest.getByRole('button', { name: /^Pay/ }).click()
    await expect(guest.getByRole('heading', { level: 1, name: 'Thank you!' })).toBeVisible()
    await expect.poll(async () => (await guest.goto(teamUrl), await guest.locator('.team-raised').innerText()), { timeout: 30_000 }).toMatch(/^¥30/)
    await expect(guest.getByRole('region', { name: 'Gifts and messages' }).getByText('无脚本访客')).toBeVisible()
    await context.close()
  })
})
