/**
 * Content in two languages, the editors' side (ADR 0021): an organisation's owner writes a project
 * in Chinese with its English version beside it, and posts and corrects an update in both languages;
 * the edit forms come back with what was saved, each column marked with its language. A translation
 * with a body but no title is refused next to its field, with JavaScript and without.
 */
import { expect, expectAccessible, test } from './fixtures'
import { logIn } from './helpers'

test.use({ locale: 'en', expectedConsoleErrors: [/status of 400/] })
// Long forms, saved twice, on a shared machine.
test.describe.configure({ timeout: 150_000 })

const PROJECT = '/projects/free-lunch-draw-to-life'

test('an owner writes a project in Chinese and English side by side; the edit form comes back with both', async ({ page }) => {
  const stamp = `${test.info().project.name} ${Date.now() % 1e7}`
  await logIn(page, 'owner@freelunch.demo')
  await page.goto('/organizations/free-lunch/projects/new')
  await expectAccessible(page)
  // Written in the editor's interface language unless they say otherwise.
  await expect(page.getByRole('radio', { name: 'English' })).toBeChecked()
  await page.getByRole('radio', { name: '中文' }).check()
  await expect(page.locator('.bilingual-column').first()).toHaveAttribute('lang', 'zh-CN')
  await expect(page.locator('.bilingual-translation')).toHaveAttribute('lang', 'en')

  await page.getByLabel('Title', { exact: true }).fill(`冬季午餐 ${stamp}`)
  await page.getByLabel('Summary', { exact: true }).fill('为太康县120名学生提供冬季热午餐。')
  await page.getByLabel('Story', { exact: true }).fill('每个孩子都能吃上热饭。')
  await page.getByLabel('Summary · English (optional)').fill('Hot winter lunches for 120 pupils in Taikang.')
  await page.getByLabel('Category', { exact: true }).selectOption('education')
  await page.getByLabel('Region', { exact: true }).fill('河南省太康县')
  await page.getByLabel('Goal (yuan)', { exact: true }).fill('48000')
  await page.getByLabel('Start date', { exact: true }).fill('2026-12-01')
  await page.getByLabel('End date', { exact: true }).fill('2027-03-31')
  await page.getByLabel('Item 1', { exact: true }).fill('食材')
  await page.getByLabel('Budget line 1 in the other language').fill('Ingredients')
  await page.getByLabel('Amount 1 (yuan)', { exact: true }).fill('48000')

  // A summary in English without an English title is refused next to the title, focused.
  await page.getByRole('button', { name: 'Save the draft' }).click()
  const englishTitle = page.getByLabel('Title · English (optional)')
  await expect(page.getByText('Give the other language’s version a title')).toBeVisible({ timeout: 20_000 })
  await expect(englishTitle).toBeFocused()
  await expect(page.getByRole('radio', { name: '中文' })).toBeChecked()

  await englishTitle.fill(`Winter lunches ${stamp}`)
  await page.getByRole('button', { name: 'Save the draft' }).click()
  await page.waitForURL(/\/projects\/[^/]+$/, { timeout: 20_000 })
  // The owner reads English: the page shows the English version, and switches to the original.
  await expect(page.getByRole('heading', { level: 1, name: `Winter lunches ${stamp}` })).toBeVisible()
  await page.getByRole('link', { name: 'Show original (中文)' }).click()
  await expect(page.getByRole('heading', { level: 1, name: `冬季午餐 ${stamp}` })).toBeVisible()
  const slug = new URL(page.url()).pathname.split('/')[2]!

  await page.goto(`/projects/${slug}/edit`)
  await expect(page.getByRole('radio', { name: '中文' })).toBeChecked()
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue(`冬季午餐 ${stamp}`)
  await expect(page.getByLabel('Title · English (optional)')).toHaveValue(`Winter lunches ${stamp}`)
  await expect(page.getByLabel('Summary · English (optional)')).toHaveValue('Hot winter lunches for 120 pupils in Taikang.')
  await expect(page.getByLabel('Budget line 1 in the other language')).toHaveValue('Ingredients')
})

