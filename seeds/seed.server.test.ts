/**
 * The demo is full of real media (issue 21): every project has a cover and every public project
 * posts video updates — a ready vertical H.264/AAC video with its poster and a donation code of its
 * own — stored as uploads are. And the committed files are what the seed says they are, within the
 * repository's size budget.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { challenges, donations, expenses, media, notifications, projects, projectUpdates, shareLinks, users } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { getStorage } from '~/media/storage.server'
import { browserPlayable, probeVideo } from '~/media/video.server'
import { campaignBoard, campaignPhase, matchesForDonation } from '~/models/campaigns.server'
import { challengeBoard } from '~/models/challenges.server'
import { heldMatches } from '~/models/matching.server'
import { teamLeaderboard } from '~/models/teams.server'
import { participationsOf, participationTotals } from '~/models/participation.server'
import { checkBooks } from '~/ledger/check.server'
import { isMinor } from '~/utils/age'
import { projectTimeline } from '~/models/updates.server'
import { demoChallenge, demoChallengeVideos, demoGivingDay, demoProjects, demoVideoUpdates, type DemoVideoFile } from './demo-data'
import { seedDemo } from './seed.server'

const MEDIA = join(process.cwd(), 'seeds', 'media')
const VIDEOS = join(MEDIA, 'videos')
const probed = JSON.parse(readFileSync(join(VIDEOS, 'videos.json'), 'utf8')) as Record<string, DemoVideoFile>
const { db } = await setupTestDatabase()
const now = new Date('2026-11-30T08:00:00Z')
await seedDemo(db, { now })

test('every committed demo video passes the upload checks as videos.json describes it: H.264/AAC MP4, 540×960, 6–10 s, a poster', async () => {
  const files = [...demoVideoUpdates, ...demoChallengeVideos].map((v) => v.file)
  expect(Object.keys(probed).sort()).toEqual([...files].sort())
  for (const file of files) {
    const probe = await probeVideo(join(VIDEOS, file))
    if (!probe.ok) throw new Error(`${file}: ${probe.error}`)
    expect(browserPlayable('video/mp4', probe.info), file).toBe(true)
    expect(probe.info.audioCodec, file).toBe('aac')
    expect({ width: probe.info.width, height: probe.info.height }, file).toEqual({ width: 540, height: 960 })
    expect(probe.info.durationMs, file).toBeGreaterThanOrEqual(6_000)
    expect(probe.info.durationMs, file).toBeLessThanOrEqual(10_000)
    expect(probed[file], file).toEqual({ durationMs: probe.info.durationMs, width: 540, height: 960, poster: file.replace(/\.mp4$/, '.jpg') })
    // Faststart: the index (moov) comes before the media data (mdat), so playback starts at once.
    const head = readFileSync(join(VIDEOS, file)).subarray(0, 4096).toString('latin1')
    expect(head.indexOf('moov'), file).toBeGreaterThan(-1)
    expect(statSync(join(VIDEOS, probed[file]!.poster)).size).toBeGreaterThan(0)
  }
})

test('the committed demo media stay small: each video under 300 KB, each cover under 120 KB, all of it under 9 MB', () => {
  let total = 0
  for (const folder of readdirSync(MEDIA)) {
    for (const file of readdirSync(join(MEDIA, folder))) {
      const size = statSync(join(MEDIA, folder, file)).size
      total += size
      if (file.endsWith('.mp4')) expect(size, file).toBeLessThan(300 * 1024)
      if (folder === 'covers') expect(size, file).toBeLessThan(120 * 1024)
    }
  }
  expect(total).toBeLessThan(9 * 1024 * 1024)
})

test('every demo project has its cover, stored like an uploaded image', async () => {
  const rows = await db.select({ slug: projects.slug, cover: media }).from(projects).innerJoin(media, eq(media.id, projects.coverMediaId))
  expect(rows.map((r) => r.slug).sort()).toEqual(demoProjects.map((p) => p.slug).sort())
  for (const { slug, cover } of rows) {
    expect(cover, slug).toMatchObject({ kind: 'image', contentType: 'image/jpeg', status: 'ready', isPublic: true })
    expect(await getStorage().size(cover.storageKey), slug).toBe(cover.byteSize)
  }
})

test('every public project posts at least two video updates, each ready with its poster and a donation code of its own', async () => {
  const updates = await db.select().from(projectUpdates).where(inArray(projectUpdates.title, demoVideoUpdates.map((v) => v.title)))
  expect(updates).toHaveLength(demoVideoUpdates.length)
  for (const update of updates) {
    const demo = demoVideoUpdates.find((v) => v.title === update.title)!
    const [video] = await db.select().from(media).where(eq(media.id, update.videoMediaId!))
    const { poster: _, ...probe } = probed[demo.file]!
    expect(video, demo.file).toMatchObject({ kind: 'video', contentType: 'video/mp4', status: 'ready', isPublic: true, organizationId: update.organizationId, ...probe })
    expect(await getStorage().size(video!.storageKey), demo.file).toBe(video!.byteSize)
    const [poster] = await db.select().from(media).where(eq(media.id, video!.posterMediaId!))
    expect(poster, demo.file).toMatchObject({ kind: 'image', contentType: 'image/jpeg', status: 'ready', isPublic: true })
    // The attribution code, as when an organisation posts a video update.
    const [link] = await db.select().from(shareLinks).where(eq(shareLinks.code, update.shareCode!))
    expect(link, demo.file).toMatchObject({ projectId: update.projectId, videoId: update.id })
    // The spending it reports, linked: the project's own expenses, recorded before it.
    const linked = update.expenseIds.length ? await db.select().from(expenses).where(inArray(expenses.id, update.expenseIds)) : []
    expect(linked.map((e) => e.description), demo.file).toEqual(demo.expenses ?? [])
    for (const e of linked) expect(e.projectId === update.projectId && e.createdAt <= update.createdAt, demo.file).toBe(true)
  }
  const live = demoProjects.filter((p) => p.status === 'fundraising' || p.status === 'closed')
  for (const p of live) expect(demoVideoUpdates.filter((v) => v.project === p.slug).length, p.slug).toBeGreaterThanOrEqual(2)
  // Every other seeded video is a supporter's, made for the #点画成真 challenge.
  const videos = await db.select({ id: media.id }).from(media).where(eq(media.kind, 'video'))
  expect(videos).toHaveLength(demoVideoUpdates.length + demoChallengeVideos.length)
})

test('the #点画成真 challenge has its six creators’ approved videos, with plays and gifts through them', async () => {
  const [challenge] = await db.select().from(challenges).where(eq(challenges.slug, demoChallenge.slug))
  expect(challenge).toMatchObject({ tag: '点画成真', status: 'open' })
  const board = await challengeBoard(db, challenge!.id)
  expect(board.videos).toHaveLength(demoChallengeVideos.length)
  expect(board.videos.map((v) => v.creator).sort()).toEqual(demoChallengeVideos.map((v) => v.authorDisplayName).sort())
  expect(board.totals.plays).toBeGreaterThan(0)
  expect(board.totals.gifts).toBeGreaterThan(0)
  expect(board.totals.raised).toBeGreaterThan(0n)
  expect(board.leaders).toHaveLength(demoChallengeVideos.length)
})

test('a project page’s timeline plays its video updates, newest first, with poster and duration', async () => {
  const [lunch] = await db.select().from(projects).where(eq(projects.slug, 'free-lunch-draw-to-life'))
  const { items } = await projectTimeline(db, lunch!.id, undefined, 20)
  const withVideo = items.filter((i) => i.video)
  expect(withVideo.map((i) => i.title)).toEqual(
    demoVideoUpdates
      .filter((v) => v.project === 'free-lunch-draw-to-life')
      .sort((a, b) => a.daysAgo - b.daysAgo)
      .map((v) => v.title),
  )
  for (const item of withVideo) expect(item.video).toMatchObject({ status: 'ready', width: 540, height: 960, posterId: expect.any(String), durationMs: expect.any(Number) })
  expect(withVideo.every((i) => i.shareCode)).toBe(true)
})

test('a giving day is running: two sponsors’ pools, five projects, gifts matched through the real money path, one match held for review', async () => {
  const board = (await campaignBoard(db, demoGivingDay.slug))!
  expect(board.campaign.status).toBe('live')
  expect(campaignPhase(board.campaign, now)).toBe('running')
  expect(board.pools.map((p) => p.sponsor).sort()).toEqual(demoGivingDay.pools.map((p) => p.sponsor).sort())
  expect(board.projects.map((p) => p.slug).sort()).toEqual([...demoGivingDay.projects].sort())
  // 腾讯: half of each gift, at most ¥100 a gift (one held); 快手: ¥20 on each donor's first gift to a project in its first twelve hours.
  const tencent = board.pools.find((p) => p.sponsor === '腾讯公益慈善基金会')
  const kuaishou = board.pools.find((p) => p.sponsor === '快手科技公益基金')
  expect(tencent).toMatchObject({ paid: 62_650n, matchedGifts: 11 })
  expect(kuaishou).toMatchObject({ paid: 16_000n, matchedGifts: 8 })
  expect(board.matched).toBe(78_650n)
  expect(board.held).toBe(5_000n)
  expect(tencent!.remaining).toBe(tencent!.total - 62_650n - 5_000n)
  const held = await heldMatches(db)
  expect(held).toHaveLength(1)
  expect(held[0]).toMatchObject({ sponsor: '腾讯公益慈善基金会', match: { reason: 'donor_in_organisation', amount: 5_000n } })
  // The demo donor's receipt says what the sponsors added.
  const [donor] = await db.select().from(users).where(eq(users.email, 'donor@sunlight.demo'))
  const [first] = await db.select().from(donations).where(and(eq(donations.userId, donor!.id), eq(donations.amount, 10_000n), sql`${donations.succeededAt} > ${board.campaign.startsAt.toISOString()}::timestamptz`))
  // Pools are taken in id order (random ids): compare as sets.
  const bySponsor = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]))
  expect((await matchesForDonation(db, first!.id)).map((m) => [m.sponsor, m.amount, m.status]).sort(bySponsor)).toEqual(
    [
      ['腾讯公益慈善基金会', 5_000n, 'paid'],
      ['快手科技公益基金', 2_000n, 'paid'],
    ].sort(bySponsor),
  )
})

test('two teams give together on the giving day: their gifts credited through the webhook, one team past its goal and its starter told once', async () => {
  const board = (await campaignBoard(db, demoGivingDay.slug))!
  const teams = await teamLeaderboard(db, board.campaign.id)
  expect(teams.map((t) => [t.name, t.raised, t.goal, t.members])).toEqual([
    ['二郎庙校友会', 120_000n, 100_000n, 2],
    ['流浪毛孩子小分队', 13_000n, 50_000n, 1],
  ])
  const [donor] = await db.select().from(users).where(eq(users.email, 'donor@sunlight.demo'))
  const told = await db.select().from(notifications).where(and(eq(notifications.userId, donor!.id), eq(notifications.messageKey, 'notify.teamGoal')))
  expect(told.map((n) => n.values.team)).toEqual(['二郎庙校友会'])
  // The demo donor's matched gifts on the giving day were announced to them, one notification per paid match.
  const matched = await db.select().from(notifications).where(and(eq(notifications.userId, donor!.id), eq(notifications.messageKey, 'notify.matched')))
  expect(matched.length).toBeGreaterThanOrEqual(2)
  expect(new Set(matched.map((n) => n.dedupeKey)).size).toBe(matched.length)
})

test('the giving day has a participation pool, and demo accounts (the under-18 one among them) earned sponsor gifts through the verified path; the books agree', async () => {
  const board = (await campaignBoard(db, demoGivingDay.slug))!
  const [pool] = await participationTotals(db, board.campaign.id)
  const spec = demoGivingDay.participation
  expect(pool).toMatchObject({ sponsor: spec.sponsor, amountPerAction: 10n, actionsPaid: spec.earned.length, people: 2, paid: BigInt(spec.earned.length) * 10n })
  expect(pool!.remaining).toBe(pool!.total - pool!.paid)
  const [minor] = await db.select().from(users).where(eq(users.email, 'minor@sunlight.demo'))
  expect(isMinor(minor!.birthDate, now)).toBe(true)
  const earned = await participationsOf(db, { userId: minor!.id })
  expect(earned.map((e) => e.action).sort()).toEqual(['read_disclosure', 'watch_update', 'watch_update'])
  expect(await checkBooks(db)).toEqual([])
})

test('every seeded organisation, project, budget line, update and challenge is written in Chinese and carries an English version', async () => {
  const { organizations, budgetLines } = await import('~db/schema')
  const orgs = await db.select({ slug: organizations.slug, contentLanguage: organizations.contentLanguage, translations: organizations.translations, regionCode: organizations.regionCode }).from(organizations)
  const rows = [
    ...orgs.map((o) => ({ what: `organisation ${o.slug}`, ...o, first: 'name', fields: ['name', 'description'] })),
    ...(await db.select({ slug: projects.slug, contentLanguage: projects.contentLanguage, translations: projects.translations }).from(projects)).map((p) => ({ what: `project ${p.slug}`, ...p, fields: ['title', 'summary', 'story'] })),
    ...(await db.select({ id: budgetLines.id, contentLanguage: budgetLines.contentLanguage, translations: budgetLines.translations }).from(budgetLines)).map((b) => ({ what: `budget line ${b.id}`, ...b, fields: ['label'] })),
    ...(await db.select({ id: projectUpdates.id, contentLanguage: projectUpdates.contentLanguage, translations: projectUpdates.translations }).from(projectUpdates)).map((u) => ({ what: `update ${u.id}`, ...u, fields: ['title', 'body'] })),
    ...(await db.select({ id: challenges.id, contentLanguage: challenges.contentLanguage, translations: challenges.translations }).from(challenges)).map((c) => ({ what: `challenge ${c.id}`, ...c, fields: ['title', 'brief'] })),
  ]
  expect(rows.length).toBeGreaterThan(demoProjects.length * 3)
  for (const row of rows) {
    expect(row.contentLanguage, row.what).toBe('zh-CN')
    // English through and through (the challenge's tag stays the one people type).
    const en = (row.translations as Record<string, Record<string, string>>).en ?? {}
    for (const field of row.fields) expect((en[field] ?? '').replace('#点画成真', ''), `${row.what}: ${field}`).toMatch(/^[\x20-\x7e\n’—–…·×]+$/)
    // Within the forms' limits, so an organisation can save its English version back unchanged.
    if (row.what.startsWith('project ')) {
      expect([...(en.title ?? '')].length, `${row.what}: title`).toBeLessThanOrEqual(80)
      expect([...(en.summary ?? '')].length, `${row.what}: summary`).toBeLessThanOrEqual(200)
    }
  }
  // The giving day and its sponsors have English names too.
  const { campaigns, sponsorPools, participationPools } = await import('~db/schema')
  for (const c of await db.select().from(campaigns)) expect((c.translations as { en?: { title?: string } }).en?.title, c.slug).toMatch(/Giving Day/)
  for (const p of [...(await db.select().from(sponsorPools)), ...(await db.select().from(participationPools))]) expect((p.translations as { en?: { sponsorName?: string } }).en?.sponsorName, p.sponsorName).toBeTruthy()
  // Organisations' regions are data too: 凉山 is a city of Sichuan.
  expect(orgs.find((o) => o.slug === 'mawei-troupe')!.regionCode).toBe('513400')
})
