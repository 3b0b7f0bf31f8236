/**
 * The ledger has one writer (app/ledger/post.server.ts). Every source file of the project — app,
 * tests, seeds, scripts, server, db code — is read, and any other place that inserts into
 * `ledger_entries` (drizzle's `insert(ledgerEntries)` or SQL's `insert into ledger_entries`) fails
 * this test. Tests that tamper with the ledger on purpose live in app/ledger/ too.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { expect, test } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')
const SCANNED = ['app', 'seeds', 'scripts', 'server', 'db', 'e2e', 'tools']
const WRITES = [/\binsert\s*\(\s*ledgerEntries\s*\)/, /\binsert\s+into\s+(?:"?public"?\.)?"?ledger_entries"?/i, /\binsert\s+into\s+\$\{\s*ledgerEntries\s*\}/i]

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (name === 'node_modules' || name === 'migrations') continue
    if (statSync(path).isDirectory()) yield* sources(path)
    else if (/\.(ts|tsx|mjs|js|sql)$/.test(name)) yield path
  }
}

function ledgerWriters(root = ROOT) {
  const found: string[] = []
  for (const top of SCANNED) {
    let paths: Generator<string>
    try {
      statSync(join(root, top))
      paths = sources(join(root, top))
    } catch {
      continue
    }
    for (const path of paths) {
      const rel = relative(root, path)
      if (rel.startsWith(`app${sep}ledger${sep}`)) continue
      const text = readFileSync(path, 'utf8')
      if (WRITES.some((pattern) => pattern.test(text))) found.push(rel)
    }
  }
  return found
}

test('nothing outside app/ledger/ inserts into ledger_entries', () => {
  expect(ledgerWriters()).toEqual([])
})

test('the check names a writer outside app/ledger/, in either spelling, and only those', () => {
  const root = mkdtempSync(join(tmpdir(), 'sunlight-writers-'))
  try {
    const write = (path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true })
      writeFileSync(join(root, path), text)
    }
    write('app/ledger/post.server.ts', 'await tx.insert(ledgerEntries).values(rows)')
    write('app/models/sneaky.server.ts', 'await tx.insert( ledgerEntries ).values({})')
    write('scripts/raw.ts', 'await sql`INSERT INTO public.ledger_entries (project_id) VALUES (${id})`')
    write('seeds/reader.ts', 'await sql`select sum(amount) from ledger_entries`')
    expect(ledgerWriters(root).sort()).toEqual([join('app', 'models', 'sneaky.server.ts'), join('scripts', 'raw.ts')])
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
})
