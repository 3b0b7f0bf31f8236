/**
 * Giving days through the admin's and the organisation's forms (issue 22): bad input is a message
 * in the reader's language with nothing changed; good input creates, edits, adds a pool, publishes,
 * approves an application and pays a held match — each audited.
 */
import type { ActionFunctionArgs } from '@remix-run/node'
import { eq, sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { queryRows } from '~db/client.server'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { auditLog, campaignProjects, campaigns, matches, notifications, sponsorPools, totpFactors } = await import('~db/schema')
const { startSession } = await import('~/utils/session.server')
const { give, givingDay, makeProject, makeUser } = await import('~/testing/giving-days')
const list = await import('./admin.campaigns._index')
const one = await import('./admin.campaigns.$id')
const held = await import('./admin.matches')
const org = await import('./organizations.$slug_.campaigns')

const admin = await makeUser(db, { admin: true })
// An admin signs in with a second factor.
await db.insert(totpFactors).values({ userId: admin.id, secret: 'KRUGKIDTOVXGY2LHNB2CA2LTEBXXAZLO', confirmedAt: new Date() })
const adminCookie = (await startSession(db, new Request('http://localhost/'), admin.id, { secondFactor: true })).split(';')[0]!

function post(path: string, fields: Record<string, string>, cookie = adminCookie, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'zh-CN' },
    body: new URLSearchParams(fields),
  })
  return { request, params, context: {} } as unknown as ActionFunctionArgs
}
const status = (result: unknown) => (result instanceof Response ? result.status : ((result as { init?: { status?: number } }).init?.status ?? 200))
const errorsOf = (result: unknown) => (result as { data: { error?: Record<string, string[]> } }).data.error
const count = async (table: 'campaigns' | 'sponsor_pools' | 'audit_log') => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n

test('creating a giving day: bad input answers with field messages and changes nothing; good input makes a draft, audited', async () => {
  const before = await count('campaigns')
  const bad = await list.action(post('/admin/campaigns', { slug: 'Not OK!', title: '', startsAt: '2026-02-30T10:00', endsAt: '2026-09-01T10:00' }))
  expect(status(bad)).toBe(400)
  expect(errorsOf(bad)).toMatchObject({ slug: ['validation.slug'], title: ['validation.required'], startsAt: ['validation.dateTime'] })
  const backwards = await list.action(post('/admin/campaigns', { slug: 'day-a', title: 'A', startsAt: '2026-09-09T10:00', endsAt: '2026-09-08T10:00' }))
  expect(errorsOf(backwards)).toMatchObject({ endsAt: ['campaignAdmin.problem.endsBeforeStart'] })
  expect(await count('campaigns')).toBe(before)
  const made = (await list.action(post('/admin/campaigns', { slug: 'day-a', title: '99 公益日', startsAt: '2027-09-07T00:00', endsAt: '2027-09-10T00:00' }))) as Response
  expect(made.status).toBe(302)
  const [row] = await db.select().from(campaigns).where(eq(campaigns.slug, 'day-a'))
  // Typed in China time.
  expect(row).toMatchObject({ status: 'draft', title: '99 公益日', startsAt: new Date('2027-09-06T16:00:00Z'), endsAt: new Date('2027-09-09T16:00:00Z') })
  expect(made.headers.get('Location')).toBe(`/admin/campaigns/${row!.id}`)
  const taken = await list.action(post('/admin/campaigns', { slug: 'day-a', title: 'again', startsAt: '2027-09-07T00:00', endsAt: '2027-09-10T00:00' }))
  expect(status(taken)).toBe(409)
  expect(errorsOf(taken)).toMatchObject({ slug: ['campaignAdmin.problem.slugTaken'] })
})

