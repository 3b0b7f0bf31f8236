import { request as httpRequest } from 'node:http'
import { expect, expectAccessible, test } from './fixtures'
import { clip, logIn, session } from './helpers'

test.use({ locale: 'en', expectedConsoleErrors: [/status of (400|413)/] })

const PROJECT = '/projects/free-lunch-draw-to-life'

test('an NGO editor posts a video update; a follower sees it in the feed, plays it and gives through its button', async ({ page, browser }) => {
  const title = `午餐视频 ${test.info().project.name} ${Date.now()}`
  await logIn(page, 'editor@freelunch.demo')
  await page.goto(PROJECT)
  await page.getByRole('link', { name: 'Post an update' }).click()
  await expectAccessible(page)
  await page.getByLabel('Title', { exact: true }).fill(title)
  await page.getByLabel('What happened', { exact: true }).fill('The children **tasted** the dish they drew.')
  await page.getByLabel(/^Video/).setInputFiles({ name: 'lunch.mp4', mimeType: 'video/mp4', buffer: clip('lunch') })
  await page.getByRole('button', { name: 'Publish the update' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'The update is published' })).toBeVisible()
  const card = page.locator('article.update-card', { hasText: title })
  await expect(card).toBeVisible()

  // The processing job gives it a poster; the page shows the player once it is ready.
  await expect(async () => {
    await page.reload()
    await expect(card.locator('video')).toHaveAttribute('poster', /^\/media\//, { timeout: 1_000 })
  }).toPass({ timeout: 30_000 })

  // The donor follows this project: the update is at the top of their feed.
  const donor = await session(browser, 'donor@sunlight.demo')
  await donor.page.goto('/feed')
  const inFeed = donor.page.locator('article.update-card').first()
  await expect(inFeed).toContainText(title)
  await expectAccessible(donor.page)
  const video = inFeed.locator('video')
  await expect(video).toHaveAttribute('preload', 'none')
  // The poster frame as a 640-pixel WebP variant.
  const poster = (await video.getAttribute('poster'))!
  expect((await donor.page.request.get(poster)).headers()['content-type']).toBe('image/webp')
  // The faststart MP4 is the video's src in the page as served (without JavaScript); once the HLS
  // renditions are ready, hls.js replaces it with its own stream in the browser.
  const html = await (await donor.page.request.get('/feed')).text()
  const src = /<video[^>]*\ssrc="(\/media\/[0-9a-f-]{36})"/.exec(html)![1]!

  // Played with a Range request, answered 206.
  const ranged = await donor.page.request.get(src, { headers: { Range: 'bytes=0-1023' } })
  expect(ranged.status()).toBe(206)
  expect(ranged.headers()['content-range']).toMatch(/^bytes 0-1023\/\d+$/)
  expect(ranged.headers()['x-content-type-options']).toBe('nosniff')
  const playback = donor.page.waitForResponse((r) => (r.url().endsWith(src) && r.status() === 206) || (r.url().includes(`${src}/hls/`) && r.url().endsWith('.m4s') && r.ok()))
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true
    void v.play().catch(() => {})
  })
  await playback

  // The in-app notification is waiting too.
  await donor.page.goto('/account')
  await expect(donor.page.locator('.notification', { hasText: title }).first()).toBeVisible()

  // The donation button carries the video's attribution code to the donate form.
  await donor.page.goto('/feed')
  await donor.page.locator('article.update-card').first().getByRole('link', { name: /Tap to give/ }).click()
  await expect(donor.page).toHaveURL(new RegExp(`${PROJECT}/donate\\?ref=[a-z0-9]{10}$`))
  const ref = new URL(donor.page.url()).searchParams.get('ref')!
  await expect(donor.page.locator(`input[name="ref"][value="${ref}"]`)).toBeAttached()
  await donor.close()
})

