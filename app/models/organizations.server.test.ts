import { and, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { auditLog, media, notifications, organizationMembers, organizations, outboxMessages } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { usccCheckCharacter } from '~/utils/uscc'
import { createUser } from './users.server'
import {
  acceptInvitation,
  applyForOrganization,
  auditEntries,
  canReadMedia,
  decideOrganization,
  decisionsFrom,
  InvalidTransitionError,
  inviteEditor,
  listOrganizationsForReview,
  listPartners,
  partnerRegionCodes,
  organizationSlug,
  removeEditor,
  setFollowing,
  followerCount,
  UsccTakenError,
  type OrganizationApplication,
} from './organizations.server'

const { db } = await setupTestDatabase()

let serial = 0
function uscc() {
  const first17 = `5311${String(Date.now() % 1e9).padStart(9, '0')}${String(serial++).padStart(4, '0')}`
  return first17 + usccCheckCharacter(first17)
}

function newUser(email = `u-${crypto.randomUUID()}@example.com`, locale = 'zh-CN') {
  return createUser(db, { email, displayName: '申请人', password: 'a long test passphrase', birthDate: '1985-01-01', locale })
}

const file = (seed: string) => ({ storageKey: `aa/bb/${seed}.pdf`, contentType: 'application/pdf', byteSize: 1234, sha256: seed.padEnd(64, '0') })

function application(overrides: Partial<OrganizationApplication> = {}): OrganizationApplication {
  return {
    name: '成都市慈善总会',
    uscc: uscc(),
    hasPublicFundraisingQualification: true,
    causeAreas: ['disaster_relief', 'education'],
    region: '四川省成都市',
    description: '成都市慈善总会是依法登记的慈善组织。',
    contactName: '李老师',
    contactEmail: 'contact@example.org',
    ...overrides,
  }
}

async function apply(overrides: Partial<OrganizationApplication> = {}) {
  const applicant = await newUser()
  const org = await applyForOrganization(db, { applicantId: applicant.id, application: application(overrides), certificate: file(crypto.randomUUID().replace(/-/g, '')), logo: file('logo') })
  return { applicant, org }
}

async function admin() {
  return newUser(`admin-${crypto.randomUUID()}@example.com`, 'en')
}

const link = (slug: string) => `https://sunlight.example/organizations/${slug}`

test('an application is pending, owned by its applicant, with private documents', async () => {
  const { applicant, org } = await apply()
  expect(org.status).toBe('pending')
  expect(org.slug).toBe(`org-${org.uscc.toLowerCase()}`)
  const [member] = await db.select().from(organizationMembers).where(eq(organizationMembers.organizationId, org.id))
  expect(member).toMatchObject({ userId: applicant.id, role: 'owner' })
  const files = await db.select().from(media).where(eq(media.organizationId, org.id))
  expect(files).toHaveLength(2)
  expect(files.every((f) => !f.isPublic && f.uploadedBy === applicant.id)).toBe(true)
})

test('one organisation per credit code: a second application with the same code stores nothing', async () => {
  const { org } = await apply()
  const other = await newUser()
  await expect(
    applyForOrganization(db, { applicantId: other.id, application: application({ uscc: org.uscc }), certificate: file('dup') }),
  ).rejects.toBeInstanceOf(UsccTakenError)
  const memberships = await db.select().from(organizationMembers).where(eq(organizationMembers.userId, other.id))
  expect(memberships).toHaveLength(0)
})

test('slugs come from Latin names, else the credit code, and never collide', async () => {
  expect(organizationSlug('Amity Foundation 爱德基金会', '53320000500003187X')).toBe('amity-foundation')
  expect(organizationSlug('免费午餐基金', '53100000500018422A')).toBe('org-53100000500018422a')
  const first = await apply({ name: 'Blue Sky Rescue' })
  const second = await apply({ name: 'Blue Sky Rescue' })
  expect(first.org.slug).toBe('blue-sky-rescue')
  expect(second.org.slug).toBe(`blue-sky-rescue-${second.org.uscc.slice(-6).toLowerCase()}`)
})

test('approval: status, approval time, public logo, audit entry, email and notification in the owner’s language', async () => {
  const { applicant, org } = await apply()
  const reviewer = await admin()
  const now = new Date('2026-11-20T08:00:00Z')
  const approved = await decideOrganization(db, { adminId: reviewer.id, organizationId: org.id, decision: 'approve', link, now })
  expect(approved.status).toBe('approved')
  expect(approved.approvedAt?.toISOString()).toBe(now.toISOString())
  const [logo] = await db.select().from(media).where(eq(media.id, org.logoMediaId!))
  expect(logo!.isPublic).toBe(true)
  const [certificate] = await db.select().from(media).where(eq(media.id, org.certificateMediaId!))
  expect(certificate!.isPublic).toBe(false)
  const [entry] = await auditEntries(db, { targetType: 'organization', targetId: org.id })
  expect(entry).toMatchObject({ action: 'organization.approve', actorEmail: reviewer.email })
  const mails = await db.select().from(outboxMessages).where(eq(outboxMessages.to, applicant.email))
  expect(mails).toHaveLength(1)
  expect(mails[0]!.subject).toContain('已通过')
  expect(mails[0]!.text).toContain(link(org.slug))
  const notes = await db.select().from(notifications).where(eq(notifications.userId, applicant.id))
  expect(notes).toMatchObject([{ messageKey: 'notify.organization.approve', link: `/organizations/${org.slug}` }])
})

test('rejection needs a reason, which the owner receives', async () => {
  const { applicant, org } = await apply()
  const reviewer = await admin()
  await expect(decideOrganization(db, { adminId: reviewer.id, organizationId: org.id, decision: 'reject', reason: '  ', link })).rejects.toThrow(/reason/)
  const rejected = await decideOrganization(db, { adminId: reviewer.id, organizationId: org.id, decision: 'reject', reason: '登记证书已过期', link })
  expect(rejected).toMatchObject({ status: 'rejected', statusReason: '登记证书已过期' })
  const [mail] = await db.select().from(outboxMessages).where(eq(outboxMessages.to, applicant.email))
  expect(mail!.text).toContain('登记证书已过期')
})

test('only the transitions of the state machine are possible', async () => {
  expect(decisionsFrom('pending')).toEqual(['approve', 'reject'])
  expect(decisionsFrom('approved')).toEqual(['suspend'])
  expect(decisionsFrom('suspended')).toEqual(['reinstate'])
  expect(decisionsFrom('rejected')).toEqual([])
  const { org } = await apply()
  const reviewer = await admin()
  const decide = (decision: 'approve' | 'reject' | 'suspend' | 'reinstate') =>
    decideOrganization(db, { adminId: reviewer.id, organizationId: org.id, decision, reason: 'checked', link })
  await expect(decide('suspend')).rejects.toBeInstanceOf(InvalidTransitionError)
  await expect(decide('reinstate')).rejects.toBeInstanceOf(InvalidTransitionError)
  await decide('approve')
  await expect(decide('approve')).rejects.toBeInstanceOf(InvalidTransitionError)
  await expect(decide('reject')).rejects.toBeInstanceOf(InvalidTransitionError)
  expect((await decide('suspend')).status).toBe('suspended')
  expect((await decide('reinstate')).status).toBe('approved')
  const actions = (await auditEntries(db, { targetId: org.id })).map((e) => e.action)
  expect(actions).toEqual(['organization.reinstate', 'organization.suspend', 'organization.approve'])
})

test('two admins deciding at once: exactly one decision wins, one audit entry', async () => {
  const { org } = await apply()
  const [a, b] = [await admin(), await admin()]
  const results = await Promise.allSettled([
    decideOrganization(db, { adminId: a.id, organizationId: org.id, decision: 'approve', link }),
    decideOrganization(db, { adminId: b.id, organizationId: org.id, decision: 'reject', reason: 'duplicate', link }),
  ])
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof InvalidTransitionError)).toHaveLength(1)
  expect(await auditEntries(db, { targetId: org.id })).toHaveLength(1)
})

