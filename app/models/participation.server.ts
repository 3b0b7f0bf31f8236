/**
 * Sponsor-funded participation (issue 22; docs/decisions/0019-sponsor-funded-participation.md): a
 * sponsor's participation pool pays a fixed amount to a project for each qualifying action of a
 * signed-in person — watching an update's video to its end, reading the project's spending
 * disclosure — so that people who cannot pay (minors among them) still give. Each paid action is a
 * `participations` row and a `sponsor_gift` ledger entry posted through the one writer, in one
 * transaction, under the pool's row lock:
 *
 * - lock order as on every money path: the project's money, then the pools (id order, FOR UPDATE);
 * - one per person, action and item in a campaign (UNIQUE), a daily cap per person per pool, and the
 *   pool's total, which the database refuses to exceed (CHECK) — never over-spent, whatever the
 *   concurrency;
 * - what qualifies is decided by the server's own records and clock, never by the client's word:
 *   a completion recorded by /watch/events at least the video's length after its impression, a
 *   disclosure page whose signed opening time is long enough ago.
 *
 * A refusal changes nothing and says why (`ParticipationRefusal`). Organisation members are refused
 * for their own projects (the same 套捐 the matching holds guard against).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { auditLog, campaigns, participationPools, participations, projects, shareLinks, type participationActions } from '~db/schema'
import { lockProjectMoney, post } from '~/ledger/post.server'
import { installationSecret } from '~/utils/installation-secrets.server'
import { chinaDay } from './matching-rules'
import { localize, type Translations } from '~/content/localized'
import type { Language } from '~/i18n/config'
import { VIDEO_RULES } from './videos.server'

export type ParticipationAction = (typeof participationActions)[number]
export type ParticipationPool = typeof participationPools.$inferSelect

export const PARTICIPATION_RULES = {
  /** A video counts as watched to its end when its completion came at least its length, less this, after its impression. */
  VIDEO_SLACK_MS: 1_000,
  /** A disclosure counts as read when its page was opened at least this long ago (by the server's clock). */
  READ_MS: 20_000,
  /** …and not longer ago than this (the signed opening time expires). */
  READ_MAX_MS: 2 * 3_600_000,
} as const

export type ParticipationRefusal =
  | 'noOffer'
  | 'notWatched'
  | 'notRead'
  | 'alreadyEarned'
  | 'dailyCap'
  | 'poolExhausted'
  | 'ownOrganisation'
  | 'unknownItem'
  | 'ownShare'
  | 'visitorCounted'

export class ParticipationPoolRefused extends Error {
  override name = 'ParticipationPoolRefused'
  constructor(readonly reason: 'unknownCampaign' | 'campaignClosed' | 'outsideCampaign' | 'notWholeActions' | 'notFound' | 'belowPaid' | 'perActionLocked' | 'alreadyEnded') {
    super(`participation pool refused: ${reason}`)
  }
}

/** A participation pool on a campaign (admins; seeds). Like matching pools, its terms are fixed once it exists. */
export async function addParticipationPool(
  db: Db,
  input: {
    adminId: string
    campaignId: string
    sponsorName: string
    /** The sponsor's name in the campaign's other language. */
    translations?: Translations<'sponsorName'>
    currency?: string
    totalAmount: bigint
    amountPerAction: bigint
    actions: readonly ParticipationAction[]
    capPerPersonDay: number
    startsAt?: Date
    endsAt?: Date
  },
) {
  return db.transaction(async (tx) => {
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, input.campaignId)).for('update')
    if (!campaign) throw new ParticipationPoolRefused('unknownCampaign')
    if (campaign.status === 'closed') throw new ParticipationPoolRefused('campaignClosed')
    const startsAt = input.startsAt ?? campaign.startsAt
    const endsAt = input.endsAt ?? campaign.endsAt
    if (startsAt < campaign.startsAt || endsAt > campaign.endsAt) throw new ParticipationPoolRefused('outsideCampaign')
    if (input.amountPerAction <= 0n || input.totalAmount <= 0n || input.totalAmount % input.amountPerAction !== 0n) throw new ParticipationPoolRefused('notWholeActions')
    const [pool] = await tx
      .insert(participationPools)
      .values({
        campaignId: campaign.id,
        sponsorName: input.sponsorName,
        translations: input.translations ?? {},
        currency: input.currency ?? 'CNY',
        totalAmount: input.totalAmount,
        amountPerAction: input.amountPerAction,
        actions: [...input.actions],
        capPerPersonDay: input.capPerPersonDay,
        startsAt,
        endsAt,
        createdBy: input.adminId,
      })
      .returning()
    await tx.insert(auditLog).values({
      actorId: input.adminId,
      action: 'campaign.participation_pool.add',
      targetType: 'campaign',
      targetId: campaign.id,
      details: { poolId: pool!.id, sponsor: input.sponsorName, total: input.totalAmount.toString(), perAction: input.amountPerAction.toString(), actions: [...input.actions] },
    })
    return pool!
  })
}