test("an editor corrects a live project's English version beside the approved original; English readers see it", async ({ page }) => {
  const stamp = `${test.info().project.name} ${Date.now() % 1e7}`
  await logIn(page, 'editor@freelunch.demo')
  await page.goto('/projects/erlangmiao-village-school')
  await page.getByRole('link', { name: 'Edit the English version' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'The project in English' })).toBeVisible()
  await expectAccessible(page)
  const summary = page.getByLabel('Summary · English (optional)')
  const seeded = await summary.inputValue()
  expect(seeded.length).toBeGreaterThan(10)
  await summary.fill(`Hot lunches at Erlangmiao (${stamp})`)
  await page.getByRole('button', { name: 'Save the translation' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Translation saved.' })).toBeVisible()
  await expect(page.getByText(`(${stamp})`).first()).toBeVisible()
  // Back as it was seeded, for the journeys after this one.
  await page.goto('/projects/erlangmiao-village-school/translation')
  await page.getByLabel('Summary · English (optional)').fill(seeded)
  await page.getByRole('button', { name: 'Save the translation' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Translation saved.' })).toBeVisible()
})

test('an owner posts an update in Chinese with its English version and corrects the English', async ({ page }) => {
  const title = `第一周 ${test.info().project.name} ${Date.now() % 1e7}`
  await logIn(page, 'owner@freelunch.demo')
  await page.goto(`${PROJECT}/updates/new`)
  await page.getByRole('radio', { name: '中文' }).check()
  await page.getByLabel('Title', { exact: true }).fill(title)
  await page.getByLabel('What happened', { exact: true }).fill('发放了三百份午餐。')
  await page.getByLabel('Title · English (optional)').fill(`Week one ${title}`)
  await page.getByLabel('What happened · English (optional)').fill('We served 300 lunches.')
  await page.getByRole('button', { name: 'Publish the update' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'The update is published' })).toBeVisible()
  const id = new URL(page.url()).hash.replace('#update-', '')
  expect(id).toMatch(/^[0-9a-f-]{36}$/)

  await page.goto(`/updates/${id}/edit`)
  await expectAccessible(page)
  await expect(page.getByRole('radio', { name: '中文' })).toBeChecked()
  await expect(page.getByLabel('Title · English (optional)')).toHaveValue(`Week one ${title}`)
  await page.getByLabel('What happened · English (optional)').fill('We served 300 hot lunches.')
  await page.getByRole('button', { name: 'Save the correction' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'The update is corrected' })).toBeVisible()
  await page.goto(`/updates/${id}/edit`)
  await expect(page.getByLabel('What happened · English (optional)')).toHaveValue('We served 300 hot lunches.')
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue(title)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('an untitled English version is refused by the server next to its field; the text typed stays', async ({ page }) => {
    await logIn(page, 'owner@freelunch.demo')
    await page.goto(`${PROJECT}/updates/new`)
    // Written in the interface language (English); the other column is Chinese.
    await expect(page.getByRole('radio', { name: 'English' })).toBeChecked()
    await expect(page.locator('.bilingual-translation')).toHaveAttribute('lang', 'zh-CN')
    await page.getByLabel('Title', { exact: true }).fill('Week two')
    await page.getByLabel('What happened', { exact: true }).fill('Another 300 lunches.')
    await page.getByLabel('What happened · 中文 (optional)').fill('又发放了三百份。')
    await page.getByRole('button', { name: 'Publish the update' }).click()
    await expect(page.getByText('Give the other language’s version a title')).toBeVisible({ timeout: 20_000 })
    await expect(page.getByLabel('Title · 中文 (optional)')).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByLabel('What happened · 中文 (optional)')).toHaveValue('又发放了三百份。')
    await expect(page.getByRole('radio', { name: 'English' })).toBeChecked()
  })
})
