/**
 * Videos by supporters and creators for a fundraising project. They wait for an admin's review;
 * once approved they appear on the project page with what donations through their own attribution
 * code have raised (net of refunds).
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { auditLog, media, notifications, projects, shareLinks, supporterVideos, users } from '~db/schema'
import { newVideoCode } from './updates.server'

export async function submitSupporterVideo(db: Db, input: { projectId: string; userId: string; title: string; mediaId: string; challengeId?: string | null }) {
  return db.transaction(async (tx) => {
    const code = newVideoCode()
    const [row] = await tx.insert(supporterVideos).values({ projectId: input.projectId, userId: input.userId, title: input.title, mediaId: input.mediaId, shareCode: code, challengeId: input.challengeId ?? null }).returning({ id: supporterVideos.id })
    await tx.insert(shareLinks).values({ code, projectId: input.projectId, userId: input.userId, videoId: row!.id })
    return row!.id
  })
}

/** What the gifts through a code have raised, net of refunds. */
const raisedThrough = (code: typeof supporterVideos.shareCode) =>
  sql<bigint>`coalesce((select sum(d.amount - d.refunded_amount) from donations d
    where d.attribution_code = ${code} and d.status in ('succeeded', 'partially_refunded', 'disputed')), 0)::bigint`.mapWith((v) => BigInt(v as string))

export function approvedSupporterVideos(db: Db, projectId: string, limit = 12) {
  return db
    .select({
      id: supporterVideos.id,
      title: supporterVideos.title,
      shareCode: supporterVideos.shareCode,
      author: users.displayName,
      mediaId: media.id,
      status: media.status,
      rejection: media.rejectionReason,
      posterId: media.posterMediaId,
      durationMs: media.durationMs,
      width: media.width,
      height: media.height,
      hlsStatus: media.hlsStatus,
      raised: raisedThrough(supporterVideos.shareCode),
    })
    .from(supporterVideos)
    .innerJoin(media, eq(media.id, supporterVideos.mediaId))
    .leftJoin(users, eq(users.id, supporterVideos.userId))
    .where(and(eq(supporterVideos.projectId, projectId), eq(supporterVideos.status, 'approved'), sql`${media.hiddenAt} is null`))
    .orderBy(desc(supporterVideos.createdAt))
    .limit(limit)
}

export function pendingSupporterVideos(db: Db, limit = 50) {
  return db
    .select({
      id: supporterVideos.id,
      title: supporterVideos.title,
      createdAt: supporterVideos.createdAt,
      author: users.displayName,
      projectSlug: projects.slug,
      projectTitle: projects.title,
      mediaId: media.id,
      mediaStatus: media.status,
      rejection: media.rejectionReason,
      posterId: media.posterMediaId,
      durationMs: media.durationMs,
      width: media.width,
      height: media.height,
      hlsStatus: media.hlsStatus,
    })
    .from(supporterVideos)
    .innerJoin(projects, eq(projects.id, supporterVideos.projectId))
    .innerJoin(media, eq(media.id, supporterVideos.mediaId))
    .leftJoin(users, eq(users.id, supporterVideos.userId))
    .where(eq(supporterVideos.status, 'pending'))
    .orderBy(asc(supporterVideos.createdAt))
    .limit(limit)
}

export type VideoDecision = 'approve' | 'reject'

/** An admin's review: approval makes the video and its poster public; either way the author is told. */
export async function decideSupporterVideo(db: Db, input: { id: string; adminId: string; decision: VideoDecision; reason: string | null; now?: Date }) {
  const now = input.now ?? new Date()
  return db.transaction(async (tx) => {
    const [video] = await tx.select().from(supporterVideos).where(eq(supporterVideos.id, input.id)).for('update')
    if (!video || video.status !== 'pending') return false
    const [file] = await tx.select().from(media).where(eq(media.id, video.mediaId))
    // A video still being processed (or refused by processing) cannot be approved yet.
    if (input.decision === 'approve' && file?.status !== 'ready') return false
    await tx
      .update(supporterVideos)
      .set({ status: input.decision === 'approve' ? 'approved' : 'rejected', reviewedBy: input.adminId, reviewedAt: now, rejectionReason: input.reason })
      .where(eq(supporterVideos.id, video.id))
    if (input.decision === 'approve' && file) {
      await tx.update(media).set({ isPublic: true }).where(eq(media.id, file.id))
      if (file.posterMediaId) await tx.update(media).set({ isPublic: true }).where(eq(media.id, file.posterMediaId))
    }
    const [project] = await tx.select({ slug: projects.slug, title: projects.title }).from(projects).where(eq(projects.id, video.projectId))
    await tx.insert(auditLog).values({ actorId: input.adminId, action: `supporterVideo.${input.decision}`, targetType: 'supporter_video', targetId: video.id, reason: input.reason, details: { project: project?.title }, createdAt: now })
    if (video.userId) {
      await tx.insert(notifications).values({
        userId: video.userId,
        messageKey: input.decision === 'approve' ? 'notify.videoApproved' : 'notify.videoRejected',
        values: { title: video.title, reason: input.reason ?? '' },
        link: `/projects/${project?.slug ?? ''}`,
      })
    }
    return true
  })
}