/**
 * An admin edits a participation pool of a campaign (scoped by both ids): its sponsor's name, the
 * actions it pays for, the daily cap per person, its budget (never below what it already paid, and a
 * whole number of actions) and its window (inside the campaign's). What one action pays is fixed once
 * an action was paid (people were told that amount). Audited with what it was and what it became.
 */
export async function updateParticipationPool(
  db: Db,
  input: {
    adminId: string
    campaignId: string
    poolId: string
    sponsorName: string
    /** The sponsor's name in the campaign's other language (left as it was when not given). */
    translations?: Translations<'sponsorName'>
    totalAmount: bigint
    amountPerAction: bigint
    actions: readonly ParticipationAction[]
    capPerPersonDay: number
    startsAt?: Date | null
    endsAt?: Date | null
  },
) {
  return db.transaction(async (tx) => {
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, input.campaignId)).for('update')
    if (!campaign) throw new ParticipationPoolRefused('unknownCampaign')
    if (campaign.status === 'closed') throw new ParticipationPoolRefused('campaignClosed')
    const [pool] = await tx
      .select()
      .from(participationPools)
      .where(and(eq(participationPools.id, input.poolId), eq(participationPools.campaignId, campaign.id)))
      .for('update')
    if (!pool) throw new ParticipationPoolRefused('notFound')
    const startsAt = input.startsAt ?? pool.startsAt
    const endsAt = input.endsAt ?? pool.endsAt
    if (startsAt < campaign.startsAt || endsAt > campaign.endsAt || endsAt <= startsAt) throw new ParticipationPoolRefused('outsideCampaign')
    if (input.amountPerAction !== pool.amountPerAction && pool.committedAmount > 0n) throw new ParticipationPoolRefused('perActionLocked')
    if (input.amountPerAction <= 0n || input.totalAmount <= 0n || input.totalAmount % input.amountPerAction !== 0n) throw new ParticipationPoolRefused('notWholeActions')
    if (input.totalAmount < pool.committedAmount) throw new ParticipationPoolRefused('belowPaid')
    const [updated] = await tx
      .update(participationPools)
      .set({ sponsorName: input.sponsorName, ...(input.translations ? { translations: input.translations } : {}), totalAmount: input.totalAmount, amountPerAction: input.amountPerAction, actions: [...input.actions], capPerPersonDay: input.capPerPersonDay, startsAt, endsAt })
      .where(eq(participationPools.id, pool.id))
      .returning()
    const shape = (p: typeof pool) => ({ sponsor: p.sponsorName, sponsorTranslations: p.translations, total: p.totalAmount.toString(), perAction: p.amountPerAction.toString(), actions: p.actions, capPerPersonDay: p.capPerPersonDay, startsAt: p.startsAt.toISOString(), endsAt: p.endsAt.toISOString() })
    await tx.insert(auditLog).values({ actorId: input.adminId, action: 'campaign.participation_pool.edit', targetType: 'campaign', targetId: campaign.id, details: { poolId: pool.id, before: shape(pool), after: shape(updated!) } })
    return updated!
  })
}

/** An admin closes a participation pool now: its window ends, it pays for nothing more. Audited. */
export async function closeParticipationPool(db: Db, input: { adminId: string; campaignId: string; poolId: string; now?: Date }) {
  const now = input.now ?? new Date()
  return db.transaction(async (tx) => {
    const [pool] = await tx
      .select()
      .from(participationPools)
      .where(and(eq(participationPools.id, input.poolId), eq(participationPools.campaignId, input.campaignId)))
      .for('update')
    if (!pool) throw new ParticipationPoolRefused('notFound')
    if (pool.endsAt <= now) throw new ParticipationPoolRefused('alreadyEnded')
    // A pool not started yet ends where it starts: the window stays ordered (ends after it starts).
    const endsAt = now > pool.startsAt ? now : new Date(pool.startsAt.getTime() + 1)
    await tx.update(participationPools).set({ endsAt }).where(eq(participationPools.id, pool.id))
    await tx.insert(auditLog).values({ actorId: input.adminId, action: 'campaign.participation_pool.close', targetType: 'campaign', targetId: input.campaignId, details: { poolId: pool.id, sponsor: pool.sponsorName, endedAt: endsAt.toISOString(), paid: pool.committedAmount.toString() } })
    return { ...pool, endsAt }
  })
}

