/**
 * Personal pages, tried by two people and a guest (issue 18): Ana and Bo each give (Bo minutes ago,
 * so the old "last day" leak would show Bo's gift in Ana's list), a guest gives too, each follows a
 * different project and gets different notifications. Every personal page — account and its
 * notifications, my donations, receipts, annual receipts, the feed, the data download — shows each
 * person only their own, and a guest none of it.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { notifications, organizations, projects } = await import('~db/schema')
const { createUser } = await import('~/models/users.server')
const { createPendingDonation } = await import('~/models/donations.server')
const { setProjectFollowing } = await import('~/models/projects.server')
const { postUpdate } = await import('~/models/updates.server')
const { startSession } = await import('~/utils/session.server')
const { payGift } = await import('~/testing/payments')
const routes = {
  account: await import('./account'),
  donations: await import('./account_.donations'),
  receipt: await import('./receipts.$id'),
  annual: await import('./account_.receipts.$year.$org'),
  feed: await import('./feed'),
  data: await import('./account_.data[.]json'),
}

const [org] = await db.insert(organizations).values({ slug: 'pp-org', name: '两人基金会', uscc: '970000000000000011', region: '北京', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
const project = async (slug: string, title: string) =>
  (await db.insert(projects).values({ slug, organizationId: org!.id, title, summary: 's', category: 'education', region: '北京', goalAmount: 1_000_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising', publishedAt: new Date() }).returning())[0]!
const lunch = await project('pp-lunch', '午餐项目')
const books = await project('pp-books', '图书项目')
const person = (name: string) => createUser(db, { email: `${name}@example.org`, displayName: name, password: 'a long test passphrase', birthDate: '1990-01-01', locale: 'en' })
const ana = await person('ana')
const bo = await person('bo')
const editor = await person('editor')

async function give(projectId: string, who: typeof ana | null, amount: bigint, marker: string) {
  const { donation } = await createPendingDonation(db, { projectId, user: who ? { id: who.id, email: who.email, birthDate: '1990-01-01' } : null, email: who ? undefined : 'guest@example.org', amount, frequency: 'one_time', isAnonymous: false, displayName: marker, message: `message ${marker}`, locale: 'en' })
  return payGift(db, donation.id)
}
const anaGift = await give(lunch.id, ana, 1_111n * 100n, 'ANA-GIFT')
const boGift = await give(books.id, bo, 2_222n * 100n, 'BO-GIFT')
const guestGift = await give(lunch.id, null, 3_333n * 100n, 'GUEST-GIFT')
await setProjectFollowing(db, lunch.id, ana.id, true)
await setProjectFollowing(db, books.id, bo.id, true)
await postUpdate(db, { projectId: lunch.id, organizationId: org!.id, authorId: editor.id, title: 'LUNCH-UPDATE', body: 'rice' })
await postUpdate(db, { projectId: books.id, organizationId: org!.id, authorId: editor.id, title: 'BOOKS-UPDATE', body: 'paper' })
await db.insert(notifications).values([
  { userId: ana.id, messageKey: 'notify.disclosureDue', values: { title: 'ANA-NOTE' } },
  { userId: bo.id, messageKey: 'notify.disclosureDue', values: { title: 'BO-NOTE' } },
])

const cookieOf = async (who: typeof ana) => (await startSession(db, new Request('http://localhost/'), who.id)).split(';')[0]!
const cookies = { ana: await cookieOf(ana), bo: await cookieOf(bo), guest: null as string | null }
type Who = keyof typeof cookies

/** What a person sees of a page: its loader's answer as text (a thrown response is its status). */
async function view(who: Who, load: (args: LoaderFunctionArgs) => unknown, url: string, params: Record<string, string> = {}) {
  const headers = new Headers(cookies[who] ? { Cookie: cookies[who]! } : {})
  try {
    const result = await load({ request: new Request(`http://localhost${url}`, { headers }), params, context: {} })
    if (result instanceof Response) return { status: result.status, text: await result.text() }
    const body = (result as { data?: unknown }).data ?? result
    return { status: 200, text: JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: '' }
    throw thrown
  }
}

