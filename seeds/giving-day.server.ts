/**
 * The demo's giving day (issue 22), 99 公益日-style: running now, two sponsors' pools with different
 * rules, several of the seeded projects approved into it, and gifts given through the real money
 * path — a pending gift, paid at the sandbox gateway, its Stripe-shaped completion event stored and
 * applied by the webhook processor — so the sponsors' matches are decided under the pools' locks in
 * the credits' transactions, and `ledger:check` finds every match backed. One gift, from the owner of
 * the project's own organisation, is held for review (套捐), as the admin's queue should show. Two
 * teams (一起捐) take part, some gifts given through them; one reaches its goal.
 */
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { campaignProjects, donations, media, organizationMembers, projects, projectUpdates, sandboxDeliveries, users } from '~db/schema'
import { addPool, advanceCampaign, applyToCampaign, createCampaign, decideCampaignProject } from '~/models/campaigns.server'
import { createPendingDonation } from '~/models/donations.server'
import { createTeam } from '~/models/teams.server'
import { SandboxGateway, SUCCEEDING_CARDS } from '~/payments/sandbox.server'
import { ingestStripeEvent, processStripeEvents } from '~/payments/webhook.server'
import { addParticipationPool, earnSponsorGift, PARTICIPATION_RULES, readingToken } from '~/models/participation.server'
import { recordVideoEvent } from '~/models/videos.server'
import { demoGivingDay, demoVideoUpdates } from './demo-data'

const HOUR_MS = 3_600_000

/** A gift as a donor gives it on the demo's gateway, credited by the webhook at `at`. */
async function giveAt(db: Db, gateway: SandboxGateway, gift: { projectId: string; amount: bigint; at: Date; card: string; user?: { id: string; email: string; birthDate: string }; email?: string; displayName?: string; teamId?: string }) {
  const { donation } = await createPendingDonation(db, {
    projectId: gift.projectId,
    user: gift.user ?? null,
    email: gift.user ? undefined : gift.email,
    amount: gift.amount,
    frequency: 'one_time',
    isAnonymous: !gift.displayName,
    displayName: gift.displayName,
    teamId: gift.teamId,
    locale: 'zh-CN',
    now: gift.at,
  })
  const session = await gateway.createCheckout({ donationId: donation.id, amount: gift.amount, currency: 'CNY', mode: 'payment', title: '99 公益日', successUrl: `http://localhost/donations/${donation.id}`, cancelUrl: 'http://localhost/', locale: 'zh-CN', idempotencyKey: donation.id })
  await db.update(donations).set({ checkoutSessionId: session.id, gateway: 'sandbox', createdAt: gift.at }).where(and(eq(donations.id, donation.id), isNull(donations.checkoutSessionId)))
  const paid = await gateway.pay(session.id, gift.card)
  if (!paid.ok) throw new Error(`demo giving day: payment failed (${paid.error})`)
  // The gateway's events, delivered as its delivery loop would — stamped with when the gift was given.
  const due = await db.select().from(sandboxDeliveries).where(isNull(sandboxDeliveries.deliveredAt)).orderBy(asc(sandboxDeliveries.id))
  for (const delivery of due) {
    const event = JSON.parse(delivery.payload) as { id: string; type: string; created: number }
    event.created = Math.floor(gift.at.getTime() / 1000)
    await ingestStripeEvent(db, event, JSON.stringify(event))
    await db.update(sandboxDeliveries).set({ deliveredAt: gift.at }).where(eq(sandboxDeliveries.id, delivery.id))
  }
  await processStripeEvents(db)
  return donation.id
}

