/**
 * The expense form's action: an impossible date (2026-02-30), a date in the future, or an amount
 * written "100,00" is a field error (400), never a 500; nothing is stored.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-expense-form-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { budgetLines, expenses, organizationMembers, organizations, projects } = await import('~db/schema')
const { createUser } = await import('~/models/users.server')
const { startSession } = await import('~/utils/session.server')
const { action } = await import('./projects.$slug_.expenses.new')

const editor = await createUser(db, { email: 'ex-editor@example.org', displayName: 'E', password: 'a long test passphrase', birthDate: '1985-01-01', locale: 'en' })
const [org] = await db.insert(organizations).values({ slug: 'ex-form-org', name: 'Org', uscc: '990000000000000001', region: '北京', contactName: 'c', contactEmail: 'c@example.org', status: 'approved' }).returning()
await db.insert(organizationMembers).values({ organizationId: org!.id, userId: editor.id, role: 'editor' })
const [project] = await db
  .insert(projects)
  .values({ slug: 'ex-form', organizationId: org!.id, title: 'P', summary: 's', category: 'education', region: '北京', goalAmount: 100_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'fundraising', publishedAt: new Date() })
  .returning()
const [line] = await db.insert(budgetLines).values({ projectId: project!.id, position: 0, label: 'food', plannedAmount: 50_000n }).returning()
const cookie = (await startSession(db, new Request('http://localhost/'), editor.id)).split(';')[0]!

async function submit(fields: Record<string, string>) {
  const body = new FormData()
  for (const [name, value] of Object.entries({ budgetLineId: line!.id, amount: '10', spentOn: '2026-01-15', payee: 'Shop', description: 'rice', ...fields })) body.append(name, value)
  const request = new Request(`http://localhost/projects/${project!.slug}/expenses/new`, { method: 'POST', body, headers: { Cookie: cookie } })
  const result = (await action({ request, params: { slug: project!.slug }, context: {} })) as { init?: { status?: number }; data?: { errors?: Record<string, string[]> } }
  return { status: result.init?.status, errors: result.data?.errors }
}

test.each([
  ['an impossible date', { spentOn: '2026-02-30' }, { spentOn: ['validation.date'] }],
  ['a date in the future', { spentOn: '2099-01-01' }, { spentOn: ['validation.dateRange'] }],
  ['a year 9999', { spentOn: '9999-99-99' }, { spentOn: ['validation.date'] }],
  ['an ambiguous amount', { amount: '100,00' }, { amount: ['validation.amountFormat'] }],
])('%s: a field error, nothing stored', async (_label, fields, expected) => {
  expect(await submit(fields)).toEqual({ status: 400, errors: expected })
  expect(await db.select().from(expenses)).toEqual([])
})
