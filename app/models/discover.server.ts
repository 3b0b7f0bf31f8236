/**
 * The discover feed: filters and search over the ranked list, with the reader's first page picked
 * for their interests among the best-ranked (docs/fair-exposure.md), and impressions recorded.
 */
import type { Db } from '~db/client.server'
import type { ProjectCategory } from '~db/schema'
import { recordImpressions } from './exposure.server'
import { isUuid } from '~/utils/ids'
import type { Language } from '~/i18n/config'
import { daysLeft, discoverProjects, localizeCard, readerInterests, type DiscoverStatus } from './projects.server'
import { personalize, RANKING } from './ranking'

export interface FeedRequest {
  category?: ProjectCategory
  region?: string
  status: DiscoverStatus
  q?: string
  cursor?: string | null
  userId?: string | null
  pageSize?: number
  now?: Date
  /** The reader's language: cards show their content in it where it exists (ADR 0021). */
  language?: Language
}

export function encodeCursor(score: number, id: string) {
  return Buffer.from(JSON.stringify([score, id])).toString('base64url')
}

export function decodeCursor(value: string | null | undefined) {
  if (!value || value.length > 200) return undefined
  try {
    const [score, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [unknown, unknown]
    return typeof score === 'number' && Number.isFinite(score) && typeof id === 'string' && isUuid(id) ? { score, id } : undefined
  } catch {
    return undefined
  }
}

export async function discoverFeed(db: Db, request: FeedRequest) {
  const size = request.pageSize ?? RANKING.PAGE_SIZE
  const after = decodeCursor(request.cursor)
  const base = { category: request.category, region: request.region, status: request.status, q: request.q, after }
  // The first page of the fundraising feed is personal: the best-matching among the best-ranked.
  const interests = !after && request.status === 'fundraising' && request.userId ? await readerInterests(db, request.userId) : null
  const personal = interests !== null && (interests.categories.size > 0 || interests.regions.size > 0)
  const fetched = await discoverProjects(db, { ...base, limit: personal ? RANKING.POOL_SIZE : size + 1 })
  const page = personal ? personalize(fetched, interests, size) : fetched.slice(0, size)
  const last = personal ? fetched.at(-1) : page.at(-1)
  const hasMore = personal ? fetched.length === RANKING.POOL_SIZE : fetched.length > size
  if (request.status === 'fundraising') recordImpressions(page.map((p) => p.id))
  const today = request.now ?? new Date()
  return {
    projects: page.map((p) => ({ ...localizeCard(p, request.language ?? 'zh-CN'), daysLeft: daysLeft(p.endsOn, today) })),
    next: hasMore && last ? encodeCursor(last.rankScore, last.id) : null,
    personal,
  }
}
