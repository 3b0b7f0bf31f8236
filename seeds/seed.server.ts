/**
 * Writes the demo data set into an empty database, in one transaction, reproducibly (a seeded
 * pseudo-random generator). Running it again on a seeded database changes nothing.
 */
import { regionFromText } from '~/regions/regions'
import { createHash, randomUUID } from 'node:crypto'
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import {
  budgetLines,
  challenges,
  donations,
  expenses,
  organizationFollows,
  organizationMembers,
  organizations,
  projectFollows,
  projects,
  projectUpdates,
  auditLog,
  media,
  refunds,
  sandboxSessions,
  shareLinks,
  supporterVideos,
  users,
  videoStats,
  totpFactors,
} from '~db/schema'
import { post } from '~/ledger/post.server'
import { seedGivingDay } from './giving-day.server'
import { getStorage, uploadTempDir } from '~/media/storage.server'
import { applyRefundTotal } from '~/models/donations.server'
import { recordExpense } from '~/models/expenses.server'
import { decideCase, flagForReview } from '~/models/moderation.server'
import { attachVideoCode, newVideoCode } from '~/models/updates.server'
import { screenText } from '~/moderation/screen'
import { hashPassword } from '~/utils/password.server'
import {
  DEMO_ADMIN_TOTP_SECRET,
  DEMO_PASSWORD,
  demoChallenge,
  demoChallengeVideos,
  demoFollows,
  demoModeration,
  demoOrganizations,
  demoExpenses,
  demoRefund,
  demoUpdates,
  demoProjects,
  demoUsers,
  demoVideoUpdates,
  donorMessages,
  donorNames,
  type DemoVideoFile,
} from './demo-data'

const DAY_MS = 86_400_000
/**
 * The demo's media, made by `npm run demo:media` and committed (the server runs from the
 * repository): scans of the expense evidence, project covers, and the update videos with their
 * posters and what ffprobe said about them (videos.json), so seeding runs no ffmpeg.
 */
const MEDIA_DIR = join(process.cwd(), 'seeds', 'media')
const EVIDENCE_DIR = join(MEDIA_DIR, 'evidence')
const COVERS_DIR = join(MEDIA_DIR, 'covers')
const VIDEOS_DIR = join(MEDIA_DIR, 'videos')

type SeedFile = { kind: 'image'; createdAt: Date } | ({ kind: 'video'; createdAt: Date; posterMediaId: string } & Omit<DemoVideoFile, 'poster'>)
type Owner = { organizationId: string | null; uploadedBy: string | null }

/**
 * A demo file stored like an upload that passed its checks: content-addressed in storage (stored
 * once), and its media row — public, ready (a video with the poster and probe its processing would
 * have given it), dated when the demo says it was uploaded so today's upload quotas do not count it.
 */
async function seedMediaRow(path: string, owner: Owner, file: SeedFile & { id?: string }) {
  const bytes = readFileSync(path)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const extension = file.kind === 'video' ? 'mp4' : 'jpg'
  const storageKey = `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.${extension}`
  const storage = getStorage()
  if ((await storage.size(storageKey)) !== bytes.length) {
    // A staged copy of its own: two seeds storing the same file at once must not take each other's.
    const staged = join(uploadTempDir(), `seed-${randomUUID()}.${extension}`)
    mkdirSync(dirname(staged), { recursive: true })
    copyFileSync(path, staged)
    await storage.putFile(storageKey, staged)
  }
  return {
    ...file,
    storageKey,
    contentType: file.kind === 'video' ? 'video/mp4' : 'image/jpeg',
    byteSize: bytes.length,
    sha256,
    isPublic: true,
    uploadedBy: owner.uploadedBy,
    organizationId: owner.organizationId,
    status: 'ready' as const,
  }
}

async function storeSeedMedia(tx: Db, path: string, owner: Owner, file: SeedFile) {
  const [row] = await tx.insert(media).values(await seedMediaRow(path, owner, file)).returning({ id: media.id })
  return row!.id
}

