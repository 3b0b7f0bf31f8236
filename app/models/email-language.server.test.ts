/**
 * Every email goes out in its recipient's language — its words and the content it names (ADR 0021):
 * two people in different languages receive the same event, each in their own; content without a
 * version in the reader's language is named in its original.
 */
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { notifications, organizationMembers, organizations, outboxMessages, projectFollows, projects } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { payGift } from '~/testing/payments'
import { usccCheckCharacter } from '~/utils/uscc'
import { createPendingDonation } from './donations.server'
import { decideOrganization, inviteEditor } from './organizations.server'
import { createProjectDraft, transitionProject } from './project-lifecycle.server'
import { createUser } from './users.server'

const { db } = await setupTestDatabase()

let serial = 0
const person = (name: string, locale: 'en' | 'zh-CN') =>
  createUser(db, { email: `${name}-${serial++}-${crypto.randomUUID().slice(0, 6)}@example.org`, displayName: name, password: 'a long test passphrase', birthDate: '1985-01-01', locale })
function uscc() {
  const first17 = `5313${String(Date.now() % 1e9).padStart(9, '0')}${String(serial++).padStart(4, '0')}`
  return first17 + usccCheckCharacter(first17)
}
const mailsTo = (email: string) => db.select().from(outboxMessages).where(eq(outboxMessages.to, email))

async function setting() {
  const n = serial++
  const admin = await person(`admin${n}`, 'zh-CN')
  const english = await person(`owner-en${n}`, 'en')
  const chinese = await person(`editor-zh${n}`, 'zh-CN')
  const [org] = await db
    .insert(organizations)
    .values({
      slug: `mail-org-${n}`,
      name: `阳光助学基金会 ${n}`,
      contentLanguage: 'zh-CN',
      translations: { en: { name: `Sunshine Schooling Foundation ${n}` } },
      uscc: uscc(),
      region: '四川',
      contactName: 'c',
      contactEmail: 'c@example.org',
      status: 'pending',
    })
    .returning()
  await db.insert(organizationMembers).values([
    { organizationId: org!.id, userId: english.id, role: 'owner' },
    { organizationId: org!.id, userId: chinese.id, role: 'owner' },
  ])
  return { admin, english, chinese, org: org! }
}

test('an organisation decision names the organisation in each owner\'s language', async () => {
  const { admin, english, chinese, org } = await setting()
  await decideOrganization(db, { adminId: admin.id, organizationId: org.id, decision: 'approve', link: (slug) => `/organizations/${slug}` })
  const [toEnglish] = await mailsTo(english.email)
  const [toChinese] = await mailsTo(chinese.email)
  expect(toEnglish!.subject).toContain(`Sunshine Schooling Foundation`)
  expect(toEnglish!.subject).not.toContain('阳光助学基金会')
  expect(toChinese!.subject).toContain('阳光助学基金会')
})