/** The project an item belongs to, if the item is public: an update with a video, or a project. */
async function projectOfItem(db: Db, action: ParticipationAction, itemId: string) {
  const rows =
    action === 'watch_update'
      ? await queryRows<{ project_id: string }>(
          db,
          sql`select u.project_id from project_updates u where u.id = ${itemId} and u.status = 'published' and u.video_media_id is not null`,
        )
      : await queryRows<{ project_id: string }>(db, sql`select p.id as project_id from projects p where p.id = ${itemId}`)
  return rows[0]?.project_id ?? null
}

/** Pools of running campaigns that pay for `action` on this project now (the project approved in the campaign and open to gifts). */
function openPools(input: { projectId: string; action: ParticipationAction; now: Date }) {
  const at = input.now.toISOString()
  return sql`select pp.id from participation_pools pp
               join campaigns c on c.id = pp.campaign_id and c.status = 'live'
               join campaign_projects cp on cp.campaign_id = c.id and cp.project_id = ${input.projectId} and cp.status = 'approved'
               join projects p on p.id = cp.project_id and p.status = 'fundraising' and p.moderation_status = 'visible' and trim(p.currency) = trim(pp.currency)
               join organizations o on o.id = p.organization_id and o.status = 'approved'
              where ${input.action}::participation_action = any(pp.actions)
                and (${at}::timestamptz >= c.starts_at and ${at}::timestamptz < c.ends_at)
                and (${at}::timestamptz >= pp.starts_at and ${at}::timestamptz < pp.ends_at)`
}

export interface Offer {
  poolId: string
  sponsor: string
  amount: bigint
  currency: string
  campaign: { slug: string; title: string }
}

export interface OfferState {
  /** The pool that would pay next, or null when none is open (or all are spent). */
  offer: Offer | null
  /** What this person already earned for this item (null when nothing, or signed out). */
  earned: { amount: bigint; sponsor: string } | null
}

/**
 * What a page shows about an item: the offer ("watch to the end and <sponsor> gives ¥0.10"), and
 * whether the person already earned it. Signed-out people see the offer (and are asked to sign in).
 */
export async function offerFor(db: Db, input: { userId: string | null; action: ParticipationAction; itemId: string; now?: Date; language?: Language }): Promise<OfferState> {
  const now = input.now ?? new Date()
  const projectId = await projectOfItem(db, input.action, input.itemId)
  if (!projectId) return { offer: null, earned: null }
  // Names in the reader's language where the admins wrote one (ADR 0021); the campaign's language is its sponsors'.
  const named = (row: { sponsor: string; translations: unknown; content_language: string; campaign_translations?: unknown; title?: string }) =>
    input.language ? localize({ sponsorName: row.sponsor, contentLanguage: row.content_language, translations: row.translations }, ['sponsorName'], input.language).sponsorName : row.sponsor
  const [pool] = await queryRows<{ id: string; sponsor: string; translations: unknown; content_language: string; campaign_translations: unknown; amount: string; currency: string; slug: string; title: string }>(
    db,
    sql`select pp.id, pp.sponsor_name as sponsor, pp.translations, c.content_language, c.translations as campaign_translations, pp.amount_per_action::text as amount, trim(pp.currency) as currency, c.slug, c.title
          from participation_pools pp join campaigns c on c.id = pp.campaign_id
         where pp.id in (${openPools({ projectId, action: input.action, now })}) and pp.total_amount - pp.committed_amount >= pp.amount_per_action
         order by pp.id limit 1`,
  )
  let earned: OfferState['earned'] = null
  if (input.userId) {
    const [row] = await queryRows<{ amount: string; sponsor: string; translations: unknown; content_language: string }>(
      db,
      sql`select x.amount::text, pp.sponsor_name as sponsor, pp.translations, c.content_language
            from participations x join participation_pools pp on pp.id = x.pool_id join campaigns c on c.id = pp.campaign_id
           where x.user_id = ${input.userId} and x.action = ${input.action} and x.item_id = ${input.itemId}
           order by x.id desc limit 1`,
    )
    if (row) earned = { amount: BigInt(row.amount), sponsor: named(row) }
  }
  return {
    offer: pool
      ? {
          poolId: pool.id,
          sponsor: named(pool),
          amount: BigInt(pool.amount),
          currency: pool.currency,
          campaign: { slug: pool.slug, title: input.language ? localize({ title: pool.title, contentLanguage: pool.content_language, translations: pool.campaign_translations }, ['title'], input.language).title : pool.title },
        }
      : null,
    earned,
  }
}

