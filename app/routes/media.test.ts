/**
 * Serving media over HTTP, called as a stranger, a guest and a member: the file (media.$id), its HLS
 * package (media.$id_.hls.$) and its image variants (media.$id_.$variant) — types, Range, caching,
 * who may see what, and names that must never resolve.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import fc from 'fast-check'
import sharp from 'sharp'
import { afterAll, expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-media-routes-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { media, organizationMembers, organizations } = await import('~db/schema')
const { createUser } = await import('~/models/users.server')
const { startSession } = await import('~/utils/session.server')
const { getStorage } = await import('~/media/storage.server')
const { makeClip } = await import('~/media/testing/clips')
const { HLS_FILE, packageVideoHls } = await import('~/media/hls.server')
const { variantKey } = await import('~/media/images.server')
const file = await import('./media.$id')
const hls = await import('./media.$id_.hls.$')
const variant = await import('./media.$id_.$variant')

const scratch = mkdtempSync(join(tmpdir(), 'sunlight-media-scratch-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const [org] = await db.insert(organizations).values({ slug: 'mr-org', name: '媒体基金会', uscc: '960000000000000011', region: '北京', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
const person = (name: string) => createUser(db, { email: `${name}@example.org`, displayName: name, password: 'a long test passphrase', birthDate: '1990-01-01', locale: 'en' })
const member = await person('member')
const stranger = await person('stranger')
await db.insert(organizationMembers).values({ organizationId: org!.id, userId: member.id, role: 'editor' })
const cookieOf = async (who: { id: string }) => (await startSession(db, new Request('http://localhost/'), who.id)).split(';')[0]!
const cookies = { member: await cookieOf(member), stranger: await cookieOf(stranger), guest: null as string | null }
type Who = keyof typeof cookies

/** A loader's answer as a Response (a thrown one too). */
async function get(who: Who, load: (args: LoaderFunctionArgs) => Promise<Response>, url: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  const request = new Request(`http://localhost${url}`, { headers: { ...headers, ...(cookies[who] ? { Cookie: cookies[who]! } : {}) } })
  try {
    return await load({ request, params, context: {} })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}
const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer())

/** Stores `bytes` as an upload would and records them. */
async function stored(bytes: Buffer, values: Omit<typeof media.$inferInsert, 'storageKey' | 'byteSize' | 'sha256'>) {
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const storageKey = `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.bin`
  const path = join(scratch, sha256)
  writeFileSync(path, bytes)
  await getStorage().putFile(storageKey, path)
  const [row] = await db.insert(media).values({ storageKey, byteSize: bytes.length, sha256, organizationId: org!.id, uploadedBy: member.id, ...values }).returning()
  return row!
}

async function packagedVideo(name: string, values: { isPublic: boolean; hiddenAt?: Date }) {
  const clip = makeClip(scratch, name, { seconds: 3, size: '320x240', rate: 10 })
  const video = await stored(readFileSync(clip), { kind: 'video', contentType: 'video/mp4', status: 'ready', ...values })
  await packageVideoHls(db, video.id)
  return video
}

const publicVideo = await packagedVideo('public', { isPublic: true })
const privateVideo = await packagedVideo('private', { isPublic: false })
const hiddenVideo = await packagedVideo('hidden', { isPublic: true, hiddenAt: new Date() })
const hlsOf = (id: string, name: string) => [hls.loader, `/media/${id}/hls/${name}`, { id, '*': name }] as const

// ── HLS ───────────────────────────────────────────────────────────────────────────────────────

