/**
 * Donations: created pending by the donate form, moved only by the payment gateway's webhook (and
 * reconciliation, through the same functions). Each movement of money is posted through the ledger
 * (app/ledger/post.server.ts) in the same transaction as the donation's status; each entry has an
 * `external_ref` under a UNIQUE constraint, so a replayed or reordered event cannot count twice.
 * Money is only what the gateway says it is: a reported amount or currency that differs from what
 * the donor was asked for credits nothing and holds the gift for an admin.
 *
 *   pending → succeeded | failed (held: pending, not credited, until an admin decides)
 *   succeeded → refunded | partially_refunded | disputed (→ back when won)
 */
import { screen } from '~/moderation/terms.server'
import { isMinor } from '~/utils/age'
import { flagForReview } from './moderation.server'
import { timingSafeEqual } from 'node:crypto'
import { and, desc, eq, inArray, isNull, lt, lte, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { auditLog, donationPlans, donations, ledgerEntries, ledgerSeals, notifications, organizations, projectFollows, projects, refunds, teams, users } from '~db/schema'
import { lockProjectsMoney, post, postMany } from '~/ledger/post.server'
import { lockPoolsForProjects, matchGift, reverseMatches, type MatchDecision } from './matching.server'
import type { PaymentGateway } from '~/payments/gateway.server'
import { alertAdmins } from './alerts.server'
import { signedToken, verifySignedToken } from '~/utils/signed-tokens.server'
import { queueMail, queueMails } from '~/mail/mailer.server'
import { donationReceiptMail, refundMail } from '~/mail/messages.server'
import { isUuid } from '~/utils/ids'
import { formatMoney } from '~/utils/money'
import { inEveryLanguage, localize, localizeFor } from '~/content/localized'
import { settleTeamGoals } from './teams.server'

export type Donation = typeof donations.$inferSelect

import { AMOUNT_LIMITS, type Refusal } from './donation-rules'

export { AMOUNT_LIMITS, PRESET_AMOUNTS, type Refusal } from './donation-rules'

export class DonationRefused extends Error {
  override name = 'DonationRefused'
  constructor(readonly refusal: Refusal) {
    super(`donation refused: ${refusal}`)
  }
}


export interface NewDonation {
  projectId: string
  user: { id: string; email: string; birthDate: string | null } | null
  amount: bigint
  frequency: 'one_time' | 'monthly'
  displayName?: string
  isAnonymous: boolean
  message?: string
  email?: string
  attributionCode?: string | null
  /** The site whose donate widget the gift came through, already reduced by `siteFromReferrer`. */
  referrerSite?: string | null
  /** The team (一起捐) whose invite link brought the donor; kept only if it is this project's team. */
  teamId?: string | null
  locale: string
  /** A guest's own word that they are 18 or older (accounts are judged by their date of birth). */
  guestConfirmedAdult?: boolean
  now?: Date
}

/** Checks every refusal rule and records the pending donation (and its monthly plan). */
export async function createPendingDonation(db: Db, input: NewDonation) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ project: projects, orgStatus: organizations.status })
      .from(projects)
      .innerJoin(organizations, eq(organizations.id, projects.organizationId))
      .where(eq(projects.id, input.projectId))
    if (!row || row.project.status !== 'fundraising' || row.project.moderationStatus !== 'visible') throw new DonationRefused('projectNotFundraising')
    if (row.orgStatus !== 'approved') throw new DonationRefused('organizationSuspended')
    const limits = AMOUNT_LIMITS[row.project.currency]
    if (!limits || input.amount < limits.min || input.amount > limits.max) throw new DonationRefused('amountOutOfRange')
    if (input.user && isMinor(input.user.birthDate, input.now)) throw new DonationRefused('minor')
    if (!input.user && input.guestConfirmedAdult === false) throw new DonationRefused('adultRequired')
    const email = input.user?.email ?? input.email
    if (!email) throw new DonationRefused('emailRequired')
    const [team] = input.teamId && isUuid(input.teamId) ? await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.id, input.teamId), eq(teams.projectId, row.project.id))) : []
    const messageFlags = input.message ? screen(input.message) : []
    let planId: string | null = null
    if (input.frequency === 'monthly') {
      const [plan] = await tx
        .insert(donationPlans)
        .values({ projectId: row.project.id, userId: input.user?.id ?? null, amount: input.amount, currency: row.project.currency })
        .returning({ id: donationPlans.id })
      planId = plan!.id
    }
    const [donation] = await tx
      .insert(donations)
      .values({
        projectId: row.project.id,
        userId: input.user?.id ?? null,
        amount: input.amount,
        currency: row.project.currency,
        frequency: input.frequency,
        status: 'pending',
        displayName: input.isAnonymous ? null : input.displayName || null,
        isAnonymous: input.isAnonymous,
        message: input.message || null,
        // A message the automatic pass flags waits for a moderator instead of showing.
        messageStatus: messageFlags.length ? 'held' : 'visible',
        donorEmail: email,
        attributionCode: input.attributionCode ?? null,
        referrerSite: input.referrerSite ?? null,
        teamId: team?.id ?? null,
        planId,
        locale: input.locale,
      })
      .returning()
    if (planId) await tx.update(donationPlans).set({ firstDonationId: donation!.id }).where(eq(donationPlans.id, planId))
    if (messageFlags.length) await flagForReview(tx, { type: 'donation_message', id: donation!.id, organizationId: row.project.organizationId, projectId: row.project.id }, messageFlags)
    return { donation: donation!, project: row.project }
  })
}