export async function seedGivingDay(db: Db, input: { now: Date; adminId: string }) {
  const { now, adminId } = input
  const day = demoGivingDay
  const campaign = await createCampaign(db, {
    adminId,
    slug: day.slug,
    title: day.title,
    contentLanguage: 'zh-CN',
    translations: { en: { title: day.titleEn } },
    startsAt: new Date(now.getTime() - day.startedHoursAgo * HOUR_MS),
    endsAt: new Date(now.getTime() + day.endsInHours * HOUR_MS),
  })
  for (const pool of day.pools) {
    await addPool(db, {
      adminId,
      campaignId: campaign.id,
      sponsorName: pool.sponsor,
      translations: { en: { sponsorName: pool.sponsorEn } },
      totalAmount: BigInt(pool.totalYuan) * 100n,
      rules: {
        ratioPercent: pool.ratioPercent,
        capPerGift: pool.capPerGiftYuan ? BigInt(pool.capPerGiftYuan) * 100n : null,
        capPerDonorDay: pool.capPerDonorDayYuan ? BigInt(pool.capPerDonorDayYuan) * 100n : null,
        capPerProject: pool.capPerProjectYuan ? BigInt(pool.capPerProjectYuan) * 100n : null,
        firstGiftOnly: pool.firstGiftOnly,
        endsAt: pool.windowHours ? new Date(now.getTime() - (day.startedHoursAgo - pool.windowHours) * HOUR_MS) : undefined,
      },
    })
  }
  await advanceCampaign(db, { adminId, campaignId: campaign.id, to: 'live' })
  // Each organisation applies its project (its owner, or — for an organisation the demo has no
  // account for — the application is recorded as the platform's invitation); the admin approves.
  const projectIds = new Map<string, string>()
  for (const slug of day.projects) {
    const [row] = await db
      .select({ id: projects.id, member: organizationMembers.userId })
      .from(projects)
      .leftJoin(organizationMembers, and(eq(organizationMembers.organizationId, projects.organizationId), eq(organizationMembers.role, 'owner')))
      .where(eq(projects.slug, slug))
      .limit(1)
    if (!row) throw new Error(`demo giving day: no project ${slug}`)
    projectIds.set(slug, row.id)
    if (row.member) await applyToCampaign(db, { campaignId: campaign.id, projectId: row.id, userId: row.member })
    else await db.insert(campaignProjects).values({ campaignId: campaign.id, projectId: row.id, appliedBy: adminId }).onConflictDoNothing()
    await decideCampaignProject(db, { adminId, campaignId: campaign.id, projectId: row.id, decision: 'approved' })
  }
  const gateway = new SandboxGateway(() => db)
  const accounts = await db.select({ id: users.id, email: users.email, birthDate: users.birthDate }).from(users)
  const account = (email: string) => {
    const found = accounts.find((a) => a.email === email)
    if (!found) throw new Error(`demo giving day: no account ${email}`)
    return { id: found.id, email: found.email, birthDate: found.birthDate ?? '1980-01-01' }
  }
  // The teams exist before their gifts: a gift names its team when it is given, and counts once credited.
  const teamIds = new Map<string, string>()
  for (const team of day.teams) {
    const created = await createTeam(db, {
      userId: account(team.account).id,
      projectId: projectIds.get(team.project)!,
      name: team.name,
      goal: BigInt(team.goalYuan) * 100n,
      message: team.message,
      showStarter: team.showStarter,
      campaignSlug: campaign.slug,
      now: new Date(now.getTime() - day.startedHoursAgo * HOUR_MS + HOUR_MS / 2),
    })
    teamIds.set(team.key, created.id)
  }
  for (const [i, gift] of day.gifts.entries()) {
    await giveAt(db, gateway, {
      // Each demo gift paid with its own test card: none of them is one card posing as many donors.
      card: SUCCEEDING_CARDS[i % SUCCEEDING_CARDS.length]!,
      projectId: projectIds.get(gift.project)!,
      amount: BigInt(gift.yuan) * 100n,
      at: new Date(now.getTime() - gift.hoursAgo * HOUR_MS),
      user: gift.account ? account(gift.account) : undefined,
      email: gift.email,
      displayName: gift.displayName,
      teamId: gift.team ? teamIds.get(gift.team) : undefined,
    })
  }
  await seedParticipation(db, { now, adminId, campaignId: campaign.id, account })
  return campaign
}

/**
 * The participation pool and what demo accounts earned from it, through the real path: the views
 * recorded as /watch/events records them (impression, play after 3 s, completion at the video's
 * end, by the server's clock of that moment), the disclosure read with its signed opening time, and
 * each claim decided under the pool's lock and posted to the ledger.
 */
async function seedParticipation(db: Db, input: { now: Date; adminId: string; campaignId: string; account: (email: string) => { id: string } }) {
  const spec = demoGivingDay.participation
  await addParticipationPool(db, {
    adminId: input.adminId,
    campaignId: input.campaignId,
    sponsorName: spec.sponsor,
    translations: { en: { sponsorName: spec.sponsorEn } },
    totalAmount: BigInt(spec.totalYuan) * 100n,
    amountPerAction: BigInt(spec.perActionFen),
    actions: spec.actions,
    capPerPersonDay: spec.capPerPersonDay,
  })
  for (const e of spec.earned) {
    const userId = input.account(e.account).id
    const start = new Date(input.now.getTime() - e.hoursAgo * HOUR_MS)
    if (e.watch) {
      const title = demoVideoUpdates.find((v) => v.file === e.watch)!.title
      const [update] = await db
        .select({ id: projectUpdates.id, durationMs: media.durationMs })
        .from(projectUpdates)
        .innerJoin(media, eq(media.id, projectUpdates.videoMediaId))
        .where(eq(projectUpdates.title, title))
      if (!update) throw new Error(`demo participation: no video update ${e.watch}`)
      const base = { videoId: update.id, viewer: `u:${userId}`, network: 'demo' }
      const end = start.getTime() + (update.durationMs ?? 0) + 500
      await recordVideoEvent(db, { ...base, event: 'impression', watchedMs: 0, now: start })
      await recordVideoEvent(db, { ...base, event: 'play', watchedMs: 3_200, now: new Date(start.getTime() + 3_200) })
      await recordVideoEvent(db, { ...base, event: 'complete', watchedMs: update.durationMs ?? 0, now: new Date(end) })
      const outcome = await earnSponsorGift(db, { userId, action: 'watch_update', itemId: update.id, now: new Date(end + 500) })
      if (outcome.status !== 'earned') throw new Error(`demo participation: ${e.account} watching ${e.watch} was refused (${outcome.reason})`)
    }
    if (e.read) {
      const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, e.read))
      const token = await readingToken(db, { userId, projectId: project!.id, now: start })
      const outcome = await earnSponsorGift(db, { userId, action: 'read_disclosure', itemId: project!.id, readingToken: token, now: new Date(start.getTime() + PARTICIPATION_RULES.READ_MS + 1_000) })
      if (outcome.status !== 'earned') throw new Error(`demo participation: ${e.account} reading ${e.read} was refused (${outcome.reason})`)
    }
  }
}