const MARKERS = { ana: ['ANA-GIFT', anaGift.id, anaGift.receiptNumber!, '111100', 'ANA-NOTE'], bo: ['BO-GIFT', boGift.id, boGift.receiptNumber!, '222200', 'BO-NOTE'], guest: ['GUEST-GIFT', guestGift.id, guestGift.receiptNumber!, '333300'] }
function expectOnly(text: string, owner: Who | null, fields: number[] = [0, 1, 2, 3, 4]) {
  for (const [who, markers] of Object.entries(MARKERS)) {
    for (const i of fields) {
      const marker = markers[i]
      if (!marker) continue
      if (who === owner) expect(text, `${owner} should see their own ${marker}`).toContain(marker)
      else expect(text, `${owner ?? 'a guest'} must not see ${who}'s ${marker}`).not.toContain(marker)
    }
  }
}

test("my donations: each sees their own gifts only — never the gift a stranger made minutes ago; a guest is sent to log in", async () => {
  expectOnly((await view('ana', routes.donations.loader, '/account/donations')).text, 'ana', [1, 2, 3])
  expectOnly((await view('bo', routes.donations.loader, '/account/donations')).text, 'bo', [1, 2, 3])
  expect((await view('guest', routes.donations.loader, '/account/donations')).status).toBe(302)
})

test('the account page and its notifications: each their own', async () => {
  expectOnly((await view('ana', routes.account.loader, '/account')).text, 'ana', [4])
  expectOnly((await view('bo', routes.account.loader, '/account')).text, 'bo', [4])
  expect((await view('guest', routes.account.loader, '/account')).status).toBe(302)
})

test("receipts: the donor's own, the guest's with its link; nobody else's", async () => {
  const receipt = (who: Who, gift: typeof anaGift, token = '') => view(who, routes.receipt.loader, `/receipts/${gift.id}${token}`, { id: gift.id })
  expect((await receipt('ana', anaGift)).status).toBe(200)
  expect((await receipt('bo', anaGift)).status).toBe(404)
  expect((await receipt('guest', anaGift)).status).toBe(404)
  expect((await receipt('ana', guestGift)).status).toBe(404)
  expect((await receipt('guest', guestGift, `?t=${guestGift.accessToken}`)).status).toBe(200)
  expect((await receipt('guest', guestGift, `?t=${'0'.repeat(guestGift.accessToken.length)}`)).status).toBe(404)
})

test('annual receipts: a year of gifts to one organisation, per person', async () => {
  const year = String(new Date().getUTCFullYear())
  const annual = (who: Who) => view(who, routes.annual.loader, `/account/receipts/${year}/pp-org`, { year, org: 'pp-org' })
  expectOnly((await annual('ana')).text, 'ana', [3])
  expectOnly((await annual('bo')).text, 'bo', [3])
  expect((await annual('guest')).status).toBe(302)
})

test('the feed: updates of what each follows', async () => {
  const ana = (await view('ana', routes.feed.loader, '/feed')).text
  const bo = (await view('bo', routes.feed.loader, '/feed')).text
  expect(ana).toContain('LUNCH-UPDATE')
  expect(ana).not.toContain('BOOKS-UPDATE')
  expect(bo).toContain('BOOKS-UPDATE')
  expect(bo).not.toContain('LUNCH-UPDATE')
  expect((await view('guest', routes.feed.loader, '/feed')).status).toBe(302)
})

test('the data download: everything of one person, nothing of the other or of the guest', async () => {
  expectOnly((await view('ana', routes.data.loader, '/account/data.json')).text, 'ana')
  expectOnly((await view('bo', routes.data.loader, '/account/data.json')).text, 'bo')
  expect((await view('guest', routes.data.loader, '/account/data.json')).status).toBe(302)
  // Sanity: the guest's gift is real and in the database, so "not shown" means filtered, not absent.
  expect((await db.select().from((await import('~db/schema')).donations).where(eq((await import('~db/schema')).donations.id, guestGift.id))).length).toBe(1)
})
