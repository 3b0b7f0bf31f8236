/**
 * Privacy rights: the data download holds the person's data, and after deletion a scan of every
 * table (read from the catalogue, so a table added later is scanned too) finds none of it — only
 * the ledger's gifts remain, with no name, message, email or account attached.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq, sql } from 'drizzle-orm'
import Stripe from 'stripe'
import { afterAll, expect, test } from 'vitest'
import { queryRows } from '~db/client.server'
import { setupTestDatabase } from '~db/testing/test-database'

const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-privacy-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { donations, donationPlans, ledgerEntries, media, organizationMembers, organizations, projects, sessions, teams, users } = await import('~db/schema')
const { createTeam } = await import('./teams.server')
const { createUser, issueEmailToken, markEmailVerified } = await import('./users.server')
const { startSession } = await import('~/utils/session.server')
const { createPendingDonation } = await import('./donations.server')
const { setProjectFollowing } = await import('./projects.server')
const { fileReport } = await import('./moderation.server')
const { submitSupporterVideo } = await import('./supporter-videos.server')
const { deleteAccount, exportUserData } = await import('./privacy.server')
const { checkLedger } = await import('~/ledger/check.server')
const { SandboxGateway } = await import('~/payments/sandbox.server')
const { processStripeEvents } = await import('~/payments/webhook.server')
const { action: webhook } = await import('~/routes/webhooks.stripe')
const { webhookSigningSecret } = await import('~/payments/gateway.server')
const { sandboxDeliveries } = await import('~db/schema')

const gateway = new SandboxGateway(() => db)
const stripe = new Stripe('sk_test_unused')
const secret = await webhookSigningSecret(db)

let serial = 0
async function world() {
  const n = serial++
  const [org] = await db.insert(organizations).values({ slug: `pv-org-${n}`, name: `阿拉善 ${n}`, uscc: `97${String(n).padStart(16, '0')}`, region: '内蒙古', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
  const [p] = await db
    .insert(projects)
    .values({ slug: `pv-${n}`, organizationId: org!.id, title: `治沙 ${n}`, summary: 's', category: 'environment', region: '内蒙古', goalAmount: 1_000_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising' })
    .returning()
  return { org: org!, project: p! }
}

/** Pays a pending gift through the sandbox and the real webhook route, as production does. */
async function pay(donationId: string, amount: bigint, email: string, mode: 'payment' | 'subscription' = 'payment', planId?: string) {
  const session = await gateway.createCheckout({ donationId, planId, amount, currency: 'CNY', mode, title: 't', successUrl: 'http://localhost/thanks', cancelUrl: 'http://localhost/back', customerEmail: email, locale: 'en', idempotencyKey: donationId })
  await db.update(donations).set({ checkoutSessionId: session.id, gateway: 'sandbox' }).where(eq(donations.id, donationId))
  expect(await gateway.pay(session.id, '4242 4242 4242 4242')).toMatchObject({ ok: true })
  const events = await db.select().from(sandboxDeliveries)
  for (const event of events) {
    const header = stripe.webhooks.generateTestHeaderString({ payload: event.payload, secret })
    await webhook({ request: new Request('http://localhost/webhooks/stripe', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header }, body: event.payload }), params: {}, context: {} })
  }
  await processStripeEvents(db)
}