export async function recordCheckoutSession(db: Db, donationId: string, sessionId: string, gateway: string) {
  await db.update(donations).set({ checkoutSessionId: sessionId, gateway }).where(and(eq(donations.id, donationId), sql`${donations.checkoutSessionId} is null`))
}

async function lockDonation(tx: Db, donationId: string) {
  const [row] = await tx.select().from(donations).where(eq(donations.id, donationId)).for('update')
  return row ?? null
}

/** Posts a movement of a gift's money through the one ledger writer. */
function postForDonation(tx: Db, donation: Pick<Donation, 'id' | 'projectId' | 'currency'>, entry: { kind: 'donation' | 'refund' | 'dispute' | 'dispute_reversal'; amount: bigint; externalRef: string; memo?: string; at: Date }) {
  return post(tx, {
    projectId: donation.projectId,
    currency: donation.currency,
    // Money the gateway already returned cannot be refused: a shortfall is covered by the platform, visibly.
    shortfall: 'platformCovers',
    coverMemo: `${entry.kind}: platform covers what the project had already spent`,
    entries: [{ kind: entry.kind, amount: entry.amount, externalRef: entry.externalRef, donationId: donation.id, memo: entry.memo ?? null, occurredAt: entry.at }],
  })
}

/** What the gateway reported for a payment: the amount it took, in minor units, and the currency. */
export interface Reported {
  amount: bigint | null
  currency: string | null
}

/**
 * Why a reported payment cannot be credited to a gift that asked for `expected`, or null when it
 * can: the amount and currency must be the ones the donor was asked for, within the per-gift limits.
 */
export function paymentMismatch(expected: { amount: bigint; currency: string }, reported: Reported): string | null {
  const currency = expected.currency.trim().toUpperCase()
  if (reported.currency === null || reported.amount === null) return 'the gateway reported no amount or currency'
  if (reported.currency.trim().toUpperCase() !== currency) return `currency ${reported.currency.toUpperCase()} reported, ${currency} expected`
  if (reported.amount !== expected.amount) return `amount ${reported.amount} reported, ${expected.amount} expected`
  const limits = AMOUNT_LIMITS[currency]
  if (!limits || reported.amount < limits.min || reported.amount > limits.max) return `amount ${reported.amount} is outside the per-gift limits`
  return null
}

/**
 * A payment the gateway reported does not match the gift: nothing is credited, the gift is held for
 * an admin, the hold is audited, and admins are told (in the app and by email).
 */
async function holdDonation(tx: Db, donation: Pick<Donation, 'id' | 'amount' | 'currency' | 'projectId'>, reason: string, details: Record<string, unknown>) {
  const [held] = await tx
    .update(donations)
    .set({ heldAt: new Date(), heldReason: reason.slice(0, 300) })
    .where(and(eq(donations.id, donation.id), isNull(donations.heldAt)))
    .returning({ id: donations.id })
  if (!held) return 'held'
  await tx.insert(auditLog).values({ actorId: null, action: 'donation.held', targetType: 'donation', targetId: donation.id, reason, details: { expected: { amount: String(donation.amount), currency: donation.currency.trim() }, ...details } })
  await alertAdmins(tx, { key: 'donationHeld', values: { reason }, link: `/admin/donations?held=1` })
  return 'held'
}

/**
 * pending → succeeded, when the gateway reports a payment of exactly what the gift asked for
 * (checkout sessions' `amount_total` and `currency`). Anything else is held, not credited.
 */
