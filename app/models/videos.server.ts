/**
 * Videos as the way people meet projects (docs/video.md): the /watch feed in fair-exposure order,
 * one video's page, and honest attention counts.
 *
 * A video is an organisation's update with a video or an approved supporter video; its id is the
 * update's or the supporter video's id, the same id its attribution code names (share_links.video_id),
 * so "raised through this video" is the gifts that carry that code.
 *
 * Counting: each of impression, play, completion and share counts once per viewer per video per day
 * (a `video_views` row); a play needs an impression at least 3 s earlier and 3 s watched; a
 * completion needs a play; a browser without our cookie, a bot, or too many fresh browsers from one
 * network count nothing. Counts are added to `video_stats` in batches (like discover's impressions):
 * a crash loses at most one interval of counts, never a viewer's row.
 */
import { createHmac } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { daysLeft, readerInterests } from './projects.server'
import { personalize, rankAll, VIDEO_FEED } from './ranking'

export const VIDEO_RULES = {
  /** A play counts once the viewer has watched this long. */
  PLAY_MS: 3_000,
  /** Distinct browsers without an account counted per network (/24 or /48) per video per day. */
  PER_NETWORK: 8,
  /** The feed ranks this many videos and serves them a page at a time. */
  ...VIDEO_FEED,
  /** Days a viewer's rows are kept to tell repeats apart. */
  KEEP_DAYS: 2,
} as const

export type VideoEvent = 'impression' | 'play' | 'complete' | 'share'
export const VIDEO_EVENTS: readonly VideoEvent[] = ['impression', 'play', 'complete', 'share']

// ── The videos: one source of truth for "which videos are public" ──────────────────────────────

/** Every public video: published updates with a ready video and approved supporter videos. */
const PUBLIC_VIDEOS = sql`(
  select u.id, 'update'::text as source, u.project_id, u.title, u.video_media_id as media_id, u.share_code, u.created_at,
         null::uuid as challenge_id, null::uuid as creator_id, u.author_id as poster_id,
         u.content_language, u.translations
    from project_updates u
   where u.status = 'published' and u.video_media_id is not null and u.share_code is not null
  union all
  select s.id, 'supporter'::text, s.project_id, s.title, s.media_id, s.share_code, s.created_at, s.challenge_id, s.user_id, s.user_id,
         null::text, '{}'::jsonb
    from supporter_videos s
   where s.status = 'approved'
)`

/** What the raw rows of VIDEO_COLUMNS look like. */
interface VideoRow extends Record<string, unknown> {
  id: string
  source: 'update' | 'supporter'
  title: string
  content_language: string | null
  translations: unknown
  media_id: string
  share_code: string
  created_at: Date | string
  poster_media_id: string | null
  duration_ms: number | null
  width: number | null
  height: number | null
  hls: boolean | null
  creator: string | null
  creator_id: string | null
  challenge_slug: string | null
  challenge_tag: string | null
  project_id: string
  project_slug: string
  project_title: string
  project_content_language: string
  project_translations: unknown
  project_status: string
  category: string
  region: string
  currency: string
  goal_amount: string
  raised_amount: string
  organization_id: string
  organization_slug: string
  organization_name: string
  organization_content_language: string
  organization_translations: unknown
  organization_status: string
  impressions: string | number | null
  plays: string | number | null
  completions: string | number | null
  shares: string | number | null
  rank_score: number | null
}

const VIDEO_COLUMNS = sql`v.id, v.source, v.title, v.content_language, v.translations, v.media_id, v.share_code, v.created_at, v.creator_id,
  m.poster_media_id, m.duration_ms, m.width, m.height, m.hls_status = 'ready' as hls, cu.display_name as creator,
  c.slug as challenge_slug, c.tag as challenge_tag,
  p.id as project_id, p.slug as project_slug, p.title as project_title, p.content_language as project_content_language, p.translations as project_translations, p.status as project_status, p.category, p.region, p.currency,
  p.goal_amount::text, p.raised_amount::text,
  o.id as organization_id, o.slug as organization_slug, o.name as organization_name, o.content_language as organization_content_language, o.translations as organization_translations, o.status as organization_status,
  st.impressions, st.plays, st.completions, st.shares, st.rank_score`