// ── Evidence: what the server itself saw ────────────────────────────────────────────────────────

/** The person's completion of the update's video, at least the video's length after its impression (server clock). */
async function watchedToTheEnd(db: Db, input: { userId: string; updateId: string }) {
  const [row] = await queryRows<{ ok: boolean }>(
    db,
    sql`select true as ok
          from video_views v
          join project_updates u on u.id = v.video_id
          join media m on m.id = u.video_media_id
         where v.video_id = ${input.updateId} and v.viewer = ${`u:${input.userId}`}
           and v.played_at is not null and v.completed_at is not null
           and extract(epoch from (v.completed_at - v.seen_at)) * 1000 >= greatest(${VIDEO_RULES.PLAY_MS}, coalesce(m.duration_ms, 0) - ${PARTICIPATION_RULES.VIDEO_SLACK_MS})
         limit 1`,
  )
  return Boolean(row?.ok)
}

/**
 * A signed note of when this person opened this project's disclosure page (the server's time), put
 * in the page; sent back after READ_MS, it proves the page was opened that long ago by this account.
 */
export async function readingToken(db: Db, input: { userId: string; projectId: string; now?: Date }) {
  const at = (input.now ?? new Date()).getTime()
  const secret = await installationSecret(db, 'participation_reading_key')
  const mac = createHmac('sha256', secret).update(`${input.userId}|${input.projectId}|${at}`).digest('base64url')
  return `${at}.${mac}`
}

