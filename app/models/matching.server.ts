/**
 * Sponsor matching on giving days (issue 22; docs/decisions/0014-matching-on-the-ledger.md). Every
 * matched yuan is a ledger entry (`match`, `match_reversal`) posted through the one writer, in the
 * same transaction as the gift's own money:
 *
 * - a gift credited to a project approved in a live campaign is decided against each pool whose
 *   window holds the gift, under the pool's row lock (FOR UPDATE, pools in id order): the published
 *   rules give the amount (matching-rules.ts), the pool's `committed_amount` grows by it, and the
 *   database refuses it above the pool's total — a pool is never over-spent, whatever the concurrency;
 * - a refund or a dispute takes back the gift's share of its matches (partly: proportionally), in the
 *   same transaction as the refund's or dispute's entry, and the money returns to the pool;
 * - gaming (套捐: a member of the organisation giving to it, one card posing as many donors, a donor
 *   whose earlier matched gift was refunded) is held: reserved from the pool, not posted, until an
 *   admin pays or releases it (`decideHeldMatch`, audited);
 * - every change to a pool is a `match_events` row, in lock order, so the public export can be replayed
 *   from the rules by anyone (`matchingExport`, tools/verify-matching.mjs).
 *
 * Lock order, as on every money path: the gift's row, then the project's money, then the pools.
 */
import { createHash, createHmac } from 'node:crypto'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { auditLog, campaignProjects, campaigns, donations, matchEvents, matches, notifications, organizationMembers, organizations, projects, sponsorPools, users } from '~db/schema'
import { inEveryLanguage, localize } from '~/content/localized'
import { lockProjectMoney, post } from '~/ledger/post.server'
import { installationSecret } from '~/utils/installation-secrets.server'
import { formatMoney } from '~/utils/money'
import { alertAdmins } from './alerts.server'
import { chinaDay, keptMatch, ruleMatch, type MatchLimit } from './matching-rules'

export type HoldReason = 'donor_in_organisation' | 'card_repeat' | 'refunded_before'
export type Match = typeof matches.$inferSelect

