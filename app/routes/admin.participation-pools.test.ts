/**
 * Participation pools (sponsor-funded participation, ADR 0019) through the admin's giving-day page:
 * bad input answers with messages in the reader's language and changes nothing; an admin adds a pool,
 * edits it (never below what it paid, the per-action amount fixed once paid) and closes it — each
 * audited; anyone else is refused. The forms are plain posts (they work without JavaScript).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { eq, sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { queryRows } from '~db/client.server'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { auditLog, participationPools, totpFactors } = await import('~db/schema')
const { startSession } = await import('~/utils/session.server')
const { givingDay, makeUser } = await import('~/testing/giving-days')
const { toChinaLocal } = await import('~/models/campaign-forms')
const one = await import('./admin.campaigns.$id')

const admin = await makeUser(db, { admin: true })
await db.insert(totpFactors).values({ userId: admin.id, secret: 'KRUGKIDTOVXGY2LHNB2CA2LTEBXXAZLO', confirmedAt: new Date() })
const adminCookie = (await startSession(db, new Request('http://localhost/'), admin.id, { secondFactor: true })).split(';')[0]!
const someone = await makeUser(db)
const someoneCookie = (await startSession(db, new Request('http://localhost/'), someone.id)).split(';')[0]!
const now = Date.now()
const day = await givingDay(db, { admin, total: 100_000n, rules: { ratioPercent: 100 }, campaignWindow: { startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 86_400_000) } })
const id = day.campaign.id
const path = `/admin/campaigns/${id}`

function post(fields: Record<string, string | string[]>, cookie = adminCookie) {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) body.append(k, value)
  const request = new Request(`http://localhost${path}`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'zh-CN' }, body })
  return { request, params: { id }, context: {} } as unknown as ActionFunctionArgs
}
async function act(fields: Record<string, string | string[]>, cookie = adminCookie) {
  try {
    return await one.action(post(fields, cookie))
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}
const status = (result: unknown) => (result instanceof Response ? result.status : ((result as { init?: { status?: number } }).init?.status ?? 200))
const errorsOf = (result: unknown) => (result as { data: { error?: Record<string, string[]> } }).data.error
const poolCount = async () => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from participation_pools where campaign_id = ${id}`))[0]!.n
const good = { intent: 'participation-add', sponsorName: '圆梦精灵基金', amountPerAction: '0.10', totalAmount: '500', actions: ['watch_update', 'share_visit'], capPerPersonDay: '5' }

test('bad input: messages next to the fields, nothing added; a budget that is not whole actions is refused', async () => {
  const bad = await act({ intent: 'participation-add', sponsorName: '', amountPerAction: 'abc', totalAmount: '-1', capPerPersonDay: '0' })
  expect(status(bad)).toBe(400)
  expect(errorsOf(bad)).toMatchObject({ sponsorName: ['validation.required'], amountPerAction: [expect.stringMatching(/^validation\./)], actions: ['campaignAdmin.problem.noActions'], capPerPersonDay: [expect.stringMatching(/^validation\.wholeNumberBetween/)] })
  const uneven = await act({ ...good, amountPerAction: '0.30', totalAmount: '1.00' })
  expect(status(uneven)).toBe(400)
  expect(errorsOf(uneven)).toMatchObject({ totalAmount: ['campaignAdmin.problem.notWholeActions'] })
  const unknownAction = await act({ ...good, actions: ['donate_for_me'] })
  expect(status(unknownAction)).toBe(400)
  const outside = await act({ ...good, startsAt: toChinaLocal(new Date(now - 5 * 86_400_000)) })
  expect(status(outside)).toBe(409)
  expect(errorsOf(outside)?.['']).toEqual(['campaignAdmin.problem.outsideCampaign'])
  expect(await poolCount()).toBe(0)
})

test('someone who is not an admin cannot add, edit or close a pool', async () => {
  const refused = await act(good, someoneCookie)
  expect(status(refused)).toBeGreaterThanOrEqual(300)
  expect(await poolCount()).toBe(0)
})

test('an admin adds a pool, edits it and closes it — each audited, shown on the page', async () => {
  expect(status(await act(good))).toBe(302)
  const [pool] = await db.select().from(participationPools).where(eq(participationPools.campaignId, id))
  expect(pool).toMatchObject({ sponsorName: '圆梦精灵基金', amountPerAction: 10n, totalAmount: 50_000n, actions: ['watch_update', 'share_visit'], capPerPersonDay: 5, startsAt: day.campaign.startsAt, endsAt: day.campaign.endsAt })

  // Some of it paid already: the per-action amount is fixed, the budget cannot go under what was paid.
  await db.update(participationPools).set({ committedAmount: 200n }).where(eq(participationPools.id, pool!.id))
  const edit = { ...good, intent: 'participation-edit', poolId: pool!.id }
  const locked = await act({ ...edit, amountPerAction: '0.20' })
  expect(status(locked)).toBe(409)
  expect(errorsOf(locked)?.['']).toEqual(['campaignAdmin.problem.perActionLocked'])
  const below = await act({ ...edit, totalAmount: '1.00' })
  expect(errorsOf(below)?.['']).toEqual(['campaignAdmin.problem.belowPaid'])
  expect(status(await act({ ...edit, sponsorName: '圆梦精灵', totalAmount: '800', actions: ['read_disclosure'], capPerPersonDay: '3' }))).toBe(302)
  const [edited] = await db.select().from(participationPools).where(eq(participationPools.id, pool!.id))
  expect(edited).toMatchObject({ sponsorName: '圆梦精灵', totalAmount: 80_000n, amountPerAction: 10n, actions: ['read_disclosure'], capPerPersonDay: 3, committedAmount: 200n })
  // Another campaign's page cannot reach this pool.
  const elsewhere = await givingDay(db, { admin, total: 1_000n, rules: { ratioPercent: 100 }, campaignWindow: { startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 86_400_000) } })
  const stray = await one.action({ ...post({ ...edit, sponsorName: 'X' }), params: { id: elsewhere.campaign.id } } as ActionFunctionArgs)
  expect(status(stray)).toBe(409)
  expect((await db.select().from(participationPools).where(eq(participationPools.id, pool!.id)))[0]!.sponsorName).toBe('圆梦精灵')

  expect(status(await act({ intent: 'participation-close', poolId: pool!.id }))).toBe(302)
  const [closed] = await db.select().from(participationPools).where(eq(participationPools.id, pool!.id))
  expect(closed!.endsAt.getTime()).toBeLessThanOrEqual(Date.now())
  expect(status(await act({ intent: 'participation-close', poolId: pool!.id }))).toBe(409)

  const audited = (await db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).where(eq(auditLog.targetId, id))).map((a) => a.action)
  expect(audited).toEqual(expect.arrayContaining(['campaign.participation_pool.add', 'campaign.participation_pool.edit', 'campaign.participation_pool.close']))

  const page = (await one.loader({ request: new Request(`http://localhost${path}`, { headers: { Cookie: adminCookie } }), params: { id }, context: {} } as unknown as LoaderFunctionArgs)) as { data: { participation: { id: string; sponsor: string; open: boolean }[] } }
  expect(page.data.participation).toEqual([expect.objectContaining({ id: pool!.id, sponsor: '圆梦精灵', open: false })])
})
