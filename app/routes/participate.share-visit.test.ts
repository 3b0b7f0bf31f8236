/**
 * "A share that brings a visitor" (ADR 0019) through the routes: opening the project page through a
 * share link (a GET) grants nothing; the page's POST to /participate does — once per visitor and
 * project, never for the sharer's own visit, never for a client without a User-Agent or one that
 * names itself a crawler, and not for a guest. Without JavaScript the same POST comes from a button
 * and answers with a redirect back to the project.
 */
import type { ActionFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { participations, participationPools, shareLinks } = await import('~db/schema')
const { startSession } = await import('~/utils/session.server')
const { givingDay, makeUser } = await import('~/testing/giving-days')
const { addParticipationPool } = await import('~/models/participation.server')
const participate = await import('./participate')
const projectRoute = await import('./projects.$slug')

const admin = await makeUser(db, { admin: true })
const day = await givingDay(db, { admin, total: 100_000n, rules: { ratioPercent: 100 }, campaignWindow: { startsAt: new Date(Date.now() - 3_600_000), endsAt: new Date(Date.now() + 86_400_000) } })
const { project } = day.projects[0]!
const pool = await addParticipationPool(db, { adminId: admin.id, campaignId: day.campaign.id, sponsorName: '圆梦精灵', totalAmount: 1_000n, amountPerAction: 10n, actions: ['share_visit'], capPerPersonDay: 5 })
const sharer = await makeUser(db)
const visitor = await makeUser(db)
const other = await makeUser(db)
const code = `sv${sharer.id.replace(/-/g, '').slice(0, 10)}`
await db.insert(shareLinks).values({ code, projectId: project.id, userId: sharer.id })
const cookie = async (who: { id: string }) => (await startSession(db, new Request('http://localhost/'), who.id)).split(';')[0]!
const cookies = new Map([
  [sharer.id, await cookie(sharer)],
  [visitor.id, await cookie(visitor)],
  [other.id, await cookie(other)],
])
const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'

function beacon(who: { id: string } | null, fields: Record<string, string> = {}, userAgent: string | null = BROWSER) {
  const headers = new Headers({ 'Content-Type': 'application/x-www-form-urlencoded' })
  if (who) headers.set('Cookie', cookies.get(who.id)!)
  if (userAgent !== null) headers.set('User-Agent', userAgent)
  return new Request('http://localhost/participate', { method: 'POST', headers, body: new URLSearchParams({ intent: 'share_visit', ref: code, mode: 'fetch', ...fields }) })
}
async function act(request: Request) {
  try {
    return (await participate.action({ request, params: {}, context: { clientIp: '10.7.0.1', cspNonce: '' } } as ActionFunctionArgs)) as Response | { data: unknown; init?: { status?: number } }
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}
const dataOf = (result: Response | { data: unknown }) => (result instanceof Response ? null : result.data)
const earned = async () => db.select().from(participations).where(eq(participations.poolId, pool.id))
const committed = async () => (await db.select().from(participationPools).where(eq(participationPools.id, pool.id)))[0]!.committedAmount

test('opening the project page through a share link grants nothing, and tells the page to send the visit', async () => {
  const request = new Request(`http://localhost/projects/${project.slug}?ref=${code}`, { headers: { Cookie: cookies.get(visitor.id)!, 'User-Agent': BROWSER } })
  const page = (await projectRoute.loader({ request, params: { slug: project.slug }, context: { clientIp: '10.7.0.1', cspNonce: '' } } as never)) as { data: { shareVisit: string | null } }
  expect(page.data.shareVisit).toBe(code)
  expect(await earned()).toEqual([])
  // The sharer on their own link is not asked to send anything.
  const own = new Request(`http://localhost/projects/${project.slug}?ref=${code}`, { headers: { Cookie: cookies.get(sharer.id)!, 'User-Agent': BROWSER } })
  expect(((await projectRoute.loader({ request: own, params: { slug: project.slug }, context: { clientIp: '10.7.0.1', cspNonce: '' } } as never)) as { data: { shareVisit: string | null } }).data.shareVisit).toBeNull()
})

test('no credit for the sharer’s own visit, a client without a User-Agent, a crawler, a guest, or a malformed code', async () => {
  expect(dataOf(await act(beacon(sharer)))).toEqual({ status: 'refused', reason: 'ownShare' })
  expect(dataOf(await act(beacon(visitor, {}, null)))).toEqual({ status: 'refused', reason: 'automated' })
  expect(dataOf(await act(beacon(visitor, {}, '   ')))).toEqual({ status: 'refused', reason: 'automated' })
  expect(dataOf(await act(beacon(visitor, {}, 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')))).toEqual({ status: 'refused', reason: 'automated' })
  const guest = await act(beacon(null))
  expect(guest instanceof Response && guest.status).toBe(302)
  const bad = await act(beacon(visitor, { ref: "x' or 1=1" }))
  expect(bad instanceof Response ? bad.status : bad.init?.status).toBe(400)
  expect(await earned()).toEqual([])
  expect(await committed()).toBe(0n)
})

test('a visitor’s beacon pays the sharer once; sending it again changes nothing', async () => {
  expect(dataOf(await act(beacon(visitor)))).toMatchObject({ status: 'earned', amount: '10' })
  expect(dataOf(await act(beacon(visitor)))).toEqual({ status: 'refused', reason: 'alreadyEarned' })
  expect((await earned()).map((p) => [p.userId, p.itemId])).toEqual([[sharer.id, visitor.id]])
  expect(await committed()).toBe(10n)
})

test('without JavaScript the button posts the same visit and is sent back to the project with a message', async () => {
  // No `mode`: not the script's request, so a redirect back to the project page, with a toast.
  const noScript = new Request('http://localhost/participate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookies.get(other.id)!, 'User-Agent': BROWSER },
    body: new URLSearchParams({ intent: 'share_visit', ref: code, back: `/projects/${project.slug}` }),
  })
  const answer = await act(noScript)
  expect(answer instanceof Response && answer.status).toBe(302)
  expect((answer as Response).headers.get('Location')).toBe(`/projects/${project.slug}`)
  expect((answer as Response).headers.get('Set-Cookie')).toBeTruthy()
  expect((await earned()).map((p) => p.itemId).sort()).toEqual([visitor.id, other.id].sort())
  expect(await committed()).toBe(20n)
})