test('a public package: playlists and segments with their types, immutable caching, Range on segments', async () => {
  const master = await get('guest', ...hlsOf(publicVideo.id, 'master.m3u8'))
  expect(master.status).toBe(200)
  expect(master.headers.get('Content-Type')).toBe('application/vnd.apple.mpegurl')
  expect(master.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
  expect(master.headers.get('X-Content-Type-Options')).toBe('nosniff')
  const text = await master.text()
  const rendition = text.split('\n').find((line) => line.endsWith('/index.m3u8'))!
  expect(rendition).toBe('240p/index.m3u8')

  const playlist = await get('stranger', ...hlsOf(publicVideo.id, rendition))
  expect(playlist.headers.get('Content-Type')).toBe('application/vnd.apple.mpegurl')
  const segment = (await playlist.text()).split('\n').find((line) => line.endsWith('.m4s'))!
  const init = await get('guest', ...hlsOf(publicVideo.id, '240p/init.mp4'))
  expect(init.status).toBe(200)
  expect(init.headers.get('Content-Type')).toBe('video/mp4')

  const whole = await get('guest', ...hlsOf(publicVideo.id, `240p/${segment}`))
  expect(whole.status).toBe(200)
  expect(whole.headers.get('Content-Type')).toBe('video/mp4')
  expect(whole.headers.get('Accept-Ranges')).toBe('bytes')
  const all = await bytesOf(whole)
  const part = await get('guest', ...hlsOf(publicVideo.id, `240p/${segment}`), { Range: 'bytes=100-299' })
  expect(part.status).toBe(206)
  expect(part.headers.get('Content-Range')).toBe(`bytes 100-299/${all.length}`)
  expect(await bytesOf(part)).toEqual(all.subarray(100, 300))
  expect((await get('guest', ...hlsOf(publicVideo.id, `240p/${segment}`), { Range: `bytes=${all.length + 10}-` })).status).toBe(416)
  // Several ranges at once (or a unit we do not know) are ignored: the whole segment, not an error.
  for (const header of ['bytes=0-9,20-29', 'items=0-9', 'bytes=abc']) {
    const answer = await get('guest', ...hlsOf(publicVideo.id, `240p/${segment}`), { Range: header })
    expect(answer.status, header).toBe(200)
    expect(await bytesOf(answer), header).toEqual(all)
  }
  // A revalidation is answered without the bytes.
  const etag = whole.headers.get('ETag')!
  expect((await get('guest', ...hlsOf(publicVideo.id, `240p/${segment}`), { 'If-None-Match': etag })).status).toBe(304)
})

test('a private package is the members’ only, never kept by shared caches; a hidden one is gone, as the video is', async () => {
  for (const who of ['guest', 'stranger'] as const) expect((await get(who, ...hlsOf(privateVideo.id, 'master.m3u8'))).status, who).toBe(404)
  const mine = await get('member', ...hlsOf(privateVideo.id, 'master.m3u8'))
  expect(mine.status).toBe(200)
  expect(mine.headers.get('Cache-Control')).toBe('private, max-age=0, must-revalidate')
  // The same answers as the video itself (media.$id): one rule for both.
  for (const who of ['guest', 'stranger', 'member'] as const) {
    const video = await get(who, file.loader, `/media/${hiddenVideo.id}`, { id: hiddenVideo.id })
    const playlist = await get(who, ...hlsOf(hiddenVideo.id, 'master.m3u8'))
    expect(playlist.status, who).toBe(video.status)
    expect(playlist.status, who).toBe(410)
  }
})

test('no package yet, a video without one, or a name the packager never writes: 404', async () => {
  const pending = await stored(Buffer.from('not yet packaged'), { kind: 'video', contentType: 'video/mp4', status: 'ready', isPublic: true, hlsStatus: 'pending' })
  expect((await get('guest', ...hlsOf(pending.id, 'master.m3u8'))).status).toBe(404)
  const names = [
    '',
    'master.m3u',
    'index.m3u8',
    '240p/seg-1.m4s',
    '240p/seg-00001.ts',
    '999p/index.m3u8',
    '240p/../../../../etc/passwd',
    '../master.m3u8',
    '..%2Fmaster.m3u8',
    '240p/..',
    `../../${publicVideo.storageKey}`,
    '/etc/passwd',
    '240p\\index.m3u8',
    'master.m3u8\0.txt',
  ]
  for (const name of names) expect((await get('guest', ...hlsOf(publicVideo.id, name))).status, name).toBe(404)
  expect((await get('guest', ...hlsOf('not-a-uuid', 'master.m3u8'))).status).toBe(404)
})

test('property: no name with a dot-dot, a backslash, a NUL or a leading slash is ever a package name', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.constantFrom('..', '\\', '\0', '%2e%2e'), (before, after, bad) => !HLS_FILE.test(`${before}${bad}${after}`) && !HLS_FILE.test(`/${before}${after}`)),
  )
})

test('the video itself still serves with Range and its ETag', async () => {
  const whole = await get('guest', file.loader, `/media/${publicVideo.id}`, { id: publicVideo.id })
  expect(whole.status).toBe(200)
  expect(whole.headers.get('Content-Type')).toBe('video/mp4')
  expect(whole.headers.get('ETag')).toBe(`"${publicVideo.sha256}"`)
  const part = await get('guest', file.loader, `/media/${publicVideo.id}`, { id: publicVideo.id }, { Range: 'bytes=0-9' })
  expect(part.status).toBe(206)
  expect((await bytesOf(part)).length).toBe(10)
})

// ── Image variants ────────────────────────────────────────────────────────────────────────────

const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 250, g: 180, b: 40 } } })
  .jpeg()
  .toBuffer()
