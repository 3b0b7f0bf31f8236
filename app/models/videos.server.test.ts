import { eq, inArray, sql } from 'drizzle-orm'
import { beforeEach, expect, test } from 'vitest'
import type { Db } from '~db/client.server'
import { media, organizations, projectFollows, projects, supporterVideos, users, videoStats } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { seedDemo } from '~seeds/seed.server'
import { RANKING } from './ranking'
import { submitSupporterVideo } from './supporter-videos.server'
import { postUpdate } from './updates.server'
import { flushVideoCounts, getVideo, pendingVideoCounts, recordVideoEvent, refreshVideoRanks, VIDEO_RULES, videoNumbersFor, watchFeed } from './videos.server'

const { db } = await setupTestDatabase()
const now = new Date('2026-11-23T08:00:00Z')
await seedDemo(db, { now })
const fundraising = await db.select({ id: projects.id, organizationId: projects.organizationId, category: projects.category }).from(projects).where(eq(projects.status, 'fundraising'))
const [donor] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'donor@sunlight.demo'))
const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'owner@freelunch.demo'))

async function readyVideo(tx: Db, organizationId: string | null, isPublic = true) {
  const [row] = await tx
    .insert(media)
    .values({ kind: 'video', storageKey: `te/st/${crypto.randomUUID()}.mp4`, contentType: 'video/mp4', byteSize: 1000, sha256: 'x', isPublic, organizationId, status: 'ready', durationMs: 8000, width: 540, height: 960 })
    .returning({ id: media.id })
  return row!.id
}

/** One update video on each of the first `n` fundraising projects. */
async function updateVideos(n: number) {
  const ids: string[] = []
  for (const p of fundraising.slice(0, n)) {
    const mediaId = await readyVideo(db, p.organizationId)
    ids.push(await postUpdate(db, { projectId: p.id, organizationId: p.organizationId, authorId: owner!.id, title: `Video on ${p.id}`, body: 'Lunch arrived.', videoMediaId: mediaId }))
  }
  return ids
}

const [video, other] = await updateVideos(2)
const at = (ms: number) => new Date(now.getTime() + ms)
const base = { network: 'net-1', watchedMs: 0 }

beforeEach(async () => {
  await db.execute(sql`delete from video_views`)
  await db.execute(sql`delete from video_stats`)
  await flushVideoCounts(db)
  await db.execute(sql`delete from video_stats`)
})

test('a play counts once the viewer has watched 3 s after the video was shown, once per viewer per day', async () => {
  const viewer = 'b:browser-one'
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'play', watchedMs: 5000, now: at(0) })).toBe('refused')
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'impression', now: at(0) })).toBe('counted')
  // Too early: the impression was 1 s ago, whatever the player claims.
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'play', watchedMs: 3000, now: at(1000) })).toBe('refused')
  // Long enough since the impression, but not watched for 3 s.
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'play', watchedMs: 2999, now: at(4000) })).toBe('refused')
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'play', watchedMs: 3000, now: at(4000) })).toBe('counted')
  // Reloads, replays and a second tab on the same day: repeats.
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'impression', now: at(60_000) })).toBe('repeat')
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'play', watchedMs: 9000, now: at(70_000) })).toBe('repeat')
  // The next day counts again.
  const tomorrow = 86_400_000
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'impression', now: at(tomorrow) })).toBe('counted')
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'play', watchedMs: 3500, now: at(tomorrow + 3500) })).toBe('counted')
  expect(pendingVideoCounts().get(video!)).toEqual([2, 2, 0, 0])
})

test('a completion needs a play; a share needs the video to have been shown', async () => {
  const viewer = 'u:someone'
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'share', now: at(0) })).toBe('refused')
  await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'impression', now: at(0) })
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'complete', watchedMs: 8000, now: at(8000) })).toBe('refused')
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'play', watchedMs: 3000, now: at(3000) })).toBe('counted')
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'complete', watchedMs: 8000, now: at(8000) })).toBe('counted')
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'complete', watchedMs: 16000, now: at(16000) })).toBe('repeat')
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'share', now: at(17000) })).toBe('counted')
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer, event: 'share', now: at(18000) })).toBe('repeat')
})

test('fresh browsers from one network count up to the cap a day; accounts are not capped', async () => {
  const outcomes = []
  for (let i = 0; i < VIDEO_RULES.PER_NETWORK + 3; i++) outcomes.push(await recordVideoEvent(db, { ...base, videoId: video!, viewer: `b:cleared-cookies-${i}`, event: 'impression', now: at(i) }))
  expect(outcomes.filter((o) => o === 'counted')).toHaveLength(VIDEO_RULES.PER_NETWORK)
  expect(outcomes.slice(VIDEO_RULES.PER_NETWORK).every((o) => o === 'refused')).toBe(true)
  // Another network, or a signed-in viewer on the same one, still counts.
  expect(await recordVideoEvent(db, { ...base, network: 'net-2', videoId: video!, viewer: 'b:elsewhere', event: 'impression', now: at(0) })).toBe('counted')
  expect(await recordVideoEvent(db, { ...base, videoId: video!, viewer: 'u:member', event: 'impression', now: at(0) })).toBe('counted')
})

