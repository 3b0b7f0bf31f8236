/** What the watch pages hand the browser for each video (components/watch-feed.tsx). */
import type { WatchItemData } from '~/components/watch-feed'
import { followedAmong, raisedThroughVideos, type WatchVideo } from '~/models/videos.server'
import type { Db } from '~db/client.server'

export async function toWatchItems(db: Db, videos: WatchVideo[], options: { origin: string; userId: string | null }): Promise<WatchItemData[]> {
  const [raised, followed] = await Promise.all([
    raisedThroughVideos(
      db,
      videos.map((v) => v.shareCode),
    ),
    options.userId ? followedAmong(db, options.userId, [...new Set(videos.map((v) => v.project.id))]) : null,
  ])
  return videos.map((v) => {
    const shareUrl = `${options.origin}/watch/${v.id}`
    return {
      id: v.id,
      source: v.source,
      title: v.title,
      mediaId: v.mediaId,
      posterId: v.posterId,
      hls: v.hls,
      durationMs: v.durationMs,
      width: v.width,
      height: v.height,
      shareCode: v.shareCode,
      creator: v.creator,
      challenge: v.challenge,
      project: { slug: v.project.slug, title: v.project.title, currency: v.project.currency, goalAmount: v.project.goalAmount, raisedAmount: v.project.raisedAmount, acceptsDonations: v.project.acceptsDonations },
      organization: { slug: v.organization.slug, name: v.organization.name, verified: v.organization.verified },
      raised: raised.get(v.shareCode)?.amount ?? 0n,
      plays: v.stats.plays,
      shareUrl,
      following: followed ? followed.has(v.project.id) : null,
    }
  })
}
