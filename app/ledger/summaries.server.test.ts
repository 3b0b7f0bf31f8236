import { and, eq, sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { projectLedgerHours, projectLedgerTotals, projects } from '~db/schema'
import { queryRows } from '~db/client.server'
import { setupTestDatabase } from '~db/testing/test-database'
import { seedDemo } from '~seeds/seed.server'
import { transparencyFeed } from '~/models/expenses.server'
import { ledgerSummary } from '~/models/projects.server'
import { checkBooks } from './check.server'
import { balances } from './post.server'

const { db } = await setupTestDatabase()
// These tests doctor the summaries: the books' half of ledger:check is the part they ask about.
const checkLedger = (database: typeof db) => checkBooks(database)
await seedDemo(db, { now: new Date('2026-11-23T08:00:00Z') })
const [project] = await db.select().from(projects).limit(1)
const projectId = project!.id

/** What the hourly summary must hold for this project: the entries themselves, grouped. */
async function fromEntries() {
  return queryRows<{ kind: string; hour: string; entries: number; amount: string }>(
    db,
    sql`select kind::text as kind, date_trunc('hour', occurred_at, 'UTC')::text as hour, count(*)::int as entries, sum(amount)::text as amount
        from ledger_entries where project_id = ${projectId} group by 1, 2 order by 1, 2`,
  )
}
async function kept() {
  return queryRows<{ kind: string; hour: string; entries: number; amount: string }>(
    db,
    sql`select kind::text as kind, hour::text as hour, entries, amount::text as amount
        from project_ledger_hours where project_id = ${projectId} order by 1, 2`,
  )
}

function insertEntries(rows: { kind: string; amount: number; ref: string; at: string }[]) {
  return db.execute(sql`insert into ledger_entries (project_id, kind, amount, currency, external_ref, occurred_at)
    select ${projectId}, r.kind::ledger_entry_kind, r.amount, 'CNY', r.ref, r.at::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(kind text, amount bigint, ref text, at text)
    on conflict (external_ref) do nothing`)
}

test('the trigger keeps the per-kind and hourly summaries equal to the entries: many statements at once, multi-row statements, replays ignored', async () => {
  expect(await kept()).toEqual(await fromEntries()) // the seed went through the same trigger
  expect((await checkLedger(db)).filter((p) => p.kind === 'hours' || p.kind === 'totals')).toEqual([])
  const before = await ledgerSummary(db, projectId)
  // 40 concurrent transactions, each a multi-row statement across two hours, half of them replayed.
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      insertEntries([
        { kind: 'donation', amount: 1000 + (i % 20), ref: `hours-test:${i % 20}:a`, at: '2026-11-23T09:59:59.999Z' },
        { kind: 'donation', amount: 2000, ref: `hours-test:${i % 20}:b`, at: '2026-11-23T10:00:00Z' },
        { kind: 'refund', amount: -500, ref: `hours-test:${i % 20}:c`, at: '2026-11-23T10:30:00+08:00' },
      ]),
    ),
  )
  expect(await kept()).toEqual(await fromEntries())
  const after = await ledgerSummary(db, projectId)
  // 20 distinct ids were stored once each: 20 × (≈1000 + 2000 − 500).
  const firsts = Array.from({ length: 20 }, (_, i) => 1000 + i).reduce((s, n) => s + n, 0)
  expect(after.received - before.received).toBe(BigInt(firsts + 20 * 2000 - 20 * 500))
  expect(after.entries - before.entries).toBe(60)
  expect((await balances(db, projectId)).received).toBe(after.received)
  // The feed sums the same hours per day in China time: 23 November there is 16:00 UTC on the 22nd onwards.
  const day = new Date('2026-11-22T16:00:00Z')
  const sumOf = async (kind: string) =>
    (
      await queryRows<{ n: number; total: string }>(
        db,
        sql`select sum(entries)::int as n, sum(amount)::text as total from project_ledger_hours
            where project_id = ${projectId} and kind = ${kind}::ledger_entry_kind and hour >= ${day.toISOString()}::timestamptz and hour < ${new Date(day.getTime() + 86_400_000).toISOString()}::timestamptz`,
      )
    )[0]!
  const feed = await transparencyFeed(db, projectId)
  const gifts = await sumOf('donation')
  const refunds = await sumOf('refund')
  expect(gifts.n).toBeGreaterThanOrEqual(40)
  expect(feed).toContainEqual(expect.objectContaining({ type: 'gifts', at: day, count: gifts.n, total: BigInt(gifts.total) }))
  expect(feed).toContainEqual(expect.objectContaining({ type: 'refunds', at: day, count: refunds.n, total: BigInt(refunds.total) }))
  expect((await checkLedger(db)).filter((p) => p.kind === 'hours' || p.kind === 'totals')).toEqual([])
})

test('ledger:check names a project whose per-kind total was doctored', async () => {
  await db.update(projectLedgerTotals).set({ entries: sql`${projectLedgerTotals.entries} + 1` }).where(and(eq(projectLedgerTotals.projectId, projectId), eq(projectLedgerTotals.kind, 'donation')))
  const problems = (await checkLedger(db)).filter((p) => p.kind === 'totals')
  expect(problems).toEqual([expect.objectContaining({ id: projectId, detail: expect.stringMatching(/^donation: summary \d+ entries/) })])
  await db.update(projectLedgerTotals).set({ entries: sql`${projectLedgerTotals.entries} - 1` }).where(and(eq(projectLedgerTotals.projectId, projectId), eq(projectLedgerTotals.kind, 'donation')))
  expect((await checkLedger(db)).filter((p) => p.kind === 'totals')).toEqual([])
})

test('ledger:check names an hour whose summary was doctored, and one that is missing', async () => {
  const [row] = await db.select().from(projectLedgerHours).where(eq(projectLedgerHours.projectId, projectId)).limit(1)
  const thatHour = and(eq(projectLedgerHours.projectId, projectId), eq(projectLedgerHours.kind, row!.kind), eq(projectLedgerHours.hour, row!.hour))
  await db.update(projectLedgerHours).set({ amount: sql`${projectLedgerHours.amount} + 1` }).where(thatHour)
  let problems = (await checkLedger(db)).filter((p) => p.kind === 'hours')
  expect(problems).toHaveLength(1)
  expect(problems[0]!.id).toBe(projectId)
  expect(problems[0]!.detail).toContain(`${row!.entries} entries, ${row!.amount + 1n}`)
  await db.delete(projectLedgerHours).where(thatHour)
  problems = (await checkLedger(db)).filter((p) => p.kind === 'hours')
  expect(problems).toHaveLength(1)
  expect(problems[0]!.detail).toContain('summary missing')
  await db.insert(projectLedgerHours).values(row!)
  expect((await checkLedger(db)).filter((p) => p.kind === 'hours')).toEqual([])
})

test('the public timeline shows a project\'s status changes by name, and nothing else the audit log holds about it', async () => {
  const { auditLog } = await import('~db/schema')
  await db.insert(auditLog).values([
    { action: 'project.close', targetType: 'project', targetId: projectId, reason: null },
    { action: 'project.translation', targetType: 'project', targetId: projectId, details: { language: 'en' } },
  ])
  const statuses = (await transparencyFeed(db, projectId)).filter((item) => item.type === 'status')
  expect(statuses.map((s) => (s as { action: string }).action)).toContain('close')
  expect(statuses.map((s) => (s as { action: string }).action)).not.toContain('translation')
  expect(statuses.every((s) => ['submit', 'approve', 'reject', 'close', 'complete'].includes((s as { action: string }).action))).toBe(true)
})