export async function confirmPayment(
  tx: Db,
  donationId: string,
  reported: Reported & { paymentIntentId?: string | null; chargeId?: string | null; eventId?: string; cardFingerprint?: string | null },
  at = new Date(),
) {
  const donation = await lockDonation(tx, donationId)
  if (!donation) return 'unknown donation'
  if (donation.status !== 'pending' && donation.status !== 'failed') return `already ${donation.status}`
  if (donation.heldAt) return 'held'
  const mismatch = paymentMismatch(donation, reported)
  if (mismatch) return holdDonation(tx, donation, mismatch, { reported: { amount: reported.amount === null ? null : String(reported.amount), currency: reported.currency }, event: reported.eventId ?? null })
  return markSucceeded(tx, donation, { paymentIntentId: reported.paymentIntentId, chargeId: reported.chargeId, cardFingerprint: reported.cardFingerprint }, at)
}

/**
 * The credit, the receipt number, the receipt email, follower milestones, and the sponsors' matches
 * when the project is in a live giving day (matching.server.ts) — all in this transaction. Only after
 * the amount was checked.
 */
async function markSucceeded(tx: Db, donation: Donation, ids: { paymentIntentId?: string | null; chargeId?: string | null; cardFingerprint?: string | null }, at: Date) {
  const [{ n }] = (await queryRows<{ n: string }>(tx, sql`select nextval('receipt_number_seq')::text as n`)) as [{ n: string }]
  const receiptNumber = `SL-${at.getUTCFullYear()}-${n.padStart(8, '0')}`
  const [before] = await tx.select({ raised: projects.raisedAmount, goal: projects.goalAmount }).from(projects).where(eq(projects.id, donation.projectId))
  await postForDonation(tx, donation, { kind: 'donation', amount: donation.amount, externalRef: `donation:${donation.id}`, at })
  await tx
    .update(donations)
    .set({
      status: 'succeeded',
      succeededAt: at,
      receiptNumber,
      paymentIntentId: donation.paymentIntentId ?? ids.paymentIntentId ?? null,
      chargeId: donation.chargeId ?? ids.chargeId ?? null,
      cardFingerprint: donation.cardFingerprint ?? ids.cardFingerprint ?? null,
      failureReason: null,
    })
    .where(eq(donations.id, donation.id))
  const project = await afterSuccess(tx, { ...donation, receiptNumber }, before!)
  await settleTeamGoals(tx, [donation.teamId], at)
  // Last: the pools' locks are held from here to the commit, so as briefly as possible (the receipt,
  // which says what the sponsors matched, is one insert more).
  const matched = await matchGift(tx, { ...donation, cardFingerprint: donation.cardFingerprint ?? ids.cardFingerprint ?? null }, at)
  const mail = receiptMail({ ...donation, receiptNumber }, project, matched)
  if (mail) await queueMail(tx, mail)
  return 'succeeded'
}

async function afterSuccess(tx: Db, donation: Donation, before: { raised: bigint; goal: bigint }) {
  const [project] = await tx
    .select(receiptProjectFields)
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(eq(projects.id, donation.projectId))
  // Followers hear when the project passes half of its goal and when it reaches it.
  await notifyMilestones(tx, milestonesCrossed(donation.projectId, before, donation.amount, project!))
  return project!
}

/** What a receipt says about the project and its organisation, in both languages (ADR 0021). */
const receiptProjectFields = {
  title: projects.title,
  slug: projects.slug,
  contentLanguage: projects.contentLanguage,
  translations: projects.translations,
  orgName: organizations.name,
  orgContentLanguage: organizations.contentLanguage,
  orgTranslations: organizations.translations,
}

type ReceiptProject = { title: string; slug: string; contentLanguage: string; translations: unknown; orgName: string; orgContentLanguage: string; orgTranslations: unknown }

/** The receipt email of a credited gift (none without an address), in the donor's language — its words and the project's. */
function receiptMail(donation: Donation, project: ReceiptProject, matched: MatchDecision[] = []) {
  if (!donation.donorEmail) return null
  const { title } = localizeFor(project, ['title'], donation.locale)
  const { name } = localizeFor({ name: project.orgName, contentLanguage: project.orgContentLanguage, translations: project.orgTranslations }, ['name'], donation.locale)
  return donationReceiptMail({ email: donation.donorEmail, locale: donation.locale, name: donation.displayName }, {
    amount: formatMoney(donation.amount, donation.currency, donation.locale),
    project: title,
    organization: name,
    receiptNumber: donation.receiptNumber!,
    link: `/receipts/${donation.id}?t=${donation.accessToken}`,
    verify: `/projects/${project.slug}/ledger.json`,
    cancel: donation.planId ? planCancelPath(donation.planId) : null,
    matches: matched
      .filter((m) => m.status !== 'unmatched')
      .map((m) => ({
        status: m.status as 'paid' | 'held',
        amount: formatMoney(m.amount, donation.currency, donation.locale),
        sponsor: localizeFor({ sponsorName: m.sponsor, contentLanguage: m.campaign.contentLanguage, translations: m.sponsorTranslations }, ['sponsorName'], donation.locale).sponsorName,
        campaign: localizeFor(m.campaign, ['title'], donation.locale).title,
      })),
  })
}

