/**
 * Team giving through the routes, with real requests: a signed-in donor starts a team (bad input
 * answered in place, changing nothing), a guest follows the invite link and gives through the team
 * (the hidden field carries it into the gift; a team of another project is dropped), and the team
 * page, seen by its starter, a member and a guest, marks each one's own gifts only.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { count, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { donations, organizations, projects, teams } = await import('~db/schema')
const { createUser } = await import('~/models/users.server')
const { createPendingDonation } = await import('~/models/donations.server')
const { startSession } = await import('~/utils/session.server')
const { payGift } = await import('~/testing/payments')
await (await import('~/payments/gateway.server')).prepareInstallation(db)
const newTeam = await import('./projects.$slug_.teams.new')
const teamRoute = await import('./teams.$id')
const donate = await import('./projects.$slug_.donate')

const [org] = await db.insert(organizations).values({ slug: 'tm-org', name: '一起基金会', uscc: '970000000000000029', region: '北京', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
const project = async (slug: string) =>
  (await db.insert(projects).values({ slug, organizationId: org!.id, title: `项目 ${slug}`, summary: 's', category: 'education', region: '北京', goalAmount: 1_000_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising', publishedAt: new Date() }).returning())[0]!
const lunch = await project('tm-lunch')
const books = await project('tm-books')
const person = (name: string) => createUser(db, { email: `${name}@example.org`, displayName: name, password: 'a long test passphrase', birthDate: '1990-01-01', locale: 'en' })
const ana = await person('tm-ana')
const bo = await person('tm-bo')
const cookie = async (who: { id: string }) => (await startSession(db, new Request('http://localhost/'), who.id)).split(';')[0]!
const cookies = { ana: await cookie(ana), bo: await cookie(bo), guest: null as string | null }

function post(url: string, fields: Record<string, string>, who: keyof typeof cookies) {
  const headers = new Headers({ 'Content-Type': 'application/x-www-form-urlencoded' })
  if (cookies[who]) headers.set('Cookie', cookies[who]!)
  return new Request(`http://localhost${url}`, { method: 'POST', headers, body: new URLSearchParams(fields) })
}
async function act(action: (args: ActionFunctionArgs) => unknown, request: Request, params: Record<string, string>) {
  try {
    return (await action({ request, params, context: { clientIp: '10.9.0.1', cspNonce: '' } })) as Response | { data: unknown; init?: { status?: number } }
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}
const statusOf = (result: Response | { init?: { status?: number } }) => (result instanceof Response ? result.status : (result.init?.status ?? 200))
const teamCount = async () => (await db.select({ n: count() }).from(teams))[0]!.n

test('a signed-in donor starts a team; bad input is answered in their language’s keys and changes nothing; a guest is sent to log in', async () => {
  const bad: Record<string, string>[] = [
    { name: '', goal: '500' },
    { name: 'Team', goal: 'abc' },
    { name: 'Team', goal: '5' },
    { name: 'x'.repeat(61), goal: '500' },
    { name: 'Team', goal: '500', campaign: 'no-such-day' },
  ]
  for (const fields of bad) {
    const result = await act(newTeam.action, post('/projects/tm-lunch/teams/new', fields, 'ana'), { slug: 'tm-lunch' })
    expect([400, 409], JSON.stringify(fields)).toContain(statusOf(result))
  }
  expect(await teamCount()).toBe(0)
  const refused = (await act(newTeam.action, post('/projects/tm-lunch/teams/new', { name: 'Team', goal: '5' }, 'ana'), { slug: 'tm-lunch' })) as { data: { error: Record<string, string[]> } }
  expect(refused.data.error.goal?.[0]).toMatch(/^validation\.amountBetween/)

  const guest = await act(newTeam.action, post('/projects/tm-lunch/teams/new', { name: 'Team', goal: '500' }, 'guest'), { slug: 'tm-lunch' })
  expect(statusOf(guest)).toBe(302)
  expect((guest as Response).headers.get('Location')).toMatch(/^\/login/)
  expect(await teamCount()).toBe(0)

  const made = (await act(newTeam.action, post('/projects/tm-lunch/teams/new', { name: '午餐小队', goal: '1,000.50', message: '一起来', showStarter: 'on' }, 'ana'), { slug: 'tm-lunch' })) as Response
  expect(made.status).toBe(302)
  const [team] = await db.select().from(teams)
  expect(made.headers.get('Location')).toBe(`/teams/${team!.id}`)
  expect(team).toMatchObject({ name: '午餐小队', goalAmount: 100_050n, createdBy: ana.id, projectId: lunch.id, message: '一起来', campaignId: null, showStarter: true })
})

test('the invite link carries the team into a guest’s gift; the same team id on another project’s form is dropped', async () => {
  const [team] = await db.select().from(teams)
  const loaded = (await donate.loader({ request: new Request(`http://localhost/projects/tm-lunch/donate?team=${team!.id}`), params: { slug: 'tm-lunch' }, context: {} } as LoaderFunctionArgs)) as unknown as { data: { team: { id: string; name: string } | null } }
  expect(loaded.data.team).toEqual({ id: team!.id, name: '午餐小队' })
  const elsewhere = (await donate.loader({ request: new Request(`http://localhost/projects/tm-books/donate?team=${team!.id}`), params: { slug: 'tm-books' }, context: {} } as LoaderFunctionArgs)) as unknown as { data: { team: unknown } }
  expect(elsewhere.data.team).toBeNull()

  const gift = { amount: '50', frequency: 'one_time', email: 'guest@example.org', adult: 'on', anonymous: 'on', message: '匿名祝福', team: team!.id }
  const sent = (await act(donate.action, post('/projects/tm-lunch/donate', gift, 'guest'), { slug: 'tm-lunch' })) as Response
  expect(sent.status).toBe(303)
  const forged = (await act(donate.action, post('/projects/tm-books/donate', gift, 'guest'), { slug: 'tm-books' })) as Response
  expect(forged.status).toBe(303)
  const rows = await db.select({ projectId: donations.projectId, teamId: donations.teamId, status: donations.status }).from(donations)
  expect(rows).toEqual(expect.arrayContaining([{ projectId: lunch.id, teamId: team!.id, status: 'pending' }, { projectId: books.id, teamId: null, status: 'pending' }]))
})

test('the team page: the starter, a member and a guest each see only their own gifts marked; the guest’s copy is cacheable, the others not', async () => {
  const [team] = await db.select().from(teams)
  const give = async (who: typeof ana, amount: bigint, anonymous: boolean, name: string) => {
    const { donation } = await createPendingDonation(db, { projectId: lunch.id, user: { id: who.id, email: who.email, birthDate: '1990-01-01' }, amount, frequency: 'one_time', isAnonymous: anonymous, displayName: name, locale: 'en', teamId: team!.id })
    return payGift(db, donation.id)
  }
  const anaGift = await give(ana, 2_000n, false, 'ANA-NAME')
  const boGift = await give(bo, 3_000n, true, 'BO-NAME')
  // The guest's gift from the invite test is still pending: it does not count.
  const view = async (who: keyof typeof cookies) => {
    const headers = new Headers(cookies[who] ? { Cookie: cookies[who]! } : {})
    const result = (await teamRoute.loader({ request: new Request(`http://localhost/teams/${team!.id}`, { headers }), params: { id: team!.id }, context: {} } as LoaderFunctionArgs)) as unknown as {
      data: { raised: bigint; members: number; gifts: { id: string; name: string | null; mine: boolean }[] }
      init: { headers: Record<string, string> }
    }
    return result
  }
  for (const who of ['ana', 'bo', 'guest'] as const) {
    const page = await view(who)
    expect(page.data.raised).toBe(5_000n)
    expect(page.data.members).toBe(2)
    // Bo chose anonymity: no one, Bo included, is shown the name typed on the form.
    const text = JSON.stringify(page.data, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))
    expect(text).not.toContain('BO-NAME')
    expect(text).not.toContain(bo.email)
    expect(text).not.toContain(bo.id)
    expect(page.data.gifts.find((g) => g.id === boGift.id)!.name).toBeNull()
    expect(page.data.gifts.find((g) => g.id === anaGift.id)!.name).toBe('ANA-NAME')
    const mine = page.data.gifts.filter((g) => g.mine).map((g) => g.id)
    expect(mine).toEqual(who === 'ana' ? [anaGift.id] : who === 'bo' ? [boGift.id] : [])
    expect((page.data as unknown as { starter: string | null }).starter).toBe('tm-ana')
    // The guest's copy is kept by shared caches under the team's and its project's keys (purged on change); the others never.
    const sent = (teamRoute.headers as (args: unknown) => Record<string, string>)({ loaderHeaders: new Headers(page.init.headers), parentHeaders: new Headers(), actionHeaders: new Headers(), errorHeaders: undefined })
    expect(sent['Cache-Control']).toBe(who === 'guest' ? 'public, max-age=0, s-maxage=10, stale-while-revalidate=20' : 'private, no-store')
    if (who === 'guest') expect(sent.xkey?.split(' ')).toEqual(expect.arrayContaining([`team-${team!.id}`]))
    else expect(sent.xkey).toBeUndefined()
  }
  await expect(teamRoute.loader({ request: new Request('http://localhost/teams/x'), params: { id: 'x' }, context: {} } as LoaderFunctionArgs)).rejects.toMatchObject({ status: 404 })
})

test('without a session the team form is not shown; a team of a project that stopped raising money takes no new gifts', async () => {
  const [team] = await db.select().from(teams)
  await db.update(projects).set({ status: 'closed' }).where(eq(projects.id, lunch.id))
  const page = (await teamRoute.loader({ request: new Request(`http://localhost/teams/${team!.id}`), params: { id: team!.id }, context: {} } as LoaderFunctionArgs)) as unknown as { data: { project: { open: boolean } } }
  expect(page.data.project.open).toBe(false)
  const result = await act(newTeam.action, post('/projects/tm-lunch/teams/new', { name: 'Late', goal: '500' }, 'bo'), { slug: 'tm-lunch' })
  expect(statusOf(result)).toBe(409)
  expect(await teamCount()).toBe(1)
  await db.update(projects).set({ status: 'fundraising' }).where(eq(projects.id, lunch.id))
})