/** The credited gift, as matching needs it. */
export interface CreditedGift {
  id: string
  projectId: string
  currency: string
  amount: bigint
  userId: string | null
  donorEmail: string | null
  cardFingerprint: string | null
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/**
 * Who gave, for the per-donor rules: a verified account; else the receipt email, lower-cased — the
 * account's when a verified account has that address, so giving signed out does not make a second
 * donor; else the card's fingerprint. Stored only as SHA-256 of "user:…", "email:…" or "card:…".
 */
async function donorOf(tx: Db, gift: CreditedGift) {
  const [account] = gift.userId ? await tx.select({ id: users.id, email: users.email, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, gift.userId)) : []
  const email = (gift.donorEmail ?? account?.email ?? '').trim().toLowerCase() || null
  const [verified] = email
    ? await tx
        .select({ id: users.id })
        .from(users)
        .where(and(sql`lower(${users.email}) = ${email}`, sql`${users.emailVerifiedAt} is not null`, sql`${users.deletedAt} is null`))
    : []
  const accountIds = [...new Set([account?.id, verified?.id].filter((id): id is string => Boolean(id)))]
  const raw = account?.verifiedAt ? `user:${account.id}` : verified ? `user:${verified.id}` : email ? `email:${email}` : gift.cardFingerprint ? `card:${gift.cardFingerprint}` : `gift:${gift.id}`
  return { key: sha256(raw), card: gift.cardFingerprint ? sha256(`card:${gift.cardFingerprint}`) : null, accountIds, email }
}

/** The anti-gaming holds, in the order they are checked; null when the match may be paid at once. */
async function holdReason(
  tx: Db,
  input: { pool: { id: string; campaignId: string; cardDailyLimit: number }; projectId: string; donor: Awaited<ReturnType<typeof donorOf>>; day: string },
): Promise<HoldReason | null> {
  const { donor } = input
  // 套捐: the organisation giving to itself to draw the match — a member's account, or its contact address.
  const [org] = await tx
    .select({ id: organizations.id, contactEmail: organizations.contactEmail })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(eq(projects.id, input.projectId))
  if (org && donor.email && org.contactEmail.trim().toLowerCase() === donor.email) return 'donor_in_organisation'
  if (org && donor.accountIds.length) {
    const [member] = await tx
      .select({ userId: organizationMembers.userId })
      .from(organizationMembers)
      .where(and(eq(organizationMembers.organizationId, org.id), inArray(organizationMembers.userId, donor.accountIds)))
      .limit(1)
    if (member) return 'donor_in_organisation'
  }
  if (donor.card) {
    const [card] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from matches where pool_id = ${input.pool.id} and card_key = ${donor.card} and day = ${input.day} and amount > 0`,
    )
    if ((card?.n ?? 0) >= input.pool.cardDailyLimit) return 'card_repeat'
  }
  const [refunded] = await queryRows<{ hit: boolean }>(
    tx,
    sql`select exists (select 1 from matches where campaign_id = ${input.pool.campaignId} and donor_key = ${donor.key} and reversed_amount > 0) as hit`,
  )
  if (refunded?.hit) return 'refunded_before'
  return null
}

export interface MatchDecision {
  poolId: string
  matchId: bigint
  amount: bigint
  status: 'paid' | 'held' | 'unmatched'
  reason: MatchLimit | HoldReason | null
  /** For the donor's receipt: who matched, in which campaign — each in both languages where written (ADR 0021). */
  sponsor: string
  campaignTitle: string
  sponsorTranslations: unknown
  campaign: { title: string; contentLanguage: string; translations: unknown }
}

/**
 * Decides a just-credited gift against every pool that covers it, in the caller's transaction (the
 * one that posted the gift). Called once per gift: a pool that already decided it is skipped.
 */
export async function matchGift(tx: Db, gift: CreditedGift, at: Date): Promise<MatchDecision[]> {
  const when = at.toISOString()
  const pools = await tx
    .select({ pool: sponsorPools, campaignSlug: campaigns.slug, campaignTitle: campaigns.title, campaignLanguage: campaigns.contentLanguage, campaignTranslations: campaigns.translations })
    .from(sponsorPools)
    .innerJoin(campaigns, eq(campaigns.id, sponsorPools.campaignId))
    .innerJoin(campaignProjects, and(eq(campaignProjects.campaignId, campaigns.id), eq(campaignProjects.projectId, gift.projectId), eq(campaignProjects.status, 'approved')))
    .where(
      and(
        eq(campaigns.status, 'live'),
        sql`${when}::timestamptz >= ${campaigns.startsAt} and ${when}::timestamptz < ${campaigns.endsAt}`,
        sql`${when}::timestamptz >= ${sponsorPools.startsAt} and ${when}::timestamptz < ${sponsorPools.endsAt}`,
        sql`trim(${sponsorPools.currency}) = ${gift.currency.trim()}`,
      ),
    )
    .orderBy(asc(sponsorPools.id))
    .for('update', { of: sponsorPools })
  if (!pools.length) return []
  const donor = await donorOf(tx, gift)
  const day = chinaDay(at)
  const decisions: MatchDecision[] = []
  for (const { pool, campaignSlug, campaignTitle, campaignLanguage, campaignTranslations } of pools) {
    const [already] = await tx.select({ id: matches.id }).from(matches).where(and(eq(matches.poolId, pool.id), eq(matches.donationId, gift.id)))
    if (already) continue
    const [state] = await queryRows<{ donor_today: string; project_so_far: string; earlier: boolean }>(
      tx,
      sql`select
            coalesce((select sum(amount - reversed_amount) from matches where pool_id = ${pool.id} and donor_key = ${donor.key} and day = ${day} and status in ('paid', 'held')), 0)::text as donor_today,
            coalesce((select sum(amount - reversed_amount) from matches where pool_id = ${pool.id} and project_id = ${gift.projectId} and status in ('paid', 'held')), 0)::text as project_so_far,
            exists (select 1 from matches where pool_id = ${pool.id} and project_id = ${gift.projectId} and donor_key = ${donor.key}) as earlier`,
    )
    const rule = ruleMatch(pool, gift.amount, {
      room: pool.totalAmount - pool.committedAmount,
      donorToday: BigInt(state!.donor_today),
      projectSoFar: BigInt(state!.project_so_far),
      donorGaveToProjectBefore: state!.earlier,
    })
    const hold = rule.amount > 0n ? await holdReason(tx, { pool, projectId: gift.projectId, donor, day }) : null
    const status = rule.amount === 0n ? 'unmatched' : hold ? 'held' : 'paid'
    const reason = hold ?? rule.limitedBy
    const [row] = await tx
      .insert(matches)
      .values({
        poolId: pool.id,
        campaignId: pool.campaignId,
        donationId: gift.id,
        projectId: gift.projectId,
        donorKey: donor.key,
        cardKey: donor.card,
        giftAmount: gift.amount,
        givenAt: at,
        day,
        amount: rule.amount,
        status,
        reason,
        paidAt: status === 'paid' ? at : null,
      })
      .returning({ id: matches.id })
    if (rule.amount > 0n) await tx.update(sponsorPools).set({ committedAmount: sql`${sponsorPools.committedAmount} + ${rule.amount}` }).where(eq(sponsorPools.id, pool.id))
    await tx.insert(matchEvents).values({ poolId: pool.id, matchId: row!.id, kind: 'decided', amount: rule.amount, outcome: status, reason })
    if (status === 'paid') await postMatch(tx, { matchId: row!.id, projectId: gift.projectId, currency: gift.currency, donationId: gift.id, amount: rule.amount, sponsor: pool.sponsorName, campaign: campaignSlug, at })
    decisions.push({
      poolId: pool.id,
      matchId: row!.id,
      amount: rule.amount,
      status,
      reason,
      sponsor: pool.sponsorName,
      campaignTitle,
      sponsorTranslations: pool.translations,
      campaign: { title: campaignTitle, contentLanguage: campaignLanguage, translations: campaignTranslations },
    })
  }
  return decisions
}

/**
 * For a batch of credited gifts (the event processor's, ADR 0016): locks, in id order and in one
 * statement, every pool that could match a gift to these projects (live campaigns in which the project
 * is approved, and in the currency), and returns the projects that have one. `matchGift` then decides
 * each gift of those projects under locks already held, so the batch takes its pools in one order,
 * like a single gift does — after all of the batch's project locks.
 */
export async function lockPoolsForProjects(tx: Db, projectIds: readonly string[]): Promise<Set<string>> {
  const ids = [...new Set(projectIds)]
  if (!ids.length) return new Set()
  const rows = await tx
    .select({ poolId: sponsorPools.id, projectId: campaignProjects.projectId })
    .from(sponsorPools)
    .innerJoin(campaigns, eq(campaigns.id, sponsorPools.campaignId))
    .innerJoin(campaignProjects, and(eq(campaignProjects.campaignId, campaigns.id), inArray(campaignProjects.projectId, ids), eq(campaignProjects.status, 'approved')))
    .where(eq(campaigns.status, 'live'))
    .orderBy(asc(sponsorPools.id))
    .for('update', { of: sponsorPools })
  return new Set(rows.map((r) => r.projectId))
}

/** A paid match's ledger entry, and the donor's notification that it was paid (the only place either is written). */
async function postMatch(tx: Db, m: { matchId: bigint; projectId: string; currency: string; donationId: string; amount: bigint; sponsor: string; campaign: string; at: Date }) {
  const posted = await post(tx, {
    projectId: m.projectId,
    currency: m.currency,
    entries: [{ kind: 'match', amount: m.amount, externalRef: `match:${m.matchId}`, donationId: m.donationId, memo: `match: ${m.sponsor} (${m.campaign})`, occurredAt: m.at }],
  })
  await notifyMatchPaid(tx, m)
  return posted
}

/**
 * Tells a signed-in donor that a sponsor matched their gift — when the match is paid (at the credit,
 * or when an admin pays a held one). Guests hear it on their receipt instead. One notification per
 * match (dedupe key `match:<id>`), however often the transaction that pays it is retried.
 */
async function notifyMatchPaid(tx: Db, m: { matchId: bigint; donationId: string; amount: bigint; currency: string; sponsor: string; at: Date }) {
  const [gift] = await tx
    .select({
      userId: donations.userId,
      amount: donations.amount,
      locale: users.locale,
      project: { title: projects.title, contentLanguage: projects.contentLanguage, translations: projects.translations },
      campaign: { title: campaigns.title, contentLanguage: campaigns.contentLanguage, translations: campaigns.translations },
      sponsorTranslations: sponsorPools.translations,
    })
    .from(donations)
    .innerJoin(users, eq(users.id, donations.userId))
    .innerJoin(projects, eq(projects.id, donations.projectId))
    .innerJoin(matches, eq(matches.id, m.matchId))
    .innerJoin(campaigns, eq(campaigns.id, matches.campaignId))
    .innerJoin(sponsorPools, eq(sponsorPools.id, matches.poolId))
    .where(and(eq(donations.id, m.donationId), sql`${users.deletedAt} is null`))
  if (!gift?.userId) return
  const locale = gift.locale ?? 'zh-CN'
  await tx
    .insert(notifications)
    .values({
      userId: gift.userId,
      messageKey: 'notify.matched',
      values: inEveryLanguage(
        { gift: formatMoney(gift.amount, m.currency, locale), amount: formatMoney(m.amount, m.currency, locale), sponsor: m.sponsor, project: gift.project.title, campaign: gift.campaign.title },
        (language) => ({
          sponsor: localize({ sponsorName: m.sponsor, contentLanguage: gift.campaign.contentLanguage, translations: gift.sponsorTranslations }, ['sponsorName'], language).sponsorName,
          project: localize(gift.project, ['title'], language).title,
          campaign: localize(gift.campaign, ['title'], language).title,
        }),
      ),
      link: `/donations/${m.donationId}`,
      dedupeKey: `match:${m.matchId}`,
    })
    .onConflictDoNothing()
}

/**
 * A gift now keeps only `remaining` of its amount (a refund brought it there; a dispute, to zero):
 * each of its matches keeps the same share, rounded down, and gives back the rest — a
 * `match_reversal` entry when the match was paid (the platform covers what the project already spent,
 * visibly, as for refunds), and the pool's room grows by it. Idempotent: the same `remaining` again
 * takes back nothing more. Runs in the transaction that posted the refund or the dispute.
 */
export async function reverseMatches(tx: Db, gift: { id: string; projectId: string; currency: string; receiptNumber: string | null }, remaining: bigint, at: Date) {
  const open = await tx.select({ poolId: matches.poolId }).from(matches).where(and(eq(matches.donationId, gift.id), inArray(matches.status, ['paid', 'held'])))
  if (!open.length) return { reversed: 0n }
  await tx
    .select({ id: sponsorPools.id })
    .from(sponsorPools)
    .where(inArray(sponsorPools.id, [...new Set(open.map((m) => m.poolId))]))
    .orderBy(asc(sponsorPools.id))
    .for('update')
  const rows = await tx
    .select()
    .from(matches)
    .where(and(eq(matches.donationId, gift.id), inArray(matches.status, ['paid', 'held'])))
    .orderBy(asc(matches.poolId))
    .for('update')
  let reversed = 0n
  for (const m of rows) {
    const delta = m.amount - m.reversedAmount - keptMatch(m.amount, m.giftAmount, remaining)
    if (delta <= 0n) continue
    const total = m.reversedAmount + delta
    await tx
      .update(matches)
      .set({ reversedAmount: total, status: total === m.amount ? 'reversed' : m.status })
      .where(eq(matches.id, m.id))
    await tx.update(sponsorPools).set({ committedAmount: sql`${sponsorPools.committedAmount} - ${delta}` }).where(eq(sponsorPools.id, m.poolId))
    await tx.insert(matchEvents).values({ poolId: m.poolId, matchId: m.id, kind: 'reversed', amount: delta, giftRemaining: remaining < 0n ? 0n : remaining })
    reversed += delta
    if (m.status !== 'paid') continue
    const { covered } = await post(tx, {
      projectId: m.projectId,
      currency: gift.currency,
      // The sponsor's money follows the gift back; what the project already spent is covered, visibly.
      shortfall: 'platformCovers',
      coverMemo: 'match_reversal: platform covers what the project had already spent',
      entries: [{ kind: 'match_reversal', amount: -delta, externalRef: `match_reversal:${m.id}:${total}`, donationId: gift.id, memo: 'match returned to the pool', occurredAt: at }],
    })
    if (covered > 0n)
      await alertAdmins(tx, { key: 'platformCovered', values: { amount: formatMoney(covered, gift.currency, 'zh-CN'), receipt: gift.receiptNumber ?? '' }, link: `/admin/donations?q=${gift.receiptNumber ?? ''}` })
  }
  return { reversed }
}

export class MatchDecisionRefused extends Error {
  override name = 'MatchDecisionRefused'
  constructor(readonly reason: 'notFound' | 'notAdmin' | 'notHeld') {
    super(`match decision refused: ${reason}`)
  }
}

/**
 * An admin's decision on a held match: `pay` posts it (what refunds left of it), `release` returns it
 * to the pool. Audited; a match decides once (the second admin is told it is no longer held).
 */
export async function decideHeldMatch(db: Db, input: { matchId: bigint; adminId: string; decision: 'pay' | 'release'; reason?: string; now?: Date }) {
  const at = input.now ?? new Date()
  return db.transaction(async (tx) => {
    const [admin] = await tx.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, input.adminId))
    if (!admin?.isAdmin) throw new MatchDecisionRefused('notAdmin')
    const [found] = await tx
      .select({ match: matches, sponsor: sponsorPools.sponsorName, campaign: campaigns.slug, currency: sponsorPools.currency })
      .from(matches)
      .innerJoin(sponsorPools, eq(sponsorPools.id, matches.poolId))
      .innerJoin(campaigns, eq(campaigns.id, matches.campaignId))
      .where(eq(matches.id, input.matchId))
    if (!found) throw new MatchDecisionRefused('notFound')
    // The gift, the project's money, the pool: the order every money path takes.
    await tx.select({ id: donations.id }).from(donations).where(eq(donations.id, found.match.donationId)).for('update')
    await lockProjectMoney(tx, found.match.projectId)
    await tx.select({ id: sponsorPools.id }).from(sponsorPools).where(eq(sponsorPools.id, found.match.poolId)).for('update')
    const [m] = await tx.select().from(matches).where(eq(matches.id, input.matchId)).for('update')
    if (!m || m.status !== 'held') throw new MatchDecisionRefused('notHeld')
    const net = m.amount - m.reversedAmount
    if (input.decision === 'pay') {
      await tx.update(matches).set({ status: 'paid', paidAt: at, reviewedBy: input.adminId, reviewedAt: at }).where(eq(matches.id, m.id))
      await tx.insert(matchEvents).values({ poolId: m.poolId, matchId: m.id, kind: 'paid', amount: net, at })
      await postMatch(tx, { matchId: m.id, projectId: m.projectId, currency: found.currency.trim(), donationId: m.donationId, amount: net, sponsor: found.sponsor, campaign: found.campaign, at })
    } else {
      await tx.update(matches).set({ status: 'released', reviewedBy: input.adminId, reviewedAt: at }).where(eq(matches.id, m.id))
      await tx.update(sponsorPools).set({ committedAmount: sql`${sponsorPools.committedAmount} - ${net}` }).where(eq(sponsorPools.id, m.poolId))
      await tx.insert(matchEvents).values({ poolId: m.poolId, matchId: m.id, kind: 'released', amount: net, at })
    }
    await tx.insert(auditLog).values({
      actorId: input.adminId,
      action: input.decision === 'pay' ? 'match.held.pay' : 'match.held.release',
      targetType: 'match',
      targetId: String(m.id),
      reason: input.reason ?? null,
      details: { heldReason: m.reason, amount: net.toString(), donationId: m.donationId, poolId: m.poolId },
      createdAt: at,
    })
    return { status: input.decision === 'pay' ? ('paid' as const) : ('released' as const), amount: net }
  })
}

/** Held matches waiting for an admin, oldest first. */
export async function heldMatches(db: Db, { limit = 100 }: { limit?: number } = {}) {
  return db
    .select({ match: matches, sponsor: sponsorPools.sponsorName, campaign: { slug: campaigns.slug, title: campaigns.title }, receiptNumber: donations.receiptNumber })
    .from(matches)
    .innerJoin(sponsorPools, eq(sponsorPools.id, matches.poolId))
    .innerJoin(campaigns, eq(campaigns.id, matches.campaignId))
    .innerJoin(donations, eq(donations.id, matches.donationId))
    .where(eq(matches.status, 'held'))
    .orderBy(asc(matches.decidedAt))
    .limit(limit)
}

// ── The public export (tools/verify-matching.mjs replays it) ──────────────────────────────────

export const MATCHING_EXPORT_FORMAT = 'sunlight-matching/1'

/**
 * A campaign's pools with their published rules and every event of each pool in order, with no
 * personal data: a donor is HMAC-SHA256(installation key, campaign id ‖ donor key) — stable within
 * the campaign so the per-donor rules can be replayed, useless for finding who gave or for linking
 * campaigns. A gift is a keyed hash of its id too, not the id the project's public donor wall and
 * ledger carry: joined to those, a stable donor hash would tie an anonymous gift to the same
 * person's named one. Null for a draft or unknown campaign.
 */
export async function matchingExport(db: Db, slug: string) {
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.slug, slug))
  if (!campaign || campaign.status === 'draft') return null
  const key = await installationSecret(db, 'matching_export_key')
  const pools = await db.select().from(sponsorPools).where(eq(sponsorPools.campaignId, campaign.id)).orderBy(asc(sponsorPools.id))
  const events = await db
    .select({ event: matchEvents, match: matches })
    .from(matchEvents)
    .innerJoin(matches, eq(matches.id, matchEvents.matchId))
    .where(eq(matches.campaignId, campaign.id))
    .orderBy(asc(matchEvents.id))
  const donor = (donorKey: string) => createHmac('sha256', key).update(`${campaign.id}:${donorKey}`).digest('hex').slice(0, 32)
  const giftRef = (donationId: string) => createHmac('sha256', key).update(`gift:${campaign.id}:${donationId}`).digest('hex').slice(0, 32)
  const money = (v: bigint | null) => (v === null ? null : v.toString())
  return {
    format: MATCHING_EXPORT_FORMAT,
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status, starts_at: campaign.startsAt.toISOString(), ends_at: campaign.endsAt.toISOString() },
    notes: {
      amounts: 'integer minor units (fen for CNY), as strings',
      match: 'floor(gift × ratio_percent ÷ 100), then capped by cap_per_gift, what is left of cap_per_donor_day (net matches of the donor today), of cap_per_project and of the pool',
      day: 'calendar day in China time (UTC+08:00)',
      donor: 'HMAC-SHA256 with an installation key of the campaign id and the donor (verified account, else email, else card): equal within a campaign, nothing else',
      gift: 'HMAC-SHA256 with an installation key of the campaign id and the gift: the same gift within this file, not linkable to the donor wall or the ledger export',
      order: 'events in the order the pool decided them (seq); held matches are reserved from the pool until paid or released',
    },
    pools: pools.map((p) => ({
      id: p.id,
      sponsor: p.sponsorName,
      currency: p.currency.trim(),
      total: money(p.totalAmount),
      committed: money(p.committedAmount),
      rules: {
        ratio_percent: p.ratioPercent,
        cap_per_gift: money(p.capPerGift),
        cap_per_donor_day: money(p.capPerDonorDay),
        cap_per_project: money(p.capPerProject),
        first_gift_only: p.firstGiftOnly,
        starts_at: p.startsAt.toISOString(),
        ends_at: p.endsAt.toISOString(),
      },
    })),
    events: events.map(({ event: e, match: m }) =>
      e.kind === 'decided'
        ? { seq: e.id.toString(), pool: e.poolId, type: 'gift', gift: giftRef(m.donationId), project: m.projectId, donor: donor(m.donorKey), amount: money(m.giftAmount), at: m.givenAt.toISOString(), match: money(e.amount), status: e.outcome, reason: e.reason }
        : e.kind === 'reversed'
          ? { seq: e.id.toString(), pool: e.poolId, type: 'reversal', gift: giftRef(m.donationId), remaining: money(e.giftRemaining), match: money(e.amount) }
          : { seq: e.id.toString(), pool: e.poolId, type: e.kind === 'paid' ? 'paid' : 'release', gift: giftRef(m.donationId), match: money(e.amount) },
    ),
  }
}