test('a pool with its rules, publishing, and the admin’s decision on an application', async () => {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.slug, 'day-a'))
  const id = row!.id
  const path = `/admin/campaigns/${id}`
  const pools = await count('sponsor_pools')
  const bad = await one.action(post(path, { intent: 'pool', sponsorName: '腾讯公益慈善基金会', totalAmount: '-5', ratioPercent: '5000', cardDailyLimit: '3', capPerGift: '1,00' }, adminCookie, { id }))
  expect(status(bad)).toBe(400)
  expect(errorsOf(bad)).toMatchObject({ totalAmount: [expect.stringMatching(/^validation\./)], ratioPercent: [expect.stringMatching(/^validation\.wholeNumberBetween/)], capPerGift: ['validation.amountFormat'] })
  // A pool outside the giving day: refused with a message, nothing added.
  const outside = await one.action(post(path, { intent: 'pool', sponsorName: 'S', totalAmount: '100', ratioPercent: '50', cardDailyLimit: '3', startsAt: '2027-09-01T00:00' }, adminCookie, { id }))
  expect(status(outside)).toBe(409)
  expect((outside as { data: { error: Record<string, string[]> } }).data.error['']).toEqual(['campaignAdmin.problem.outsideCampaign'])
  expect(await count('sponsor_pools')).toBe(pools)
  const added = (await one.action(
    post(path, { intent: 'pool', sponsorName: '腾讯公益慈善基金会', totalAmount: '10,000', ratioPercent: '50', capPerGift: '25', capPerDonorDay: '', capPerProject: '2000', firstGiftOnly: 'on', cardDailyLimit: '3' }, adminCookie, { id }),
  )) as Response
  expect(added.status).toBe(302)
  const [pool] = await db.select().from(sponsorPools).where(eq(sponsorPools.campaignId, id))
  expect(pool).toMatchObject({ sponsorName: '腾讯公益慈善基金会', totalAmount: 1_000_000n, ratioPercent: 50, capPerGift: 2_500n, capPerDonorDay: null, capPerProject: 200_000n, firstGiftOnly: true, cardDailyLimit: 3 })
  expect(((await one.action(post(path, { intent: 'publish' }, adminCookie, { id }))) as Response).status).toBe(302)
  expect(status(await one.action(post(path, { intent: 'publish' }, adminCookie, { id })))).toBe(409)
  // Published: the dates are fixed, the title is not.
  const moved = await one.action(post(path, { intent: 'update', title: 'X', startsAt: '2027-09-07T01:00', endsAt: '2027-09-10T00:00' }, adminCookie, { id }))
  expect(status(moved)).toBe(409)

  // An organisation's owner applies its project from the console; the admin approves it.
  const { project, org: organization, owner } = await makeProject(db)
  const ownerCookie = (await startSession(db, new Request('http://localhost/'), owner.id)).split(';')[0]!
  const orgPath = `/organizations/${organization.slug}/campaigns`
  const applied = (await org.action(post(orgPath, { intent: 'apply', campaignId: id, projectId: project.id }, ownerCookie, { slug: organization.slug }))) as Response
  expect(applied.status).toBe(302)
  const reject = await one.action(post(path, { intent: 'reject', projectId: project.id, reason: '' }, adminCookie, { id }))
  expect(status(reject)).toBe(400)
  expect(((await one.action(post(path, { intent: 'approve', projectId: project.id }, adminCookie, { id }))) as Response).status).toBe(302)
  const [entry] = await db.select().from(campaignProjects).where(eq(campaignProjects.projectId, project.id))
  expect(entry).toMatchObject({ status: 'approved', decidedBy: admin.id })
  // The organisation's owner hears it.
  const told = await db.select().from(notifications).where(eq(notifications.userId, owner.id))
  expect(told).toMatchObject([{ messageKey: 'notify.campaign.approved', values: { project: project.title, campaign: '99 公益日' }, link: '/campaigns/day-a' }])
  const actions = (await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, id))).map((a) => a.action).sort()
  expect(actions).toEqual(['campaign.create', 'campaign.live', 'campaign.pool.add', 'campaign.project.approve'])
})

test('a held match, paid by an admin from the queue; a second decision is refused with a message', async () => {
  const { projects } = await givingDay(db, { admin, total: 100_000n, rules: { ratioPercent: 50 } })
  const { project, owner } = projects[0]!
  const gift = await give(db, project.id, 2_000n, { user: owner })
  const [m] = await db.select().from(matches).where(eq(matches.donationId, gift.id))
  expect(m!.status).toBe('held')
  const paid = (await held.action(post('/admin/matches', { matchId: String(m!.id), decision: 'pay' }))) as Response
  expect(paid.status).toBe(302)
  const [after] = await db.select().from(matches).where(eq(matches.id, m!.id))
  expect(after).toMatchObject({ status: 'paid', reviewedBy: admin.id })
  const again = await held.action(post('/admin/matches', { matchId: String(m!.id), decision: 'release' }))
  expect(status(again)).toBe(409)
  expect((again as { data: { errors: Record<string, string[]> } }).data.errors.form).toEqual(['campaignAdmin.problem.notHeld'])
})
