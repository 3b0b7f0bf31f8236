/**
 * Donations: created pending by the donate form, moved only by the payment gateway's webhook (and
 * reconciliation, through the same functions). Each movement of money is a ledger entry written in
 * the same transaction as the donation's status and the project's cached totals; each entry has an
 * `external_ref` under a UNIQUE constraint, so a replayed or reordered event cannot count twice.
 *
 *   pending → succeeded | failed;  succeeded → refunded | partially_refunded | disputed (→ back when won)
 */
import { screen } from '~/moderation/terms.server'
import { flagForReview } from './moderation.server'
import { createHash, timingSafeEqual } from 'node:crypto'
import { and, desc, eq, lt, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { donationPlans, donations, ledgerEntries, notifications, organizations, projectFollows, projects, users } from '~db/schema'
import { queueMail } from '~/mail/mailer.server'
import { donationReceiptMail, refundMail } from '~/mail/messages.server'
import { isUuid } from '~/utils/ids'
import { formatMoney } from '~/utils/money'

export type Donation = typeof donations.$inferSelect

/** Per-currency limits for one gift, in minor units. */
export const AMOUNT_LIMITS: Record<string, { min: bigint; max: bigint }> = {
  CNY: { min: 100n, max: 5_000_000n },
}
export const PRESET_AMOUNTS: Record<string, bigint[]> = { CNY: [2_000n, 5_000n, 10_000n, 20_000n] }

export type Refusal = 'projectNotFundraising' | 'organizationSuspended' | 'amountOutOfRange' | 'minor' | 'emailRequired'

export class DonationRefused extends Error {
  override name = 'DonationRefused'
  constructor(readonly refusal: Refusal) {
    super(`donation refused: ${refusal}`)
  }
}

export function isMinor(birthYear: number | null | undefined, now = new Date()) {
  return birthYear !== null && birthYear !== undefined && now.getFullYear() - birthYear < 18
}

export interface NewDonation {
  projectId: string
  user: { id: string; email: string; birthYear: number | null } | null
  amount: bigint
  frequency: 'one_time' | 'monthly'
  displayName?: string
  isAnonymous: boolean
  message?: string
  email?: string
  attributionCode?: string | null
  locale: string
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
    if (input.user && isMinor(input.user.birthYear, input.now)) throw new DonationRefused('minor')
    const email = input.user?.email ?? input.email
    if (!email) throw new DonationRefused('emailRequired')
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

/** A canonical SHA-256 of a ledger entry's content: what a receipt quotes (the ledger issue chains them). */
export function ledgerEntryHash(entry: { id: bigint; projectId: string; kind: string; amount: bigint; currency: string; donationId: string | null; occurredAt: Date }) {
  return createHash('sha256')
    .update([entry.id, entry.projectId, entry.kind, entry.amount, entry.currency, entry.donationId ?? '', entry.occurredAt.toISOString()].join('|'))
    .digest('hex')
}

async function moveMoney(
  tx: Db,
  donation: Pick<Donation, 'id' | 'projectId' | 'currency'>,
  entry: { kind: 'donation' | 'refund' | 'dispute' | 'dispute_reversal'; amount: bigint; externalRef: string; memo?: string; at: Date },
) {
  const inserted = await tx
    .insert(ledgerEntries)
    .values({ projectId: donation.projectId, kind: entry.kind, amount: entry.amount, currency: donation.currency, donationId: donation.id, memo: entry.memo, externalRef: entry.externalRef, occurredAt: entry.at })
    .onConflictDoNothing()
    .returning({ id: ledgerEntries.id })
  if (!inserted.length) return false
  await tx
    .update(projects)
    .set({
      raisedAmount: sql`${projects.raisedAmount} + ${entry.amount}`,
      ...(entry.kind === 'donation' ? { donationCount: sql`${projects.donationCount} + 1` } : {}),
    })
    .where(eq(projects.id, donation.projectId))
  return true
}

/** pending → succeeded: the credit, the receipt number, the totals, the receipt email, follower milestones. */
export async function markSucceeded(tx: Db, donationId: string, ids: { paymentIntentId?: string | null; chargeId?: string | null }, at = new Date()) {
  const donation = await lockDonation(tx, donationId)
  if (!donation) return 'unknown donation'
  if (donation.status !== 'pending' && donation.status !== 'failed') return `already ${donation.status}`
  const [{ n }] = (await queryRows<{ n: string }>(tx, sql`select nextval('receipt_number_seq')::text as n`)) as [{ n: string }]
  const receiptNumber = `SL-${at.getUTCFullYear()}-${n.padStart(8, '0')}`
  await tx
    .update(donations)
    .set({
      status: 'succeeded',
      succeededAt: at,
      receiptNumber,
      paymentIntentId: donation.paymentIntentId ?? ids.paymentIntentId ?? null,
      chargeId: donation.chargeId ?? ids.chargeId ?? null,
      failureReason: null,
    })
    .where(eq(donations.id, donation.id))
  const [before] = await tx.select({ raised: projects.raisedAmount, goal: projects.goalAmount }).from(projects).where(eq(projects.id, donation.projectId))
  await moveMoney(tx, donation, { kind: 'donation', amount: donation.amount, externalRef: `donation:${donation.id}`, at })
  await afterSuccess(tx, { ...donation, receiptNumber }, before!)
  return 'succeeded'
}

async function afterSuccess(tx: Db, donation: Donation, before: { raised: bigint; goal: bigint }) {
  const [project] = await tx
    .select({ title: projects.title, slug: projects.slug, orgName: organizations.name })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(eq(projects.id, donation.projectId))
  if (donation.donorEmail)
    await queueMail(tx, donationReceiptMail({ email: donation.donorEmail, locale: donation.locale, name: donation.displayName }, {
      amount: formatMoney(donation.amount, donation.currency, donation.locale),
      project: project!.title,
      organization: project!.orgName,
      receiptNumber: donation.receiptNumber!,
      link: `/receipts/${donation.id}?t=${donation.accessToken}`,
    }))
  // Followers hear when the project passes half of its goal and when it reaches it.
  const after = before.raised + donation.amount
  for (const milestone of [50n, 100n]) {
    const threshold = (before.goal * milestone) / 100n
    if (before.raised < threshold && after >= threshold) {
      await tx.execute(sql`
        insert into ${notifications} (user_id, message_key, "values", link)
        select ${projectFollows.userId}, ${`notify.milestone.${milestone}`}, ${JSON.stringify({ title: project!.title })}::jsonb, ${`/projects/${project!.slug}`}
        from ${projectFollows} where ${projectFollows.projectId} = ${donation.projectId}`)
    }
  }
}

/** pending → failed (declined, async failure, expired session). Never touches a paid donation. */
export async function markFailed(tx: Db, donationId: string, reason: string) {
  const donation = await lockDonation(tx, donationId)
  if (!donation) return 'unknown donation'
  if (donation.status !== 'pending') return `already ${donation.status}`
  await tx.update(donations).set({ status: 'failed', failureReason: reason.slice(0, 200) }).where(eq(donations.id, donation.id))
  return 'failed'
}

/** Brings the refunded total to `cumulative` (Stripe reports the charge's running total), once. */
export async function applyRefundTotal(tx: Db, donationId: string, cumulative: bigint, at = new Date()) {
  let donation = await lockDonation(tx, donationId)
  if (!donation) return 'unknown donation'
  // A refund proves the payment: if its completion event has not arrived yet, apply it first.
  if (donation.status === 'pending' || donation.status === 'failed') {
    await markSucceeded(tx, donationId, {}, at)
    donation = (await lockDonation(tx, donationId))!
  }
  const target = cumulative > donation.amount ? donation.amount : cumulative
  const delta = target - donation.refundedAmount
  if (delta <= 0n) return 'no change'
  await moveMoney(tx, donation, { kind: 'refund', amount: -delta, externalRef: `refund:${donation.id}:${target}`, at })
  await tx
    .update(donations)
    .set({ refundedAmount: target, status: donation.status === 'disputed' ? 'disputed' : target === donation.amount ? 'refunded' : 'partially_refunded' })
    .where(eq(donations.id, donation.id))
  if (donation.donorEmail) await queueMail(tx, refundMail({ email: donation.donorEmail, locale: donation.locale }, { amount: formatMoney(delta, donation.currency, donation.locale), receiptNumber: donation.receiptNumber ?? '' }))
  return 'refunded'
}

export async function applyDispute(tx: Db, donationId: string, disputeId: string, phase: 'created' | 'won' | 'lost', at = new Date()) {
  let donation = await lockDonation(tx, donationId)
  if (!donation) return 'unknown donation'
  if (donation.status === 'pending' || donation.status === 'failed') {
    await markSucceeded(tx, donationId, {}, at)
    donation = (await lockDonation(tx, donationId))!
  }
  const disputed = donation.amount - donation.refundedAmount
  if (phase === 'created') {
    const [won] = await tx.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.externalRef, `dispute:${disputeId}:won`))
    if (won) return 'already won'
  }
  // Whatever the order of events, the withdrawal is recorded once, and a win returns it once.
  await moveMoney(tx, donation, { kind: 'dispute', amount: -disputed, externalRef: `dispute:${disputeId}`, at })
  if (phase === 'won') {
    await moveMoney(tx, donation, { kind: 'dispute_reversal', amount: disputed, externalRef: `dispute:${disputeId}:won`, at })
    await tx.update(donations).set({ status: donation.refundedAmount > 0n ? 'partially_refunded' : 'succeeded' }).where(eq(donations.id, donation.id))
    return 'dispute won'
  }
  await tx.update(donations).set({ status: 'disputed' }).where(eq(donations.id, donation.id))
  return phase === 'lost' ? 'dispute lost' : 'disputed'
}