const publicImage = await stored(photo, { kind: 'image', contentType: 'image/jpeg', status: 'ready', isPublic: true })
const variantOf = (id: string, name: string) => [variant.loader, `/media/${id}/${name}`, { id, variant: name }] as const

test('variants in each format at the asked width, never wider than the original', async () => {
  const cases: [string, string, string, number][] = [
    ['w320.jpg', 'image/jpeg', 'jpeg', 320],
    ['w640.webp', 'image/webp', 'webp', 640],
    ['w640.avif', 'image/avif', 'heif', 640],
    // 1280 asked of an 800-pixel original: 800, not enlarged.
    ['w1280.webp', 'image/webp', 'webp', 800],
  ]
  for (const [name, type, format, width] of cases) {
    const response = await get('guest', ...variantOf(publicImage.id, name))
    expect(response.status, name).toBe(200)
    expect(response.headers.get('Content-Type')).toBe(type)
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
    const meta = await sharp(await bytesOf(response)).metadata()
    expect(meta.format, name).toBe(format)
    expect(meta.width, name).toBe(width)
    expect(meta.height, name).toBe(Math.round((width * 600) / 800))
  }
})

test('a width or format off the fixed lists is a 404: nobody makes the server render arbitrary sizes', async () => {
  for (const name of ['w500.webp', 'w641.webp', 'w0640.webp', 'w640.gif', 'w640.png', 'w640.webp.jpg', 'W640.webp', 'w640', '640.webp', '../w640.webp', 'w99999.jpg']) {
    expect((await get('guest', ...variantOf(publicImage.id, name))).status, name).toBe(404)
  }
})

test('a variant is made once and then read from storage; first requests at the same moment share it', async () => {
  const image = await stored(await sharp({ create: { width: 1000, height: 500, channels: 3, background: '#3b82f6' } }).png().toBuffer(), { kind: 'image', contentType: 'image/png', status: 'ready', isPublic: true })
  const key = variantKey(image.sha256, { width: 960, format: 'webp' })
  expect(await getStorage().size(key)).toBeNull()
  const together = await Promise.all([1, 2, 3].map(() => get('guest', ...variantOf(image.id, 'w960.webp'))))
  const bodies = await Promise.all(together.map(bytesOf))
  expect(together.map((r) => r.status)).toEqual([200, 200, 200])
  expect(bodies[1]).toEqual(bodies[0])
  expect(bodies[2]).toEqual(bodies[0])
  expect(await getStorage().size(key)).toBe(bodies[0]!.length)
  // With the original gone from storage, the stored variant is still served: it is not made again.
  await getStorage().delete(image.storageKey)
  const again = await get('stranger', ...variantOf(image.id, 'w960.webp'))
  expect(again.status).toBe(200)
  expect(await bytesOf(again)).toEqual(bodies[0])
  // A variant never made cannot be made now.
  expect((await get('guest', ...variantOf(image.id, 'w320.webp'))).status).toBe(404)
})

test('variants follow the image’s readers and caching; a video or a broken image has none', async () => {
  const privateImage = await stored(await sharp({ create: { width: 400, height: 400, channels: 3, background: '#22c55e' } }).jpeg().toBuffer(), { kind: 'image', contentType: 'image/jpeg', status: 'ready', isPublic: false })
  for (const who of ['guest', 'stranger'] as const) expect((await get(who, ...variantOf(privateImage.id, 'w320.jpg'))).status, who).toBe(404)
  const mine = await get('member', ...variantOf(privateImage.id, 'w320.jpg'))
  expect(mine.status).toBe(200)
  expect(mine.headers.get('Cache-Control')).toBe('private, max-age=0, must-revalidate')

  const hidden = await stored(await sharp({ create: { width: 400, height: 300, channels: 3, background: '#000' } }).jpeg().toBuffer(), { kind: 'image', contentType: 'image/jpeg', status: 'ready', isPublic: true, hiddenAt: new Date() })
  expect((await get('stranger', ...variantOf(hidden.id, 'w320.jpg'))).status).toBe(410)

  expect((await get('guest', ...variantOf(publicVideo.id, 'w320.jpg'))).status).toBe(404)
  const broken = await stored(Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(300, 1)]), { kind: 'image', contentType: 'image/png', status: 'ready', isPublic: true })
  expect((await get('guest', ...variantOf(broken.id, 'w320.webp'))).status).toBe(404)
  const [row] = await db.select().from(media).where(eq(media.id, broken.id))
  expect(await getStorage().size(variantKey(row!.sha256, { width: 320, format: 'webp' }))).toBeNull()
})