test('a project\'s approval, its receipts and its milestones speak each person\'s language; an untranslated project keeps its original name', async () => {
  const { admin, english, chinese, org } = await setting()
  await db.update(organizations).set({ status: 'approved' }).where(eq(organizations.id, org.id))
  const project = await createProjectDraft(db, {
    organizationId: org.id,
    userId: english.id,
    project: {
      title: '山区图书角',
      summary: '给村小一个书架',
      story: '故事',
      category: 'education',
      region: '四川·凉山',
      currency: 'CNY',
      goalAmount: 100_000n,
      startsOn: '2026-01-01',
      endsOn: '2099-12-31',
      contentLanguage: 'zh-CN',
      translations: { en: { title: 'Reading Corners for Mountain Schools' } },
      budgetLines: [{ label: '图书', plannedAmount: 100_000n }],
    },
  })
  await transitionProject(db, { projectId: project.id, action: 'submit', actor: { kind: 'member', userId: english.id } })
  await transitionProject(db, { projectId: project.id, action: 'approve', actor: { kind: 'admin', userId: admin.id }, filingNumber: '53100000500018422A26001' })
  const approvedEn = (await mailsTo(english.email)).find((m) => m.text.includes('Reading Corners'))
  expect(approvedEn, 'the English owner is told in English, with the English title').toBeDefined()
  expect(approvedEn!.subject).toContain('Reading Corners for Mountain Schools')
  const approvedZh = (await mailsTo(chinese.email)).find((m) => m.subject.includes('山区图书角'))
  expect(approvedZh, 'the Chinese owner is told in Chinese, with the original title').toBeDefined()

  // Followers in both languages; two gifts, one per language, take it past half and past the goal.
  const fanEn = await person('fan-en', 'en')
  const fanZh = await person('fan-zh', 'zh-CN')
  await db.insert(projectFollows).values([
    { userId: fanEn.id, projectId: project.id },
    { userId: fanZh.id, projectId: project.id },
  ])
  const donorEn = await person('donor-en', 'en')
  const donorZh = await person('donor-zh', 'zh-CN')
  const first = await createPendingDonation(db, { projectId: project.id, user: donorEn, amount: 60_000n, frequency: 'one_time', isAnonymous: false, email: donorEn.email, locale: 'en' })
  await payGift(db, first.donation.id)
  const second = await createPendingDonation(db, { projectId: project.id, user: donorZh, amount: 50_000n, frequency: 'one_time', isAnonymous: false, email: donorZh.email, locale: 'zh-CN' })
  await payGift(db, second.donation.id)

  const [receiptEn] = await mailsTo(donorEn.email)
  expect(receiptEn!.text).toContain('Reading Corners for Mountain Schools')
  expect(receiptEn!.text).toContain(`Sunshine Schooling Foundation`)
  expect(receiptEn!.text).not.toContain('山区图书角')
  const [receiptZh] = await mailsTo(donorZh.email)
  expect(receiptZh!.text).toContain('山区图书角')
  expect(receiptZh!.text).toContain('阳光助学基金会')

  const told = await db.select().from(notifications).where(eq(notifications.userId, fanEn.id))
  const milestones = told.filter((n) => n.messageKey.startsWith('notify.milestone'))
  expect(milestones.map((n) => n.messageKey).sort()).toEqual(['notify.milestone.100', 'notify.milestone.50'])
  for (const n of milestones) {
    const values = n.values as unknown as { title: string; byLanguage: Record<string, { title: string }> }
    expect(values.title).toBe('山区图书角')
    expect(values.byLanguage.en!.title).toBe('Reading Corners for Mountain Schools')
    expect(values.byLanguage['zh-CN']!.title).toBe('山区图书角')
  }

  // Without an English version, the English receipt names the project as written.
  await db.update(projects).set({ translations: {} }).where(eq(projects.id, project.id))
  const third = await createPendingDonation(db, { projectId: project.id, user: donorEn, amount: 1_000n, frequency: 'one_time', isAnonymous: false, email: donorEn.email, locale: 'en' })
  await payGift(db, third.donation.id)
  const receipts = await mailsTo(donorEn.email)
  expect(receipts).toHaveLength(2)
  expect(receipts.some((m) => m.text.includes('山区图书角') && m.text.includes('Sunshine Schooling Foundation'))).toBe(true)
})

test('an invitation is in the invitee\'s own language when they have an account, else the inviter\'s', async () => {
  const { english, org } = await setting()
  const invitee = await person('invitee-zh', 'zh-CN')
  await inviteEditor(db, { organization: org, email: invitee.email, invitedBy: { id: english.id, displayName: english.displayName }, locale: 'en', linkFor: (t) => `/invitations/accept?token=${t}` })
  const [toInvitee] = await mailsTo(invitee.email)
  expect(toInvitee!.text).toContain('阳光助学基金会')
  expect(toInvitee!.text).not.toContain('Sunshine Schooling Foundation')
  const stranger = `new-${serial++}@example.org`
  await inviteEditor(db, { organization: org, email: stranger, invitedBy: { id: english.id, displayName: english.displayName }, locale: 'en', linkFor: (t) => `/invitations/accept?token=${t}` })
  const [toStranger] = await mailsTo(stranger)
  expect(toStranger!.text).toContain('Sunshine Schooling Foundation')
})
