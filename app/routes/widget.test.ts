/**
 * The embeddable donate widget (issue 23, ADR 0020), its loaders and actions called directly: the
 * embed page is public and cookie-free, the donate page carries the embedding site into the gift, and
 * each organisation's members see the gifts by site of their own projects only — a guest none.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { donations, organizationMembers, organizations, projects } = await import('~db/schema')
const { createUser } = await import('~/models/users.server')
const { startSession } = await import('~/utils/session.server')
const { payGift } = await import('~/testing/payments')
const embed = await import('./embed.projects.$slug')
const donate = await import('./projects.$slug_.donate')
const widget = await import('./organizations.$slug_.widget')

const organization = async (slug: string, uscc: string) =>
  (await db.insert(organizations).values({ slug, name: `${slug} 基金会`, uscc, region: '北京', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning())[0]!
const orgA = await organization('wg-a', '970000000000000021')
const orgB = await organization('wg-b', '970000000000000022')
const project = async (slug: string, organizationId: string, status: 'fundraising' | 'draft' = 'fundraising') =>
  (await db.insert(projects).values({ slug, organizationId, title: `${slug} title`, summary: 's', category: 'education', region: '北京', goalAmount: 1_000_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status, publishedAt: new Date(), filingNumber: '53100000500018422A21001' }).returning())[0]!
const lunch = await project('wg-lunch', orgA.id)
await project('wg-wells', orgB.id)
const draft = await project('wg-draft', orgA.id, 'draft')
const person = (name: string) => createUser(db, { email: `${name}@example.org`, displayName: name, password: 'a long test passphrase', birthDate: '1990-01-01', locale: 'en' })
const ana = await person('wg-ana')
const bo = await person('wg-bo')
await db.insert(organizationMembers).values([
  { organizationId: orgA.id, userId: ana.id, role: 'editor' },
  { organizationId: orgB.id, userId: bo.id, role: 'editor' },
])
const cookieOf = async (who: typeof ana) => (await startSession(db, new Request('http://localhost/'), who.id)).split(';')[0]!
const cookies = { ana: await cookieOf(ana), bo: await cookieOf(bo), guest: null as string | null }

/** A guest gives through the donate form, as the widget's new window would post it. */
async function giveThroughForm(slug: string, fields: Record<string, string>) {
  const body = new URLSearchParams({ amount: '50', frequency: 'one_time', email: 'guest@example.org', adult: 'on', ...fields })
  const request = new Request(`http://localhost/projects/${slug}/donate`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
  const result = await donate.action({ request, params: { slug }, context: { clientIp: `10.20.${Math.floor(Math.random() * 250)}.1`, cspNonce: '' } })
  expect(result).toBeInstanceOf(Response)
  expect((result as Response).status).toBe(303)
  // The checkout's address names its session; the gift is the one that session was made for.
  const all = await db.select().from(donations).where(eq(donations.donorEmail, 'guest@example.org'))
  const location = (result as Response).headers.get('Location') ?? ''
  const gift = all.find((row) => row.checkoutSessionId && location.includes(row.checkoutSessionId))
  expect(gift).toBeDefined()
  return gift!
}

async function view(who: keyof typeof cookies, load: (args: LoaderFunctionArgs) => unknown, url: string, params: Record<string, string>) {
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

test('the embed page shows a public project, cacheable, tagged with its keys, and names the site on its donate link', async () => {
  const result = (await embed.loader({ request: new Request('http://localhost/embed/projects/wg-lunch?lang=en&site=https%3A%2F%2Fpartner.example.org%2Fpage'), params: { slug: 'wg-lunch' }, context: {} })) as unknown as {
    data: { title: string; donateHref: string; organization: { verified: boolean }; project: { acceptsDonations: boolean } }
    init: { headers: Record<string, string> }
  }
  expect(result.data.donateHref).toBe('/projects/wg-lunch/donate?site=partner.example.org')
  expect(result.data.organization.verified).toBe(true)
  expect(result.data.project.acceptsDonations).toBe(true)
  const loaderHeaders = new Headers(result.init.headers)
  expect(loaderHeaders.get('xkey')).toBe(`project-${lunch.id} org-${orgA.id}`)
  const headers = new Headers(embed.headers({ loaderHeaders, parentHeaders: new Headers(), actionHeaders: new Headers(), errorHeaders: undefined }) as Record<string, string>)
  expect(headers.get('Cache-Control')).toMatch(/^public, .*s-maxage=/)
  expect(headers.has('Set-Cookie')).toBe(false)
})

test('a site that is not a host is left off the donate link', async () => {
  const result = (await embed.loader({ request: new Request('http://localhost/embed/projects/wg-lunch?site=javascript%3Aalert(1)'), params: { slug: 'wg-lunch' }, context: {} })) as unknown as { data: { donateHref: string } }
  expect(result.data.donateHref).toBe('/projects/wg-lunch/donate')
})

test('a draft or unknown project is not found in the embed', async () => {
  for (const slug of [draft.slug, 'no-such-project']) {
    const answer = await view('guest', embed.loader as never, `/embed/projects/${slug}`, { slug })
    expect(answer.status).toBe(404)
  }
})

test('only the embed route may be framed: its handle says so, and no other route exports one that does', async () => {
  const { frameAncestorsOf } = await import('~/utils/embed')
  expect(frameAncestorsOf([undefined, embed.handle])).toEqual(['*'])
  const { readdirSync } = await import('node:fs')
  const framed: string[] = []
  for (const file of readdirSync(new URL('.', import.meta.url)).filter((name) => name.endsWith('.tsx'))) {
    const mod = (await import(/* @vite-ignore */ new URL(file, import.meta.url).href)) as { handle?: unknown }
    if (frameAncestorsOf([mod.handle])) framed.push(file)
  }
  expect(framed).toEqual(['embed.projects.$slug.tsx'])
})

test('the donate form carries the widget site into the gift, reduced to a host; anything else is dropped, not refused', async () => {
  const page = await view('guest', donate.loader as never, '/projects/wg-lunch/donate?site=partner.example.org', { slug: 'wg-lunch' })
  expect(JSON.parse(page.text).site).toBe('partner.example.org')
  const through = await giveThroughForm('wg-lunch', { site: 'https://Partner.Example.org/donate-page?x=1' })
  expect(through.referrerSite).toBe('partner.example.org')
  const forged = await giveThroughForm('wg-lunch', { site: '<script>alert(1)</script>' })
  expect(forged.referrerSite).toBeNull()
  const plain = await giveThroughForm('wg-wells', {})
  expect(plain.referrerSite).toBeNull()
})

test('each organisation sees the gifts through the widget by site for its own projects only; a guest is sent to sign in', async () => {
  const a1 = await giveThroughForm('wg-lunch', { site: 'news.example.cn' })
  const a2 = await giveThroughForm('wg-lunch', { site: 'news.example.cn' })
  const b1 = await giveThroughForm('wg-wells', { site: 'wells-friends.example.org' })
  const pending = await giveThroughForm('wg-lunch', { site: 'never-paid.example.org' })
  for (const gift of [a1, a2, b1]) await payGift(db, gift.id)
  const anaView = await view('ana', widget.loader as never, '/organizations/wg-a/widget', { slug: 'wg-a' })
  expect(anaView.status).toBe(200)
  const anaData = JSON.parse(anaView.text) as { bySite: { site: string; gifts: number; received: string }[]; snippets: { script: string; iframe: string } }
  expect(anaData.bySite).toContainEqual(expect.objectContaining({ site: 'news.example.cn', gifts: 2, received: '10000' }))
  expect(anaView.text).not.toContain('wells-friends.example.org')
  expect(anaView.text).not.toContain(pending.referrerSite!)
  // Counts and sums only: no donor's address or name reaches the page.
  expect(anaView.text).not.toContain('guest@example.org')
  expect(anaData.snippets.script).toContain('/embed.js" data-project="wg-lunch"')
  expect(anaData.snippets.iframe).toContain('/embed/projects/wg-lunch')
  const boView = await view('bo', widget.loader as never, '/organizations/wg-b/widget', { slug: 'wg-b' })
  expect(boView.text).toContain('wells-friends.example.org')
  expect(boView.text).not.toContain('news.example.cn')
  // Another organisation's widget page, and a guest, get nothing.
  const crossed = await view('bo', widget.loader as never, '/organizations/wg-a/widget', { slug: 'wg-a' })
  expect(crossed.status).toBeGreaterThanOrEqual(300)
  expect(crossed.text).not.toContain('news.example.cn')
  const guest = await view('guest', widget.loader as never, '/organizations/wg-a/widget', { slug: 'wg-a' })
  expect(guest.status).toBeGreaterThanOrEqual(300)
  expect(guest.text).not.toContain('news.example.cn')
})

test('the snippets escape a title that would break out of their attributes', async () => {
  await db.update(projects).set({ title: 'Lunch "><script>x</script>' }).where(eq(projects.id, lunch.id))
  const anaView = await view('ana', widget.loader as never, '/organizations/wg-a/widget?project=wg-lunch&lang=en', { slug: 'wg-a' })
  const { snippets } = JSON.parse(anaView.text) as { snippets: { script: string; iframe: string } }
  expect(snippets.script).not.toContain('"><script>')
  expect(snippets.iframe).toContain('?lang=en')
  expect(snippets.script).toContain('data-lang="en"')
  await db.update(projects).set({ title: 'wg-lunch title' }).where(eq(projects.id, lunch.id))
})
