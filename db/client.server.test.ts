import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { DatabaseOpenError, openDatabase, queryRows, redactUrl } from './client.server'
import { donations, organizations, projects } from './schema'
import { setupTestDatabase, testBackend } from './testing/test-database'

const { db } = await setupTestDatabase()

async function insertProject() {
  const [org] = await db
    .insert(organizations)
    .values({
      slug: `org-${crypto.randomUUID()}`,
      name: '测试基金会',
      uscc: crypto.randomUUID().replace(/-/g, '').slice(0, 18).toUpperCase(),
      region: '北京',
      contactName: '联系人',
      contactEmail: 'org@example.com',
      status: 'approved',
    })
    .returning()
  const [project] = await db
    .insert(projects)
    .values({
      slug: `p-${crypto.randomUUID()}`,
      organizationId: org!.id,
      title: '测试项目',
      summary: '摘要',
      category: 'education',
      region: '北京',
      goalAmount: 100_00n,
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      status: 'fundraising',
    })
    .returning()
  return project!
}

test(`migrations created every table (${testBackend()})`, async () => {
  const rows = await queryRows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  )
  const tables = rows.map((row) => row.table_name)
  expect(tables).toEqual(
    expect.arrayContaining(['users', 'organizations', 'organization_members', 'projects', 'budget_lines', 'donations', 'ledger_entries']),
  )
})

test('bigint money survives the round trip exactly', async () => {
  const project = await insertProject()
  const huge = 9_007_199_254_740_993n // 2^53 + 1: a float would round it
  await db.update(projects).set({ goalAmount: huge }).where(sql`${projects.id} = ${project.id}`)
  const [row] = await db.select({ goal: projects.goalAmount }).from(projects).where(sql`${projects.id} = ${project.id}`)
  expect(row!.goal).toBe(huge)
})

test('amounts must be positive and dates ordered', async () => {
  const project = await insertProject()
  await expect(
    db.insert(donations).values({ projectId: project.id, amount: 0n, currency: 'CNY' }),
  ).rejects.toThrow()
  await expect(
    db.update(projects).set({ endsOn: '2025-01-01' }).where(sql`${projects.id} = ${project.id}`),
  ).rejects.toThrow()
})

const lockDir = mkdtempSync(join(tmpdir(), 'sunlight-lock-'))
afterAll(() => rmSync(lockDir, { recursive: true, force: true }))

test('a PGlite data directory opens in one place at a time', async () => {
  const dataDir = join(lockDir, 'pglite')
  const first = await openDatabase({ kind: 'pglite', dataDir })
  try {
    await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toThrow(DatabaseOpenError)
    await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toThrow(/in use by process/)
  } finally {
    await first.close()
  }
  const again = await openDatabase({ kind: 'pglite', dataDir })
  await again.close()
})

test('an unreachable PostgreSQL gives a one-line error with the password hidden', async () => {
  const error = await openDatabase({ kind: 'postgres', url: 'postgres://app:s3cret@127.0.0.1:1/sunlight' }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(DatabaseOpenError)
  const message = (error as Error).message
  expect(message).toMatch(/^cannot reach PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/sunlight/)
  expect(message).not.toContain('s3cret')
  expect(message).not.toContain('\n')
  expect(redactUrl('not a url')).toBe('(unparseable URL)')
})