interface Milestone {
  projectId: string
  milestone: bigint
  /** The project's title, and in each language (the notifications page shows the reader's). */
  values: { title: string; byLanguage: Record<string, Partial<{ title: string }>> }
  slug: string
}

/** The milestones (half of the goal, the goal) a gift of `amount` takes the project past. */
function milestonesCrossed(projectId: string, before: { raised: bigint; goal: bigint }, amount: bigint, project: { title: string; slug: string; contentLanguage: string; translations: unknown }): Milestone[] {
  const after = before.raised + amount
  const crossed: Milestone[] = []
  for (const milestone of [50n, 100n]) {
    const threshold = (before.goal * milestone) / 100n
    if (before.raised < threshold && after >= threshold) {
      const values = inEveryLanguage({ title: project.title }, (language) => ({ title: localize(project, ['title'], language).title }))
      crossed.push({ projectId, milestone, values, slug: project.slug })
    }
  }
  return crossed
}

/** Tells each project's followers of the milestones it passed: one statement for all of them. */
async function notifyMilestones(tx: Db, crossed: readonly Milestone[]) {
  if (!crossed.length) return
  const rows = sql.join(
    crossed.map((m) => sql`(${m.projectId}::uuid, ${`notify.milestone.${m.milestone}`}, ${JSON.stringify(m.values)}, ${`/projects/${m.slug}`})`),
    sql`, `,
  )
  await tx.execute(sql`
    insert into ${notifications} (user_id, message_key, "values", link)
    select ${projectFollows.userId}, m.key, m.vals::jsonb, m.link
    from ${projectFollows} join (values ${rows}) as m(project_id, key, vals, link) on ${projectFollows.projectId} = m.project_id`)
}

/** A paid checkout the event processor applies in a batch (`creditCompletions`). */
export interface Completion {
  donationId: string
  reported: Reported
  checkoutSessionId: string | null
  paymentIntentId: string | null
  cardFingerprint: string | null
  at: Date
}

/**
 * pending → succeeded for a batch of paid checkouts, set-based (ADR 0016): what `confirmPayment` and
 * `markSucceeded` do for one gift, in a fixed number of statements for the whole batch — the gifts'
 * rows locked in id order, then their projects' money in id order (the ledger's `postMany`), one
 * INSERT of their credits, one UPDATE of the gifts (receipt numbers included), one INSERT of their
 * receipt emails, the followers' milestones, and last the sponsors' matches, under pool locks taken in
 * id order for the whole batch. Only the plain case is taken here: at the first gift that is not
 * pending, is held, belongs to a monthly plan or whose payment does not match what it asked for, the
 * batch ends — that gift and the ones after it are left to the caller (the one-by-one path knows every
 * case), so gifts are still decided in order. Returns how many completions, from the first, it credited.
 * One completion per gift.
 */
