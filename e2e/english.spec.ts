import { expect, expectAccessible, test } from './fixtures'

/**
 * Content in both languages (issue 23, ADR 0021), read as an English reader: the seeded content is
 * written in Chinese with an English version, so the reader meets English throughout, finds it by
 * English words, and can switch a page to the original and back.
 */
test.use({ locale: 'en' })

// Not in the seeded giving day: a plain gift, no sponsor's match.
const PROJECT = '/projects/mawei-childrens-art-troupe'
const TITLE_EN = "Mawei Children's Art Troupe: let the mountains' songs be heard"
const TITLE_ZH = '马尾儿童艺术团：让大山里的歌声被听见'
const ORG_EN = "Mawei Children's Art Troupe Social Work Station"
const HAN = /[\u4e00-\u9fff]/

test('home → project → donate → receipt reads in English', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto('/')
  const cards = page.getByRole('region', { name: 'Projects raising now' }).getByRole('listitem')
  await expect(cards).toHaveCount(6)
  // Every card's title, summary and organisation are the English versions.
  for (const text of await cards.locator('.project-title, .project-summary, .project-org').allInnerTexts()) expect(text).not.toMatch(HAN)

  await page.goto(PROJECT)
  await expect(page.getByRole('heading', { level: 1, name: TITLE_EN })).toBeVisible()
  await expect(page.getByText('Yi children in hardship in the Liangshan mountains sing their own folk songs.')).toBeVisible()
  await expect(page.getByRole('link', { name: ORG_EN })).toBeVisible()
  // The region named from its code, the budget and the updates in English too.
  await expect(page.locator('.project-main .eyebrow')).toContainText('Liangshan, Sichuan')
  await expect(page.getByRole('cell', { name: 'School fees and living costs' })).toBeVisible()
  await expect(page.getByRole('link', { name: "Weekend rehearsal: singing 'Mawei'" })).toBeVisible()
  await expectAccessible(page)

  await page.getByRole('link', { name: 'Donate', exact: true }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: `Donate to ${TITLE_EN}` })).toBeVisible()
  await expect(page.getByText(ORG_EN)).toBeVisible()
  await page.getByLabel(/^Other amount/).fill('20')
  await page.getByLabel('Email for your receipt', { exact: true }).fill('english-e2e@example.org')
  await page.getByLabel('I am 18 or older').check()
  await page.getByRole('button', { name: 'Continue to payment' }).click()
  await expect(page.getByText('TEST MODE — this is not a real payment page')).toBeVisible()
  await page.getByRole('button', { name: /^Pay/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Thank you!' })).toBeVisible()
  await expect(page.getByText(`to “${TITLE_EN}” is confirmed.`)).toBeVisible({ timeout: 20_000 })
  await page.getByRole('link', { name: 'View your receipt' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Donation receipt' })).toBeVisible({ timeout: 15_000 })
  await expect(page.getByText(TITLE_EN)).toBeVisible()
  await expect(page.getByText(ORG_EN)).toBeVisible()
})

test('English search finds the seeded projects by words and prefixes; a Chinese search still works', async ({ page }) => {
  // The search box, once; then its address, as a link or a bookmark would have it.
  const search = async (q: string) => {
    await page.goto(`/discover?q=${encodeURIComponent(q)}`)
    await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue(q)
  }
  // Other journeys publish projects of their own ("Winter lunches …"): the seeded ones must be among
  // the results, and every result must match the words.
  const titles = async () => (await page.locator('.project-title').allInnerTexts()).filter((t) => !/^Winter lunches \d+$/.test(t))

  await page.goto('/discover')
  await page.getByRole('searchbox', { name: 'Search' }).fill('lunch')
  await page.getByRole('button', { name: 'Show', exact: true }).click()
  await expect.poll(() => new URL(page.url()).searchParams.get('q'), { timeout: 15_000 }).toBe('lunch')
  await expect(page.getByRole('link', { name: 'Free Lunch: Draw to Life' })).toBeVisible()
  expect((await titles()).sort()).toEqual(["Erlangmiao Village School: Grandpa Principal's school lunches", 'Free Lunch: Draw to Life'])

  await search('library')
  expect(await titles()).toEqual(['Ancient Book Restoration: mending history page by page'])

  await search('Free Lun')
  expect(await titles()).toEqual(['Free Lunch: Draw to Life'])

  // What tsquery would read as operators is only punctuation here.
  await search('lunch & !(free')
  expect(await titles()).toEqual(['Free Lunch: Draw to Life'])

  await search('流浪动物')
  expect(await titles()).toEqual(['Stray Animal Rescue: a home for every stray'])
  await expectAccessible(page)
})

test('“Show original” switches the project page to Chinese and back, with plain links', async ({ page }) => {
  await page.goto(PROJECT)
  await expect(page.getByRole('heading', { level: 1, name: TITLE_EN })).toBeVisible()
  await page.getByRole('link', { name: 'Show original (中文)' }).click()
  await expect(page).toHaveURL(/\?original=1$/)
  const heading = page.getByRole('heading', { level: 1, name: TITLE_ZH })
  await expect(heading).toBeVisible()
  // Marked for screen readers: Chinese inside an English page.
  await expect(heading).toHaveAttribute('lang', 'zh-CN')
  await expect(page.getByText('Original language: 中文')).toBeVisible()
  await expect(page.getByRole('cell', { name: '孩子们的学费与生活费' })).toBeVisible()
  // The interface stays English.
  await expect(page.getByRole('heading', { level: 2, name: 'Budget plan' })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Show in English' }).click()
  await expect(page).toHaveURL(new RegExp(`${PROJECT}$`))
  await expect(page.getByRole('heading', { level: 1, name: TITLE_EN })).toBeVisible()
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveAttribute('lang', /.+/)
})

test('the switch is a link that works without JavaScript, and a Chinese reader sees the original unmarked', async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL
  const noScript = await browser.newContext({ javaScriptEnabled: false, locale: 'en', baseURL })
  const chinese = await browser.newContext({ locale: 'zh-CN', baseURL })
  try {
    const page = await noScript.newPage()
    await page.goto(PROJECT)
    await page.getByRole('link', { name: 'Show original (中文)' }).click()
    await expect(page.getByRole('heading', { level: 1, name: TITLE_ZH })).toBeVisible()
    const reader = await chinese.newPage()
    await reader.goto(PROJECT)
    await expect(reader.getByRole('heading', { level: 1, name: TITLE_ZH })).toBeVisible()
    await expect(reader.getByRole('heading', { level: 1 })).not.toHaveAttribute('lang', /.+/)
    await expect(reader.locator('.content-language')).toHaveCount(0)
  } finally {
    await noScript.close()
    await chinese.close()
  }
})