test('the audit log refuses edits and deletions', async () => {
  const { org } = await apply()
  await decideOrganization(db, { adminId: (await admin()).id, organizationId: org.id, decision: 'approve', link })
  const update = db.update(auditLog).set({ reason: 'rewritten' }).where(eq(auditLog.targetId, org.id))
  await expect(update).rejects.toThrow()
  await expect(db.delete(auditLog).where(eq(auditLog.targetId, org.id))).rejects.toThrow()
})

test('the review queue lists the oldest application first', async () => {
  const { org: older } = await apply()
  const { org: newer } = await apply()
  const queue = await listOrganizationsForReview(db, { status: 'pending', limit: 500 })
  const ids = queue.map((o) => o.id)
  expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(newer.id))
  const afterOlder = await listOrganizationsForReview(db, { status: 'pending', after: { cursor: queue[ids.indexOf(older.id)]!.cursor, id: older.id } })
  expect(afterOlder.map((o) => o.id)).not.toContain(older.id)
})

test('the partner directory shows approved organisations only, filtered by cause and region', async () => {
  const reviewer = await admin()
  const region = `测试区-${crypto.randomUUID().slice(0, 8)}`
  const { org: heritage } = await apply({ name: 'Heritage Keepers', causeAreas: ['heritage'], region })
  const { org: animals } = await apply({ name: 'Animal Friends', causeAreas: ['animal_protection', 'environment'], region })
  await apply({ name: 'Pending Org', causeAreas: ['heritage'], region })
  for (const org of [heritage, animals]) await decideOrganization(db, { adminId: reviewer.id, organizationId: org.id, decision: 'approve', link })
  expect((await listPartners(db, { region })).map((o) => o.name)).toEqual(['Animal Friends', 'Heritage Keepers'])
  expect((await listPartners(db, { region, cause: 'heritage' })).map((o) => o.name)).toEqual(['Heritage Keepers'])
  expect((await listPartners(db, { region, after: { name: 'Animal Friends', id: animals.id } })).map((o) => o.name)).toEqual(['Heritage Keepers'])
})

