/**
 * Privacy rights (docs/privacy.md): download my data, and delete my account. Deletion erases the
 * person's data everywhere it can be, in one transaction; the user row stays as an empty tombstone
 * (so append-only records that point at it — the audit log, the ledger's donations — stay intact)
 * and gifts stay in the ledger, anonymised.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm'
import { factorsOf } from './factors.server'
import { participationsOf } from './participation.server'
import type { Db } from '~db/client.server'
import {
  donationPlans,
  donations,
  emailTokens,
  media,
  notifications,
  organizationFollows,
  organizationMembers,
  organizations,
  outboxMessages,
  projectFollows,
  projects,
  projectUpdates,
  reports,
  sandboxSessions,
  sessions,
  totpFactors,
  recoveryCodes,
  passkeys,
  webauthnChallenges,
  knownDevices,
  supporterVideos,
  teams,
  users,
} from '~db/schema'
import { deleteDerivedFiles } from '~/media/derived.server'
import { getStorage } from '~/media/storage.server'

/** Everything Sunlight holds about one person, as one JSON document. */
export async function exportUserData(db: Db, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId))
  if (!user) return null
  const [gifts, plans, followedProjects, followedOrganizations, memberships, inbox, sent, videos, openSessions, written, started] = await Promise.all([
    db
      .select({
        id: donations.id,
        project: projects.title,
        amount: donations.amount,
        currency: donations.currency,
        frequency: donations.frequency,
        status: donations.status,
        displayName: donations.displayName,
        isAnonymous: donations.isAnonymous,
        message: donations.message,
        email: donations.donorEmail,
        receiptNumber: donations.receiptNumber,
        refundedAmount: donations.refundedAmount,
        createdAt: donations.createdAt,
        succeededAt: donations.succeededAt,
      })
      .from(donations)
      .innerJoin(projects, eq(projects.id, donations.projectId))
      .where(eq(donations.userId, userId)),
    db.select({ id: donationPlans.id, project: projects.title, amount: donationPlans.amount, currency: donationPlans.currency, status: donationPlans.status, createdAt: donationPlans.createdAt, canceledAt: donationPlans.canceledAt }).from(donationPlans).innerJoin(projects, eq(projects.id, donationPlans.projectId)).where(eq(donationPlans.userId, userId)),
    db.select({ project: projects.title, slug: projects.slug, since: projectFollows.createdAt }).from(projectFollows).innerJoin(projects, eq(projects.id, projectFollows.projectId)).where(eq(projectFollows.userId, userId)),
    db.select({ organization: organizations.name, slug: organizations.slug, since: organizationFollows.createdAt }).from(organizationFollows).innerJoin(organizations, eq(organizations.id, organizationFollows.organizationId)).where(eq(organizationFollows.userId, userId)),
    db.select({ organization: organizations.name, role: organizationMembers.role, since: organizationMembers.createdAt }).from(organizationMembers).innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId)).where(eq(organizationMembers.userId, userId)),
    db.select({ message: notifications.messageKey, values: notifications.values, link: notifications.link, readAt: notifications.readAt, createdAt: notifications.createdAt }).from(notifications).where(eq(notifications.userId, userId)),
    db.select({ reason: reports.reason, details: reports.details, createdAt: reports.createdAt }).from(reports).where(eq(reports.reporterId, userId)),
    db.select({ id: supporterVideos.id, title: supporterVideos.title, status: supporterVideos.status, project: projects.title, createdAt: supporterVideos.createdAt }).from(supporterVideos).innerJoin(projects, eq(projects.id, supporterVideos.projectId)).where(eq(supporterVideos.userId, userId)),
    db.select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt, userAgent: sessions.userAgent, network: sessions.network, lastSeenAt: sessions.lastSeenAt }).from(sessions).where(eq(sessions.userId, userId)),
    db.select({ id: projectUpdates.id, title: projectUpdates.title, project: projects.title, createdAt: projectUpdates.createdAt }).from(projectUpdates).innerJoin(projects, eq(projects.id, projectUpdates.projectId)).where(eq(projectUpdates.authorId, userId)),
    db.select({ id: teams.id, name: teams.name, project: projects.title, goalAmount: teams.goalAmount, currency: teams.currency, message: teams.message, createdAt: teams.createdAt }).from(teams).innerJoin(projects, eq(projects.id, teams.projectId)).where(eq(teams.createdBy, userId)),
  ])
  return {
    exportedAt: new Date().toISOString(),
    account: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      birthDate: user.birthDate,
      locale: user.locale,
      emailVerifiedAt: user.emailVerifiedAt,
      privacyPolicyVersion: user.privacyPolicyVersion,
      privacyAcceptedAt: user.privacyAcceptedAt,
      updateEmails: user.updateEmails,
      createdAt: user.createdAt,
    },
    donations: gifts,
    monthlyPlans: plans,
    follows: { projects: followedProjects, organizations: followedOrganizations },
    memberships,
    notifications: inbox,
    reports: sent,
    supporterVideos: videos,
    updatesWritten: written,
    teamsStarted: started,
    // What sponsors gave to projects because this person took part (ADR 0019).
    sponsorGiftsForTakingPart: await participationsOf(db, { userId, limit: 100_000 }),
    sessions: openSessions,
    // What the second factors are, never their secrets or keys.
    security: await factorsOf(db, userId).then((f) => ({ codeGenerator: f.totp, passkeys: f.passkeys.map((p) => ({ name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt })), unusedRecoveryCodes: f.recoveryLeft })),
  }
}

