import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { asc, eq, sql } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { ledgerEntries, ledgerSeals, projects } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { seedDemo } from '~seeds/seed.server'
import { ledgerExportStream } from './export.server'
import { sealLedger, verifyLedger } from './seal.server'

const run = promisify(execFile)
const { db } = await setupTestDatabase()
await seedDemo(db, { now: new Date('2026-11-23T08:00:00Z') })
const dir = mkdtempSync(join(tmpdir(), 'sunlight-ledger-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Changes the ledger the way an attacker with database access would: with the guard triggers off. */
async function tamper(statement: ReturnType<typeof sql>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table ledger_entries disable trigger user`)
    await tx.execute(statement)
    await tx.execute(sql`alter table ledger_entries enable trigger user`)
  })
}

async function entries() {
  return db.select().from(ledgerEntries).orderBy(asc(ledgerEntries.id))
}

test('the job seals every settled entry into one chain; the database refuses changes to entries and seals', async () => {
  let sealed = 0
  for (;;) {
    const result = await sealLedger(db, { settleSeconds: 0, batch: 2000 })
    if (result.sealed === 0) break
    sealed += result.sealed
  }
  const all = await entries()
  expect(sealed).toBe(all.length)
  expect(await verifyLedger(db, { pageSize: 700 })).toMatchObject({ ok: true, checked: all.length })
  await expect(db.update(ledgerEntries).set({ amount: 1n }).where(eq(ledgerEntries.id, all[0]!.id))).rejects.toThrow()
  await expect(db.delete(ledgerEntries).where(eq(ledgerEntries.id, all[0]!.id))).rejects.toThrow()
  await expect(db.update(ledgerSeals).set({ hash: 'x' }).where(eq(ledgerSeals.entryId, all[0]!.id))).rejects.toThrow()
  await expect(db.delete(ledgerSeals).where(eq(ledgerSeals.entryId, all[0]!.id))).rejects.toThrow()
})

test('a changed entry is named; putting it back restores the chain', async () => {
  const target = (await entries())[1234]!
  await tamper(sql`update ledger_entries set amount = amount + 100 where id = ${target.id}`)
  expect(await verifyLedger(db, { pageSize: 500 })).toMatchObject({ ok: false, entryId: String(target.id), problem: expect.stringMatching(/^changed/) })
  await tamper(sql`update ledger_entries set amount = ${target.amount} where id = ${target.id}`)
  expect((await verifyLedger(db)).ok).toBe(true)
})

test('a deleted entry is named, and so is an entry slipped in before sealed ones', async () => {
  const target = (await entries())[42]!
  await tamper(sql`delete from ledger_entries where id = ${target.id}`)
  expect(await verifyLedger(db)).toMatchObject({ ok: false, entryId: String(target.id), problem: expect.stringMatching(/^deleted/) })
  await tamper(sql`insert into ledger_entries (id, project_id, kind, amount, currency, donation_id, memo, occurred_at, created_at)
                   values (${target.id}, ${target.projectId}, ${target.kind}, ${target.amount}, ${target.currency}, ${target.donationId}, ${target.memo}, ${target.occurredAt.toISOString()}, ${target.createdAt.toISOString()})`)
  expect((await verifyLedger(db)).ok).toBe(true)

  const [p] = await db.select({ id: projects.id }).from(projects).limit(1)
  await db.insert(ledgerEntries).values({ id: -1n, projectId: p!.id, kind: 'expense', amount: -500n, currency: 'CNY', occurredAt: new Date() })
  expect(await verifyLedger(db)).toMatchObject({ ok: false, entryId: '-1', problem: expect.stringMatching(/^inserted/) })
  await tamper(sql`delete from ledger_entries where id = -1`)
})

test('new entries after the last seal are fine until sealed', async () => {
  const [p] = await db.select({ id: projects.id }).from(projects).limit(1)
  await db.insert(ledgerEntries).values({ projectId: p!.id, kind: 'expense', amount: -1_000n, currency: 'CNY', memo: 'late entry', occurredAt: new Date() })
  expect((await verifyLedger(db)).ok).toBe(true)
  expect((await sealLedger(db, { settleSeconds: 0 })).sealed).toBe(1)
  expect((await verifyLedger(db)).ok).toBe(true)
})

async function exportTo(file: string, projectId?: string) {
  const reader = ledgerExportStream(db, 'json', { pageSize: 1000, projectId }).getReader()
  let text = ''
  const decoder = new TextDecoder()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
  }
  writeFileSync(file, text)
  return text
}

test('the standalone verifier checks the public JSON export and names a doctored entry', async () => {
  const file = join(dir, 'ledger.json')
  const text = await exportTo(file)
  const parsed = JSON.parse(text) as { id: string; amount: string; hash: string | null }[]
  expect(parsed.length).toBe((await entries()).length)
  expect(Object.keys(parsed[0]!)).toEqual(['id', 'occurred_at', 'project_id', 'kind', 'amount', 'currency', 'donation_id', 'memo', 'position', 'prev_hash', 'hash', 'project_position', 'project_hash'])
  const ok = await run(process.execPath, ['tools/verify-ledger.mjs', file])
  expect(ok.stdout).toMatch(/^Ledger verified: \d+ sealed entries form unbroken chains/)

  const victim = parsed[100]!
  const lines = readFileSync(file, 'utf8').split('\n')
  const index = lines.findIndex((l) => l.includes(`"id":"${victim.id}"`))
  lines[index] = lines[index]!.replace(`"amount":"${victim.amount}"`, `"amount":"${BigInt(victim.amount) * 10n}"`)
  writeFileSync(file, lines.join('\n'))
  const failed = await run(process.execPath, ['tools/verify-ledger.mjs', file]).catch((error: { code: number; stderr: string }) => error)
  expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining(`FAILED at entry ${victim.id}`) })
})

const verify = (...args: string[]) => run(process.execPath, ['tools/verify-ledger.mjs', ...args]).catch((error: { code: number; stdout: string; stderr: string }) => error)

test("every project's own export verifies on its own, ties into the platform's chain, and names an entry changed or dropped", async () => {
  while ((await sealLedger(db, { settleSeconds: 0 })).sealed > 0);
  const platform = join(dir, 'platform.json')
  await exportTo(platform)
  const all = await db.select({ id: projects.id, slug: projects.slug }).from(projects)
  let withEntries = 0
  for (const project of all) {
    const file = join(dir, `${project.slug}.json`)
    const parsed = JSON.parse(await exportTo(file, project.id)) as { id: string; amount: string; hash: string; project_position: string }[]
    if (!parsed.length) continue
    withEntries++
    const ok = await verify(file, '--platform', platform)
    expect(ok).toMatchObject({ stdout: expect.stringMatching(/^Ledger verified: \d+ sealed entries form unbroken chains[\s\S]*\(the entries of one project\)[\s\S]*Every entry is in the platform's chain/) })
  }
  expect(withEntries).toBeGreaterThanOrEqual(8)

  // One project's copy with one amount changed: the verifier names that entry.
  const project = all.find((p) => p.slug === 'free-lunch-draw-to-life')!
  const file = join(dir, 'changed.json')
  const parsed = JSON.parse(await exportTo(file, project.id)) as { id: string; amount: string; hash: string }[]
  const victim = parsed[7]!
  const changed = readFileSync(file, 'utf8').replace(`"id":"${victim.id}"`, `"id":"${victim.id}"`).replace(new RegExp(`("id":"${victim.id}"[^\\n]*"amount":")${victim.amount}"`), `$1${BigInt(victim.amount) + 1n}"`)
  writeFileSync(file, changed)
  expect(await verify(file)).toMatchObject({ code: 1, stderr: expect.stringContaining(`FAILED at entry ${victim.id}: its content does not match its hash`) })

  // The same copy with that entry dropped instead: the next entry of the project names the gap.
  const dropped = readFileSync(join(dir, 'free-lunch-draw-to-life.json'), 'utf8')
    .split('\n')
    .filter((line) => !line.includes(`"id":"${victim.id}"`))
    .join('\n')
  writeFileSync(file, dropped)
  expect(await verify(file)).toMatchObject({ code: 1, stderr: expect.stringContaining(`FAILED at entry ${parsed[8]!.id}`) })

  // A receipt's proof: the entry is in the export with the hash the receipt shows; another hash is refused.
  expect(await verify(join(dir, 'free-lunch-draw-to-life.json'), '--expect', `${victim.id}=${victim.hash}`)).toMatchObject({ stdout: expect.stringMatching(/^Ledger verified/) })
  expect(await verify(join(dir, 'free-lunch-draw-to-life.json'), '--expect', `${victim.id}=${'0'.repeat(64)}`)).toMatchObject({ code: 1, stderr: expect.stringContaining('not the one expected') })
})

test('the CSV export labels amounts with their unit and currency and neutralises spreadsheet formulas', async () => {
  const { csvCell } = await import('./export.server')
  expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`)
  expect(csvCell('+1')).toBe("'+1")
  expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
  expect(csvCell('-50000')).toBe('-50000')
  expect(csvCell('-500.00')).toBe('-500.00')
  expect(csvCell('-cmd')).toBe("'-cmd")
  const reader = ledgerExportStream(db, 'csv', { pageSize: 1000 }).getReader()
  const { value } = await reader.read()
  await reader.cancel()
  const [header, first] = new TextDecoder().decode(value).split('\n')
  expect(header).toBe('id,occurred_at,project_id,kind,amount_minor_units,amount,currency,donation_id,memo,position,prev_hash,hash,project_position,project_hash')
  const cells = first!.split(',')
  expect(cells[5]).toBe(`${BigInt(cells[4]!) / 100n}.${String(BigInt(cells[4]!) % 100n).padStart(2, '0')}`)
  expect(cells[6]).toBe('CNY')
})

test('an export waits for room between pages, and stops querying once the reader has gone', async () => {
  let pages = 0
  let open = true
  const waits: number[] = []
  const room = async () => {
    waits.push(pages)
    pages++
    // The reader leaves after taking two pages.
    if (pages > 2) open = false
    return open
  }
  const reader = ledgerExportStream(db, 'csv', { pageSize: 100, room }).getReader()
  let lines = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    lines += new TextDecoder().decode(value).split('\n').length - 1
  }
  // Asked before each page; two pages (header + 200 rows) written, then nothing more was read.
  expect(waits).toEqual([0, 1, 2])
  expect(lines).toBe(1 + 200)
})