test('bad uploads are refused with a message each, never a 500', async ({ page }) => {
  await logIn(page, 'editor@freelunch.demo')
  const good = clip('good')
  const cases: [string, { name: string; mimeType: string; buffer: Buffer }, RegExp][] = [
    ['text renamed .mp4', { name: 'notes.mp4', mimeType: 'video/mp4', buffer: Buffer.from('not a video\n'.repeat(400)) }, /not an accepted type/],
    ['truncated video', { name: 'cut.mp4', mimeType: 'video/mp4', buffer: good.subarray(0, Math.floor(good.length / 2)) }, /cannot be read/],
    ['path traversal name', { name: '../../../etc/cron.d/x.mp4', mimeType: 'video/mp4', buffer: good }, /file name is not allowed/],
    ['zero-byte file', { name: 'empty.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(0) }, /The file is empty/],
  ]
  for (const [label, file, message] of cases) {
    const response = await page.request.post(`${PROJECT}/updates/new`, { headers: { 'Accept-Language': 'en' }, multipart: { title: label, body: 'x', video: file } })
    expect(response.status(), label).toBe(400)
    const html = await response.text()
    expect(html.match(/<ul id="[^"]*-error" class="field-errors"><li>([^<]*)</)?.[1], label).toMatch(message)
  }

  // Over the limit, declared up front: refused before a byte of the body is read.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
  const url = new URL(`${PROJECT}/updates/new`, test.info().project.use.baseURL)
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(600 * 1024 * 1024) } }, (res) => {
      resolve(res.statusCode ?? 0)
      res.resume()
      req.destroy()
    })
    req.on('error', reject)
    req.write('--x\r\n')
  })
  expect(status).toBe(413)

  // The form shows the message in place, without JavaScript as with it.
  await page.goto(`${PROJECT}/updates/new`)
  await page.getByLabel('Title', { exact: true }).fill('Broken upload')
  await page.getByLabel('What happened', { exact: true }).fill('x')
  await page.getByLabel(/^Video/).setInputFiles({ name: 'notes.mp4', mimeType: 'video/mp4', buffer: Buffer.from('not a video\n'.repeat(400)) })
  await page.getByRole('button', { name: 'Publish the update' }).click()
  await expect(page.getByText(/not an accepted type/)).toBeVisible()
})

test('a supporter shares a video; once an admin approves it, the project page shows it with what it raised', async ({ page, browser }) => {
  const title = `我的探访视频 ${test.info().project.name} ${Date.now()}`
  await logIn(page, 'donor@sunlight.demo')
  await page.goto(PROJECT)
  await page.getByRole('link', { name: 'Share your own video' }).click()
  await page.getByLabel('Title', { exact: true }).fill(title)
  await page.getByLabel('Video', { exact: true }).setInputFiles({ name: 'visit.mp4', mimeType: 'video/mp4', buffer: clip('visit') })
  await page.getByRole('button', { name: 'Send for review' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'will appear once a reviewer approves it' })).toBeVisible()
  await expect(page.locator('#supporter-videos-title ~ ul', { hasText: title })).toHaveCount(0)

  const admin = await session(browser, 'admin@sunlight.demo')
  const row = admin.page.locator('li.card', { hasText: title })
  await expect(async () => {
    await admin.page.goto('/admin/videos')
    await expect(row.locator('video')).toHaveAttribute('poster', /^\/media\//, { timeout: 1_000 })
  }).toPass({ timeout: 30_000 })
  await expectAccessible(admin.page)
  await row.getByRole('button', { name: 'Approve' }).click()
  await expect(admin.page.getByRole('status').filter({ hasText: 'The decision is recorded' })).toBeVisible()
  await admin.close()

  await page.goto(PROJECT)
  const shown = page.locator('.supporter-videos li', { hasText: title })
  await expect(shown).toContainText('Raised through this video: ¥0')
  await expect(shown.getByRole('link', { name: /Tap to give/ })).toHaveAttribute('href', /\/donate\?ref=[a-z0-9]{10}$/)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('an editor posts a text update and a follower switches emails to a daily digest', async ({ page, browser }) => {
    const title = `无脚本进展 ${test.info().project.name} ${Date.now()}`
    await logIn(page, 'editor@freelunch.demo')
    await page.goto(`${PROJECT}/updates/new`)
    await page.getByRole('button', { name: 'Publish the update' }).click()
    await expect(page.getByText('Please fix 2 problems below.')).toBeVisible()
    await page.getByLabel('Title', { exact: true }).fill(title)
    await page.getByLabel('What happened', { exact: true }).fill('Menus for next week are posted at the school gate.')
    await page.getByRole('button', { name: 'Publish the update' }).click()
    await expect(page.locator('article.update-card', { hasText: title })).toBeVisible()

    const donor = await session(browser, 'donor@sunlight.demo')
    await donor.page.goto('/account')
    await donor.page.getByLabel('A daily digest').check()
    await donor.page.getByRole('button', { name: 'Save email settings' }).click()
    await expect(donor.page.getByLabel('A daily digest')).toBeChecked()
    await donor.page.goto('/feed')
    await expect(donor.page.locator('article.update-card').first()).toContainText(title)
    await donor.page.goto('/account')
    await donor.page.getByLabel('One email per update').check()
    await donor.page.getByRole('button', { name: 'Save email settings' }).click()
    await donor.close()
  })
})