const VIDEO_JOINS = sql`from ${PUBLIC_VIDEOS} v
  join media m on m.id = v.media_id and m.status = 'ready' and m.is_public and m.hidden_at is null
  join projects p on p.id = v.project_id and p.moderation_status = 'visible' and p.status in ('fundraising', 'closed', 'completed')
  join organizations o on o.id = p.organization_id and o.status = 'approved'
  left join users cu on cu.id = v.creator_id
  left join challenges c on c.id = v.challenge_id
  left join video_stats st on st.video_id = v.id`

export interface WatchVideo {
  id: string
  source: 'update' | 'supporter'
  title: string
  /** An update's language and its version in the other one (ADR 0021); a supporter's video has neither (null, {}). */
  contentLanguage: string | null
  translations: unknown
  mediaId: string
  posterId: string | null
  durationMs: number | null
  width: number | null
  height: number | null
  /** Packaged as HLS (media/hls.server.ts): streamed adaptively; the MP4 otherwise. */
  hls: boolean
  shareCode: string
  createdAt: Date
  creator: string | null
  creatorId: string | null
  challenge: { slug: string; tag: string } | null
  project: { id: string; slug: string; title: string; contentLanguage: string; translations: unknown; category: string; region: string; currency: string; goalAmount: bigint; raisedAmount: bigint; acceptsDonations: boolean }
  organization: { id: string; slug: string; name: string; contentLanguage: string; translations: unknown; verified: boolean }
  stats: { impressions: number; plays: number; completions: number; shares: number }
  rankScore: number
}

function toVideo(r: VideoRow): WatchVideo {
  return {
    id: r.id,
    source: r.source,
    title: r.title,
    contentLanguage: r.content_language,
    translations: r.translations ?? {},
    mediaId: r.media_id,
    posterId: r.poster_media_id,
    durationMs: r.duration_ms,
    width: r.width,
    height: r.height,
    hls: r.hls === true,
    shareCode: r.share_code,
    createdAt: new Date(r.created_at),
    creator: r.creator,
    creatorId: r.creator_id,
    challenge: r.challenge_slug ? { slug: r.challenge_slug, tag: r.challenge_tag ?? '' } : null,
    project: {
      id: r.project_id,
      slug: r.project_slug,
      title: r.project_title,
      contentLanguage: r.project_content_language,
      translations: r.project_translations ?? {},
      category: r.category,
      region: r.region,
      currency: r.currency,
      goalAmount: BigInt(r.goal_amount),
      raisedAmount: BigInt(r.raised_amount),
      acceptsDonations: r.project_status === 'fundraising',
    },
    organization: {
      id: r.organization_id,
      slug: r.organization_slug,
      name: r.organization_name,
      contentLanguage: r.organization_content_language,
      translations: r.organization_translations ?? {},
      verified: r.organization_status === 'approved',
    },
    stats: { impressions: Number(r.impressions ?? 0), plays: Number(r.plays ?? 0), completions: Number(r.completions ?? 0), shares: Number(r.shares ?? 0) },
    rankScore: r.rank_score ?? 0,
  }
}

/** One public video, or null (not found, not approved, hidden, or its project not public). */
export async function getVideo(db: Db, id: string) {
  const [row] = await queryRows<VideoRow>(db, sql`select ${VIDEO_COLUMNS} ${VIDEO_JOINS} where v.id = ${id}`)
  return row ? toVideo(row) : null
}

/** What gifts through each video's own code have raised, net of refunds, and how many. */
export async function raisedThroughVideos(db: Db, codes: readonly string[]) {
  const raised = new Map<string, { amount: bigint; gifts: number }>()
  if (codes.length === 0) return raised
  const rows = await queryRows<{ code: string; amount: string; gifts: number }>(
    db,
    sql`select d.attribution_code as code, coalesce(sum(d.amount - d.refunded_amount), 0)::text as amount, count(*)::int as gifts
          from donations d
         where d.attribution_code in (select unnest(${`{${codes.join(',')}}`}::text[]))
           and d.status in ('succeeded', 'partially_refunded', 'disputed')
         group by d.attribution_code`,
  )
  for (const r of rows) raised.set(r.code, { amount: BigInt(r.amount), gifts: Number(r.gifts) })
  return raised
}