export async function creditCompletions(tx: Db, completions: readonly Completion[]): Promise<number> {
  if (!completions.length) return 0
  const locked = await tx
    .select()
    .from(donations)
    .where(inArray(donations.id, completions.map((c) => c.donationId)))
    .orderBy(donations.id)
    .for('update')
  const byId = new Map(locked.map((d) => [d.id, d]))
  const plain: { completion: Completion; donation: Donation }[] = []
  for (const completion of completions) {
    const donation = byId.get(completion.donationId)
    const ok = donation && (donation.status === 'pending' || donation.status === 'failed') && !donation.heldAt && !donation.planId && !paymentMismatch(donation, completion.reported)
    // Gifts are decided in order (a sponsor's pool gives to the earlier gift first): the batch ends here.
    if (!ok) break
    plain.push({ completion, donation })
  }
  if (!plain.length) return 0
  // The projects' money, locked once each in id order, then read as it is before these credits.
  await lockProjectsMoney(tx, plain.map((p) => p.donation.projectId))
  const projectRows = await tx
    .select({ id: projects.id, raised: projects.raisedAmount, goal: projects.goalAmount, ...receiptProjectFields })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(inArray(projects.id, [...new Set(plain.map((p) => p.donation.projectId))]))
  const projectById = new Map(projectRows.map((p) => [p.id, p]))
  await postMany(
    tx,
    plain.map(({ donation, completion }) => ({
      projectId: donation.projectId,
      currency: donation.currency,
      shortfall: 'platformCovers' as const,
      entry: { kind: 'donation' as const, amount: donation.amount, externalRef: `donation:${donation.id}`, donationId: donation.id, memo: null, occurredAt: completion.at },
    })),
  )
  const numbered = plain.map(({ donation, completion: c }, i) => sql`(${donation.id}::uuid, ${c.paymentIntentId}::text, ${c.checkoutSessionId}::text, ${c.cardFingerprint}::text, ${c.at.toISOString()}::timestamptz, ${String(c.at.getUTCFullYear())}::text, ${i}::int)`)
  // Receipt numbers in the batch's order, as one by one would give them.
  const updated = await queryRows<{ id: string; receipt_number: string }>(
    tx,
    sql`update donations d
           set status = 'succeeded', succeeded_at = x.at, failure_reason = null,
               receipt_number = 'SL-' || x.year || '-' || (case when length(x.n) >= 8 then x.n else lpad(x.n, 8, '0') end),
               payment_intent_id = coalesce(d.payment_intent_id, x.pi), checkout_session_id = coalesce(d.checkout_session_id, x.cs),
               card_fingerprint = coalesce(d.card_fingerprint, x.card)
          from (select v.*, nextval('receipt_number_seq')::text as n from (select * from (values ${sql.join(numbered, sql`, `)}) as w(id, pi, cs, card, at, year, i) order by i) v) x
         where d.id = x.id
     returning d.id, d.receipt_number`,
  )
  const receipts = new Map(updated.map((r) => [r.id, r.receipt_number]))
  const crossed: Milestone[] = []
  const raised = new Map<string, bigint>()
  for (const { donation } of plain) {
    const project = projectById.get(donation.projectId)!
    const before = raised.get(project.id) ?? project.raised
    crossed.push(...milestonesCrossed(project.id, { raised: before, goal: project.goal }, donation.amount, project))
    raised.set(project.id, before + donation.amount)
  }
  await notifyMilestones(tx, crossed)
  await settleTeamGoals(tx, plain.map((p) => p.donation.teamId), plain[plain.length - 1]!.completion.at)
  // Last: the pools' locks are held from here to the commit, so as briefly as possible; the receipts,
  // which say what the sponsors matched, follow the matching.
  const matchedProjects = await lockPoolsForProjects(tx, plain.map((p) => p.donation.projectId))
  const mails = []
  for (const { donation, completion } of plain) {
    const decisions = matchedProjects.has(donation.projectId)
      ? await matchGift(tx, { ...donation, cardFingerprint: donation.cardFingerprint ?? completion.cardFingerprint }, completion.at)
      : []
    const mail = receiptMail({ ...donation, receiptNumber: receipts.get(donation.id) ?? null }, projectById.get(donation.projectId)!, decisions)
    if (mail) mails.push(mail)
  }
  await queueMails(tx, mails)
  return plain.length
}

/** pending → failed (declined, async failure, expired session). Never touches a paid donation. */
export async function markFailed(tx: Db, donationId: string, reason: string) {
  const donation = await lockDonation(tx, donationId)
  if (!donation) return 'unknown donation'
  if (donation.status !== 'pending') return `already ${donation.status}`
  await tx.update(donations).set({ status: 'failed', failureReason: reason.slice(0, 200) }).where(eq(donations.id, donation.id))
  return 'failed'
}

/**
 * Brings the refunded total to `cumulative` (Stripe reports the charge's running total), once. The
 * charge's own amount and currency are checked like a completion's: a refund proves the payment, so
 * if the completion event has not arrived yet it is applied first — only when they match.
 */
