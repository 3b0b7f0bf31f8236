/**
 * Video updates end to end below the HTTP layer: upload checks, the processing job (poster,
 * transcoding), posting and editing updates, the follower feed, notification fan-out and emails,
 * digests, and what supporter videos raise.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, eq, inArray, isNotNull } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-updates-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const { db } = await setupTestDatabase()
const { media, notifications, organizationFollows, organizations, outboxMessages, projectFollows, projects, projectUpdates, updateRevisions, users, jobs } = await import('~db/schema')
const { MB, parseUploadForm, RULES, storeMedia } = await import('~/media/upload.server')
const { uploadTempDir, getStorage } = await import('~/media/storage.server')
const { makeClip, truncate } = await import('~/media/testing/clips')
const { probeVideo } = await import('~/media/video.server')
const { SLOW_JOBS, ALL_JOBS } = await import('~/jobs/registry.server')
expect(ALL_JOBS).toContain('updates.fanout')
const { runDueJobs } = await import('~/jobs/queue.server')
const { createUser } = await import('./users.server')
const updates = await import('./updates.server')
const { approvedSupporterVideos, decideSupporterVideo, submitSupporterVideo } = await import('./supporter-videos.server')
const { createPendingDonation } = await import('./donations.server')
const { payGift } = await import('~/testing/payments')
const { resolveShareCode } = await import('./projects.server')

const clips = mkdtempSync(join(tmpdir(), 'sunlight-clips-'))
afterAll(() => rmSync(clips, { recursive: true, force: true }))

let serial = 0
const person = async (name: string, options: { verified?: boolean; emails?: 'each' | 'daily' | 'off' } = {}) => {
  const u = await createUser(db, { email: `${name}-${serial++}@example.org`, displayName: name, password: 'a long test passphrase', birthDate: '1985-01-01', locale: 'zh-CN' })
  await db.update(users).set({ emailVerifiedAt: options.verified === false ? null : new Date(), updateEmails: options.emails ?? 'each' }).where(eq(users.id, u.id))
  return u
}
async function world() {
  const n = serial++
  const [org] = await db.insert(organizations).values({ slug: `up-org-${n}`, name: `壹基金 ${n}`, uscc: `94${String(n).padStart(16, '0')}`, region: '四川', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
  const [p] = await db
    .insert(projects)
    .values({ slug: `up-${n}`, organizationId: org!.id, title: `温暖包 ${n}`, summary: 's', category: 'disaster_relief', region: '四川', goalAmount: 1_000_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising' })
    .returning()
  return { org: org!, project: p! }
}

function multipart(parts: { name: string; filename?: string; body: Buffer | string }[]) {
  const form = new FormData()
  for (const part of parts) {
    if (part.filename !== undefined) form.append(part.name, new Blob([new Uint8Array(Buffer.from(part.body))]), part.filename)
    else form.append(part.name, String(part.body))
  }
  return new Request('http://localhost/upload', { method: 'POST', body: form })
}
const stored = () => (existsSync(join(dataDir, 'media')) ? readdirSync(join(dataDir, 'media'), { recursive: true }).filter((f) => String(f).includes('.')) : [])
const temp = () => (existsSync(uploadTempDir()) ? readdirSync(uploadTempDir()) : [])

// ── Uploads ───────────────────────────────────────────────────────────────────────────────────

test('the bad-upload catalogue is refused with a message each and leaves nothing in storage', async () => {
  const before = stored().length
  const good = readFileSync(makeClip(clips, 'good', { seconds: 2 }))
  const cut = readFileSync(truncate(makeClip(clips, 'cut', { seconds: 3 }), 0.5, join(clips, 'cut-short.mp4')))
  const cases: [string, { filename: string; body: Buffer | string }, string][] = [
    ['text renamed .mp4', { filename: 'clip.mp4', body: 'just some words\n'.repeat(500) }, 'validation.fileType'],
    ['truncated video', { filename: 'cut.mp4', body: cut }, 'validation.videoUnreadable'],
    ['path traversal name', { filename: '../../etc/passwd.mp4', body: good }, 'validation.fileName'],
    ['backslash traversal name', { filename: '..\\..\\boot.mp4', body: good }, 'validation.fileName'],
    ['zero bytes', { filename: 'empty.mp4', body: Buffer.alloc(0) }, 'validation.fileEmpty'],
    ['image where a video belongs', { filename: 'x.mp4', body: Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 1)]) }, 'validation.fileType'],
  ]
  for (const [label, file, error] of cases) {
    const parsed = await parseUploadForm(multipart([{ name: 'video', ...file }]), { video: RULES.video })
    expect(parsed.ok && parsed.uploads.get('video'), label).toEqual({ ok: false, error })
  }
  expect(stored().length).toBe(before)
  expect(temp()).toEqual([])
})

test('a file over the limit is refused while it streams: its bytes are deleted before the body ends', async () => {
  const rule = { ...RULES.video, maxBytes: 1 * MB }
  const boundary = 'sunlightboundary'
  let releaseRest!: () => void
  const rest = new Promise<void>((resolve) => (releaseRest = resolve))
  let tempAfterLimit: string[] | null = null
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const enc = new TextEncoder()
      controller.enqueue(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`))
      for (let i = 0; i < 3; i++) controller.enqueue(new Uint8Array(512 * 1024).fill(7))
      await rest
      controller.enqueue(new Uint8Array(4 * MB).fill(7))
      controller.enqueue(enc.encode(`\r\n--${boundary}--\r\n`))
      controller.close()
    },
  })
  const request = new Request('http://localhost/upload', { method: 'POST', body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` }, duplex: 'half' } as RequestInit)
  const parsing = parseUploadForm(request, { video: rule })
  // 1.5 MB has arrived, 4 MB more are still to come: nothing of it may remain on disk.
  await new Promise((resolve) => setTimeout(resolve, 300))
  tempAfterLimit = temp()
  releaseRest()
  const parsed = await parsing
  expect(tempAfterLimit).toEqual([])
  expect(parsed.ok && parsed.uploads.get('video')).toEqual({ ok: false, error: 'validation.fileTooLarge' })
  expect(temp()).toEqual([])
})

test('a playable MP4 gets a poster and becomes ready; an HEVC .mov is transcoded to H.264 MP4', async () => {
  const { org } = await world()
  const editor = await person('editor')
  const upload = async (path: string, filename: string) => {
    const parsed = await parseUploadForm(multipart([{ name: 'video', filename, body: readFileSync(path) }]), { video: RULES.video })
    const outcome = parsed.ok ? parsed.uploads.get('video') : undefined
    if (!outcome?.ok) throw new Error(`upload refused: ${JSON.stringify(outcome)}`)
    return storeMedia(db, outcome.file, { uploadedBy: editor.id, organizationId: org.id, isPublic: true })
  }
  const mp4 = await upload(makeClip(clips, 'ready', { seconds: 2 }), 'ready.mp4')
  const mov = await upload(makeClip(clips, 'iphone', { seconds: 2, codec: 'hevc', container: 'mov' }), 'IMG_0001.MOV')
  const [movBefore] = await db.select().from(media).where(eq(media.id, mov))
  expect(movBefore!.status).toBe('processing')
  expect(movBefore!.contentType).toBe('video/quicktime')

  while ((await runDueJobs(db, { lane: { only: SLOW_JOBS } })) > 0) continue

  const [a] = await db.select().from(media).where(eq(media.id, mp4))
  expect(a).toMatchObject({ status: 'ready', contentType: 'video/mp4', width: 320, height: 240 })
  expect(a!.posterMediaId).toBeTruthy()
  const [poster] = await db.select().from(media).where(eq(media.id, a!.posterMediaId!))
  expect(poster).toMatchObject({ kind: 'image', contentType: 'image/jpeg', isPublic: true })
  expect(await getStorage().size(poster!.storageKey)).toBeGreaterThan(1000)

  const [b] = await db.select().from(media).where(eq(media.id, mov))
  expect(b).toMatchObject({ status: 'ready', contentType: 'video/mp4' })
  expect(b!.storageKey).not.toBe(movBefore!.storageKey)
  expect(await getStorage().size(movBefore!.storageKey)).toBeNull()
  const copy = join(clips, 'transcoded.mp4')
  writeFileSync(copy, readFileSync(join(dataDir, 'media', b!.storageKey)))
  const probe = await probeVideo(copy)
  expect(probe.ok && probe.info.videoCodec).toBe('h264')
})

test('a video that processing cannot read is rejected with a reason for the uploader', async () => {
  const editor = await person('editor2')
  const path = truncate(makeClip(clips, 'later-broken', { seconds: 2 }), 1, join(clips, 'copy.mp4'))
  const parsed = await parseUploadForm(multipart([{ name: 'video', filename: 'v.mp4', body: readFileSync(path) }]), { video: RULES.video })
  const outcome = parsed.ok ? parsed.uploads.get('video') : undefined
  if (!outcome?.ok) throw new Error('upload refused')
  const id = await storeMedia(db, outcome.file, { uploadedBy: editor.id, isPublic: false })
  // The stored bytes are damaged after the upload check (a disk fault, say).
  const [row] = await db.select().from(media).where(eq(media.id, id))
  writeFileSync(join(dataDir, 'media', row!.storageKey), readFileSync(path).subarray(0, 4000))
  await runDueJobs(db, { lane: { only: SLOW_JOBS } })
  const [after] = await db.select().from(media).where(eq(media.id, id))
  expect(after).toMatchObject({ status: 'rejected', rejectionReason: 'validation.videoUnreadable' })
})

// ── Updates, feed, fan-out ────────────────────────────────────────────────────────────────────

test('followers of the project or its organisation are notified once; emails go to those who want one each', async () => {
  const { org, project } = await world()
  const author = await person('author')
  const both = await person('both')
  const projectOnly = await person('projectOnly', { emails: 'daily' })
  const orgOnly = await person('orgOnly', { emails: 'off' })
  const unverified = await person('unverified', { verified: false })
  await db.insert(projectFollows).values([both, projectOnly, unverified, author].map((u) => ({ projectId: project.id, userId: u.id })))
  await db.insert(organizationFollows).values([both, orgOnly].map((u) => ({ organizationId: org.id, userId: u.id })))

  const id = await updates.postUpdate(db, { projectId: project.id, organizationId: org.id, authorId: author.id, title: '第一批温暖包已送达', body: '感谢 **每一位** 捐赠人。' })
  await runDueJobs(db, { lane: { except: SLOW_JOBS } })
  // A second run of the same fan-out (a retry after a crash) changes nothing.
  await updates.fanOutUpdate(db, id)

  const notified = await db.select({ userId: notifications.userId }).from(notifications).where(eq(notifications.updateId, id))
  expect(notified.map((n) => n.userId).sort()).toEqual([both.id, projectOnly.id, orgOnly.id, unverified.id].sort())
  const mails = await db.select().from(outboxMessages).where(eq(outboxMessages.subject, `${org.name}：第一批温暖包已送达`))
  expect(mails.map((m) => m.to)).toEqual([both.email])
  expect(mails[0]!.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
  expect(mails[0]!.headers!['List-Unsubscribe']).toMatch(new RegExp(`/unsubscribe\\?u=${both.id}&t=`))

  // The daily digest, a day later, mails the daily reader once and marks everything digested.
  expect(await updates.sendUpdateDigests(db, new Date(Date.now() + 25 * 3600_000))).toBe(1)
  const digests = await db.select().from(outboxMessages).where(eq(outboxMessages.to, projectOnly.email))
  expect(digests).toHaveLength(1)
  expect(digests[0]!.text).toContain('第一批温暖包已送达')
  expect(await updates.sendUpdateDigests(db, new Date(Date.now() + 26 * 3600_000))).toBe(0)
  const undigested = await db.select().from(notifications).where(and(eq(notifications.updateId, id), isNotNull(notifications.digestedAt)))
  expect(undigested).toHaveLength(4)
})

test('update emails, digests and notifications read in each recipient’s account language, with the content in it where the organisation wrote it', async () => {
  const { org, project } = await world()
  await db.update(organizations).set({ translations: { en: { name: `One Foundation ${org.slug}` } } }).where(eq(organizations.id, org.id))
  await db.update(projects).set({ translations: { en: { title: 'Warm packs' } } }).where(eq(projects.id, project.id))
  const author = await person('author-en')
  const english = await person('english')
  const chinese = await person('chinese')
  const englishDaily = await person('englishDaily', { emails: 'daily' })
  await db.update(users).set({ locale: 'en' }).where(inArray(users.id, [english.id, englishDaily.id]))
  await db.insert(projectFollows).values([english, chinese, englishDaily].map((u) => ({ projectId: project.id, userId: u.id })))
  const id = await updates.postUpdate(db, { projectId: project.id, organizationId: org.id, authorId: author.id, title: '首批温暖包已送达', body: '谢谢。' })
  // The English version, added as the editing form would.
  await db.update(projectUpdates).set({ translations: { en: { title: 'The first warm packs have arrived', body: 'Thank you.' } } }).where(eq(projectUpdates.id, id))
  await runDueJobs(db, { lane: { except: SLOW_JOBS } })

  const [toEnglish] = await db.select().from(outboxMessages).where(eq(outboxMessages.to, english.email))
  expect(toEnglish!.subject).toContain('The first warm packs have arrived')
  expect(toEnglish!.subject).toContain(`One Foundation ${org.slug}`)
  expect(toEnglish!.text).toContain('Warm packs')
  expect(toEnglish!.text).not.toMatch(/首批|温暖包/)
  const [toChinese] = await db.select().from(outboxMessages).where(eq(outboxMessages.to, chinese.email))
  expect(toChinese!.subject).toBe(`${org.name}：首批温暖包已送达`)

  // The in-app notification keeps both; the digest picks the reader's.
  const [note] = await db.select().from(notifications).where(and(eq(notifications.updateId, id), eq(notifications.userId, english.id)))
  expect(updates.notificationValuesIn(note!.values, 'en')).toEqual({ title: 'The first warm packs have arrived', project: 'Warm packs' })
  expect(updates.notificationValuesIn(note!.values, 'zh-CN')).toEqual({ title: '首批温暖包已送达', project: project.title })
  expect(updates.notificationValuesIn({ title: '旧通知', project: '旧项目' }, 'en')).toEqual({ title: '旧通知', project: '旧项目' })
  await updates.sendUpdateDigests(db, new Date(Date.now() + 25 * 3600_000))
  const [digest] = await db.select().from(outboxMessages).where(eq(outboxMessages.to, englishDaily.email))
  expect(digest!.text).toContain('Warm packs: The first warm packs have arrived')
})

test('an update is editable for 24 hours, and every earlier version is kept', async () => {
  const { org, project } = await world()
  const author = await person('editor3')
  const id = await updates.postUpdate(db, { projectId: project.id, organizationId: org.id, authorId: author.id, title: 'Tpyo', body: 'first' })
  const [row] = await db.select().from((await import('~db/schema')).projectUpdates).where(eq((await import('~db/schema')).projectUpdates.id, id))
  const soon = new Date(row!.createdAt.getTime() + 3600_000)
  expect(await updates.editUpdate(db, { updateId: id, editorId: author.id, title: 'Typo', body: 'second', now: soon })).toEqual({ ok: true })
  expect(await updates.editUpdate(db, { updateId: id, editorId: author.id, title: 'Typo', body: 'third', now: new Date(row!.createdAt.getTime() + 25 * 3600_000) })).toEqual({ ok: false, reason: 'windowClosed' })
  const history = await db.select().from(updateRevisions).where(eq(updateRevisions.updateId, id))
  expect(history.map((h) => [h.title, h.body])).toEqual([['Tpyo', 'first']])
  const item = await updates.projectTimelineItem(db, id)
  expect(item).toMatchObject({ title: 'Typo' })
  expect(item!.bodyHtml).toContain('second')
  expect(item!.editedAt).toBeTruthy()
})

test('the feed pages through followed updates newest first by keyset, without gaps or repeats', async () => {
  const a = await world()
  const b = await world()
  const c = await world()
  const reader = await person('reader')
  const author = await person('poster')
  await db.insert(projectFollows).values({ projectId: a.project.id, userId: reader.id })
  await db.insert(organizationFollows).values({ organizationId: b.org.id, userId: reader.id })
  const expected: string[] = []
  for (let i = 0; i < 25; i++) {
    const w = [a, b, c][i % 3]!
    const id = await updates.postUpdate(db, { projectId: w.project.id, organizationId: w.org.id, authorId: author.id, title: `u${i}`, body: 'b' })
    if (w !== c) expected.unshift(id)
  }
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const page: Awaited<ReturnType<typeof updates.feedFor>> = await updates.feedFor(db, reader.id, updates.decodeCursor(cursor), 7)
    seen.push(...page.items.map((i) => i.id))
    cursor = page.next
  } while (cursor)
  // Same-millisecond posts are ordered by id within the timestamp; compare as sets plus order by time.
  expect(new Set(seen)).toEqual(new Set(expected))
  expect(seen).toHaveLength(expected.length)
  expect(updates.decodeCursor('garbage')).toBeUndefined()
})

test('a supporter video, once approved, shows what gifts through its own code raised', async () => {
  const { project } = await world()
  const fan = await person('fan')
  const admin = await person('admin')
  const [file] = await db.insert(media).values({ kind: 'video', storageKey: 'aa/bb/x.mp4', contentType: 'video/mp4', byteSize: 10, sha256: 'f'.repeat(64), status: 'ready', uploadedBy: fan.id }).returning()
  const id = await submitSupporterVideo(db, { projectId: project.id, userId: fan.id, title: '我去了现场', mediaId: file!.id })
  expect(await approvedSupporterVideos(db, project.id)).toEqual([])
  expect(await decideSupporterVideo(db, { id, adminId: admin.id, decision: 'approve', reason: null })).toBe(true)
  const [video] = await approvedSupporterVideos(db, project.id)
  expect(await resolveShareCode(db, project.id, video!.shareCode)).toBe(video!.shareCode)
  for (const amount of [5_000n, 2_000n]) {
    const { donation } = await createPendingDonation(db, { projectId: project.id, user: null, amount, frequency: 'one_time', isAnonymous: true, email: 'g@example.org', locale: 'zh-CN', attributionCode: video!.shareCode })
    await payGift(db, donation.id)
  }
  // A gift still pending counts for nothing.
  await createPendingDonation(db, { projectId: project.id, user: null, amount: 9_000n, frequency: 'one_time', isAnonymous: true, email: 'g@example.org', locale: 'zh-CN', attributionCode: video!.shareCode })
  const [after] = await approvedSupporterVideos(db, project.id)
  expect(after!.raised).toBe(7_000n)
  const [publicFile] = await db.select().from(media).where(eq(media.id, file!.id))
  expect(publicFile!.isPublic).toBe(true)
  const told = await db.select().from(notifications).where(eq(notifications.userId, fan.id))
  expect(told.map((n) => n.messageKey)).toEqual(['notify.videoApproved'])
  void jobs
})