/**
 * A page of the feed: the POOL_SIZE best-ranked videos of fundraising projects, for a signed-in
 * reader ordered by rank × interest (categories and regions they follow or gave to), then served
 * `size` at a time from the offset `from` (`next` is the offset to ask for next, or null). Anonymous readers get the ranked order as is, so the page can be cached.
 */
export async function watchFeed(db: Db, { userId = null, from = 0, size = VIDEO_RULES.PAGE_SIZE }: { userId?: string | null; from?: number; size?: number } = {}) {
  const [rows, interests] = await Promise.all([
    queryRows<VideoRow>(
      db,
      sql`select ${VIDEO_COLUMNS} ${VIDEO_JOINS}
           where p.status = 'fundraising'
           order by coalesce(st.rank_score, 0) desc, v.id desc
           limit ${VIDEO_RULES.POOL_SIZE}`,
    ),
    userId ? readerInterests(db, userId) : null,
  ])
  const pool = rows.map(toVideo).map((v) => ({ ...v, category: v.project.category, region: v.project.region }))
  const ordered = personalize(pool, interests, pool.length)
  const start = Math.max(0, from)
  const videos = ordered.slice(start, start + size)
  return { videos, next: start + size < ordered.length ? start + size : null }
}

/** The videos of one project (update videos and approved supporter videos), newest first. */
export async function videosOfProject(db: Db, projectId: string, limit = 24) {
  const rows = await queryRows<VideoRow>(db, sql`select ${VIDEO_COLUMNS} ${VIDEO_JOINS} where p.id = ${projectId} order by v.created_at desc, v.id desc limit ${limit}`)
  return rows.map(toVideo)
}

/** A challenge's approved videos. */
export async function videosOfChallenge(db: Db, challengeId: string, limit = 200) {
  const rows = await queryRows<VideoRow>(db, sql`select ${VIDEO_COLUMNS} ${VIDEO_JOINS} where v.challenge_id = ${challengeId} order by v.created_at desc, v.id desc limit ${limit}`)
  return rows.map(toVideo)
}

// ── Counting attention ─────────────────────────────────────────────────────────────────────────

type Counts = [impressions: number, plays: number, completions: number, shares: number]
const pending = new Map<string, Counts>()
const SLOT: Record<VideoEvent, number> = { impression: 0, play: 1, complete: 2, share: 3 }

function add(videoId: string, event: VideoEvent) {
  const counts = pending.get(videoId) ?? [0, 0, 0, 0]
  counts[SLOT[event]]! += 1
  pending.set(videoId, counts)
}

/** A per-day keyed hash of the viewer's network: repeats are capped without keeping addresses. */
export function networkKey(network: string | null, day: string, secret: string) {
  return createHmac('sha256', secret)
    .update(`${day}|${network ?? 'unknown'}`)
    .digest('base64url')
    .slice(0, 16)
}

export interface VideoEventInput {
  videoId: string
  event: VideoEvent
  /** 'u:<user id>' for an account, 'b:<cookie>' for a browser. */
  viewer: string
  /** From networkKey. */
  network: string
  /** How long the viewer has watched, as their player reports it. */
  watchedMs: number
  now?: Date
}

export type EventOutcome = 'counted' | 'repeat' | 'refused'

/**
 * Records one event; 'counted' when it adds to the video's numbers. Idempotent per viewer, video,
 * event and day: a reload, a replay or a second tab is a 'repeat'.
 */
