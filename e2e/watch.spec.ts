import type { Locator, Page } from '@playwright/test'
import { expect, expectAccessible, test } from './fixtures'
import { clip as clipOf, logIn, session } from './helpers'

// Refused uploads answer 4xx, which Chromium logs as failed resources.
test.use({ locale: 'en', expectedConsoleErrors: [/status of (400|413)/] })

const CHALLENGE = '/challenges/draw-to-life'
const clip = (name: string) => clipOf(name, { size: '270x480' })

const slot = (page: Page, index: number) => page.locator(`.watch-slot[data-index="${index}"]`)
const playingTime = (item: Locator) => item.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime)
async function expectPlaying(item: Locator) {
  await expect.poll(() => playingTime(item), { timeout: 20_000 }).toBeGreaterThan(0.3)
  await expect.poll(() => item.locator('video').evaluate((v: HTMLVideoElement) => !v.paused)).toBe(true)
}
const raisedHere = async (item: Locator) => Number(((await item.locator('.watch-figures strong').innerText()).split(':')[1] ?? '').replace(/[^\d.]/g, ''))

test('the feed: the first video plays, scrolling plays the next and pauses the first; a gift from its overlay is credited to that video', async ({ page }) => {
  await page.goto('/watch')
  await expect(page.getByRole('heading', { level: 1, name: 'Watch' })).toBeAttached()
  const first = slot(page, 0)
  await expectPlaying(first)
  await expect(first.locator('video')).toHaveJSProperty('muted', true)
  // The next one is loading already.
  await expect(slot(page, 1).locator('video')).toHaveAttribute('preload', 'auto')
  await expectAccessible(page)

  await slot(page, 1).evaluate((el) => el.scrollIntoView({ block: 'start' }))
  const second = slot(page, 1)
  await expectPlaying(second)
  await expect.poll(() => first.locator('video').evaluate((v: HTMLVideoElement) => v.paused)).toBe(true)

  // Give from this video's overlay (the order may change between two visits of the feed: the ranking job runs every 30 s).
  const videoId = (await second.locator('article').getAttribute('data-video'))!
  const before = await raisedHere(second)
  await second.getByRole('link', { name: 'Donate', exact: true }).click()
  await expect(page.getByText('Test mode: no real money moves')).toBeVisible()
  await expect(page.locator('input[name="ref"]')).toHaveAttribute('value', /^[a-z0-9]{10}$/)
  await page.getByLabel(/^Other amount/).fill('30')
  await page.getByLabel('Email for your receipt', { exact: true }).fill('watch-e2e@example.org')
  await page.getByLabel('I am 18 or older').check()
  await page.getByRole('button', { name: 'Continue to payment' }).click()
  await page.getByRole('button', { name: /^Pay/ }).click()
  await expect(page.getByText(/Your gift of ¥30(\.00)? to/)).toBeVisible({ timeout: 20_000 })

  await page.goto(`/watch/${videoId}`)
  expect(await raisedHere(page.locator('.watch-item'))).toBe(before + 30)
})

test('the keyboard moves between videos and the controls say what they do', async ({ page }) => {
  await page.goto('/watch')
  await expectPlaying(slot(page, 0))
  // Nothing has focus yet: the keys move the feed, not the page under the header.
  await page.keyboard.press('ArrowDown')
  await expectPlaying(slot(page, 1))
  expect(await page.evaluate(() => window.scrollY)).toBe(0)
  await page.locator('.watch-feed').focus()
  await page.keyboard.press('ArrowUp')
  await expectPlaying(slot(page, 0))
  await page.keyboard.press('ArrowDown')
  await expectPlaying(slot(page, 1))
  const pause = slot(page, 1).getByRole('button', { name: 'Pause' })
  await pause.click()
  await expect(slot(page, 1).getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'true')
  await expect.poll(() => slot(page, 1).locator('video').evaluate((v: HTMLVideoElement) => v.paused)).toBe(true)
})