/** Every row of every table whose text contains `needle` (case-insensitive), by table. */
async function scan(needle: string) {
  const tables = await queryRows<{ table_name: string }>(db, sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)
  const found: Record<string, number> = {}
  for (const { table_name } of tables) {
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table_name)} t where position(lower(${needle}) in lower(t::text)) > 0`)
    if (row && row.n > 0) found[table_name] = row.n
  }
  return { tables: tables.length, found }
}

test('deleting an account erases the person from every table; the gifts stay in the ledger, anonymised', async () => {
  const { org, project } = await world()
  const marker = `Zhaoxue${crypto.randomUUID().slice(0, 8)}`
  const email = `${marker.toLowerCase()}@example.org`
  const person = await createUser(db, { email, displayName: `${marker} 赵雪`, password: 'a long test passphrase', birthDate: '1990-01-01', locale: 'zh-CN' })
  await db.insert(organizationMembers).values({ organizationId: org.id, userId: person.id, role: 'editor' })
  await startSession(db, new Request('http://localhost/', { headers: { 'User-Agent': `Browser ${marker}` } }), person.id)
  await issueEmailToken(db, { kind: 'verify_email', userId: person.id, email })
  // The person proved the address is theirs: their earlier guest gifts with it are theirs to erase.
  await markEmailVerified(db, person.id)
  await setProjectFollowing(db, project.id, person.id, true)
  // A team they started (一起捐), with their words on it.
  const team = await createTeam(db, { userId: person.id, projectId: project.id, name: '治沙小队', goal: 10_000n, message: `team words ${marker}` })

  // A signed-in gift with a name and a message, a monthly gift, and an earlier guest gift with the same address.
  const message = `Keep going ${marker}`
  const signedIn = await createPendingDonation(db, { projectId: project.id, user: { id: person.id, email, birthDate: '1990-01-01' }, amount: 5_000n, frequency: 'one_time', isAnonymous: false, displayName: `${marker} 赵雪`, message, locale: 'zh-CN' })
  await pay(signedIn.donation.id, 5_000n, email)
  const monthly = await createPendingDonation(db, { projectId: project.id, user: { id: person.id, email, birthDate: '1990-01-01' }, amount: 2_000n, frequency: 'monthly', isAnonymous: false, displayName: marker, locale: 'zh-CN' })
  await pay(monthly.donation.id, 2_000n, email, 'subscription', monthly.donation.planId!)
  const guest = await createPendingDonation(db, { projectId: project.id, user: null, amount: 1_000n, frequency: 'one_time', isAnonymous: false, displayName: marker, message: `guest ${marker}`, email, locale: 'zh-CN' })
  await pay(guest.donation.id, 1_000n, email)

  // A report with details, and a supporter video with its file in storage.
  await fileReport(db, { targetType: 'project', targetId: project.id, reason: 'other', details: `details ${marker}`, reporterId: person.id, reporterEmail: null, locale: 'zh-CN' })
  mkdirSync(join(dataDir, 'media', 'cc', 'dd'), { recursive: true })
  // Storage keys are content hashes, as uploads make them.
  const videoSha = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex')
  const videoKey = `cc/dd/${videoSha}.mp4`
  writeFileSync(join(dataDir, 'media', videoKey), 'video bytes')
  const [video] = await db.insert(media).values({ kind: 'video', storageKey: videoKey, contentType: 'video/mp4', byteSize: 11, sha256: videoSha, isPublic: true, uploadedBy: person.id }).returning()
  // What was made from it: an HLS package and an image variant, under keys derived from its sha256.
  const hlsDir = join(dataDir, 'media', 'hls', videoSha.slice(0, 2), videoSha)
  mkdirSync(join(hlsDir, '240p'), { recursive: true })
  writeFileSync(join(hlsDir, 'master.m3u8'), '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n240p/index.m3u8\n')
  writeFileSync(join(hlsDir, '240p', 'index.m3u8'), '#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:2.0,\nseg-00001.m4s\n#EXT-X-ENDLIST\n')
  for (const name of ['init.mp4', 'seg-00001.m4s']) writeFileSync(join(hlsDir, '240p', name), 'bytes')
  const variantPath = join(dataDir, 'media', 'variants', videoSha.slice(0, 2), videoSha, 'w320.webp')
  mkdirSync(join(variantPath, '..'), { recursive: true })
  writeFileSync(variantPath, 'bytes')
  await db.update(media).set({ hlsStatus: 'ready', hlsKey: `hls/${videoSha.slice(0, 2)}/${videoSha}` }).where(eq(media.id, video!.id))
  await submitSupporterVideo(db, { projectId: project.id, userId: person.id, title: `My walk ${marker}`, mediaId: video!.id })

  // The download holds it all.
  const exported = JSON.stringify(await exportUserData(db, person.id), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))
  for (const expected of [email, message, `details ${marker}`, `My walk ${marker}`, `Browser ${marker}`, `team words ${marker}`]) expect(exported).toContain(expected)

  const before = await scan(marker)
  expect(Object.keys(before.found)).toEqual(expect.arrayContaining(['users', 'donations', 'sessions', 'outbox_messages', 'webhook_events', 'reports', 'supporter_videos', 'teams']))
  const ledgerBefore = await db.select().from(ledgerEntries).where(eq(ledgerEntries.projectId, project.id))
  const [totalsBefore] = await db.select({ raised: projects.raisedAmount, count: projects.donationCount }).from(projects).where(eq(projects.id, project.id))

  expect(await deleteAccount(db, person.id)).toEqual({ ok: true })

  // Nothing of the person is left anywhere: not the name, the email, the messages, the report, the video.
  const after = await scan(marker)
  expect(after.tables).toBeGreaterThan(30)
  expect(after.found).toEqual({})
  expect((await scan(email)).found).toEqual({})
  expect(existsSync(join(dataDir, 'media', videoKey))).toBe(false)
  for (const name of ['master.m3u8', '240p/index.m3u8', '240p/init.mp4', '240p/seg-00001.m4s']) expect(existsSync(join(hlsDir, name)), name).toBe(false)
  expect(existsSync(variantPath)).toBe(false)
  const [tombstone] = await db.select().from(users).where(eq(users.id, person.id))
  expect(tombstone).toMatchObject({ displayName: '', passwordHash: null, birthDate: null, deletedAt: expect.any(Date) })
  expect(await db.select().from(sessions).where(eq(sessions.userId, person.id))).toEqual([])
  // The team stays (others may have given through it), with nobody named as its starter.
  expect((await db.select().from(teams).where(eq(teams.id, team.id)))[0]).toMatchObject({ name: '治沙小队', createdBy: null, message: null })

  // The money is exactly where it was: same ledger, same totals, gifts anonymous and unlinked; no plan left running.
  expect(await db.select().from(ledgerEntries).where(eq(ledgerEntries.projectId, project.id))).toEqual(ledgerBefore)
  expect((await db.select({ raised: projects.raisedAmount, count: projects.donationCount }).from(projects).where(eq(projects.id, project.id)))[0]).toEqual(totalsBefore)
  const gifts = await db.select().from(donations).where(eq(donations.projectId, project.id))
  expect(gifts).toHaveLength(3)
  for (const gift of gifts) expect(gift).toMatchObject({ userId: null, displayName: null, isAnonymous: true, message: null, donorEmail: null })
  expect((await db.select().from(donationPlans).where(eq(donationPlans.id, monthly.donation.planId!)))[0]).toMatchObject({ userId: null, status: 'canceled' })
  expect(await checkLedger(db, gateway)).toEqual([])

  // The address is free to sign up again, as a new person.
  const again = await createUser(db, { email, displayName: 'New', password: 'another long passphrase', birthDate: '1990-01-01', locale: 'en' })
  expect(again.id).not.toBe(person.id)
})

test('an owner is asked to hand over the organisation first; nothing is erased', async () => {
  const { org } = await world()
  const owner = await createUser(db, { email: `owner-${serial++}@example.org`, displayName: 'Owner', password: 'a long test passphrase', birthDate: '1980-01-01', locale: 'en' })
  await db.insert(organizationMembers).values({ organizationId: org.id, userId: owner.id, role: 'owner' })
  expect(await deleteAccount(db, owner.id)).toEqual({ ok: false, reason: 'owner', organization: org.name })
  expect((await db.select().from(users).where(eq(users.id, owner.id)))[0]).toMatchObject({ displayName: 'Owner', deletedAt: null })
})

test('an unconfirmed account cannot erase a stranger’s guest gift by deleting itself with the same address', async () => {
  const { project } = await world()
  const email = `victim-${crypto.randomUUID().slice(0, 8)}@example.org`
  const guest = await createPendingDonation(db, { projectId: project.id, user: null, amount: 1_000n, frequency: 'one_time', isAnonymous: false, displayName: 'Real Guest', message: 'from the real guest', email, locale: 'en' })
  await pay(guest.donation.id, 1_000n, email)
  const impostor = await createUser(db, { email, displayName: 'Impostor', password: 'a long test passphrase', birthDate: '1990-01-01', locale: 'en' })
  expect(await deleteAccount(db, impostor.id)).toEqual({ ok: true })
  const [gift] = await db.select().from(donations).where(eq(donations.id, guest.donation.id))
  expect(gift).toMatchObject({ displayName: 'Real Guest', message: 'from the real guest', donorEmail: email })
})