test('the partner directory filters by region code: a province takes its cities; the codes present feed the filter', async () => {
  const reviewer = await admin()
  const tag = crypto.randomUUID().slice(0, 8)
  const { org: liangshan } = await apply({ name: `Liangshan ${tag}`, causeAreas: ['education'], region: '四川·凉山' })
  const { org: chengdu } = await apply({ name: `Chengdu ${tag}`, causeAreas: ['education'], region: '四川省成都市' })
  for (const org of [liangshan, chengdu]) await decideOrganization(db, { adminId: reviewer.id, organizationId: org.id, decision: 'approve', link })
  // The codes as migration 0029 reads them from the text (creating an organisation sets them on the editing side).
  await db.update(organizations).set({ regionCode: '513400' }).where(eq(organizations.id, liangshan.id))
  await db.update(organizations).set({ regionCode: '510100' }).where(eq(organizations.id, chengdu.id))
  const names = async (region: string) => (await listPartners(db, { region, limit: 500 })).map((o) => o.name).filter((n) => n.endsWith(tag))
  expect(await names('510000')).toEqual([`Chengdu ${tag}`, `Liangshan ${tag}`])
  expect(await names('513400')).toEqual([`Liangshan ${tag}`])
  expect(await partnerRegionCodes(db)).toEqual(expect.arrayContaining(['513400', '510100']))
})