async function readLongEnough(db: Db, input: { userId: string; projectId: string; token: string; now: Date }) {
  const match = /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(input.token)
  if (!match) return false
  const at = Number(match[1])
  const secret = await installationSecret(db, 'participation_reading_key')
  const expected = createHmac('sha256', secret).update(`${input.userId}|${input.projectId}|${at}`).digest()
  const given = Buffer.from(match[2]!, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false
  const elapsed = input.now.getTime() - at
  return elapsed >= PARTICIPATION_RULES.READ_MS && elapsed <= PARTICIPATION_RULES.READ_MAX_MS
}

// ── Earning ─────────────────────────────────────────────────────────────────────────────────────

export type EarnOutcome =
  | { status: 'earned'; participationId: bigint; amount: bigint; currency: string; sponsor: string; projectId: string; sponsorIn: (language: Language) => string }
  | { status: 'refused'; reason: ParticipationRefusal }

/**
 * Pays for one qualifying action of a signed-in person (the caller has the account; guests never
 * reach here), or says why not — and then nothing changed.
 */
export async function earnSponsorGift(
  db: Db,
  input: { userId: string; action: ParticipationAction; itemId: string; readingToken?: string | null; now?: Date },
): Promise<EarnOutcome> {
  const now = input.now ?? new Date()
  const refuse = (reason: ParticipationRefusal): EarnOutcome => ({ status: 'refused', reason })
  const projectId = await projectOfItem(db, input.action, input.itemId)
  if (!projectId) return refuse('unknownItem')
  const [member] = await queryRows(
    db,
    sql`select 1 from organization_members m join projects p on p.organization_id = m.organization_id where p.id = ${projectId} and m.user_id = ${input.userId}`,
  )
  if (member) return refuse('ownOrganisation')
  if (input.action === 'watch_update' && !(await watchedToTheEnd(db, { userId: input.userId, updateId: input.itemId }))) return refuse('notWatched')
  if (input.action === 'read_disclosure' && !(await readLongEnough(db, { userId: input.userId, projectId, token: input.readingToken ?? '', now }))) return refuse('notRead')
  if (input.action === 'share_visit') return refuse('noOffer')
  return decide(db, { userId: input.userId, action: input.action, itemId: input.itemId, projectId, now })
}

/**
 * A share that brought a visitor: another signed-in account opened a person's share link of a
 * project. The sharer earns; the item is the visitor (one gift per sharer and visitor), and a visitor
 * counts once per project whoever shared (checked under the pools' lock, so two sharers racing for
 * one visitor are serialised). One gift per sharer, visitor and project. Its own link, an anonymous or a video's link, earns nothing.
 */
export async function earnForShareVisit(db: Db, input: { shareCode: string; visitorUserId: string; now?: Date }): Promise<EarnOutcome> {
  const now = input.now ?? new Date()
  const [link] = await db
    .select({ userId: shareLinks.userId, projectId: shareLinks.projectId })
    .from(shareLinks)
    .where(and(eq(shareLinks.code, input.shareCode), isNotNull(shareLinks.userId), isNull(shareLinks.videoId)))
  if (!link?.userId) return { status: 'refused', reason: 'unknownItem' }
  if (link.userId === input.visitorUserId) return { status: 'refused', reason: 'ownShare' }
  const [member] = await queryRows(
    db,
    sql`select 1 from organization_members m join projects p on p.organization_id = m.organization_id where p.id = ${link.projectId} and m.user_id = ${link.userId}`,
  )
  if (member) return { status: 'refused', reason: 'ownOrganisation' }
  return decide(db, { userId: link.userId, action: 'share_visit', itemId: input.visitorUserId, projectId: link.projectId, now })
}

/** The decision under the locks: which pool pays, within its caps, and the ledger entry. */
async function decide(db: Db, input: { userId: string; action: ParticipationAction; itemId: string; projectId: string; now: Date }): Promise<EarnOutcome> {
  const { projectId, now } = input
  const refuse = (reason: ParticipationRefusal): EarnOutcome => ({ status: 'refused', reason })
  // Outside giving days nothing is paid: say so without taking the project's lock (asked again under it).
  const [open] = await queryRows(db, sql`select 1 from participation_pools pp where pp.id in (${openPools({ projectId, action: input.action, now })}) limit 1`)
  if (!open) return refuse('noOffer')
  return db.transaction(async (tx) => {
    const currency = await lockProjectMoney(tx, projectId)
    const pools = await tx
      .select({ pool: participationPools, campaignSlug: campaigns.slug, campaignLanguage: campaigns.contentLanguage })
      .from(participationPools)
      .innerJoin(campaigns, eq(campaigns.id, participationPools.campaignId))
      .where(sql`${participationPools.id} in (${openPools({ projectId, action: input.action, now })})`)
      .orderBy(asc(participationPools.id))
      .for('update', { of: participationPools })
    if (!pools.length) return refuse('noOffer')
    const campaignIds = [...new Set(pools.map((p) => p.pool.campaignId))]
    const [already] = await queryRows(
      tx,
      sql`select 1 from participations where user_id = ${input.userId} and action = ${input.action} and project_id = ${projectId} and item_id = ${input.itemId}
           and campaign_id in (${sql.join(campaignIds.map((id) => sql`${id}::uuid`), sql`, `)})`,
    )
    if (already) return refuse('alreadyEarned')
    if (input.action === 'share_visit') {
      const [counted] = await queryRows(tx, sql`select 1 from participations where action = 'share_visit' and item_id = ${input.itemId} and project_id = ${projectId}`)
      if (counted) return refuse('visitorCounted')
    }
    const day = chinaDay(now)
    let capped = false
    for (const { pool, campaignSlug, campaignLanguage } of pools) {
      if (pool.totalAmount - pool.committedAmount < pool.amountPerAction) continue
      const [today] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from participations where pool_id = ${pool.id} and user_id = ${input.userId} and day = ${day}`)
      if ((today?.n ?? 0) >= pool.capPerPersonDay) {
        capped = true
        continue
      }
      const [row] = await tx
        .insert(participations)
        .values({ poolId: pool.id, campaignId: pool.campaignId, projectId, userId: input.userId, action: input.action, itemId: input.itemId, amount: pool.amountPerAction, day, createdAt: now })
        .onConflictDoNothing()
        .returning({ id: participations.id })
      if (!row) return refuse('alreadyEarned')
      await tx
        .update(participationPools)
        .set({ committedAmount: sql`${participationPools.committedAmount} + ${pool.amountPerAction}` })
        .where(eq(participationPools.id, pool.id))
      // The public ledger names the sponsor, the campaign and the kind of action — never the person.
      await post(tx, {
        projectId,
        currency,
        entries: [{ kind: 'sponsor_gift', amount: pool.amountPerAction, externalRef: `sponsor_gift:${row.id}`, memo: `${pool.sponsorName} · ${campaignSlug} · ${input.action}`, occurredAt: now }],
      })
      const sponsorIn = (language: Language) => localize({ sponsorName: pool.sponsorName, contentLanguage: campaignLanguage, translations: pool.translations }, ['sponsorName'], language).sponsorName
      return { status: 'earned', participationId: row.id, amount: pool.amountPerAction, currency, sponsor: pool.sponsorName, projectId, sponsorIn }
    }
    return refuse(capped ? 'dailyCap' : 'poolExhausted')
  })
}

// ── What people and pages read ──────────────────────────────────────────────────────────────────

/** What one person earned for projects, newest first — only their own (the signature says whose). */
export async function participationsOf(db: Db, input: { userId: string; limit?: number }) {
  return db
    .select({
      id: participations.id,
      action: participations.action,
      itemId: participations.itemId,
      amount: participations.amount,
      createdAt: participations.createdAt,
      sponsor: participationPools.sponsorName,
      sponsorTranslations: participationPools.translations,
      currency: participationPools.currency,
      project: { slug: projects.slug, title: projects.title, contentLanguage: projects.contentLanguage, translations: projects.translations },
      campaign: { slug: campaigns.slug, title: campaigns.title, contentLanguage: campaigns.contentLanguage, translations: campaigns.translations },
    })
    .from(participations)
    .innerJoin(participationPools, eq(participationPools.id, participations.poolId))
    .innerJoin(projects, eq(projects.id, participations.projectId))
    .innerJoin(campaigns, eq(campaigns.id, participations.campaignId))
    .where(eq(participations.userId, input.userId))
    .orderBy(desc(participations.id))
    .limit(input.limit ?? 200)
}

/** A campaign's participation pools with what each paid, for how many actions, and what is left (public: no people). */
export async function participationTotals(db: Db, campaignId: string) {
  const rows = await queryRows<{ id: string; sponsor: string; translations: unknown; currency: string; total: string; committed: string; per_action: string; actions: string; cap: number; actions_paid: number; people: number }>(
    db,
    sql`select pp.id, pp.sponsor_name as sponsor, pp.translations, trim(pp.currency) as currency, pp.total_amount::text as total, pp.committed_amount::text as committed,
               pp.amount_per_action::text as per_action, array_to_string(pp.actions, ',') as actions, pp.cap_per_person_day as cap,
               (select count(*)::int from participations x where x.pool_id = pp.id) as actions_paid,
               (select count(distinct x.user_id)::int from participations x where x.pool_id = pp.id) as people
          from participation_pools pp where pp.campaign_id = ${campaignId} order by pp.id`,
  )
  return rows.map((r) => ({
    id: r.id,
    sponsor: r.sponsor,
    sponsorTranslations: r.translations,
    currency: r.currency,
    total: BigInt(r.total),
    paid: BigInt(r.committed),
    remaining: BigInt(r.total) - BigInt(r.committed),
    amountPerAction: BigInt(r.per_action),
    actions: r.actions.split(',') as ParticipationAction[],
    capPerPersonDay: r.cap,
    actionsPaid: r.actions_paid,
    people: r.people,
  }))
}

export function participationPoolsOf(db: Db, campaignId: string) {
  return db.select().from(participationPools).where(and(eq(participationPools.campaignId, campaignId))).orderBy(asc(participationPools.id))
}

/**
 * What a page hands to `ParticipationOffer`: the offer, whether this person already earned it, and
 * (for a disclosure, signed in, not yet earned) the signed opening time. Null when nothing is offered
 * and nothing was earned, so pages outside giving days show nothing.
 */
export async function participationView(db: Db, input: { userId: string | null; action: 'watch_update' | 'read_disclosure'; itemId: string; back: string; now?: Date; language?: Language }) {
  const now = input.now ?? new Date()
  const state = await offerFor(db, { userId: input.userId, action: input.action, itemId: input.itemId, now, language: input.language })
  if (!state.offer && !state.earned) return null
  const token =
    input.userId && state.offer && !state.earned && input.action === 'read_disclosure' ? await readingToken(db, { userId: input.userId, projectId: input.itemId, now }) : null
  return {
    action: input.action,
    itemId: input.itemId,
    signedIn: Boolean(input.userId),
    offer: state.offer ? { sponsor: state.offer.sponsor, amount: state.offer.amount, currency: state.offer.currency } : null,
    earned: state.earned,
    token,
    readSeconds: Math.round(PARTICIPATION_RULES.READ_MS / 1000),
    back: input.back,
  }
}
