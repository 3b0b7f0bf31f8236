/**
 * Open data: the ledger as CSV or JSON, streamed page by page (memory stays bounded whatever the
 * size), with each entry's links in the platform's chain and in its project's chain, so the platform
 * export and each project's export verify on their own (`node tools/verify-ledger.mjs`, docs/ledger.md).
 * No donor personal data: a donation appears only as its opaque id.
 */
import type { Db } from '~db/client.server'
import { toDecimalString } from '~/utils/money'
import { BEFORE_ALL_IDS, exportPage } from './seal.server'
import { invariantResponse } from '~/utils/http.server'

/** JSON fields, in order: the canonical entry, then its seal. */
export const JSON_FIELDS = ['id', 'occurred_at', 'project_id', 'kind', 'amount', 'currency', 'donation_id', 'memo', 'position', 'prev_hash', 'hash', 'project_position', 'project_hash'] as const
/** CSV columns: amounts say their unit (minor units, e.g. fen, and the decimal amount) beside their currency. */
export const CSV_COLUMNS = [
  'id',
  'occurred_at',
  'project_id',
  'kind',
  'amount_minor_units',
  'amount',
  'currency',
  'donation_id',
  'memo',
  'position',
  'prev_hash',
  'hash',
  'project_position',
  'project_hash',
] as const

type Row = Awaited<ReturnType<typeof exportPage>>[number]

/** One ledger entry as the exports and the read API publish it. */
export function record(row: Row) {
  const currency = row.currency.trim()
  return {
    id: String(row.id),
    occurred_at: row.occurredAt.toISOString(),
    project_id: row.projectId,
    kind: row.kind,
    amount: String(row.amount),
    currency,
    donation_id: row.donationId,
    memo: row.memo,
    position: row.position === null ? null : String(row.position),
    prev_hash: row.prevHash,
    hash: row.hash,
    project_position: row.projectPosition === null ? null : String(row.projectPosition),
    project_hash: row.projectHash,
  }
}

/**
 * A CSV cell. Text that a spreadsheet would read as a formula (starting with = + - @, a tab or a
 * carriage return; OWASP "CSV injection") is prefixed with an apostrophe; plain numbers stay numbers.
 */
export function csvCell(value: string | null) {
  if (value === null) return ''
  const neutral = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(neutral) ? `"${neutral.replace(/"/g, '""')}"` : neutral
}

function csvLine(r: ReturnType<typeof record>) {
  const cells: Record<(typeof CSV_COLUMNS)[number], string | null> = {
    ...r,
    amount_minor_units: r.amount,
    amount: toDecimalString(BigInt(r.amount), r.currency),
  }
  return `${CSV_COLUMNS.map((c) => csvCell(cells[c])).join(',')}\n`
}

/**
 * Waits until the connection can take more, or says the reader has gone (false): the server passes
 * one in the load context (server/index.ts), so a slow reader slows the queries and a reader that
 * left stops them. Without one (tests), there is always room.
 */
export type Room = () => Promise<boolean>

export function ledgerExportStream(
  db: Db,
  format: 'csv' | 'json',
  { projectId, pageSize = 5000, room = async () => true }: { projectId?: string; pageSize?: number; room?: Room } = {},
) {
  const encoder = new TextEncoder()
  let after = BEFORE_ALL_IDS
  let first = true
  let done = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return
      if (!(await room())) {
        done = true
        controller.close()
        return
      }
      const rows = await exportPage(db, after, pageSize, projectId)
      let chunk = ''
      if (first) chunk += format === 'csv' ? `${CSV_COLUMNS.join(',')}\n` : '[\n'
      for (const row of rows) {
        const r = record(row)
        if (format === 'csv') chunk += csvLine(r)
        else chunk += `${first ? '' : ',\n'}${JSON.stringify(r, JSON_FIELDS as unknown as string[])}`
        first = false
      }
      if (rows.length < pageSize) {
        if (format === 'json') chunk += `${first ? '' : '\n'}]\n`
        done = true
        controller.enqueue(encoder.encode(chunk))
        controller.close()
        return
      }
      after = rows.at(-1)!.id
      controller.enqueue(encoder.encode(chunk))
    },
  })
}

export function exportResponse(db: Db, format: 'csv' | 'json', name: string, projectId?: string, room?: Room) {
  return new Response(ledgerExportStream(db, format, { projectId, room }), {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}.${format}"`,
      'Cache-Control': 'public, max-age=60',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

/** One published project's ledger export, or 404. */
export async function projectExport(db: Db, slug: string | undefined, format: 'csv' | 'json', room?: Room) {
  const { getProjectBySlug, isPublicProject } = await import('~/models/projects.server')
  const row = slug ? await getProjectBySlug(db, slug) : null
  invariantResponse(row && isPublicProject(row.project.status), 404, 'Not found')
  return exportResponse(db, format, `sunlight-ledger-${row.project.slug}`, row.project.id, room)
}
