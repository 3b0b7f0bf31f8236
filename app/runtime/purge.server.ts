/**
 * Purges from the cache in front (Varnish, deploy/varnish) the pages a committed change touched.
 * Triggers write the touched pages' surrogate keys to `page_changes` in the transaction of each
 * change (migration 0018); this takes a batch of them, asks every Varnish to drop the pages tagged
 * with those keys (xkey), and deletes the rows in the same transaction — a purge that fails leaves
 * them for the next try, and runners working at once take different rows (SKIP LOCKED).
 *
 * Each key is purged twice. A render that read the database before the change committed and reached
 * Varnish after the first purge would otherwise be kept, stale, for the page's whole s-maxage; the
 * second purge, `SECOND_PURGE_AFTER` later, drops it. A render slower than that is bounded by s-maxage.
 */
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { purgesSent } from './metrics.server'

/** The channel the triggers notify when they note a change. */
export const PAGE_CHANGES_CHANNEL = 'page_changes'

/** xkey reads keys separated by spaces; a header of at most ~100 keys stays well under Varnish's limits. */
const KEYS_PER_REQUEST = 100

/** Longer than a page takes to render (tens of ms; bench:pages), short enough to go unnoticed. */
export const SECOND_PURGE_AFTER = '2 seconds'

export async function purgeKeys(target: string, keys: string[], fetchImpl: typeof fetch = fetch) {
  for (let i = 0; i < keys.length; i += KEYS_PER_REQUEST) {
    const response = await fetchImpl(target, { method: 'PURGE', headers: { 'xkey-purge': keys.slice(i, i + KEYS_PER_REQUEST).join(' ') }, signal: AbortSignal.timeout(5_000) })
    await response.body?.cancel()
    if (!response.ok) throw new Error(`purge at ${target} answered ${response.status}`)
    purgesSent.inc()
  }
}

/** Purges one batch; returns how many change rows it consumed (the batch size means: call again). */
export async function purgeChangedPages(db: Db, targets: string[], { batch = 1_000, fetchImpl = fetch }: { batch?: number; fetchImpl?: typeof fetch } = {}) {
  return db.transaction(async (tx) => {
    const rows = await queryRows<{ key: string; first: boolean }>(
      tx,
      sql`delete from page_changes where id in (
            select id from page_changes where purge_after <= now() order by purge_after, id limit ${batch} for update skip locked
          ) returning key, first`,
    )
    if (rows.length === 0) return 0
    const keys = [...new Set(rows.map((row) => row.key))]
    const again = [...new Set(rows.filter((row) => row.first).map((row) => row.key))]
    if (again.length > 0) {
      await tx.execute(sql`
        insert into page_changes (key, first, purge_after)
        select key, false, now() + ${SECOND_PURGE_AFTER}::interval from jsonb_array_elements_text(${JSON.stringify(again)}::jsonb) as key`)
    }
    for (const target of targets) await purgeKeys(target, keys, fetchImpl)
    return rows.length
  })
}