test('events about a video that is not public count nothing', async () => {
  const [pending] = fundraising
  const mediaId = await readyVideo(db, null, false)
  const waiting = await submitSupporterVideo(db, { projectId: pending!.id, userId: donor!.id, title: 'Waiting for review', mediaId })
  expect(await recordVideoEvent(db, { ...base, videoId: waiting, viewer: 'u:x', event: 'impression', now: at(0) })).toBe('refused')
  expect(await recordVideoEvent(db, { ...base, videoId: crypto.randomUUID(), viewer: 'u:x', event: 'impression', now: at(0) })).toBe('refused')
  expect(await getVideo(db, waiting)).toBeNull()
})

test('counted events reach video_stats in one flush, exactly once', async () => {
  await recordVideoEvent(db, { ...base, videoId: video!, viewer: 'u:a', event: 'impression', now: at(0) })
  await recordVideoEvent(db, { ...base, videoId: video!, viewer: 'u:a', event: 'play', watchedMs: 3000, now: at(3000) })
  await recordVideoEvent(db, { ...base, videoId: other!, viewer: 'u:a', event: 'impression', now: at(0) })
  expect(await flushVideoCounts(db)).toBe(2)
  expect(await flushVideoCounts(db)).toBe(0)
  const rows = await db.select().from(videoStats).where(inArray(videoStats.videoId, [video!, other!]))
  const byId = Object.fromEntries(rows.map((r) => [r.videoId, [r.impressions, r.plays, r.completions, r.shares]]))
  expect(byId).toEqual({ [video!]: [1, 1, 0, 0], [other!]: [1, 0, 0, 0] })
  expect((await getVideo(db, video!))!.stats.plays).toBe(1)
})

test('the feed orders videos by fair exposure: an unseen video comes before a much-shown one; the head is capped', async () => {
  const more = await updateVideos(fundraising.length)
  const all = [...new Set([video!, other!, ...more])]
  // One video has been shown far more than the others.
  await db.insert(videoStats).values(all.map((id, i) => ({ videoId: id, impressions: i === 0 ? 100_000 : 50 }))).onConflictDoUpdate({ target: videoStats.videoId, set: { impressions: sql`excluded.impressions` } })
  const result = await refreshVideoRanks(db, now)
  // The demo's own videos are ranked with them.
  expect(result.videos).toBeGreaterThanOrEqual(all.length)
  const feed = await watchFeed(db, { size: 100 })
  expect(feed.videos.map((v) => v.id)).not.toContain(undefined)
  expect(feed.videos.at(-1)!.id).toBe(all[0])
  const [head] = await db.select({ rankScore: videoStats.rankScore }).from(videoStats).where(eq(videoStats.videoId, all[0]!))
  // Damped by the head cap (the top 10% hold far more than 27% of impressions).
  expect(head!.rankScore).toBeLessThan(1e-3)
  expect(RANKING.HEAD_CAP).toBeLessThan(0.3)
  expect((await refreshVideoRanks(db, now)).changed).toBe(0)
})

test('a signed-in reader sees videos of the causes they follow first; videos of non-public projects never', async () => {
  await updateVideos(fundraising.length)
  // Every video equally shown, so only the reader's interest tells them apart.
  await db.execute(sql`insert into video_stats (video_id, impressions)
    select id, 50 from project_updates where video_media_id is not null
    union all select id, 50 from supporter_videos
    on conflict (video_id) do update set impressions = 50`)
  await refreshVideoRanks(db, now)
  const target = fundraising.find((p) => p.category !== fundraising[0]!.category) ?? fundraising.at(-1)!
  // A reader with no gifts whose one follow says what they care about.
  const [reader] = await db.insert(users).values({ email: `reader-${crypto.randomUUID()}@example.org`, displayName: 'reader', passwordHash: 'x', birthDate: '1990-01-01' }).returning({ id: users.id })
  await db.insert(projectFollows).values({ projectId: target.id, userId: reader!.id })
  const personal = await watchFeed(db, { userId: reader!.id, size: 3 })
  expect(personal.videos[0]!.project.category).toBe(target.category)
  // A suspended organisation's videos leave the feed.
  const [org] = await db.select().from(organizations).where(eq(organizations.id, target.organizationId))
  await db.update(organizations).set({ status: 'suspended' }).where(eq(organizations.id, org!.id))
  const after = await watchFeed(db, { size: 200 })
  expect(after.videos.some((v) => v.organization.id === org!.id)).toBe(false)
  await db.update(organizations).set({ status: org!.status }).where(eq(organizations.id, org!.id))
})

test('numbers for the people behind videos: a creator sees only their own, an organisation only its projects’', async () => {
  const [p] = fundraising
  const mediaId = await readyVideo(db, null)
  const mine = await submitSupporterVideo(db, { projectId: p!.id, userId: donor!.id, title: 'My drawing', mediaId })
  await db.update(supporterVideos).set({ status: 'approved' }).where(eq(supporterVideos.id, mine))
  const donorRows = await videoNumbersFor(db, { userId: donor!.id })
  expect(donorRows.map((r) => r.id)).toContain(mine)
  expect(donorRows.every((r) => r.source === 'supporter')).toBe(true)
  expect((await videoNumbersFor(db, { userId: owner!.id })).map((r) => r.id)).not.toContain(mine)
  const orgRows = await videoNumbersFor(db, { organizationId: p!.organizationId })
  expect(orgRows.map((r) => r.id)).toContain(mine)
  const elsewhere = fundraising.find((f) => f.organizationId !== p!.organizationId)
  if (elsewhere) expect((await videoNumbersFor(db, { organizationId: elsewhere.organizationId })).map((r) => r.id)).not.toContain(mine)
})
