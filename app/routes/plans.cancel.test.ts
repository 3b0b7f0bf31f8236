/**
 * A guest's monthly gift can be cancelled by the guest: every receipt email of the plan carries an
 * absolute, signed link; following it (GET asks, POST cancels) stops the plan at the gateway. A
 * forged or altered link finds nothing.
 */
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { donationPlans, organizations, outboxMessages, projects } = await import('~db/schema')
const { createPendingDonation } = await import('~/models/donations.server')
const { drainSandbox, payGift } = await import('~/testing/payments')
const { setGateway } = await import('~/payments/gateway.server')
const { SandboxGateway } = await import('~/payments/sandbox.server')
const route = await import('./plans.$id.cancel')
setGateway(new SandboxGateway(() => db))

test('the receipt of a guest’s monthly gift links, absolutely, to cancelling it; the link works without an account and only for that plan', async () => {
  const [org] = await db.insert(organizations).values({ slug: 'pc-org', name: 'Org', uscc: '960000000000000001', region: '北京', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
  const [project] = await db
    .insert(projects)
    .values({ slug: 'pc', organizationId: org!.id, title: '月捐项目', summary: 's', category: 'education', region: '北京', goalAmount: 1_000_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising' })
    .returning()
  const { donation } = await createPendingDonation(db, { projectId: project!.id, user: null, amount: 3_000n, frequency: 'monthly', isAnonymous: false, displayName: '小李', email: 'guest-monthly@example.org', locale: 'zh-CN' })
  await payGift(db, donation.id)
  const [plan] = await db.select().from(donationPlans).where(eq(donationPlans.id, donation.planId!))
  expect(plan!.status).toBe('active')

  const [receipt] = await db.select().from(outboxMessages).where(eq(outboxMessages.to, 'guest-monthly@example.org'))
  // Every link in the mail is absolute; one of them cancels this plan.
  const links = receipt!.text.match(/\S+:\/\/\S+|(?<=\s)\/\S+/g) ?? []
  expect(links.length).toBeGreaterThanOrEqual(3)
  for (const link of links) expect(link).toMatch(/^https?:\/\//)
  const cancel = new URL(links.find((l) => l.includes('/cancel?t='))!)
  expect(cancel.pathname).toBe(`/plans/${plan!.id}/cancel`)

  const call = (method: 'GET' | 'POST', url: URL) => {
    const request = new Request(url, { method, ...(method === 'POST' ? { body: new URLSearchParams() } : {}) })
    const args = { request, params: { id: url.pathname.split('/')[2]! }, context: {} }
    return method === 'GET' ? route.loader(args) : route.action(args)
  }
  // Altered links: nothing found, nothing cancelled.
  const forged = new URL(cancel)
  forged.searchParams.set('t', 'x'.repeat(43))
  await expect(call('POST', forged)).rejects.toMatchObject({ status: 404 })
  const otherPlan = new URL(cancel.toString().replace(plan!.id, crypto.randomUUID()))
  await expect(call('GET', otherPlan)).rejects.toMatchObject({ status: 404 })
  expect((await db.select().from(donationPlans).where(eq(donationPlans.id, plan!.id)))[0]!.status).toBe('active')

  // GET only asks; POST cancels at the gateway, whose event confirms it.
  await call('GET', cancel)
  expect((await db.select().from(donationPlans).where(eq(donationPlans.id, plan!.id)))[0]!.status).toBe('active')
  await call('POST', cancel)
  await drainSandbox(db)
  expect((await db.select().from(donationPlans).where(eq(donationPlans.id, plan!.id)))[0]).toMatchObject({ status: 'canceled' })
})