export async function applyRefundTotal(tx: Db, donationId: string, cumulative: bigint, charge: Reported & { eventId?: string; cardFingerprint?: string | null }, at = new Date()) {
  let donation = await lockDonation(tx, donationId)
  if (!donation) return 'unknown donation'
  if (charge.currency !== null && charge.currency.toUpperCase() !== donation.currency.trim().toUpperCase())
    return holdDonation(tx, donation, `refund reported in ${charge.currency.toUpperCase()}, the gift is in ${donation.currency.trim()}`, { event: charge.eventId ?? null })
  if (donation.status === 'pending' || donation.status === 'failed') {
    const outcome = await confirmPayment(tx, donationId, charge, at)
    if (outcome !== 'succeeded') return outcome
    donation = (await lockDonation(tx, donationId))!
  }
  const target = cumulative > donation.amount ? donation.amount : cumulative
  const delta = target - donation.refundedAmount
  if (delta <= 0n) return 'no change'
  const { covered } = await postForDonation(tx, donation, { kind: 'refund', amount: -delta, externalRef: `refund:${donation.id}:${target}`, at })
  await tx
    .update(donations)
    .set({ refundedAmount: target, status: donation.status === 'disputed' ? 'disputed' : target === donation.amount ? 'refunded' : 'partially_refunded' })
    .where(eq(donations.id, donation.id))
  // The sponsors' matches keep the share of the gift that is left; the rest returns to their pools.
  await reverseMatches(tx, donation, donation.amount - target, at)
  const requested = await settleRefunds(tx, donation.id, target, at)
  if (covered > 0n && !requested.platformCovers)
    await alertAdmins(tx, { key: 'platformCovered', values: { amount: formatMoney(covered, donation.currency, 'zh-CN'), receipt: donation.receiptNumber ?? '' }, link: `/admin/donations?q=${donation.receiptNumber ?? ''}` })
  // The donor hears of it: by email (a guest's address, or the account's), and in the app when they have an account.
  const [account] = donation.userId ? await tx.select({ email: users.email, locale: users.locale }).from(users).where(and(eq(users.id, donation.userId), isNull(users.deletedAt))) : []
  const email = donation.donorEmail ?? account?.email ?? null
  const amount = formatMoney(delta, donation.currency, account?.locale ?? donation.locale)
  if (email) await queueMail(tx, refundMail({ email, locale: account?.locale ?? donation.locale }, { amount, receiptNumber: donation.receiptNumber ?? '', reason: requested.reason }))
  if (donation.userId) await tx.insert(notifications).values({ userId: donation.userId, messageKey: 'notify.refunded', values: { amount, receipt: donation.receiptNumber ?? '' }, link: `/receipts/${donation.id}` })
  return covered > 0n ? 'refunded (platform covered)' : 'refunded'
}

/** Refunds asked of the gateway that this total includes are through: their reservation ends. */
async function settleRefunds(tx: Db, donationId: string, cumulative: bigint, at: Date) {
  const settled = await tx
    .update(refunds)
    .set({ status: 'succeeded', settledAt: at })
    .where(and(eq(refunds.donationId, donationId), eq(refunds.status, 'requested'), lte(refunds.cumulative, cumulative)))
    .returning({ platformCovers: refunds.platformCovers, reason: refunds.reason })
  return { platformCovers: settled.some((r) => r.platformCovers), reason: settled.map((r) => r.reason).join('; ') || null }
}

/** A dispute opened, won or lost. Waits (the event is retried) until the gift's payment is confirmed. */
export async function applyDispute(tx: Db, donationId: string, disputeId: string, phase: 'created' | 'won' | 'lost', at = new Date()) {
  const donation = await lockDonation(tx, donationId)
  if (!donation) return 'unknown donation'
  if (donation.status === 'pending' || donation.status === 'failed') return 'no donation'
  const disputed = donation.amount - donation.refundedAmount
  if (phase === 'created') {
    const [won] = await tx.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.externalRef, `dispute:${disputeId}:won`))
    if (won) return 'already won'
  }
  // Whatever the order of events, the withdrawal is recorded once, and a win returns it once.
  const { covered } = await postForDonation(tx, donation, { kind: 'dispute', amount: -disputed, externalRef: `dispute:${disputeId}`, at })
  if (covered > 0n)
    await alertAdmins(tx, { key: 'platformCovered', values: { amount: formatMoney(covered, donation.currency, 'zh-CN'), receipt: donation.receiptNumber ?? '' }, link: `/admin/donations?q=${donation.receiptNumber ?? ''}` })
  // A disputed gift ends its matches, whatever the dispute's outcome: the money returns to the pools at
  // once and may be matched to other gifts, so a won dispute does not match again (ADR 0014).
  await reverseMatches(tx, donation, 0n, at)
  if (phase === 'won') {
    await postForDonation(tx, donation, { kind: 'dispute_reversal', amount: disputed, externalRef: `dispute:${disputeId}:won`, at })
    await tx.update(donations).set({ status: donation.refundedAmount > 0n ? 'partially_refunded' : 'succeeded' }).where(eq(donations.id, donation.id))
    return 'dispute won'
  }
  await tx.update(donations).set({ status: 'disputed' }).where(eq(donations.id, donation.id))
  return phase === 'lost' ? 'dispute lost' : 'disputed'
}

/**
 * A monthly plan's renewal: one donation per paid invoice, credited once — when the invoice's
 * `amount_paid` and `currency` are the plan's; otherwise recorded, held and not credited.
 */