export interface SeedResult {
  seeded: boolean
  logins: { email: string; password: string; role: string }[]
}

export function demoLogins(): SeedResult['logins'] {
  return demoUsers.map((u) => ({ email: u.email, password: DEMO_PASSWORD, role: u.role }))
}

/** True when the database holds no organisation yet: the demo seeds only such a database. */
export async function isEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ id: organizations.id }).from(organizations).limit(1)
  return rows.length === 0
}

export async function seedDemo(db: Db, options: { now?: Date } = {}): Promise<SeedResult> {
  const now = options.now ?? new Date()
  const existing = await db
    .select({ slug: organizations.slug })
    .from(organizations)
    .where(inArray(organizations.slug, demoOrganizations.map((o) => o.slug)))
  if (existing.length > 0) return { seeded: false, logins: demoLogins() }

  // One hash for every demo account: argon2 is deliberately slow.
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const random = mulberry32(20_211_119)
  const receiptRefs = new Set<string>()

  await db.transaction(async (tx) => {
    const userIds = new Map<string, string>()
    for (const u of demoUsers) {
      const id = randomUUID()
      userIds.set(u.key, id)
      await tx.insert(users).values({
        id,
        email: u.email,
        displayName: u.displayName,
        passwordHash,
        birthDate: u.birthDate,
        isAdmin: u.isAdmin ?? false,
        emailVerifiedAt: now,
      })
      if (u.isAdmin) await tx.insert(totpFactors).values({ userId: id, secret: DEMO_ADMIN_TOTP_SECRET, confirmedAt: now })
    }

    const orgIds = new Map<string, string>()
    for (const o of demoOrganizations) {
      const id = randomUUID()
      orgIds.set(o.slug, id)
      await tx.insert(organizations).values({
        id,
        slug: o.slug,
        name: o.name,
        uscc: o.uscc,
        hasPublicFundraisingQualification: o.qualified,
        causeAreas: o.causes,
        region: o.region,
        regionCode: regionFromText(o.region),
        description: o.description,
        contentLanguage: 'zh-CN',
        translations: { en: o.en },
        website: o.website,
        contactName: o.contactName,
        contactEmail: o.contactEmail,
        status: o.status,
        approvedAt: o.status === 'approved' ? new Date(now.getTime() - 400 * DAY_MS) : null,
        createdAt: new Date(now.getTime() - 420 * DAY_MS),
      })
      for (const m of o.members) {
        await tx
          .insert(organizationMembers)
          .values({ organizationId: id, userId: userIds.get(m.user)!, role: m.role })
      }
    }

    // Who uploads for an organisation: its first demo member (an owner), or no one the demo has an account for.
    const uploaderOf = (slug: string) => {
      const member = demoOrganizations.find((o) => o.slug === slug)!.members[0]
      return member ? userIds.get(member.user)! : null
    }

    for (const p of demoProjects) {
      const projectId = randomUUID()
      const startsAt = new Date(now.getTime() - p.startsDaysAgo * DAY_MS)
      const endsAt = new Date(startsAt.getTime() + p.durationDays * DAY_MS)
      const live = p.status === 'fundraising' || p.status === 'closed'
      const createdAt = new Date(startsAt.getTime() - 10 * DAY_MS)
      const coverMediaId = await storeSeedMedia(tx, join(COVERS_DIR, `${p.slug}.jpg`), { organizationId: orgIds.get(p.organization)!, uploadedBy: uploaderOf(p.organization) }, { kind: 'image', createdAt })
      await tx.insert(projects).values({
        id: projectId,
        slug: p.slug,
        organizationId: orgIds.get(p.organization)!,
        title: p.title,
        summary: p.summary,
        story: p.story,
        contentLanguage: 'zh-CN',
        translations: { en: p.en },
        category: p.category,
        region: p.region,
        regionCode: regionFromText(p.region),
        currency: 'CNY',
        goalAmount: BigInt(p.goalYuan) * 100n,
        startsOn: isoDate(startsAt),
        endsOn: isoDate(endsAt),
        status: p.status,
        filingNumber: live ? (p.filingNumber ?? null) : null,
        publishedAt: live ? startsAt : null,
        closedAt: p.status === 'closed' ? endsAt : null,
        coverMediaId,
        createdAt,
      })
      await tx.insert(budgetLines).values(
        p.budget.map(([label, yuan, labelEn], position) => ({
          projectId,
          position,
          label,
          contentLanguage: 'zh-CN' as const,
          translations: { en: { label: labelEn } },
          plannedAmount: BigInt(yuan) * 100n,
        })),
      )

      if (!live || p.donations === 0) continue
      const windowEnd = Math.min(now.getTime(), endsAt.getTime())
      const gifts = Array.from({ length: p.donations }, (_, index) => {
        const at = new Date(startsAt.getTime() + random() * (windowEnd - startsAt.getTime()))
        const anonymous = random() < 0.35
        const fen = giftYuan(p.typicalYuan, random) * 100
        // A receipt number carries 10 hex digits of the id: draw again on the (rare) clash with an
        // earlier gift's, so a seed never fails on the unique receipt number (CI hit one in ~10⁵).
        let id = randomUUID()
        while (receiptRefs.has(id.slice(0, 8) + id.slice(9, 11))) id = randomUUID()
        const ref = id.replace(/-/g, '')
        receiptRefs.add(ref.slice(0, 10))
        const displayName = anonymous ? null : pick(donorNames, random)
        const message = pick(donorMessages, random)
        // About one gift in a hundred is the demo donor's (the draw is kept, so the other gifts stay as they were).
        const toDonor = random() < 0.05 && index % 5 === 0
        return {
          id,
          projectId,
          amount: BigInt(fen),
          currency: 'CNY',
          status: 'succeeded' as const,
          gateway: 'sandbox',
          checkoutSessionId: `cs_test_seed${ref}`,
          paymentIntentId: `pi_test_seed${ref}`,
          chargeId: `ch_test_seed${ref}`,
          receiptNumber: `SL-${at.getUTCFullYear()}-D${ref.slice(0, 10).toUpperCase()}`,
          displayName,
          isAnonymous: anonymous,
          message,
          createdAt: at,
          succeededAt: at,
          userId: toDonor ? userIds.get('donor')! : null,
          // Receipts go to the address the gift was given with: the demo donor's account's.
          donorEmail: toDonor ? demoUsers.find((u) => u.key === 'donor')!.email : null,
        }
      })
      gifts.sort((a, b) => a.succeededAt.getTime() - b.succeededAt.getTime())
      // Paid through the demo's gateway (the sandbox): each gift has its paid checkout session, so
      // `npm run ledger:check` finds every credit backed by a gateway record, as in production.
      for (const batch of chunks(gifts, 200)) {
        await tx.insert(donations).values(batch)
        await tx.insert(sandboxSessions).values(
          batch.map((g) => ({
            id: g.checkoutSessionId,
            donationId: g.id,
            mode: 'payment',
            amount: g.amount,
            currency: g.currency,
            status: 'complete',
            paymentStatus: 'paid',
            paymentIntentId: g.paymentIntentId,
            chargeId: g.chargeId,
            successUrl: `/donations/${g.id}/thanks`,
            cancelUrl: `/projects/${p.slug}/donate`,
            title: p.title,
            createdAt: g.createdAt,
          })),
        )
      }
      // Gifts and spending enter the ledger in the order they happened, as they would have live, so
      // "where did my money go" pairs each gift with the expenses after it.
      const spending = demoExpenses.filter((e) => e.project === p.slug).sort((a, b) => b.daysAgo - a.daysAgo)
      const lines = await tx.select().from(budgetLines).where(eq(budgetLines.projectId, projectId)).orderBy(budgetLines.position)
      const organizationId = orgIds.get(p.organization)!
      const credit = (batch: typeof gifts) =>
        batch.length
          ? post(tx, { projectId, currency: 'CNY', entries: batch.map((g) => ({ kind: 'donation' as const, amount: g.amount, externalRef: `donation:${g.id}`, donationId: g.id, occurredAt: g.succeededAt })) })
          : null
      let next = 0
      for (const expense of spending) {
        const at = new Date(now.getTime() - expense.daysAgo * DAY_MS)
        const before = gifts.findIndex((g, i) => i >= next && g.succeededAt > at)
        const upTo = before === -1 ? gifts.length : before
        await credit(gifts.slice(next, upTo))
        next = upTo
        const evidenceMediaIds = []
        for (const evidence of expense.evidence) evidenceMediaIds.push(await storeSeedMedia(tx, join(EVIDENCE_DIR, evidence.file), { organizationId, uploadedBy: userIds.get(p.organization === 'free-lunch' ? 'editor' : 'admin')! }, { kind: 'image', createdAt: at }))
        await recordExpense(tx, {
          projectId,
          organizationId,
          budgetLineId: lines[expense.line]!.id,
          amount: BigInt(expense.yuan) * 100n,
          spentOn: isoDate(at),
          payee: expense.payee,
          payeeIsPerson: expense.payeeIsPerson ?? false,
          description: expense.description,
          recordedBy: userIds.get(p.organization === 'free-lunch' ? 'editor' : 'admin')!,
          evidenceMediaIds,
          now: at,
        })
      }
      await credit(gifts.slice(next))
      // The demo's refund: a gift the donor gave twice by mistake, refunded through the gateway.
      if (p.slug === demoRefund.project) {
        const refunded = gifts.find((g, i) => i > gifts.length - 40 && !g.userId && g.amount >= 4_000n)!
        const at = new Date(Math.min(now.getTime() - DAY_MS, refunded.succeededAt.getTime() + DAY_MS))
        await tx.update(sandboxSessions).set({ refundedAmount: refunded.amount }).where(eq(sandboxSessions.id, refunded.checkoutSessionId))
        await tx.insert(refunds).values({ donationId: refunded.id, projectId, amount: refunded.amount, currency: 'CNY', cumulative: refunded.amount, status: 'succeeded', reason: demoRefund.reason, requestedBy: userIds.get('owner')!, createdAt: at, settledAt: at })
        await applyRefundTotal(tx, refunded.id, refunded.amount, { amount: refunded.amount, currency: 'CNY' }, at)
        await tx.insert(auditLog).values({ actorId: userIds.get('owner')!, action: 'donation.refund', targetType: 'donation', targetId: refunded.id, reason: demoRefund.reason, details: { amount: String(refunded.amount) }, createdAt: at })
      }
    }

    // Updates, and what the demo donor follows (their feed and notifications).
    const projectRows = await tx.select({ id: projects.id, slug: projects.slug, organizationId: projects.organizationId }).from(projects)
    const bySlug = new Map(projectRows.map((p) => [p.slug, p]))
    for (const u of demoUpdates) {
      const p = bySlug.get(u.project)!
      await tx.insert(projectUpdates).values({ projectId: p.id, organizationId: p.organizationId, authorId: userIds.get(u.author)!, title: u.title, body: u.body, contentLanguage: 'zh-CN', translations: { en: u.en }, createdAt: new Date(now.getTime() - u.daysAgo * DAY_MS) })
    }
    // Video updates, as an organisation posts them: the video (ready, with its poster), the spending it reports, its attribution code.
    const probed = JSON.parse(readFileSync(join(VIDEOS_DIR, 'videos.json'), 'utf8')) as Record<string, DemoVideoFile>
    const spent = await tx.select({ id: expenses.id, projectId: expenses.projectId, description: expenses.description }).from(expenses)
    const posted = []
    for (const v of demoVideoUpdates) {
      const p = bySlug.get(v.project)!
      const at = new Date(now.getTime() - v.daysAgo * DAY_MS)
      const authorId = v.author ? userIds.get(v.author)! : null
      const owner = { organizationId: p.organizationId, uploadedBy: authorId }
      const { poster: posterFile, ...probe } = probed[v.file]!
      const poster = await seedMediaRow(join(VIDEOS_DIR, posterFile), owner, { id: randomUUID(), kind: 'image', createdAt: at })
      const video = await seedMediaRow(join(VIDEOS_DIR, v.file), owner, { id: randomUUID(), kind: 'video', createdAt: at, posterMediaId: poster.id!, ...probe })
      const expenseIds = (v.expenses ?? []).map((description) => spent.find((e) => e.projectId === p.id && e.description === description)!.id)
      const update = { id: randomUUID(), projectId: p.id, organizationId: p.organizationId, authorId, title: v.title, body: v.body, contentLanguage: 'zh-CN' as const, translations: { en: { title: v.titleEn, body: v.bodyEn } }, videoMediaId: video.id!, expenseIds, createdAt: at }
      posted.push({ poster, video, update })
    }
    // A few statements for all of them (the demo's cold start counts them).
    await tx.insert(media).values(posted.map((u) => u.poster))
    await tx.insert(media).values(posted.map((u) => u.video))
    await tx.insert(projectUpdates).values(posted.map((u) => u.update))
    for (const { update } of posted) await attachVideoCode(tx, update)

    // The #点画成真 challenge on 免费午餐 (docs/video.md): six supporters' videos, approved, by creators of their own.
    const lunchProject = bySlug.get(demoChallenge.project)!
    const challengeId = randomUUID()
    await tx.insert(challenges).values({
      id: challengeId,
      slug: demoChallenge.slug,
      tag: demoChallenge.tag,
      title: demoChallenge.title,
      brief: demoChallenge.brief,
      contentLanguage: 'zh-CN',
      translations: { en: demoChallenge.en },
      projectId: lunchProject.id,
      organizationId: lunchProject.organizationId,
      createdBy: userIds.get('owner')!,
      createdAt: new Date(now.getTime() - 30 * DAY_MS),
    })
    const creators = demoChallengeVideos.map((v, i) => ({ id: randomUUID(), email: `creator${i + 1}@sunlight.demo`, displayName: v.authorDisplayName, passwordHash, birthDate: '1990-01-01', emailVerifiedAt: now }))
    await tx.insert(users).values(creators)
    const supporterRows = []
    for (const [i, v] of demoChallengeVideos.entries()) {
      const at = new Date(now.getTime() - (24 - 3 * i) * DAY_MS)
      const owner = { organizationId: null, uploadedBy: creators[i]!.id }
      const { poster: posterFile, ...probe } = probed[v.file]!
      const poster = await seedMediaRow(join(VIDEOS_DIR, posterFile), owner, { id: randomUUID(), kind: 'image', createdAt: at })
      const video = await seedMediaRow(join(VIDEOS_DIR, v.file), owner, { id: randomUUID(), kind: 'video', createdAt: at, posterMediaId: poster.id!, ...probe })
      supporterRows.push({ poster, video, row: { id: randomUUID(), projectId: lunchProject.id, userId: creators[i]!.id, title: v.title, mediaId: video.id!, shareCode: newVideoCode(), status: 'approved' as const, reviewedBy: userIds.get('admin')!, reviewedAt: new Date(at.getTime() + 3_600_000), challengeId, createdAt: at } })
    }
    await tx.insert(media).values(supporterRows.flatMap((v) => [v.poster, v.video]))
    await tx.insert(supporterVideos).values(supporterRows.map((v) => v.row))
    await tx.insert(shareLinks).values(supporterRows.map((v) => ({ code: v.row.shareCode, projectId: v.row.projectId, userId: v.row.userId, videoId: v.row.id })))

    // Attention and gifts through the videos, as a month of the feed would have left them: counts in
    // aggregate (ADR 0012), and some of each project's seeded gifts given through a video's button.
    const seededVideos = await tx
      .select({ id: projectUpdates.id, projectId: projectUpdates.projectId, shareCode: projectUpdates.shareCode })
      .from(projectUpdates)
      .where(sql`${projectUpdates.shareCode} is not null`)
    const allVideos = [...seededVideos.map((v) => ({ ...v, shareCode: v.shareCode! })), ...supporterRows.map((v) => ({ id: v.row.id, projectId: v.row.projectId, shareCode: v.row.shareCode }))]
    await tx.insert(videoStats).values(
      allVideos.map((v) => {
        const impressions = 300 + Math.floor(random() * 4_000)
        const plays = Math.floor(impressions * (0.45 + random() * 0.3))
        return { videoId: v.id, impressions, plays, completions: Math.floor(plays * (0.3 + random() * 0.3)), shares: Math.floor(plays * random() * 0.05) }
      }),
    )
    for (const v of allVideos) {
      const through = 1 + Math.floor(random() * 6)
      await tx.execute(sql`update donations set attribution_code = ${v.shareCode}
        where id in (select id from donations where project_id = ${v.projectId} and status = 'succeeded' and attribution_code is null and user_id is null order by id limit ${through})`)
    }
    const donorId = userIds.get('donor')!
    await tx.insert(projectFollows).values(demoFollows.projects.map((slug) => ({ projectId: bySlug.get(slug)!.id, userId: donorId })))
    await tx.insert(organizationFollows).values(demoFollows.organizations.map((slug) => ({ organizationId: orgIds.get(slug)!, userId: donorId })))

    // Moderation: one spam message removed last week (the enforcement log has an entry), one held by the automatic check (the queue has a case).
    const lunch = bySlug.get('free-lunch-draw-to-life')!
    const recent = await tx
      .select({ id: donations.id })
      .from(donations)
      .where(sql`${donations.projectId} = ${lunch.id} and ${donations.status} = 'succeeded' and ${donations.userId} is null`)
      .orderBy(sql`${donations.succeededAt} desc`)
      .limit(2)
    const [removed, held] = recent
    const target = (id: string) => ({ type: 'donation_message' as const, id, organizationId: lunch.organizationId, projectId: lunch.id })
    if (removed && held) {
      await tx.update(donations).set({ message: demoModeration.removedMessage }).where(eq(donations.id, removed.id))
      const caseId = await flagForReview(tx, target(removed.id), screenText(demoModeration.removedMessage), new Date(now.getTime() - 7 * DAY_MS))
      await decideCase(tx, { caseId, adminId: userIds.get('admin')!, action: 'remove', category: 'spam', reason: demoModeration.removedReason, origin: '', now: new Date(now.getTime() - 6 * DAY_MS) })
      await tx.update(donations).set({ message: demoModeration.heldMessage, messageStatus: 'held' }).where(eq(donations.id, held.id))
      await flagForReview(tx, target(held.id), screenText(demoModeration.heldMessage), new Date(now.getTime() - DAY_MS))
    }
  })
  // The giving day after the rest is committed: its gifts go through the gateway and the webhook,
  // each in its own transaction, as they would live.
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, demoUsers.find((u) => u.key === 'admin')!.email))
  await seedGivingDay(db, { now, adminId: admin!.id })
  return { seeded: true, logins: demoLogins() }
}

/** Gift sizes cluster on round amounts around a project's typical gift, with a long tail. */
function giftYuan(typical: number, random: () => number) {
  const r = random()
  if (r < 0.3) return Math.max(1, Math.round(typical / 4))
  if (r < 0.55) return Math.max(1, Math.round(typical / 2))
  if (r < 0.8) return typical
  if (r < 0.95) return typical * 2
  return typical * 10
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!
}

function* chunks<T>(items: T[], size: number) {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size)
}

function isoDate(date: Date) {
  return date.toISOString().slice(0, 10)
}

/** A small seeded generator, so the demo looks the same on every machine. */
function mulberry32(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
