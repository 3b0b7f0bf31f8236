/** What the watch pages hand the browser for each video (components/watch-feed.tsx). */
import type { WatchItemData } from '~/components/watch-feed'
import { localize } from '~/content/localized'
import type { Language } from '~/i18n/config'
import { followedAmong, raisedThroughVideos, type WatchVideo } from '~/models/videos.server'
import type { Db } from '~db/client.server'

export async function toWatchItems(db: Db, videos: WatchVideo[], options: { origin: string; userId: string | null; language: Language }): Promise<WatchItemData[]> {
  const [raised, followed] = await Promise.all([
    raisedThroughVideos(
      db,
      videos.map((v) => v.shareCode),
    ),
    options.userId ? followedAmong(db, options.userId, [...new Set(videos.map((v) => v.project.id))]) : null,
  ])
  return videos.map((v) => {
    const shareUrl = `${options.origin}/watch/${v.id}`
    // An update's title in the reader's language where the organisation wrote one (ADR 0021); a
    // supporter's video is in whatever language its maker wrote, with no other version.
    const title = v.source === 'update' ? localize({ title: v.title, contentLanguage: v.contentLanguage, translations: v.translations }, ['title'], options.language) : null
    const project = localize({ title: v.project.title, contentLanguage: v.project.contentLanguage, translations: v.project.translations }, ['title'], options.language)
    const organization = localize({ name: v.organization.name, contentLanguage: v.organization.contentLanguage, translations: v.organization.translations }, ['name'], options.language)
    return {
      id: v.id,
      source: v.source,
      title: title?.title ?? v.title,
      lang: title?.shownLanguage ?? null,
      mediaId: v.mediaId,
      posterId: v.posterId,
      hls: v.hls,
      durationMs: v.durationMs,
      width: v.width,
      height: v.height,
      shareCode: v.shareCode,
      creator: v.creator,
      challenge: v.challenge,
      project: { slug: v.project.slug, title: project.title, lang: project.shownLanguage, currency: v.project.currency, goalAmount: v.project.goalAmount, raisedAmount: v.project.raisedAmount, acceptsDonations: v.project.acceptsDonations },
      organization: { slug: v.organization.slug, name: organization.name, lang: organization.shownLanguage, verified: v.organization.verified },
      raised: raised.get(v.shareCode)?.amount ?? 0n,
      plays: v.stats.plays,
      shareUrl,
      following: followed ? followed.has(v.project.id) : null,
    }
  })
}
