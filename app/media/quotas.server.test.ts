/**
 * Upload quotas: a donor shares at most 3 videos a day, a project takes at most 30 a day, an account
 * uploads at most 30 files or 3 GiB a day; over a quota the route answers 429 with a message and a
 * Retry-After, without reading the body. Yesterday's uploads do not count.
 */
import { expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { media, organizations, projects, supporterVideos } = await import('~db/schema')
const { createUser } = await import('~/models/users.server')
const { startSession } = await import('~/utils/session.server')
const { checkUploadQuota, QUOTAS } = await import('./quotas.server')
const route = await import('~/routes/projects.$slug_.videos.new')

const [org] = await db.insert(organizations).values({ slug: 'q-org', name: 'Q', uscc: '980000000000000001', region: '北京', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
const [project] = await db
  .insert(projects)
  .values({ slug: 'q-project', organizationId: org!.id, title: 'Q', summary: 's', category: 'education', region: '北京', goalAmount: 100_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising', publishedAt: new Date() })
  .returning()
const person = (name: string) => createUser(db, { email: `${name}@example.org`, displayName: name, password: 'a long test passphrase', birthDate: '1990-01-01', locale: 'en' })

async function videos(userId: string | null, n: number, at = new Date()) {
  for (let i = 0; i < n; i++) {
    const [m] = await db.insert(media).values({ kind: 'video', storageKey: `q/${crypto.randomUUID()}.mp4`, contentType: 'video/mp4', byteSize: 1_000, sha256: crypto.randomUUID(), uploadedBy: userId, createdAt: at }).returning()
    await db.insert(supporterVideos).values({ projectId: project!.id, userId, title: 'v', mediaId: m!.id, shareCode: crypto.randomUUID().slice(0, 8), createdAt: at })
  }
}

test('a donor shares 3 videos a day; yesterday’s do not count; the route answers 429 without reading the body', async () => {
  const donor = await person('sharer')
  await videos(donor.id, 5, new Date(Date.now() - 25 * 3600_000))
  expect(await checkUploadQuota(db, { userId: donor.id, incomingBytes: 1_000, supporterVideoFor: project!.id })).toBeNull()
  await videos(donor.id, QUOTAS.supporterVideosPerAccountPerDay)
  expect(await checkUploadQuota(db, { userId: donor.id, incomingBytes: 1_000, supporterVideoFor: project!.id })).toMatchObject({ key: 'uploadQuota.accountVideos' })

  const cookie = (await startSession(db, new Request('http://localhost/'), donor.id)).split(';')[0]!
  let bodyRead = false
  // highWaterMark 0: nothing is pulled until someone reads.
  const body = new ReadableStream(
    {
      pull() {
        bodyRead = true
        throw new Error('the body must not be read')
      },
    },
    { highWaterMark: 0 },
  )
  const request = new Request(`http://localhost/projects/${project!.slug}/videos/new`, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(400 * 1024 * 1024) },
    body,
    duplex: 'half',
  } as RequestInit)
  const result = (await route.action({ request, params: { slug: project!.slug }, context: {} })) as { init: { status: number; headers: Record<string, string> }; data: { errors: { form: string[] } } }
  expect(result.init.status).toBe(429)
  expect(Number(result.init.headers['Retry-After'])).toBeGreaterThan(0)
  expect(result.data.errors.form).toEqual(['uploadQuota.accountVideos'])
  expect(bodyRead).toBe(false)
})

test('a project takes 30 supporter videos a day, from everyone together', async () => {
  const crowd = await Promise.all(Array.from({ length: 10 }, (_, i) => person(`crowd${i}`)))
  for (const member of crowd) await videos(member.id, 3)
  const late = await person('late')
  expect(await checkUploadQuota(db, { userId: late.id, incomingBytes: 1_000, supporterVideoFor: project!.id })).toMatchObject({ key: 'uploadQuota.projectVideos' })
})

test('an account uploads at most 30 files or 3 GiB a day', async () => {
  const editor = await person('busy-editor')
  await db.insert(media).values({ kind: 'video', storageKey: 'q/big.mp4', contentType: 'video/mp4', byteSize: Math.round(2.9 * 1024 ** 3), sha256: 'big', uploadedBy: editor.id })
  expect(await checkUploadQuota(db, { userId: editor.id, incomingBytes: 50 * 1024 ** 2 })).toBeNull()
  expect(await checkUploadQuota(db, { userId: editor.id, incomingBytes: 200 * 1024 ** 2 })).toMatchObject({ key: 'uploadQuota.account' })
  const other = await person('many-files')
  await db.insert(media).values(Array.from({ length: QUOTAS.accountFilesPerDay }, (_, i) => ({ kind: 'image' as const, storageKey: `q/${i}.png`, contentType: 'image/png', byteSize: 10, sha256: `f${i}`, uploadedBy: other.id })))
  expect(await checkUploadQuota(db, { userId: other.id, incomingBytes: 10 })).toMatchObject({ key: 'uploadQuota.account' })
})
