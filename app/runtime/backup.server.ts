/**
 * Backups and restores (`npm run backup`, `npm run restore`; docs/operations.md).
 *
 * - PostgreSQL: `pg_dump --format=custom` of the whole database (a consistent snapshot while the
 *   site runs), restored with `pg_restore` into an empty database.
 * - PGlite (the embedded default, one process per data directory): a copy of the data directory,
 *   taken while the server is stopped (the database refuses a second opener while it runs).
 * - Stored media (covers, videos, evidence scans, videos' HLS packages), read and written through
 *   the storage interface (local disk or S3), so a backup of an S3 installation holds its files too.
 *
 * A manifest records what was saved and the counts a restore must reproduce.
 */
import { execFile } from 'node:child_process'
import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { copyFile, mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { promisify } from 'node:util'
import { sql } from 'drizzle-orm'
import { openDatabase, queryRows, type DatabaseTarget, type Db } from '~db/client.server'
import { hlsFiles } from '~/media/hls.server'
import type { Storage } from '~/media/storage.server'
import { recordCheck } from './operations.server'

const run = promisify(execFile)

/** The tables whose row counts a restore must reproduce (money, people's records, evidence). */
export const COUNTED_TABLES = ['users', 'organizations', 'projects', 'donations', 'refunds', 'ledger_entries', 'ledger_seals', 'expenses', 'expense_evidence', 'media', 'audit_log'] as const

export interface Manifest {
  createdAt: string
  backend: 'postgres' | 'pglite'
  counts: Record<string, number>
  media: { files: number; bytes: number; missing: string[] }
}

export async function tableCounts(db: Db) {
  const counts: Record<string, number> = {}
  for (const table of COUNTED_TABLES) {
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)}`)
    counts[table] = row?.n ?? 0
  }
  return counts
}

/** A PostgreSQL client program: on PATH, or in Debian's versioned directory. */
function pgTool(name: 'pg_dump' | 'pg_restore') {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, name))) return join(dir, name)
  const debian = '/usr/lib/postgresql'
  if (existsSync(debian)) {
    for (const version of readdirSync(debian).sort().reverse()) {
      const candidate = join(debian, version, 'bin', name)
      if (existsSync(candidate)) return candidate
    }
  }
  throw new Error(`${name} is not installed (Debian: apt-get install -y postgresql-client)`)
}

async function copyMediaOut(db: Db, storage: Storage, dir: string) {
  const keys = await queryRows<{ key: string }>(db, sql`select distinct storage_key as key from media order by 1`)
  // Ready HLS packages too (as their playlists list them): the rows say they are there, and
  // packaging a library again costs hours of CPU. Image variants are made again on demand.
  const packages = await queryRows<{ prefix: string }>(db, sql`select distinct hls_key as prefix from media where hls_status = 'ready' and hls_key is not null order by 1`)
  for (const { prefix } of packages) {
    const names = await hlsFiles(storage, prefix)
    for (const name of names.length ? names : ['master.m3u8']) keys.push({ key: `${prefix}/${name}` })
  }
  let bytes = 0
  const missing: string[] = []
  for (const { key } of keys) {
    if ((await storage.size(key)) === null) {
      missing.push(key)
      continue
    }
    const target = resolve(dir, 'media', key)
    if (!target.startsWith(resolve(dir, 'media'))) throw new Error(`a storage key leaves the backup: ${key}`)
    await mkdir(dirname(target), { recursive: true })
    await pipeline(await storage.read(key), createWriteStream(target))
    bytes += statSync(target).size
  }
  return { files: keys.length - missing.length, bytes, missing }
}

/**
 * Writes a backup of `target` and its media into `dir` (created; must be empty). `db` is an open
 * handle on the same database for the counts and the media list (for PGlite: opened and closed by
 * the caller before the copy).
 */
export async function backup({ target, dir, storage }: { target: DatabaseTarget; dir: string; storage: Storage }): Promise<Manifest> {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: a backup goes into a new directory`)
  mkdirSync(dir, { recursive: true })
  const handle = await openDatabase(target)
  let manifest: Manifest
  try {
    const counts = await tableCounts(handle.db)
    const media = await copyMediaOut(handle.db, storage, dir)
    if (target.kind === 'postgres') await run(pgTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${join(dir, 'database.pgdump')}`, target.url])
    manifest = { createdAt: new Date().toISOString(), backend: handle.backend, counts, media }
    await recordCheck(handle.db, 'backup', media.missing.length === 0, `${dir} · ${Object.values(counts).reduce((a, b) => a + b, 0)} rows · ${media.files} files, ${media.bytes} bytes${media.missing.length ? ` · ${media.missing.length} missing` : ''}`)
  } finally {
    await handle.close()
  }
  // PGlite: the data directory, copied once the database is closed (nothing writes to it then).
  if (target.kind === 'pglite') cpSync(target.dataDir, join(dir, 'pglite'), { recursive: true })
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2))
  return manifest
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest
}

/**
 * Restores a backup into `target` (an empty PostgreSQL database, or a PGlite data directory that
 * does not exist yet) and its media into `storage`; then checks the counts against the manifest.
 */
export async function restore({ dir, target, storage }: { dir: string; target: DatabaseTarget; storage: Storage }) {
  const manifest = readManifest(dir)
  if (target.kind === 'postgres') {
    if (manifest.backend !== 'postgres') throw new Error('this backup is of the embedded database: restore it with DATABASE_URL unset (a PGlite data directory)')
    await run(pgTool('pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${target.url}`, join(dir, 'database.pgdump')])
  } else if (target.kind === 'pglite') {
    if (manifest.backend !== 'pglite') throw new Error('this backup is of PostgreSQL: restore it with DATABASE_URL set')
    if (existsSync(target.dataDir) && readdirSync(target.dataDir).length > 0) throw new Error(`${target.dataDir} already holds a database: restore into a new DATA_DIR`)
    cpSync(join(dir, 'pglite'), target.dataDir, { recursive: true })
  } else {
    throw new Error('restore needs PostgreSQL or a PGlite data directory')
  }
  // Media back through the storage interface (putFile moves, so from a temporary copy).
  const mediaDir = join(dir, 'media')
  let files = 0
  if (existsSync(mediaDir)) {
    for (const entry of readdirSync(mediaDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue
      const full = join((entry as { parentPath?: string; path?: string }).parentPath ?? (entry as { path?: string }).path ?? mediaDir, entry.name)
      const key = full.slice(mediaDir.length + 1)
      const temp = join(dir, `.restore-${files}`)
      await copyFile(full, temp)
      await storage.putFile(key, temp)
      files++
    }
  }
  const handle = await openDatabase(target)
  try {
    await handle.migrate()
    const counts = await tableCounts(handle.db)
    const differences = Object.keys(manifest.counts).filter((table) => counts[table] !== manifest.counts[table])
    return { manifest, counts, files, differences }
  } finally {
    await handle.close()
  }
}
