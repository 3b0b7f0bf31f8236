/** The report form's action: bad input gets a message and changes nothing; signed-out reports are rate-limited. */
import { expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { moderationCases, organizations, projects, reports } = await import('~db/schema')
const { action } = await import('./report')

const [org] = await db.insert(organizations).values({ slug: 'rp-org', name: '爱德基金会', uscc: '980000000000000001', region: '江苏', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
const [project] = await db
  .insert(projects)
  .values({ slug: 'rp-1', organizationId: org!.id, title: '流浪动物救助', summary: 's', category: 'animal_protection', region: '江苏', goalAmount: 100_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising' })
  .returning()

async function send(fields: Record<string, string>, ip = '10.9.0.1') {
  const request = new Request('http://localhost/report', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'en' }, body: new URLSearchParams(fields) })
  const result = (await action({ request, params: {}, context: { clientIp: ip } })) as { data?: { errors?: Record<string, string[]> }; init?: { status?: number } } | { sent: string }
  if ('sent' in result) return { status: 200, errors: {} }
  return { status: result.init?.status ?? 200, errors: result.data?.errors ?? {} }
}
const counts = async () => ({ cases: (await db.select().from(moderationCases)).length, reports: (await db.select().from(reports)).length })

test('bad input is refused field by field and creates nothing', async () => {
  const valid = { type: 'project', id: project!.id, reason: 'fraud' }
  const cases: [Record<string, string>, string, string][] = [
    [{ ...valid, reason: '' }, 'reason', 'validation.pickOne'],
    [{ ...valid, reason: 'DROP TABLE' }, 'reason', 'validation.pickOne'],
    [{ ...valid, type: 'user' }, 'type', 'validation.invalid'],
    [{ ...valid, id: '../../etc/passwd' }, 'id', 'validation.invalid'],
    [{ ...valid, details: 'x'.repeat(1001) }, 'details', 'validation.tooLong'],
    [{ ...valid, details: '🙂'.repeat(1001) }, 'details', 'validation.tooLong'],
    [{ ...valid, email: 'not an email' }, 'email', 'validation.email'],
    [{ ...valid, website: 'http://spam.example' }, 'website', 'validation.invalid'],
  ]
  for (const [fields, field, error] of cases) {
    const got = await send(fields, '10.9.1.1')
    expect(got.status, JSON.stringify(fields).slice(0, 80)).toBe(400)
    expect(got.errors[field]).toEqual([error])
  }
  // A well-formed report on something that does not exist: a message, no case.
  expect((await send({ ...valid, id: crypto.randomUUID() }, '10.9.1.2')).status).toBe(404)
  expect(await counts()).toEqual({ cases: 0, reports: 0 })
})

test('a signed-out address may send 10 reports an hour; the 11th is refused with 429 and counted nowhere', async () => {
  const before = await counts()
  for (let i = 0; i < 10; i++) expect((await send({ type: 'project', id: project!.id, reason: 'spam' }, '10.9.2.1')).status).toBe(200)
  const refused = await send({ type: 'project', id: project!.id, reason: 'spam' }, '10.9.2.1')
  expect(refused.status).toBe(429)
  expect(refused.errors.form).toEqual(['validation.tooManyAttempts'])
  expect(await counts()).toEqual({ cases: before.cases + 1, reports: before.reports + 10 })
  // Another address is not affected.
  expect((await send({ type: 'project', id: project!.id, reason: 'spam' }, '10.9.2.2')).status).toBe(200)
})
