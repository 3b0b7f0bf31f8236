/**
 * The restore drill (issue 25): a database with gifts, a refund, expenses with evidence and sealed
 * ledger entries is backed up with its media, restored into a fresh database, and there the ledger
 * check (books and gateway) and the hash-chain verification pass and every count matches. On
 * PostgreSQL with pg_dump/pg_restore when the suite runs there, and always for the embedded PGlite.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { openDatabase, queryRows, type DatabaseTarget } from '~db/client.server'
import { seedDemo } from '~seeds/seed.server'
import { LocalDiskStorage } from '~/media/storage.server'
import { checkLedger } from '~/ledger/check.server'
import { sealLedger, verifyLedger } from '~/ledger/seal.server'
import { sandboxFor } from '~/testing/payments'
import { backup, restore } from './backup.server'

const work = mkdtempSync(join(tmpdir(), 'sunlight-backup-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Seeds the demo (gifts, a refund, expenses with evidence), seals the ledger, and stores each media file. */
async function prepare(target: DatabaseTarget, storage: LocalDiskStorage) {
  const handle = await openDatabase(target)
  await handle.migrate()
  await seedDemo(handle.db)
  await sealLedger(handle.db, { settleSeconds: 0 })
  const keys = await queryRows<{ key: string }>(handle.db, sql`select distinct storage_key as key from media`)
  for (const [i, { key }] of keys.entries()) {
    const temp = join(work, `upload-${i}`)
    writeFileSync(temp, `evidence ${key}`)
    await storage.putFile(key, temp)
  }
  // One file has an HLS package (as media.hls stores them): its playlists and segments are backed up too.
  const packaged = { 'master.m3u8': '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n240p/index.m3u8\n', '240p/index.m3u8': '#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:2.0,\nseg-00001.m4s\n#EXT-X-ENDLIST\n', '240p/init.mp4': 'init', '240p/seg-00001.m4s': 'segment' }
  for (const [name, text] of Object.entries(packaged)) {
    const temp = join(work, `package-${name.replace('/', '-')}`)
    writeFileSync(temp, text)
    await storage.putFile(`hls/00/package/${name}`, temp)
  }
  await handle.db.execute(sql`update media set hls_status = 'ready', hls_key = 'hls/00/package' where id = (select id from media order by id limit 1)`)
  const [refunds] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from refunds`)
  const [expenses] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from expenses`)
  const [seals] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from ledger_seals`)
  await handle.close()
  return { media: keys.length + Object.keys(packaged).length, refunds: refunds!.n, expenses: expenses!.n, seals: seals!.n }
}

async function drill(source: DatabaseTarget, restored: DatabaseTarget, name: string) {
  const storage = new LocalDiskStorage(join(work, `${name}-media`))
  const world = await prepare(source, storage)
  expect(world.refunds).toBeGreaterThan(0)
  expect(world.expenses).toBeGreaterThan(0)
  expect(world.seals).toBeGreaterThan(0)
  expect(world.media).toBeGreaterThan(0)

  const dir = join(work, `${name}-backup`)
  const manifest = await backup({ target: source, dir, storage })
  expect(manifest.media).toEqual({ files: world.media, bytes: expect.any(Number), missing: [] })

  const freshStorage = new LocalDiskStorage(join(work, `${name}-restored-media`))
  const result = await restore({ dir, target: restored, storage: freshStorage })
  expect(result.differences).toEqual([])
  expect(result.files).toBe(world.media)
  expect(result.counts.ledger_entries).toBeGreaterThan(0)

  const handle = await openDatabase(restored)
  try {
    // The same checks an operator runs after a restore: the money against the gateway's records
    // (the sandbox's books came back with the database), the books, and the hash chains.
    expect(await checkLedger(handle.db, sandboxFor(handle.db))).toEqual([])
    const verified = await verifyLedger(handle.db)
    expect(verified.ok).toBe(true)
    // The media came back byte for byte.
    const [one] = await queryRows<{ key: string }>(handle.db, sql`select storage_key as key from media limit 1`)
    expect(await freshStorage.size(one!.key)).toBe(Buffer.byteLength(`evidence ${one!.key}`))
    expect(await freshStorage.size('hls/00/package/240p/seg-00001.m4s')).toBe(Buffer.byteLength('segment'))
    // The last backup is recorded for the operations page.
    const [status] = await queryRows<{ ok: boolean }>(handle.db, sql`select ok from operations_status where key = 'backup'`)
    if (source.kind === 'pglite') expect(status?.ok).toBe(true)
  } finally {
    await handle.close()
  }
}

test('the embedded database: backed up, restored into a new data directory, checks pass, counts match', { timeout: 180_000 }, async () => {
  await drill({ kind: 'pglite', dataDir: join(work, 'source', 'pglite') }, { kind: 'pglite', dataDir: join(work, 'restored', 'pglite') }, 'pglite')
})

// Defined where the suite runs on PostgreSQL (`npm test` runs the suite on both).
const postgresUrl = process.env.TEST_DATABASE_URL
if (postgresUrl) test('PostgreSQL: pg_dump, pg_restore into an empty database, checks pass, counts match', { timeout: 180_000 }, async () => {
  // TEST_DATABASE_URL names the suite's template database (it may not exist yet): the server's own
  // maintenance database creates and drops the two this drill uses.
  const maintenance = new URL(postgresUrl!)
  maintenance.pathname = '/postgres'
  const admin = await openDatabase({ kind: 'postgres', url: maintenance.toString(), maxConnections: 1 })
  const names = [`sunlight_backup_src_${process.pid}`, `sunlight_backup_dst_${process.pid}`]
  try {
    for (const name of names) {
      await admin.raw(`drop database if exists ${name} with (force)`, [])
      await admin.raw(`create database ${name}`, [])
    }
    const url = (name: string) => {
      const u = new URL(postgresUrl!)
      u.pathname = `/${name}`
      return u.toString()
    }
    await drill({ kind: 'postgres', url: url(names[0]!) }, { kind: 'postgres', url: url(names[1]!) }, 'postgres')
  } finally {
    for (const name of names) await admin.raw(`drop database if exists ${name} with (force)`, [])
    await admin.close()
  }
})
