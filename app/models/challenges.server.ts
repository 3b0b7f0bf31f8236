/**
 * Challenges (话题): an organisation or an admin opens one for a fundraising project with a brief;
 * signed-in supporters join by uploading a video tagged to it, reviewed like any supporter video.
 * The page gathers the approved videos, their plays, the money given through them and a leaderboard
 * of creators (docs/video.md).
 */
import { desc, eq, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { auditLog, challenges, organizations, projects } from '~db/schema'
import { raisedThroughVideos, videosOfChallenge } from './videos.server'
import type { ContentLanguage, Translations } from '~/content/localized'
import { cleanTranslations } from '~/content/translation-input'

export const CHALLENGE_SLUG = /^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$/

export interface ChallengeInput {
  projectId: string
  actorId: string
  /** The hashtag, without '#'. */
  tag: string
  title: string
  brief: string
  /** The language the title and brief are written in (the column's default when not said), and their other-language version (ADR 0021). */
  contentLanguage?: ContentLanguage
  translations?: Translations
  slug: string
  endsOn: string | null
}

export type OpenRefusal = 'slugTaken' | 'tagTaken' | 'projectNotFundraising'

/** Opens a challenge for a fundraising project; the actor's right to do so is the caller's check. */
export async function openChallenge(db: Db, input: ChallengeInput): Promise<{ ok: true; slug: string } | { ok: false; reason: OpenRefusal }> {
  const contentLanguage = input.contentLanguage ?? 'zh-CN'
  const translations = cleanTranslations('challenge', contentLanguage, input.translations)
  return db.transaction(async (tx) => {
    const [project] = await tx.select({ id: projects.id, status: projects.status, organizationId: projects.organizationId, title: projects.title }).from(projects).where(eq(projects.id, input.projectId))
    if (!project || project.status !== 'fundraising') return { ok: false, reason: 'projectNotFundraising' }
    // A hashtag names one open challenge on the platform: another organisation cannot borrow it.
    const tag = input.tag.normalize('NFKC').replace(/^#+/, '')
    const [taken] = await queryRows(tx, sql`select 1 from challenges where lower(tag) = lower(${tag}) and status = 'open' and coalesce(ends_on, 'infinity'::date) >= current_date`)
    if (taken) return { ok: false, reason: 'tagTaken' }
    const [row] = await tx
      .insert(challenges)
      .values({ slug: input.slug, tag, title: input.title, brief: input.brief, contentLanguage, translations, projectId: project.id, organizationId: project.organizationId, createdBy: input.actorId, endsOn: input.endsOn })
      .onConflictDoNothing({ target: challenges.slug })
      .returning({ id: challenges.id })
    if (!row) return { ok: false, reason: 'slugTaken' }
    await tx.insert(auditLog).values({ actorId: input.actorId, action: 'challenge.open', targetType: 'challenge', targetId: row.id, details: { tag: input.tag, project: project.title } })
    return { ok: true, slug: input.slug }
  })
}

/**
 * Ends a challenge before (or without) its end date: no new videos can join; its videos, plays and
 * leaderboard stay. The actor's right (the organisation's owner or editor, or an admin) is the
 * caller's check. Returns false when it was already closed.
 */
export async function closeChallenge(db: Db, input: { challengeId: string; actorId: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(challenges)
      .set({ status: 'closed' })
      .where(sql`${challenges.id} = ${input.challengeId} and ${challenges.status} = 'open'`)
      .returning({ id: challenges.id, tag: challenges.tag })
    if (!row) return false
    await tx.insert(auditLog).values({ actorId: input.actorId, action: 'challenge.close', targetType: 'challenge', targetId: row.id, details: { tag: row.tag } })
    return true
  })
}

export async function getChallenge(db: Db, slug: string) {
  const [row] = await db
    .select({
      challenge: challenges,
      project: { id: projects.id, slug: projects.slug, title: projects.title, contentLanguage: projects.contentLanguage, translations: projects.translations, status: projects.status, moderationStatus: projects.moderationStatus, currency: projects.currency },
      organization: { id: organizations.id, slug: organizations.slug, name: organizations.name, contentLanguage: organizations.contentLanguage, translations: organizations.translations, status: organizations.status },
    })
    .from(challenges)
    .innerJoin(projects, eq(projects.id, challenges.projectId))
    .innerJoin(organizations, eq(organizations.id, challenges.organizationId))
    .where(eq(challenges.slug, slug))
  return row ?? null
}

/** Whether supporters can still join: open, not past its end, on a fundraising project. */
export function isJoinable(challenge: { status: string; endsOn: string | null }, projectStatus: string, today = new Date()) {
  return challenge.status === 'open' && projectStatus === 'fundraising' && (!challenge.endsOn || challenge.endsOn >= today.toISOString().slice(0, 10))
}

export function challengesOfProject(db: Db, projectId: string) {
  return db
    .select({ slug: challenges.slug, tag: challenges.tag, title: challenges.title, contentLanguage: challenges.contentLanguage, translations: challenges.translations, status: challenges.status, endsOn: challenges.endsOn })
    .from(challenges)
    .where(eq(challenges.projectId, projectId))
    .orderBy(desc(challenges.createdAt))
}

export interface Leader {
  creatorId: string
  creator: string
  videos: number
  plays: number
  gifts: number
  raised: bigint
}

/**
 * The challenge page's numbers: its approved videos (most played first), total plays and money
 * given through them (net of refunds), and creators ranked by money raised, then plays.
 */
export async function challengeBoard(db: Db, challengeId: string) {
  const videos = await videosOfChallenge(db, challengeId)
  const raised = await raisedThroughVideos(
    db,
    videos.map((v) => v.shareCode),
  )
  const withMoney = videos.map((v) => ({ ...v, gifts: raised.get(v.shareCode)?.gifts ?? 0, raised: raised.get(v.shareCode)?.amount ?? 0n }))
  const leaders = new Map<string, Leader>()
  for (const v of withMoney) {
    if (!v.creatorId) continue
    const leader = leaders.get(v.creatorId) ?? { creatorId: v.creatorId, creator: v.creator ?? '', videos: 0, plays: 0, gifts: 0, raised: 0n }
    leader.videos += 1
    leader.plays += v.stats.plays
    leader.gifts += v.gifts
    leader.raised += v.raised
    leaders.set(v.creatorId, leader)
  }
  return {
    videos: withMoney.sort((a, b) => b.stats.plays - a.stats.plays || b.createdAt.getTime() - a.createdAt.getTime()),
    totals: {
      videos: withMoney.length,
      plays: withMoney.reduce((n, v) => n + v.stats.plays, 0),
      gifts: withMoney.reduce((n, v) => n + v.gifts, 0),
      raised: withMoney.reduce((n, v) => n + v.raised, 0n),
    },
    leaders: [...leaders.values()].sort((a, b) => (b.raised > a.raised ? 1 : b.raised < a.raised ? -1 : 0) || b.plays - a.plays || a.creator.localeCompare(b.creator)).slice(0, 20),
  }
}

/** Challenges still waiting for videos, for a project's page and the joining form. */
export async function openChallengeFor(db: Db, projectId: string, slug: string) {
  const [row] = await queryRows<{ id: string; tag: string; status: string; ends_on: string | null }>(
    db,
    sql`select id, tag, status::text, ends_on::text from challenges where project_id = ${projectId} and slug = ${slug}`,
  )
  return row ?? null
}
