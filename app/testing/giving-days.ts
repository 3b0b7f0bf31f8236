/**
 * Test helpers for giving days: a live campaign with one approved project per call and a pool with
 * the rules asked for; gifts paid through the sandbox gateway and credited by the real webhook
 * processor, at a chosen moment (the event's `created`, which is when the gateway took the money) and
 * with a chosen test card (whose fingerprint the processor looks up at the gateway, as with Stripe).
 */
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { donations, organizationMembers, organizations, projects, sandboxDeliveries, users } from '~db/schema'
import { addPool, advanceCampaign, applyToCampaign, createCampaign, decideCampaignProject, type PoolRulesInput } from '~/models/campaigns.server'
import { createPendingDonation } from '~/models/donations.server'
import { createUser } from '~/models/users.server'
import { ingestStripeEvent, processStripeEvents } from '~/payments/webhook.server'
import { sandboxFor } from './payments'

/** 10:00 on a giving day in China (02:00 UTC). */
export const GIVING_DAY = new Date('2026-09-09T02:00:00Z')
export const hours = (n: number) => n * 3_600_000

let serial = 0
const unique = () => `${process.pid}-${serial++}`

export async function makeUser(db: Db, input: { email?: string; admin?: boolean; verified?: boolean } = {}) {
  const user = await createUser(db, { email: input.email ?? `u-${unique()}@example.org`, displayName: 'U', password: 'a long test passphrase', birthDate: '1980-01-01', locale: 'en' })
  await db
    .update(users)
    .set({ isAdmin: Boolean(input.admin), emailVerifiedAt: input.verified === false ? null : new Date() })
    .where(eq(users.id, user.id))
  return user
}

/** An approved organisation with an owner, and one fundraising project of it. */
export async function makeProject(db: Db, owner?: { id: string; email: string }) {
  const n = unique()
  const digits = String(serial).padStart(16, '0')
  const [org] = await db
    .insert(organizations)
    .values({ slug: `gd-org-${n}`, name: `Org ${n}`, uscc: `93${digits}`, region: '北京', contactName: 'c', contactEmail: `contact-${n}@org.example`, status: 'approved' })
    .returning()
  const [project] = await db
    .insert(projects)
    .values({ slug: `gd-${n}`, organizationId: org!.id, title: `P ${n}`, summary: 's', category: 'education', region: '北京', goalAmount: 100_000_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising' })
    .returning()
  const member = owner ?? (await makeUser(db))
  await db.insert(organizationMembers).values({ organizationId: org!.id, userId: member.id, role: 'owner' })
  return { project: project!, org: org!, owner: member }
}

/** A live campaign around GIVING_DAY with one pool, and `projectCount` approved projects in it. */
export async function givingDay(db: Db, input: { admin: { id: string }; total: bigint; rules: PoolRulesInput; projectCount?: number; campaignWindow?: { startsAt: Date; endsAt: Date } }) {
  const window = input.campaignWindow ?? { startsAt: new Date(GIVING_DAY.getTime() - hours(26)), endsAt: new Date(GIVING_DAY.getTime() + hours(48)) }
  const campaign = await createCampaign(db, { adminId: input.admin.id, slug: `day-${unique()}`, title: '99 公益日', ...window })
  const pool = await addPool(db, { adminId: input.admin.id, campaignId: campaign.id, sponsorName: '腾讯基金会', totalAmount: input.total, rules: input.rules })
  await advanceCampaign(db, { adminId: input.admin.id, campaignId: campaign.id, to: 'live' })
  const joined = []
  for (let i = 0; i < (input.projectCount ?? 1); i++) {
    const made = await makeProject(db)
    await join(db, { admin: input.admin, campaignId: campaign.id, ...made })
    joined.push(made)
  }
  return { campaign, pool, projects: joined }
}

export async function join(db: Db, input: { admin: { id: string }; campaignId: string; project: { id: string }; owner: { id: string } }) {
  if ((await applyToCampaign(db, { campaignId: input.campaignId, projectId: input.project.id, userId: input.owner.id })) !== 'applied') throw new Error('could not apply')
  await decideCampaignProject(db, { adminId: input.admin.id, campaignId: input.campaignId, projectId: input.project.id, decision: 'approved' })
}

export interface GiftOptions {
  email?: string
  user?: { id: string; email: string }
  at?: Date
  /** The sandbox test card that pays (4242 4242 4242 4242 unless given). */
  card?: string
  /** A team's gift (一起捐), and what the donor chose to show on it (anonymous unless a name is given). */
  teamId?: string
  displayName?: string
  message?: string
}

/** A pending gift, paid at the sandbox; its completion event waits in the sandbox's queue. */
export async function paidAtGateway(db: Db, projectId: string, amount: bigint, options: GiftOptions = {}) {
  const gateway = sandboxFor(db)
  const { donation } = await createPendingDonation(db, {
    projectId,
    user: options.user ? { ...options.user, birthDate: '1980-01-01' } : null,
    amount,
    frequency: 'one_time',
    isAnonymous: !options.displayName,
    displayName: options.displayName,
    message: options.message,
    teamId: options.teamId,
    email: options.user ? undefined : (options.email ?? `guest-${unique()}@example.org`),
    locale: 'en',
  })
  const session = await gateway.createCheckout({ donationId: donation.id, amount, currency: 'CNY', mode: 'payment', title: 't', successUrl: 'http://localhost/thanks', cancelUrl: 'http://localhost/back', locale: 'en', idempotencyKey: donation.id })
  await db.update(donations).set({ checkoutSessionId: session.id, gateway: 'sandbox' }).where(and(eq(donations.id, donation.id), isNull(donations.checkoutSessionId)))
  const paid = await gateway.pay(session.id, options.card ?? '4242424242424242')
  if (!paid.ok) throw new Error(`sandbox payment failed: ${paid.error}`)
  return donation
}

/**
 * Stores the sandbox's queued events as the webhook would, each completion stamped with the moment
 * the gift was given.
 */
export async function deliverQueued(db: Db, stamp: Map<string, GiftOptions> = new Map()) {
  const due = await db.select().from(sandboxDeliveries).where(isNull(sandboxDeliveries.deliveredAt)).orderBy(asc(sandboxDeliveries.id))
  for (const delivery of due) {
    const event = JSON.parse(delivery.payload) as { id: string; type: string; created: number; data: { object: Record<string, unknown> } }
    const options = stamp.get(String(event.data.object.client_reference_id ?? ''))
    if (options && event.type === 'checkout.session.completed') {
      if (options.at) event.created = Math.floor(options.at.getTime() / 1000)
    }
    const raw = JSON.stringify(event)
    await ingestStripeEvent(db, event, raw)
    await db.update(sandboxDeliveries).set({ deliveredAt: new Date() }).where(eq(sandboxDeliveries.id, delivery.id))
  }
}

/** A gift given at `options.at` (GIVING_DAY by default), credited by the webhook processor. */
export async function give(db: Db, projectId: string, amount: bigint, options: GiftOptions = {}) {
  const donation = await paidAtGateway(db, projectId, amount, options)
  await deliverQueued(db, new Map([[donation.id, { at: GIVING_DAY, ...options }]]))
  await processStripeEvents(db)
  const [after] = await db.select().from(donations).where(eq(donations.id, donation.id))
  if (after!.status !== 'succeeded') throw new Error(`gift not credited: ${after!.status}`)
  return after!
}