/** A monthly plan's renewal: one donation per paid invoice, credited once. */
export async function applyRenewal(tx: Db, input: { subscriptionId: string; invoiceId: string; amount: bigint; at?: Date }) {
  const [plan] = await tx.select().from(donationPlans).where(eq(donationPlans.subscriptionId, input.subscriptionId))
  if (!plan) return 'unknown subscription'
  const [first] = plan.firstDonationId ? await tx.select().from(donations).where(eq(donations.id, plan.firstDonationId)) : []
  const created = await tx
    .insert(donations)
    .values({
      projectId: plan.projectId,
      userId: plan.userId,
      amount: input.amount,
      currency: plan.currency,
      frequency: 'monthly',
      status: 'pending',
      displayName: first?.displayName ?? null,
      isAnonymous: first?.isAnonymous ?? true,
      donorEmail: first?.donorEmail ?? null,
      attributionCode: first?.attributionCode ?? null,
      gateway: first?.gateway ?? null,
      invoiceId: input.invoiceId,
      planId: plan.id,
      locale: first?.locale ?? 'zh-CN',
    })
    .onConflictDoNothing()
    .returning({ id: donations.id })
  if (!created.length) return 'already recorded'
  return markSucceeded(tx, created[0]!.id, {}, input.at)
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
    .select({ donation: donations, project: { id: projects.id, slug: projects.slug, title: projects.title, organizationId: projects.organizationId }, organization: { name: organizations.name, slug: organizations.slug } })
    .from(donations)
    .innerJoin(projects, eq(projects.id, donations.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(eq(donations.id, id))
  return row ?? null
}

/** The credit entry of a donation, with its hash. */
export async function creditEntry(db: Db, donationId: string) {
  const [entry] = await db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.donationId, donationId), eq(ledgerEntries.kind, 'donation')))
  return entry ? { ...entry, hash: ledgerEntryHash(entry) } : null
}

export async function donationsOf(db: Db, userId: string) {
  return db
    .select({ donation: donations, project: { slug: projects.slug, title: projects.title }, organization: { name: organizations.name, slug: organizations.slug } })
    .from(donations)
    .innerJoin(projects, eq(projects.id, donations.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(and(eq(donations.userId, userId), sql`${donations.status} <> 'pending' or ${donations.createdAt} > now() - interval '1 day'`))
    .orderBy(desc(donations.createdAt))
    .limit(200)
}

export async function plansOf(db: Db, userId: string) {
  return db
    .select({ plan: donationPlans, project: { slug: projects.slug, title: projects.title } })
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
    .where(and(eq(donations.status, 'pending'), lt(donations.createdAt, olderThan), sql`${donations.checkoutSessionId} is not null`))
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
        sql`${donations.status} in ('succeeded', 'partially_refunded', 'refunded')`,
        sql`extract(year from ${donations.succeededAt} at time zone 'Asia/Shanghai') = ${input.year}`,
      ),
    )
    .orderBy(donations.succeededAt)
}

export const OWNER_REFUND_DAYS = 30