export async function recordVideoEvent(db: Db, input: VideoEventInput): Promise<EventOutcome> {
  const now = input.now ?? new Date()
  const day = now.toISOString().slice(0, 10)
  // Raw SQL parameters go to the driver as they are: timestamps as ISO text (postgres.js refuses a Date here).
  const at = sql`${now.toISOString()}::timestamptz`
  let counted: boolean
  if (input.event === 'impression') {
    // Fresh browsers from one network count up to PER_NETWORK a day; accounts always count once.
    const capped = input.viewer.startsWith('b:')
      ? sql`and (select count(*) from video_views n where n.video_id = ${input.videoId} and n.day = ${day} and n.network = ${input.network}) < ${VIDEO_RULES.PER_NETWORK}`
      : sql``
    const rows = await queryRows(
      db,
      sql`insert into video_views (video_id, viewer, day, network, seen_at)
          select ${input.videoId}, ${input.viewer}, ${day}, ${input.network}, ${at}
           where exists (select 1 from ${PUBLIC_VIDEOS} v where v.id = ${input.videoId}) ${capped}
          on conflict do nothing
          returning 1`,
    )
    counted = rows.length > 0
    if (!counted) {
      const [seen] = await queryRows(db, sql`select 1 from video_views where video_id = ${input.videoId} and viewer = ${input.viewer} and day = ${day}`)
      if (!seen) return 'refused'
    }
  } else {
    if (input.event !== 'share' && input.watchedMs < VIDEO_RULES.PLAY_MS) return 'refused'
    const column = { play: sql`played_at`, complete: sql`completed_at`, share: sql`shared_at` }[input.event]
    // A play needs the impression 3 s before; a completion needs the play.
    const condition = {
      play: sql`seen_at <= ${new Date(now.getTime() - VIDEO_RULES.PLAY_MS).toISOString()}::timestamptz`,
      complete: sql`played_at is not null`,
      share: sql`true`,
    }[input.event]
    const rows = await queryRows(
      db,
      sql`update video_views set ${column} = ${at}
           where video_id = ${input.videoId} and viewer = ${input.viewer} and day = ${day} and ${column} is null and ${condition}
          returning 1`,
    )
    counted = rows.length > 0
    if (!counted) {
      const [seen] = await queryRows<{ done: boolean }>(db, sql`select ${column} is not null as done from video_views where video_id = ${input.videoId} and viewer = ${input.viewer} and day = ${day}`)
      if (!seen?.done) return 'refused'
    }
  }
  if (counted) add(input.videoId, input.event)
  return counted ? 'counted' : 'repeat'
}

export function pendingVideoCounts() {
  return new Map([...pending].map(([id, counts]) => [id, [...counts] as Counts]))
}

/** Adds the counted events to video_stats in one statement; the counts are kept if it fails. */
export async function flushVideoCounts(db: Db) {
  if (pending.size === 0) return 0
  const batch = [...pending.entries()]
  pending.clear()
  const column = (i: number) => `{${batch.map(([, c]) => c[i]).join(',')}}`
  try {
    await db.execute(sql`
      insert into video_stats as s (video_id, impressions, plays, completions, shares)
      select * from unnest(${`{${batch.map(([id]) => id).join(',')}}`}::uuid[], ${column(0)}::bigint[], ${column(1)}::bigint[], ${column(2)}::bigint[], ${column(3)}::bigint[])
      on conflict (video_id) do update set impressions = s.impressions + excluded.impressions, plays = s.plays + excluded.plays,
        completions = s.completions + excluded.completions, shares = s.shares + excluded.shares`)
    return batch.length
  } catch (error) {
    for (const [id, counts] of batch) {
      const kept = pending.get(id) ?? [0, 0, 0, 0]
      pending.set(id, kept.map((n, i) => n + counts[i]!) as Counts)
    }
    throw error
  }
}

export async function pruneVideoViews(db: Db, now = new Date()) {
  const before = new Date(now.getTime() - VIDEO_RULES.KEEP_DAYS * 86_400_000).toISOString().slice(0, 10)
  await db.execute(sql`delete from video_views where day < ${before}`)
}

/**
 * The feed's order: the same fair-exposure computation as discover (rankAll: floor, head cap) over
 * the videos of fundraising projects, with a video's impressions and the gifts through it; written
 * back for the rows whose score moved.
 */