test('invitations: only the invited address can accept, once; an owner is never demoted', async () => {
  const { applicant: owner, org } = await apply()
  const invitee = await newUser()
  const stranger = await newUser()
  const token = await inviteEditor(db, { organization: org, email: invitee.email, invitedBy: owner, locale: 'en', linkFor: (t) => `https://x/invitations/accept?token=${t}` })
  const [mail] = await db.select().from(outboxMessages).where(eq(outboxMessages.to, invitee.email))
  expect(mail!.text).toContain(token)
  expect(await acceptInvitation(db, token, { ...stranger, emailVerifiedAt: new Date() })).toEqual({ ok: false, reason: 'wrongAccount' })
  // An account with the invited address that has not proven it owns the address is refused (the token was readable elsewhere).
  expect(await acceptInvitation(db, token, { ...invitee, emailVerifiedAt: null })).toEqual({ ok: false, reason: 'unverified' })
  expect(await acceptInvitation(db, token, { ...invitee, emailVerifiedAt: new Date() })).toEqual({ ok: true, slug: org.slug })
  expect(await acceptInvitation(db, token, { ...invitee, emailVerifiedAt: new Date() })).toEqual({ ok: false, reason: 'invalid' })
  const roles = await db.select({ userId: organizationMembers.userId, role: organizationMembers.role }).from(organizationMembers).where(eq(organizationMembers.organizationId, org.id))
  expect(roles).toEqual(expect.arrayContaining([{ userId: owner.id, role: 'owner' }, { userId: invitee.id, role: 'editor' }]))

  const selfToken = await inviteEditor(db, { organization: org, email: owner.email, invitedBy: owner, locale: 'en', linkFor: (t) => t })
  expect((await acceptInvitation(db, selfToken, { ...owner, emailVerifiedAt: new Date() })).ok).toBe(true)
  const [still] = await db.select().from(organizationMembers).where(and(eq(organizationMembers.organizationId, org.id), eq(organizationMembers.userId, owner.id)))
  expect(still!.role).toBe('owner')

  expect(await removeEditor(db, { organizationId: org.id, userId: owner.id, actorId: owner.id })).toBe(false)
  expect(await removeEditor(db, { organizationId: org.id, userId: invitee.id, actorId: owner.id })).toBe(true)
  expect(await removeEditor(db, { organizationId: org.id, userId: 'not-a-uuid', actorId: owner.id })).toBe(false)
})

test('an expired invitation cannot be accepted', async () => {
  const { applicant: owner, org } = await apply()
  const invitee = await newUser()
  const token = await inviteEditor(db, { organization: org, email: invitee.email, invitedBy: owner, locale: 'zh-CN', linkFor: (t) => t })
  const later = new Date(Date.now() + 8 * 86_400_000)
  expect(await acceptInvitation(db, token, invitee, later)).toEqual({ ok: false, reason: 'invalid' })
})

test('private documents are readable by uploader, members and admins only', async () => {
  const { applicant, org } = await apply()
  const [certificate] = await db.select().from(media).where(eq(media.id, org.certificateMediaId!))
  const stranger = await newUser()
  const reviewer = await admin()
  expect(await canReadMedia(db, certificate!, null)).toBe(false)
  expect(await canReadMedia(db, certificate!, { id: stranger.id, isAdmin: false })).toBe(false)
  expect(await canReadMedia(db, certificate!, { id: applicant.id, isAdmin: false })).toBe(true)
  expect(await canReadMedia(db, certificate!, { id: reviewer.id, isAdmin: true })).toBe(true)
})

test('following is idempotent both ways', async () => {
  const { org } = await apply()
  const fan = await newUser()
  await setFollowing(db, org.id, fan.id, true)
  await setFollowing(db, org.id, fan.id, true)
  expect(await followerCount(db, org.id)).toBe(1)
  await setFollowing(db, org.id, fan.id, false)
  await setFollowing(db, org.id, fan.id, false)
  expect(await followerCount(db, org.id)).toBe(0)
})
