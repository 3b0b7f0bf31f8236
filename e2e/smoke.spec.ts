import { expect, expectAccessible, test } from './fixtures'

const languages = [
  { locale: 'zh-CN', heading: '让阳光照到每一个公益项目', projects: '正在筹款', other: 'English', otherHeading: 'Let sunlight fall on every project', notFound: '找不到这个页面' },
  { locale: 'en', heading: 'Let sunlight fall on every project', projects: 'Projects raising now', other: '中文', otherHeading: '让阳光照到每一个公益项目', notFound: 'We can’t find that page' },
] as const

for (const language of languages) {
  test.describe(`in ${language.locale}`, () => {
    test.use({ locale: language.locale, expectedConsoleErrors: [/status of 404/] })

    test('the home page lists the demo projects and is accessible', async ({ page }) => {
      const response = await page.goto('/')
      expect(response?.status()).toBe(200)
      await expect(page.locator('html')).toHaveAttribute('lang', language.locale)
      await expect(page.getByRole('heading', { level: 1, name: language.heading })).toBeVisible()
      const list = page.getByRole('region', { name: language.projects }).getByRole('listitem')
      // The first page of the fair-exposure ranking: six projects (which six depends on exposure so far).
      await expect(list).toHaveCount(6)
      await expect(list.first().getByRole('link').first()).toHaveAttribute('href', /^\/projects\//)
      await expect(page.getByRole('progressbar').first()).toHaveAttribute('aria-valuenow', /\d+/)
      await expectAccessible(page)
    })

    test('the language switch changes the language and remembers it', async ({ page }) => {
      await page.goto('/')
      await page.getByRole('button', { name: new RegExp(language.other) }).click()
      await expect(page.getByRole('heading', { level: 1, name: language.otherHeading })).toBeVisible()
      await expect(page.getByRole('status')).not.toBeEmpty()
      await page.reload()
      await expect(page.getByRole('heading', { level: 1, name: language.otherHeading })).toBeVisible()
      await expectAccessible(page)
    })

    test('an unknown page answers 404 with a page in the same language', async ({ page }) => {
      const response = await page.goto('/no-such-page')
      expect(response?.status()).toBe(404)
      await expect(page.getByRole('heading', { level: 1, name: language.notFound })).toBeVisible()
      await expect(page.getByRole('link', { name: /回到首页|Go to the home page/ })).toBeVisible()
      await expectAccessible(page)
    })

    test('a project, organisation or update that does not exist is a 404 with a title, not "undefined"', async ({ page }) => {
      for (const path of ['/projects/no-such-project', '/organizations/no-such-org', '/updates/00000000-0000-0000-0000-000000000000']) {
        const response = await page.goto(path)
        expect(response?.status(), path).toBe(404)
        await expect(page, path).toHaveTitle('404 — Sunlight 阳光公益')
      }
    })
  })
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false, locale: 'en' })

  test('the page is complete and the language switch still works', async ({ page }) => {
    await page.goto('/')
    await expect(page.getByRole('region', { name: 'Projects raising now' }).getByRole('listitem')).toHaveCount(6)
    await page.getByRole('button', { name: /中文/ }).click()
    await expect(page.getByRole('heading', { level: 1, name: '让阳光照到每一个公益项目' })).toBeVisible()
    await expect(page.getByRole('status')).toContainText('已切换为简体中文')
  })
})