test('a seeded video is packaged as HLS and plays through hls.js', async ({ page }) => {
  await page.goto('/watch')
  const id = (await slot(page, 0).locator('article').getAttribute('data-video'))!
  const mediaId = await slot(page, 0).locator('video').getAttribute('data-media')
  // Packaging runs on the job queue after start: wait for the master playlist.
  await expect.poll(async () => (await page.request.get(`/media/${mediaId}/hls/master.m3u8`)).status(), { timeout: 90_000 }).toBe(200)
  const playlist = await (await page.request.get(`/media/${mediaId}/hls/master.m3u8`)).text()
  expect(playlist).toMatch(/#EXT-X-STREAM-INF:.*RESOLUTION=\d+x\d+/)
  const segments: string[] = []
  page.on('request', (request) => {
    if (request.url().includes(`/media/${mediaId}/hls/`)) segments.push(new URL(request.url()).pathname)
  })
  await page.goto(`/watch/${id}`)
  await expectPlaying(page.locator('.watch-item'))
  expect(segments.some((s) => s.endsWith('master.m3u8'))).toBe(true)
  expect(segments.some((s) => /\.(m4s|ts|mp4)$/.test(s))).toBe(true)
  await expect(page.locator('.watch-item video')).toHaveAttribute('data-engine', 'hls.js')
})

test('a challenge shows its videos, plays and leaderboard; a new video tagged to it appears after approval', async ({ page, browser }) => {
  await page.goto(CHALLENGE)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('#点画成真')
  await expect(page.locator('.video-tile')).not.toHaveCount(0)
  const plays = Number((await page.locator('.challenge-totals div', { hasText: 'Plays' }).locator('dd').innerText()).replace(/[^\d]/g, ''))
  expect(plays).toBeGreaterThan(0)
  await expect(page.locator('.leaderboard li').first()).toBeVisible()
  await expectAccessible(page)

  const title = `我画的午餐 ${test.info().project.name} ${Date.now()}`
  // A creator of its own per viewport: supporter videos are limited to 3 per account a day, and the
  // donor's are spent by the other journeys.
  await logIn(page, test.info().project.name === 'phone' ? 'creator1@sunlight.demo' : 'creator2@sunlight.demo')
  await page.goto(CHALLENGE)
  await page.getByRole('link', { name: 'Join with your video' }).click()
  await expect(page.getByText('Your video will join the challenge #点画成真.')).toBeVisible()
  await page.getByLabel('Title', { exact: true }).fill(title)
  await page.getByLabel('Video', { exact: true }).setInputFiles({ name: 'drawing.mp4', mimeType: 'video/mp4', buffer: clip('drawing') })
  await page.getByRole('button', { name: 'Send for review' }).click()
  await expect(page).toHaveURL(new RegExp(`${CHALLENGE}$`))
  await expect(page.locator('.video-tile', { hasText: title })).toHaveCount(0)
  // The creator sees it in their own numbers, waiting for review.
  await page.goto('/account/videos')
  await expect(page.locator('tr', { hasText: title })).toContainText('waiting for review')

  const admin = await session(browser, 'admin@sunlight.demo')
  const row = admin.page.locator('li.card', { hasText: title })
  await expect(async () => {
    await admin.page.goto('/admin/videos')
    await expect(row.locator('video')).toHaveAttribute('poster', /^\/media\//, { timeout: 1_000 })
  }).toPass({ timeout: 30_000 })
  await row.getByRole('button', { name: 'Approve' }).click()
  await expect(admin.page.getByRole('status').filter({ hasText: 'The decision is recorded' })).toBeVisible()
  await admin.close()

  await page.goto(CHALLENGE)
  await expect(page.locator('.video-tile', { hasText: title })).toBeVisible()
})

test('bad challenge uploads are refused with a message each, never a 500', async ({ page }) => {
  await logIn(page, test.info().project.name === 'phone' ? 'creator3@sunlight.demo' : 'creator4@sunlight.demo')
  const good = clip('good-challenge')
  const url = '/projects/free-lunch-draw-to-life/videos/new'
  const cases: [string, { name: string; mimeType: string; buffer: Buffer }, RegExp][] = [
    ['text renamed .mp4', { name: 'notes.mp4', mimeType: 'video/mp4', buffer: Buffer.from('not a video\n'.repeat(400)) }, /not an accepted type/],
    ['truncated video', { name: 'cut.mp4', mimeType: 'video/mp4', buffer: good.subarray(0, Math.floor(good.length / 2)) }, /cannot be read/],
    ['path traversal name', { name: '../../../etc/cron.d/x.mp4', mimeType: 'video/mp4', buffer: good }, /file name is not allowed/],
    ['zero-byte file', { name: 'empty.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(0) }, /The file is empty/],
  ]
  for (const [label, file, message] of cases) {
    const response = await page.request.post(url, { headers: { 'Accept-Language': 'en' }, multipart: { title: label, challenge: 'draw-to-life', video: file } })
    expect(response.status(), label).toBe(400)
    const html = await response.text()
    expect(html.match(/<ul id="[^"]*-error" class="field-errors"><li>([^<]*)</)?.[1], label).toMatch(message)
  }
  // A challenge that does not exist (or ended) is refused as a whole, and nothing is kept.
  const response = await page.request.post(url, { headers: { 'Accept-Language': 'en' }, multipart: { title: 'x', challenge: 'no-such-challenge', video: { name: 'ok.mp4', mimeType: 'video/mp4', buffer: good } } })
  expect(response.status()).toBe(400)
  expect(await response.text()).toContain('This challenge cannot be joined any more.')
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the feed is a list of posters linking to each video’s page, with donate links that work', async ({ page }) => {
    await page.goto('/watch')
    const first = slot(page, 0)
    await expect(first.locator('video')).toHaveCount(0)
    const link = first.locator('a.watch-poster-link')
    await expect(link.locator('img')).toHaveAttribute('src', /^\/media\//)
    const href = (await link.getAttribute('href'))!
    expect(href).toMatch(/^\/watch\/[0-9a-f-]{36}$/)
    await expect(first.getByRole('link', { name: 'Donate', exact: true })).toHaveAttribute('href', /\/donate\?ref=[a-z0-9]{10}$/)
    await page.goto(href)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Donate', exact: true })).toBeVisible()
    // The video's own page plays it with the browser's controls: its MP4, served.
    const video = page.locator('video[controls]')
    await expect(video).toHaveCount(1)
    const src = (await video.getAttribute('src'))!
    expect(src).toMatch(/^\/media\/[0-9a-f-]{36}$/)
    const file = await page.request.get(src, { headers: { Range: 'bytes=0-99' } })
    expect(file.status()).toBe(206)
    expect(file.headers()['content-type']).toBe('video/mp4')
  })
})
