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
  // The label says what a press does (no aria-pressed on top: "Play, pressed" said the opposite).
  const pause = slot(page, 1).getByRole('button', { name: 'Pause' })
  await pause.click()
  const play = slot(page, 1).getByRole('button', { name: 'Play' })
  await expect(play).toBeVisible()
  await expect(play).not.toHaveAttribute('aria-pressed')
  await expect.poll(() => slot(page, 1).locator('video').evaluate((v: HTMLVideoElement) => v.paused)).toBe(true)
  await play.click()
  await expectPlaying(slot(page, 1))

  // Sound on carries to the next video; the focus follows the video in view, not the one left behind.
  await slot(page, 1).getByRole('button', { name: 'Turn sound on' }).click()
  await page.keyboard.press('ArrowDown')
  await expectPlaying(slot(page, 2))
  await expect(slot(page, 2).locator('video')).toHaveJSProperty('muted', false)
  await slot(page, 2).getByRole('button', { name: 'Pause' }).focus()
  await page.keyboard.press('ArrowUp')
  await expectPlaying(slot(page, 1))
  await expect.poll(() => slot(page, 1).evaluate((el) => el.contains(document.activeElement))).toBe(true)

  // The share sheet is a dialog: it takes the focus, Escape closes it and gives the focus back.
  const share = slot(page, 1).getByRole('button', { name: 'Share', exact: true })
  await share.click()
  const sheet = slot(page, 1).getByRole('dialog', { name: 'Share this video' })
  await expect(sheet).toBeVisible()
  await expect(sheet.getByLabel('Link to share')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(sheet).toHaveCount(0)
  await expect(share).toBeFocused()
})

test('scrolling fast to the end loads each next page once, in place', async ({ page }) => {
  const asked: string[] = []
  page.on('request', (request) => {
    // The feed's fetcher asks for /watch.data?from=… (Remix's single fetch).
    if (/\/watch(\.data)?\?from=/.test(request.url())) asked.push(new URL(request.url()).searchParams.get('from')!)
  })
  await page.goto('/watch')
  await expectPlaying(slot(page, 0))
  // Flick to the bottom again and again, faster than pages arrive.
  const feed = page.locator('.watch-feed')
  await expect(async () => {
    await feed.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    expect(await page.locator('.watch-slot[data-index]').count()).toBeGreaterThan(9)
  }).toPass({ timeout: 30_000, intervals: [100] })
  // Still the feed (a link would have left it for /watch?from=…), and no page was asked for twice.
  await expect(page).toHaveURL(/\/watch$/)
  expect(asked.length).toBeGreaterThanOrEqual(2)
  expect(new Set(asked).size).toBe(asked.length)
  // At the very end no video plays on out of sight.
  await expect(async () => {
    await feed.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    await expect(page.getByText('You have seen every video for now.')).toBeInViewport({ timeout: 500 })
  }).toPass({ timeout: 30_000 })
  await expect.poll(() => page.locator('.watch-slot video').evaluateAll((videos) => videos.filter((v) => !(v as HTMLVideoElement).paused).length)).toBe(0)
  // (On a phone the buttons are hidden — people swipe — but they say the same.)
  await expect(page.locator('.watch-nav button').last()).toBeDisabled()
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
  await expect(page).toHaveURL(/\/videos\/new\?challenge=draw-to-life$/, { timeout: 20_000 })
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
