import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { makeClip, truncate } from './testing/clips'
import { browserPlayable, probeVideo } from './video.server'

const dir = mkdtempSync(join(tmpdir(), 'sunlight-video-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('a whole H.264 MP4 is read: codecs, duration and size; browsers play it as it is', async () => {
  const probe = await probeVideo(makeClip(dir, 'ok', { seconds: 2 }))
  expect(probe.ok).toBe(true)
  if (!probe.ok) return
  expect(probe.info).toMatchObject({ videoCodec: 'h264', audioCodec: 'aac', width: 320, height: 240 })
  expect(probe.info.durationMs).toBeGreaterThan(1900)
  expect(probe.info.durationMs).toBeLessThan(2200)
  expect(browserPlayable('video/mp4', probe.info)).toBe(true)
})

test('an HEVC .mov from a phone is accepted but marked for transcoding', async () => {
  const probe = await probeVideo(makeClip(dir, 'phone', { codec: 'hevc', container: 'mov' }))
  expect(probe.ok).toBe(true)
  if (!probe.ok) return
  expect(probe.info.videoCodec).toBe('hevc')
  expect(browserPlayable('video/quicktime', probe.info)).toBe(false)
  expect(browserPlayable('video/mp4', probe.info)).toBe(false)
})

test('a truncated video is refused, whether its index is at the start or at the end', async () => {
  const front = truncate(makeClip(dir, 'front', { seconds: 3 }), 0.6, join(dir, 'front-cut.mp4'))
  const back = truncate(makeClip(dir, 'back', { seconds: 3, faststart: false }), 0.6, join(dir, 'back-cut.mp4'))
  expect(await probeVideo(front)).toEqual({ ok: false, error: 'validation.videoUnreadable' })
  expect(await probeVideo(back)).toEqual({ ok: false, error: 'validation.videoUnreadable' })
})

test('text is not a video', async () => {
  const path = join(dir, 'notes.mp4')
  writeFileSync(path, 'these are my notes, not a video\n'.repeat(100))
  expect(await probeVideo(path)).toEqual({ ok: false, error: 'validation.videoUnreadable' })
})

test('a picture beyond 4K is refused (an 8192×8192 video was accepted before)', { timeout: 60_000 }, async () => {
  expect(await probeVideo(makeClip(dir, 'huge', { seconds: 0.2, size: '8192x8192', rate: 5 }))).toEqual({ ok: false, error: 'validation.videoTooBig' })
  expect(await probeVideo(makeClip(dir, 'portrait', { seconds: 1, size: '1080x1920', rate: 5 }))).toMatchObject({ ok: true })
})

test('a flash under a second, or a picture smaller than 96 pixels a side, is no video to watch', { timeout: 60_000 }, async () => {
  expect(await probeVideo(makeClip(dir, 'flash', { seconds: 0.4 }))).toEqual({ ok: false, error: 'validation.videoTooShort' })
  expect(await probeVideo(makeClip(dir, 'stamp', { seconds: 2, size: '64x64' }))).toEqual({ ok: false, error: 'validation.videoTooSmall' })
  expect(await probeVideo(makeClip(dir, 'smallest', { seconds: 1, size: '96x96' }))).toMatchObject({ ok: true })
})