export async function refreshVideoRanks(db: Db, now = new Date()) {
  const rows = await queryRows<{ id: string; share_code: string; impressions: string | number | null; rank_score: number | null; ends_on: string; goal_amount: string; raised_amount: string }>(
    db,
    sql`select v.id, v.share_code, st.impressions, st.rank_score, p.ends_on::text, p.goal_amount::text, p.raised_amount::text
          ${VIDEO_JOINS}
         where p.status = 'fundraising'`,
  )
  const raised = await raisedThroughVideos(
    db,
    rows.map((r) => r.share_code),
  )
  const scores = rankAll(
    rows.map((r) => ({
      id: r.id,
      impressions: Number(r.impressions ?? 0),
      donationCount: raised.get(r.share_code)?.gifts ?? 0,
      daysLeft: daysLeft(r.ends_on, now),
      progress: Number((BigInt(r.raised_amount) * 1000n) / BigInt(r.goal_amount)) / 1000,
    })),
  )
  const changed = rows.filter((r) => r.rank_score === null || Math.abs(scores.get(r.id)! - r.rank_score) > 1e-12 * Math.max(1, Math.abs(r.rank_score)))
  for (let i = 0; i < changed.length; i += 5000) {
    const chunk = changed.slice(i, i + 5000)
    await db.execute(sql`
      insert into video_stats as s (video_id, rank_score)
      select * from unnest(${`{${chunk.map((r) => r.id).join(',')}}`}::uuid[], ${`{${chunk.map((r) => scores.get(r.id)!).join(',')}}`}::float8[])
      on conflict (video_id) do update set rank_score = excluded.rank_score`)
  }
  return { videos: rows.length, changed: changed.length }
}

// ── Numbers for the people who post ───────────────────────────────────────────────────────────

export interface VideoNumbers {
  id: string
  title: string
  source: 'update' | 'supporter'
  status: string
  projectSlug: string
  projectTitle: string
  currency: string
  impressions: number
  plays: number
  completions: number
  shares: number
  gifts: number
  raised: bigint
}

/**
 * Each video's numbers for the people behind it: a creator's own supporter videos (`userId`), or
 * every video on an organisation's projects (`organizationId`, for its members). Any status, so a
 * video waiting for review is listed too.
 */
export async function videoNumbersFor(db: Db, owner: { userId: string } | { organizationId: string } | { videoId: string }): Promise<VideoNumbers[]> {
  const rows = await queryRows<{ id: string; title: string; source: 'update' | 'supporter'; status: string; project_slug: string; project_title: string; currency: string; share_code: string; impressions: string | null; plays: string | null; completions: string | null; shares: string | null }>(
    db,
    sql`select x.*, p.slug as project_slug, p.title as project_title, p.currency, st.impressions, st.plays, st.completions, st.shares
          from (
            select s.id, s.title, 'supporter'::text as source, s.status::text, s.project_id, s.share_code, s.created_at, s.user_id from supporter_videos s
            union all
            select u.id, u.title, 'update'::text, u.status::text, u.project_id, u.share_code, u.created_at, null::uuid from project_updates u where u.video_media_id is not null and u.share_code is not null
          ) x
          join projects p on p.id = x.project_id
          left join video_stats st on st.video_id = x.id
         where ${'userId' in owner ? sql`x.source = 'supporter' and x.user_id = ${owner.userId}` : 'videoId' in owner ? sql`x.id = ${owner.videoId}` : sql`p.organization_id = ${owner.organizationId}`}
         order by x.created_at desc, x.id desc
         limit 200`,
  )
  const raised = await raisedThroughVideos(
    db,
    rows.map((r) => r.share_code),
  )
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    source: r.source,
    status: r.status,
    projectSlug: r.project_slug,
    projectTitle: r.project_title,
    currency: r.currency,
    impressions: Number(r.impressions ?? 0),
    plays: Number(r.plays ?? 0),
    completions: Number(r.completions ?? 0),
    shares: Number(r.shares ?? 0),
    gifts: raised.get(r.share_code)?.gifts ?? 0,
    raised: raised.get(r.share_code)?.amount ?? 0n,
  }))
}

/** Which of `projectIds` the user follows. */
export async function followedAmong(db: Db, userId: string, projectIds: readonly string[]) {
  if (projectIds.length === 0) return new Set<string>()
  const rows = await queryRows<{ project_id: string }>(
    db,
    sql`select project_id from project_follows where user_id = ${userId} and project_id in (select unnest(${`{${projectIds.join(',')}}`}::uuid[]))`,
  )
  return new Set(rows.map((r) => r.project_id))
}

/** One video's numbers, for its page (shown to its creator, its organisation and admins). */
export async function videoNumbersOf(db: Db, videoId: string) {
  const [row] = await videoNumbersFor(db, { videoId })
  return row ?? null
}
