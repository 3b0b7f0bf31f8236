/**
 * Accounts with power (issue 24): two-step sign-in with a code generator and recovery codes, admins
 * held to it, re-authentication before money moves, and devices that can be signed out — each
 * through the routes a browser uses, with two people where anything is personal.
 */
import { generateTOTP } from '@epic-web/totp'
import { and, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'
import { currentStep, totpAt } from '~/utils/totp-code.server'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { createUser } = await import('~/models/users.server')
const { auditLog, outboxMessages, sessions, totpFactors, users } = await import('~db/schema')
const factors = await import('~/models/factors.server')
const { getSessionUser, startSession, endSessionById } = await import('~/utils/session.server')
const login = await import('./login')
const secondStep = await import('./login_.verify')
const security = await import('./account_.security')
const verifyAgain = await import('./account_.verify')
const adminIndex = await import('./admin._index')
const { countRateLimitsInMemory } = await import('~/utils/rate-limit.server')
countRateLimitsInMemory()

const PASSWORD = 'a long test passphrase'
let serial = 0
const person = async (name: string, { admin = false } = {}) => {
  const user = await createUser(db, { email: `${name}-${serial++}@example.org`, displayName: name, password: PASSWORD, birthDate: '1980-01-01', locale: 'en' })
  if (admin) await db.update(users).set({ isAdmin: true }).where(eq(users.id, user.id))
  return user
}

type Result = Response | { data?: unknown; init?: { status?: number } | null }
const form = (fields: Record<string, string>) => new URLSearchParams(fields)
function post(url: string, body: URLSearchParams, cookie?: string) {
  const headers = new Headers({ 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'en' })
  if (cookie) headers.set('Cookie', cookie)
  return new Request(`http://localhost${url}`, { method: 'POST', headers, body })
}
function get(url: string, cookie?: string) {
  const headers = new Headers({ 'Accept-Language': 'en' })
  if (cookie) headers.set('Cookie', cookie)
  return new Request(`http://localhost${url}`, { headers })
}
const context = { clientIp: '203.0.113.7', cspNonce: '' }
async function run(fn: (args: never) => unknown, request: Request): Promise<Result> {
  try {
    return (await fn({ request, params: {}, context } as never)) as Result
  } catch (thrown) {
    return thrown as Result
  }
}
const status = (r: Result) => (r instanceof Response ? r.status : (r.init?.status ?? 200))
const location = (r: Result) => (r instanceof Response ? r.headers.get('Location') : null)
const cookiesOf = (r: Result) => (r instanceof Response ? r.headers.getSetCookie().map((c) => c.split(';')[0]!) : [])
const sessionCookie = (r: Result) => cookiesOf(r).find((c) => c.startsWith('sl_session='))

const issuer = 'Sunlight'
async function enrolTotp(user: { id: string; email: string; displayName: string }) {
  const started = await factors.beginTotpEnrolment(db, user, issuer)
  if (!started.ok) throw new Error('not started')
  const { otp } = await generateTOTP({ secret: started.secret, algorithm: 'SHA-1', digits: 6, period: 30 })
  const confirmed = await factors.confirmTotpEnrolment(db, user, otp)
  if (!confirmed.ok) throw new Error('not confirmed')
  return { secret: started.secret, codes: confirmed.recoveryCodes! }
}
/** The code for the step after the current one: accepted once (clock drift), and not the one just used. */
const nextCode = async (secret: string) => totpAt(secret, currentStep() + 1)

test('enrolling a code generator: a wrong code changes nothing; the right one turns it on, with ten recovery codes shown once', async () => {
  const ana = await person('ana')
  const started = await factors.beginTotpEnrolment(db, ana, issuer)
  expect(started.ok && started.uri.startsWith('otpauth://totp/')).toBe(true)
  expect(await factors.confirmTotpEnrolment(db, ana, '000000')).toMatchObject({ ok: false, reason: 'wrongCode' })
  expect((await factors.factorsOf(db, ana.id)).totp).toBe(false)
  const { otp } = await generateTOTP({ secret: (started as { secret: string }).secret, algorithm: 'SHA-1', digits: 6, period: 30 })
  const confirmed = await factors.confirmTotpEnrolment(db, ana, otp)
  expect(confirmed.ok && confirmed.recoveryCodes?.length).toBe(10)
  expect(await factors.factorsOf(db, ana.id)).toMatchObject({ totp: true, recoveryLeft: 10 })
  // Audited, and the owner is told by email.
  const audited = await db.select().from(auditLog).where(and(eq(auditLog.actorId, ana.id), eq(auditLog.action, 'factor.totp_added')))
  expect(audited).toHaveLength(1)
  const mails = await db.select().from(outboxMessages).where(eq(outboxMessages.to, ana.email))
  expect(mails.map((m) => m.subject)).toContain('A code generator app was added to your Sunlight account')
  // Only the secrets' hashes are kept for recovery codes.
  const stored = await db.select().from(totpFactors).where(eq(totpFactors.userId, ana.id))
  expect(stored[0]!.confirmedAt).not.toBeNull()
})

test('signing in with a code generator: the password alone makes no session; a code does, once', async () => {
  const bo = await person('bo')
  const { secret } = await enrolTotp(bo)
  const afterPassword = await run(login.action, post('/login', form({ email: bo.email, password: PASSWORD })))
  expect(location(afterPassword)).toBe('/login/verify')
  expect(sessionCookie(afterPassword)).toBeUndefined()
  const pending = cookiesOf(afterPassword).find((c) => c.startsWith('sl_pending_sign_in='))!
  // The second step without the pending cookie: back to the password.
  expect(location(await run(secondStep.action, post('/login/verify', form({ code: '123456' }))))).toBe('/login')
  // A wrong code: 400, still no session.
  const wrong = await run(secondStep.action, post('/login/verify', form({ code: '000000' }), pending))
  expect(status(wrong)).toBe(400)
  expect(sessionCookie(wrong)).toBeUndefined()
  // The next step's code (the enrolment used this step's): a session that proved a second factor.
  const code = await nextCode(secret)
  const right = await run(secondStep.action, post('/login/verify', form({ code }), pending))
  expect(location(right)).toBe('/account')
  const cookie = sessionCookie(right)!
  const user = await getSessionUser(db, get('/account', cookie))
  expect(user?.id).toBe(bo.id)
  expect(user?.secondFactorAt).not.toBeNull()
  // The same code again (a replay, or a second sign-in within its 30 s) is refused.
  expect(status(await run(secondStep.action, post('/login/verify', form({ code }), pending)))).toBe(400)
})

test('a recovery code works once, whatever its case and spacing; the owner is told', async () => {
  const cy = await person('cy')
  const { codes } = await enrolTotp(cy)
  const typed = ` ${codes[3]!.toUpperCase().replace('-', ' ')} `
  expect(await factors.verifySecondFactorCode(db, cy.id, typed)).toEqual({ ok: true, method: 'recovery' })
  expect(await factors.verifySecondFactorCode(db, cy.id, codes[3]!)).toMatchObject({ ok: false, reason: 'wrongCode' })
  expect((await factors.factorsOf(db, cy.id)).recoveryLeft).toBe(9)
  // Another person's recovery code is not this person's.
  const di = await person('di')
  const other = await enrolTotp(di)
  expect(await factors.verifySecondFactorCode(db, cy.id, other.codes[0]!)).toMatchObject({ ok: false })
  const mails = await db.select().from(outboxMessages).where(eq(outboxMessages.to, cy.email))
  expect(mails.map((m) => m.subject)).toContain('A recovery code was used to sign in to your Sunlight account')
})

test('ten wrong codes and the account waits, even for the right one', async () => {
  const ed = await person('ed')
  const { secret } = await enrolTotp(ed)
  for (let i = 0; i < factors.CODE_ATTEMPTS; i++) expect(await factors.verifySecondFactorCode(db, ed.id, String(100000 + i))).toMatchObject({ ok: false, reason: 'wrongCode' })
  expect(await factors.verifySecondFactorCode(db, ed.id, await nextCode(secret))).toMatchObject({ ok: false, reason: 'tooMany' })
})

test('an admin without a second factor can only enrol; with one but not used on this device, is asked for it', async () => {
  const root = await person('root', { admin: true })
  const passwordOnly = sessionCookie(await run(login.action, post('/login', form({ email: root.email, password: PASSWORD }))))!
  const asSeen = await getSessionUser(db, get('/admin', passwordOnly))
  expect(asSeen).toMatchObject({ isAdmin: false, adminStep: 'enrol' })
  expect(location(await run(adminIndex.loader, get('/admin', passwordOnly)))).toBe('/account/security?required=admin')
  // The security page says why.
  const page = (await run(security.loader, get('/account/security', passwordOnly))) as { data: { adminMustEnrol: boolean } }
  expect(page.data.adminMustEnrol).toBe(true)
  // Enrolling from that session proves the factor there: the admin pages open.
  const started = await run(security.action, post('/account/security', form({ intent: 'totp-start' }), passwordOnly))
  expect(status(started)).toBe(302)
  const [row] = await db.select().from(totpFactors).where(eq(totpFactors.userId, root.id))
  const { otp } = await generateTOTP({ secret: row!.secret, algorithm: 'SHA-1', digits: 6, period: 30 })
  const confirmed = (await run(security.action, post('/account/security', form({ intent: 'totp-confirm', code: otp }), passwordOnly))) as { data: { recoveryCodes: string[] } }
  expect(confirmed.data.recoveryCodes).toHaveLength(10)
  expect(location(await run(adminIndex.loader, get('/admin', passwordOnly)))).toBe('/admin/organizations')
  // A session on another device started before enrolling (password only) is asked for the factor.
  const older = (await startSession(db, get('/login'), root.id)).split(';')[0]!
  expect(location(await run(adminIndex.loader, get('/admin', older)))).toBe('/account/verify?redirectTo=%2Fadmin')
})

test('a refund with a proof older than five minutes asks again; the code brings the person back to it', async () => {
  const admin = await person('refunder', { admin: true })
  const { secret } = await enrolTotp(admin)
  const cookie = (await startSession(db, get('/login'), admin.id, { secondFactor: true })).split(';')[0]!
  const refund = await import('./donations.$id_.refund')
  const giftId = crypto.randomUUID()
  // Fresh: the guard lets it through to "no such gift".
  const fresh = await run((args: never) => refund.loader({ ...(args as object), params: { id: giftId } } as never), get(`/donations/${giftId}/refund`, cookie))
  expect(status(fresh)).toBe(404)
  // Six minutes later.
  await db.update(sessions).set({ verifiedAt: new Date(Date.now() - 6 * 60_000) }).where(eq(sessions.userId, admin.id))
  const { createPendingDonation } = await import('~/models/donations.server')
  const { payGift } = await import('~/testing/payments')
  const { seedDemo } = await import('~seeds/seed.server')
  await seedDemo(db)
  const { projects } = await import('~db/schema')
  const [project] = await db.select().from(projects).where(eq(projects.status, 'fundraising')).limit(1)
  const { donation } = await createPendingDonation(db, { projectId: project!.id, user: null, email: 'g@example.org', amount: 5_000n, frequency: 'one_time', isAnonymous: false, displayName: 'G', locale: 'en' })
  await payGift(db, donation.id)
  const call = (fn: 'loader' | 'action', request: Request) => run((args: never) => refund[fn]({ ...(args as object), params: { id: donation.id } } as never), request)
  const stale = await call('loader', get(`/donations/${donation.id}/refund`, cookie))
  expect(location(stale)).toBe(`/account/verify?redirectTo=${encodeURIComponent(`/donations/${donation.id}/refund`)}`)
  const posted = await call('action', post(`/donations/${donation.id}/refund`, form({ amount: '10', reason: 'duplicate' }), cookie))
  expect(location(posted)).toBe(`/account/verify?redirectTo=${encodeURIComponent(`/donations/${donation.id}/refund`)}`)
  // Nothing was refunded.
  const { refunds } = await import('~db/schema')
  expect(await db.select().from(refunds).where(eq(refunds.donationId, donation.id))).toHaveLength(0)
  // A password does not do for someone with a factor; the code does, and leads back.
  expect(status(await run(verifyAgain.action, post('/account/verify', form({ password: PASSWORD, redirectTo: `/donations/${donation.id}/refund` }), cookie)))).toBe(400)
  const proved = await run(verifyAgain.action, post('/account/verify', form({ code: await nextCode(secret), redirectTo: `/donations/${donation.id}/refund` }), cookie))
  expect(location(proved)).toBe(`/donations/${donation.id}/refund`)
  expect(status(await call('loader', get(`/donations/${donation.id}/refund`, cookie)))).toBe(200)
})

test('without a second factor, re-authentication is the password', async () => {
  const fay = await person('fay')
  const cookie = (await startSession(db, get('/login'), fay.id)).split(';')[0]!
  await db.update(sessions).set({ verifiedAt: new Date(Date.now() - 3_600_000) }).where(eq(sessions.userId, fay.id))
  expect(status(await run(verifyAgain.action, post('/account/verify', form({ password: 'not it at all', redirectTo: '/account' }), cookie)))).toBe(400)
  expect(location(await run(verifyAgain.action, post('/account/verify', form({ password: PASSWORD, redirectTo: '//evil.example' }), cookie)))).toBe('/account')
  const seen = await getSessionUser(db, get('/account', cookie))
  expect(Date.now() - seen!.verifiedAt.getTime()).toBeLessThan(60_000)
})

test('devices: each person sees only their own; a device signed out is gone; another person’s session cannot be ended', async () => {
  const gus = await person('gus')
  const hal = await person('hal')
  const phone = (await startSession(db, new Request('http://localhost/', { headers: { 'User-Agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1' } }), gus.id, { ip: '198.51.100.23' })).split(';')[0]!
  const laptop = (await startSession(db, get('/'), gus.id)).split(';')[0]!
  const halCookie = (await startSession(db, get('/'), hal.id)).split(';')[0]!
  const page = (await run(security.loader, get('/account/security', laptop))) as { data: { devices: { id: string; browser: string | null; network: string | null; current: boolean }[] } }
  expect(page.data.devices).toHaveLength(2)
  const phoneRow = page.data.devices.find((d) => !d.current)!
  expect(phoneRow.browser).toMatch(/Safari.*iOS/)
  // The network, never the address.
  expect(phoneRow.network).toBe('198.51.100.0/24')
  // Hal cannot end Gus's phone session, even knowing its id.
  // … told only that no such device of theirs is signed in.
  const attempt = await run(security.action, post('/account/security', form({ intent: 'session-end', id: phoneRow.id }), halCookie))
  expect(location(attempt)).toBe('/account/security')
  expect(await getSessionUser(db, get('/', phone))).not.toBeNull()
  expect(await endSessionById(db, { userId: hal.id, sessionId: 'not-a-uuid' })).toBe(false)
  // Gus ends it: that cookie no longer signs anyone in.
  expect(status(await run(security.action, post('/account/security', form({ intent: 'session-end', id: phoneRow.id }), laptop)))).toBe(302)
  expect(await getSessionUser(db, get('/', phone))).toBeNull()
  expect(await getSessionUser(db, get('/', laptop))).not.toBeNull()
  expect(await getSessionUser(db, get('/', halCookie))).not.toBeNull()
})

test('removing a factor asks for a fresh proof, then drops the recovery codes with the last factor', async () => {
  const ivy = await person('ivy')
  await enrolTotp(ivy)
  const cookie = (await startSession(db, get('/login'), ivy.id, { secondFactor: true })).split(';')[0]!
  await db.update(sessions).set({ verifiedAt: new Date(Date.now() - 6 * 60_000) }).where(eq(sessions.userId, ivy.id))
  expect(location(await run(security.action, post('/account/security', form({ intent: 'totp-remove' }), cookie)))).toBe('/account/verify?redirectTo=%2Faccount%2Fsecurity')
  expect((await factors.factorsOf(db, ivy.id)).totp).toBe(true)
  await db.update(sessions).set({ verifiedAt: new Date() }).where(eq(sessions.userId, ivy.id))
  expect(status(await run(security.action, post('/account/security', form({ intent: 'totp-remove' }), cookie)))).toBe(302)
  expect(await factors.factorsOf(db, ivy.id)).toMatchObject({ totp: false, recoveryLeft: 0 })
})

test('a new browser signing in to an account with power is told to its owner; a donor’s is not', async () => {
  const admin = await person('watched', { admin: true })
  const donor = await person('quiet')
  for (const who of [admin, donor]) {
    // The first browser, then a second one (no device cookie).
    for (let i = 0; i < 2; i++) expect(status(await run(login.action, post('/login', form({ email: who.email, password: PASSWORD }))))).toBe(302)
  }
  const told = async (email: string) => (await db.select().from(outboxMessages).where(eq(outboxMessages.to, email))).filter((m) => m.subject === 'A new device signed in to your Sunlight account')
  expect(await told(admin.email)).toHaveLength(1)
  expect(await told(donor.email)).toHaveLength(0)
})