export async function applyRenewal(tx: Db, input: { subscriptionId: string; invoiceId: string; reported: Reported; eventId?: string; at?: Date }) {
  const [plan] = await tx.select().from(donationPlans).where(eq(donationPlans.subscriptionId, input.subscriptionId))
  if (!plan) return 'unknown subscription'
  const [first] = plan.firstDonationId ? await tx.select().from(donations).where(eq(donations.id, plan.firstDonationId)) : []
  const created = await tx
    .insert(donations)
    .values({
      projectId: plan.projectId,
      userId: plan.userId,
      // The gift is what the plan promised; the gateway's figure is checked against it.
      amount: plan.amount,
      currency: plan.currency,
      frequency: 'monthly',
      status: 'pending',
      displayName: first?.displayName ?? null,
      isAnonymous: first?.isAnonymous ?? true,
      donorEmail: first?.donorEmail ?? null,
      attributionCode: first?.attributionCode ?? null,
      referrerSite: first?.referrerSite ?? null,
      teamId: first?.teamId ?? null,
      gateway: first?.gateway ?? null,
      invoiceId: input.invoiceId,
      planId: plan.id,
      locale: first?.locale ?? 'zh-CN',
    })
    .onConflictDoNothing()
    .returning({ id: donations.id })
  if (!created.length) return 'already recorded'
  return confirmPayment(tx, created[0]!.id, { ...input.reported, eventId: input.eventId }, input.at)
}

/** An admin's decision on a held gift: it is not credited; it is marked failed (with the reason), audited. */
export async function rejectHeldDonation(db: Db, input: { donationId: string; adminId: string; reason: string }) {
  return db.transaction(async (tx) => {
    const donation = await lockDonation(tx, input.donationId)
    if (!donation || !donation.heldAt || (donation.status !== 'pending' && donation.status !== 'failed')) return false
    await tx.update(donations).set({ status: 'failed', failureReason: `held: ${donation.heldReason ?? ''}`.slice(0, 200) }).where(eq(donations.id, donation.id))
    await tx.insert(auditLog).values({ actorId: input.adminId, action: 'donation.held.reject', targetType: 'donation', targetId: donation.id, reason: input.reason, details: { heldReason: donation.heldReason } })
    return true
  })
}

/**
 * A monthly plan, for the person cancelling it: by its donor's account (`userId`), or by the signed
 * link in its receipt emails (a guest's plan has no account).
 */
export async function planForCancel(db: Db, input: { planId: string } & ({ userId: string } | { token: string | null })) {
  if (!isUuid(input.planId)) return null
  if ('token' in input && !verifyPlanCancel(input.planId, input.token)) return null
  const [row] = await db
    .select({ plan: donationPlans, project: { slug: projects.slug, title: projects.title, contentLanguage: projects.contentLanguage, translations: projects.translations } })
    .from(donationPlans)
    .innerJoin(projects, eq(projects.id, donationPlans.projectId))
    .where('userId' in input ? and(eq(donationPlans.id, input.planId), eq(donationPlans.userId, input.userId)) : eq(donationPlans.id, input.planId))
  return row ?? null
}

/** Cancels a monthly plan at the gateway; shown as cancelled at once, the gateway's event confirms it (idempotently). */
export async function cancelPlan(db: Db, gateway: Pick<PaymentGateway, 'cancelSubscription'>, plan: { id: string; status: string; subscriptionId: string | null }) {
  if (plan.status !== 'active' || !plan.subscriptionId) return false
  await gateway.cancelSubscription(plan.subscriptionId)
  await db.update(donationPlans).set({ status: 'canceled', canceledAt: new Date() }).where(and(eq(donationPlans.id, plan.id), eq(donationPlans.status, 'active')))
  return true
}

/** The signed link that lets anyone holding a monthly gift's receipt email cancel the plan, without an account. */
export function planCancelPath(planId: string) {
  return `/plans/${planId}/cancel?t=${signedToken(`cancel-plan:${planId}`)}`
}

export function verifyPlanCancel(planId: string, token: string | null) {
  return isUuid(planId) && verifySignedToken(`cancel-plan:${planId}`, token)
}

export async function activatePlan(tx: Db, planId: string, subscriptionId: string) {
  await tx.update(donationPlans).set({ status: 'active', subscriptionId }).where(and(eq(donationPlans.id, planId), sql`${donationPlans.subscriptionId} is null`))
}

export async function cancelPlanBySubscription(tx: Db, subscriptionId: string, at = new Date()) {
  await tx.update(donationPlans).set({ status: 'canceled', canceledAt: at }).where(and(eq(donationPlans.subscriptionId, subscriptionId), sql`${donationPlans.status} <> 'canceled'`))
}

