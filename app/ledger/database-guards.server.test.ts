/**
 * What the database itself enforces about money, whatever the code does: the ledger is append-only;
 * a gift is credited once; no statement may leave a project's unspent balance below zero; and a
 * project's totals are the ledger trigger's alone (migrations 0001 and 0016).
 */
import { eq, sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { donations, ledgerEntries, organizations, projects } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { LedgerRefused, post } from './post.server'

const { db } = await setupTestDatabase()

async function insertProject() {
  const [org] = await db
    .insert(organizations)
    .values({ slug: `org-${crypto.randomUUID()}`, name: '测试基金会', uscc: crypto.randomUUID().replace(/-/g, '').slice(0, 18).toUpperCase(), region: '北京', contactName: '联系人', contactEmail: 'org@example.com', status: 'approved' })
    .returning()
  const [project] = await db
    .insert(projects)
    .values({ slug: `p-${crypto.randomUUID()}`, organizationId: org!.id, title: '测试项目', summary: '摘要', category: 'education', region: '北京', goalAmount: 100_00n, startsOn: '2026-01-01', endsOn: '2026-12-31', status: 'fundraising' })
    .returning()
  return project!
}

// drizzle wraps the driver's error: the database's own message is the cause.
const refusal = (pattern: RegExp) => ({ cause: expect.objectContaining({ message: expect.stringMatching(pattern) }) })

test('the database refuses to update, delete or truncate ledger entries', async () => {
  const project = await insertProject()
  const { posted } = await db.transaction((tx) => post(tx, { projectId: project.id, currency: 'CNY', entries: [{ kind: 'donation', amount: 500n, externalRef: `test:${project.id}`, occurredAt: new Date() }] }))
  const entry = posted[0]!
  await expect(db.execute(sql`update ledger_entries set amount = 1 where id = ${entry.id}`)).rejects.toMatchObject(refusal(/append-only/))
  await expect(db.execute(sql`delete from ledger_entries where id = ${entry.id}`)).rejects.toMatchObject(refusal(/append-only/))
  await expect(db.execute(sql`truncate ledger_entries cascade`)).rejects.toMatchObject(refusal(/append-only/))
  const [still] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.id, entry.id))
  expect(still!.amount).toBe(500n)
})

test('a donation can be credited to the ledger only once, even by a raw insert under another reference', async () => {
  const project = await insertProject()
  const [donation] = await db.insert(donations).values({ projectId: project.id, amount: 5000n, currency: 'CNY', status: 'succeeded' }).returning()
  const credit = (ref: string) => sql`insert into ledger_entries (project_id, kind, amount, currency, donation_id, external_ref, occurred_at) values (${project.id}, 'donation', 5000, 'CNY', ${donation!.id}, ${ref}, now())`
  await db.execute(credit('a'))
  await expect(db.execute(credit('b'))).rejects.toThrow()
  // A refund of the same donation is a different movement and is allowed.
  await db.execute(sql`insert into ledger_entries (project_id, kind, amount, currency, donation_id, external_ref, occurred_at) values (${project.id}, 'refund', -1000, 'CNY', ${donation!.id}, 'c', now())`)
})

test('a statement that would overdraw a project is refused by the database, and the ledger module names the balance first', async () => {
  const project = await insertProject()
  await db.transaction((tx) => post(tx, { projectId: project.id, currency: 'CNY', entries: [{ kind: 'donation', amount: 1_000n, externalRef: `gift:${project.id}`, occurredAt: new Date() }] }))
  await expect(
    db.execute(sql`insert into ledger_entries (project_id, kind, amount, currency, external_ref, occurred_at) values (${project.id}, 'expense', -1001, 'CNY', ${`raw:${project.id}`}, now())`),
  ).rejects.toMatchObject(refusal(/overdrawn/))
  const refused = db.transaction((tx) => post(tx, { projectId: project.id, currency: 'CNY', entries: [{ kind: 'expense', amount: -1_001n, externalRef: `spend:${project.id}`, occurredAt: new Date() }] }))
  await expect(refused).rejects.toBeInstanceOf(LedgerRefused)
  await expect(refused).rejects.toMatchObject({ reason: 'overdrawn', unspent: 1_000n })
  // Exactly the balance is fine; and a refund beyond it posts only with the platform covering the rest.
  await db.transaction((tx) => post(tx, { projectId: project.id, currency: 'CNY', entries: [{ kind: 'expense', amount: -1_000n, externalRef: `spend-all:${project.id}`, occurredAt: new Date() }] }))
  const covered = await db.transaction((tx) =>
    post(tx, { projectId: project.id, currency: 'CNY', shortfall: 'platformCovers', entries: [{ kind: 'refund', amount: -300n, externalRef: `refund:${project.id}`, occurredAt: new Date() }] }),
  )
  expect(covered).toMatchObject({ covered: 300n, unspent: 0n })
  expect(covered.posted.map((p) => [p.kind, p.amount])).toEqual([
    ['refund', -300n],
    ['platform_cover', 300n],
  ])
})

test("a project's totals are derived by the ledger's trigger; a direct update is refused", async () => {
  const project = await insertProject()
  await db.transaction((tx) => post(tx, { projectId: project.id, currency: 'CNY', entries: [{ kind: 'donation', amount: 2_500n, externalRef: `t:${project.id}`, occurredAt: new Date() }] }))
  const [row] = await db.select({ raised: projects.raisedAmount, count: projects.donationCount }).from(projects).where(eq(projects.id, project.id))
  expect(row).toEqual({ raised: 2_500n, count: 1 })
  await expect(db.update(projects).set({ raisedAmount: 9_999_999n }).where(eq(projects.id, project.id))).rejects.toMatchObject(refusal(/derived from the ledger/))
  await expect(db.execute(sql`update projects set donation_count = 100 where id = ${project.id}`)).rejects.toMatchObject(refusal(/derived from the ledger/))
})

test('the ledger module refuses a currency other than the project’s and an amount with the wrong sign', async () => {
  const project = await insertProject()
  await expect(db.transaction((tx) => post(tx, { projectId: project.id, currency: 'USD', entries: [{ kind: 'donation', amount: 1n, externalRef: `usd:${project.id}`, occurredAt: new Date() }] }))).rejects.toMatchObject({ reason: 'wrongCurrency' })
  await expect(db.transaction((tx) => post(tx, { projectId: project.id, currency: 'CNY', entries: [{ kind: 'donation', amount: -1n, externalRef: `neg:${project.id}`, occurredAt: new Date() }] }))).rejects.toMatchObject({ reason: 'wrongSign' })
  await expect(db.transaction((tx) => post(tx, { projectId: crypto.randomUUID(), currency: 'CNY', entries: [] }))).rejects.toMatchObject({ reason: 'unknownProject' })
})