export type DeletionRefusal = { reason: 'owner'; organization: string }

/** Organisations the person owns: they hand them over before deleting their account. */
export async function ownedOrganizations(db: Db, userId: string) {
  return db
    .select({ name: organizations.name })
    .from(organizationMembers)
    .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
    .where(and(eq(organizationMembers.userId, userId), eq(organizationMembers.role, 'owner')))
}

/** Active monthly plans with their gateway subscription: cancelled through the gateway before deletion. */
export function activePlans(db: Db, userId: string) {
  return db
    .select({ id: donationPlans.id, subscriptionId: donationPlans.subscriptionId })
    .from(donationPlans)
    .where(and(eq(donationPlans.userId, userId), inArray(donationPlans.status, ['pending', 'active'])))
}

/**
 * Erases a person. The caller has checked the password and cancelled the plans' subscriptions with
 * the gateway. Storage objects of their supporter videos are deleted after the commit.
 */
export async function deleteAccount(db: Db, userId: string, now = new Date()): Promise<{ ok: true } | ({ ok: false } & DeletionRefusal)> {
  const owned = await ownedOrganizations(db, userId)
  if (owned.length) return { ok: false, reason: 'owner', organization: owned[0]!.name }
  const orphanKeys = await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update')
    if (!user || user.deletedAt) return []
    const email = user.email.toLowerCase()
    // Guest gifts given with this address are the person's only once the address is proven theirs:
    // an unconfirmed account cannot erase a stranger's name and message by deleting itself.
    const mine = user.emailVerifiedAt ? or(eq(donations.userId, userId), sql`lower(${donations.donorEmail}) = ${email}`) : eq(donations.userId, userId)

    // Gifts stay (they account for public money) without a name, a message or a way back to the person.
    await tx.update(donations).set({ userId: null, displayName: null, isAnonymous: true, message: null, donorEmail: null }).where(mine)
    // Teams they started keep their name and members' gifts (others gave through them), not who started them or their words.
    await tx.update(teams).set({ createdBy: null, message: null }).where(eq(teams.createdBy, userId))
    await tx.update(donationPlans).set({ userId: null, status: 'canceled', canceledAt: sql`coalesce(${donationPlans.canceledAt}, ${now.toISOString()}::timestamptz)` }).where(eq(donationPlans.userId, userId))
    await tx.update(sandboxSessions).set({ customerEmail: null }).where(sql`lower(${sandboxSessions.customerEmail}) = ${email}`)
    // Payment events carry the address Stripe was given; the events themselves stay (they are the money's evidence).
    await tx.execute(sql`update webhook_events set payload = replace(payload::text, ${email}, 'erased@deleted.invalid')::jsonb where position(${email} in lower(payload::text)) > 0`)
    await tx.execute(sql`update sandbox_deliveries set payload = replace(payload, ${email}, 'erased@deleted.invalid') where position(${email} in lower(payload)) > 0`)

    await tx.delete(sessions).where(eq(sessions.userId, userId))
    await tx.delete(totpFactors).where(eq(totpFactors.userId, userId))
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
    await tx.delete(passkeys).where(eq(passkeys.userId, userId))
    await tx.delete(webauthnChallenges).where(eq(webauthnChallenges.userId, userId))
    await tx.delete(knownDevices).where(eq(knownDevices.userId, userId))
    await tx.delete(emailTokens).where(or(eq(emailTokens.userId, userId), sql`lower(${emailTokens.email}) = ${email}`))
    await tx.delete(notifications).where(eq(notifications.userId, userId))
    await tx.delete(projectFollows).where(eq(projectFollows.userId, userId))
    await tx.delete(organizationFollows).where(eq(organizationFollows.userId, userId))
    await tx.delete(organizationMembers).where(eq(organizationMembers.userId, userId))
    await tx.delete(outboxMessages).where(sql`lower(${outboxMessages.to}) = ${email}`)
    // Mail to other people that named this person (an invitation says who sent it).
    if (user.displayName.length >= 2) {
      await tx.update(outboxMessages).set({ text: sql`replace(${outboxMessages.text}, ${user.displayName}, '—')` }).where(sql`position(${user.displayName} in ${outboxMessages.text}) > 0`)
    }
    await tx.update(reports).set({ details: null, reporterEmail: null }).where(or(eq(reports.reporterId, userId), sql`lower(${reports.reporterEmail}) = ${email}`))

    // Their own videos go: the row says "removed", the files are hidden and their bytes deleted.
    const videos = await tx
      .select({ id: supporterVideos.id, mediaId: supporterVideos.mediaId, posterId: media.posterMediaId })
      .from(supporterVideos)
      .leftJoin(media, eq(media.id, supporterVideos.mediaId))
      .where(eq(supporterVideos.userId, userId))
    const fileIds = videos.flatMap((v) => [v.mediaId, v.posterId]).filter((id): id is string => Boolean(id))
    let keys: { key: string; sha256: string }[] = []
    if (videos.length) {
      await tx.update(supporterVideos).set({ status: 'removed', title: '', userId: null }).where(inArray(supporterVideos.id, videos.map((v) => v.id)))
      keys = await tx.update(media).set({ hiddenAt: now, uploadedBy: null }).where(inArray(media.id, fileIds)).returning({ key: media.storageKey, sha256: media.sha256 })
    }

    await tx
      .update(users)
      .set({
        email: `deleted-${user.id}@deleted.invalid`,
        displayName: '',
        passwordHash: null,
        birthDate: null,
        emailVerifiedAt: null,
        privacyPolicyVersion: null,
        privacyAcceptedAt: null,
        isAdmin: false,
        updateEmails: 'off',
        deletedAt: now,
      })
      .where(eq(users.id, userId))
    return keys
  })
  // Bytes shared with another file (same content) stay; the rest are deleted from storage, with
  // what was made from them (HLS renditions, image variants: keyed by the same sha256).
  for (const { key, sha256 } of orphanKeys) {
    const [still] = await db.select({ id: media.id }).from(media).where(and(eq(media.storageKey, key), sql`${media.hiddenAt} is null`)).limit(1)
    if (still) continue
    await deleteDerivedFiles(getStorage(), sha256).catch(() => undefined)
    await getStorage().delete(key).catch(() => undefined)
  }
  return { ok: true }
}