// ── Reads ──────────────────────────────────────────────────────────────────────────────────────

export async function getDonation(db: Db, id: string) {
  if (!isUuid(id)) return null
  const [row] = await db
    .select({ donation: donations, project: { id: projects.id, slug: projects.slug, title: projects.title, contentLanguage: projects.contentLanguage, translations: projects.translations, organizationId: projects.organizationId }, organization: { name: organizations.name, slug: organizations.slug, contentLanguage: organizations.contentLanguage, translations: organizations.translations } })
    .from(donations)
    .innerJoin(projects, eq(projects.id, donations.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(eq(donations.id, id))
  return row ?? null
}

/** The credit entry of a donation, with its seal once sealed (the hash a receipt quotes and the verifier recomputes). */
export async function creditEntry(db: Db, donationId: string) {
  const [row] = await db
    .select({ entry: ledgerEntries, seal: ledgerSeals })
    .from(ledgerEntries)
    .leftJoin(ledgerSeals, eq(ledgerSeals.entryId, ledgerEntries.id))
    .where(and(eq(ledgerEntries.donationId, donationId), eq(ledgerEntries.kind, 'donation')))
  return row ? { ...row.entry, seal: row.seal } : null
}

/** The acting user's own gifts: confirmed ones, and their pending ones of the last day. Never anyone else's. */
export async function donationsOf(db: Db, { userId }: { userId: string }) {
  return db
    .select({
      donation: donations,
      project: { slug: projects.slug, title: projects.title, contentLanguage: projects.contentLanguage, translations: projects.translations },
      organization: { name: organizations.name, slug: organizations.slug, contentLanguage: organizations.contentLanguage, translations: organizations.translations },
    })
    .from(donations)
    .innerJoin(projects, eq(projects.id, donations.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(and(eq(donations.userId, userId), sql`(${donations.status} <> 'pending' or ${donations.createdAt} > now() - interval '1 day')`))
    .orderBy(desc(donations.createdAt))
    .limit(200)
}

export async function plansOf(db: Db, { userId }: { userId: string }) {
  return db
    .select({ plan: donationPlans, project: { slug: projects.slug, title: projects.title, contentLanguage: projects.contentLanguage, translations: projects.translations } })
    .from(donationPlans)
    .innerJoin(projects, eq(projects.id, donationPlans.projectId))
    .where(and(eq(donationPlans.userId, userId), sql`${donationPlans.status} <> 'pending'`))
    .orderBy(desc(donationPlans.createdAt))
}

/** Pending donations older than the cutoff that have a checkout session to ask the gateway about. */
export async function stalePending(db: Db, olderThan: Date, limit = 200) {
  return db
    .select({ id: donations.id, checkoutSessionId: donations.checkoutSessionId })
    .from(donations)
    .where(and(eq(donations.status, 'pending'), lt(donations.createdAt, olderThan), sql`${donations.checkoutSessionId} is not null`, isNull(donations.heldAt)))
    .limit(limit)
}

export async function donorName(db: Db, userId: string) {
  const [u] = await db.select({ displayName: users.displayName }).from(users).where(eq(users.id, userId))
  return u?.displayName ?? null
}

/** Who may see a gift's thank-you page and receipt: the link's holder, the donor's account, admins. */
export function canViewDonation(donation: Pick<Donation, 'accessToken' | 'userId'>, user: { id: string; isAdmin: boolean } | null, token: string | null) {
  if (user?.isAdmin || (user && donation.userId === user.id)) return true
  if (!token || token.length !== donation.accessToken.length) return false
  return timingSafeEqual(Buffer.from(token), Buffer.from(donation.accessToken))
}

/** A donor's confirmed gifts to one organisation in one calendar year (China time), for the annual receipt. */
export async function annualGifts(db: Db, input: { userId: string; organizationSlug: string; year: number }) {
  return db
    .select({ donation: donations, project: { title: projects.title, slug: projects.slug }, organization: { name: organizations.name, uscc: organizations.uscc } })
    .from(donations)
    .innerJoin(projects, eq(projects.id, donations.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(
      and(
        eq(donations.userId, input.userId),
        eq(organizations.slug, input.organizationSlug),
        // A gift refunded in full is no gift for the year: it is not listed.
        sql`${donations.status} in ('succeeded', 'partially_refunded')`,
        sql`extract(year from ${donations.succeededAt} at time zone 'Asia/Shanghai') = ${input.year}`,
      ),
    )
    .orderBy(donations.succeededAt)
}

export const OWNER_REFUND_DAYS = 30
