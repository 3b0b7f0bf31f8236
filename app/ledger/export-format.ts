/**
 * How a ledger entry reads in the open-data exports and the read API: the fields, the CSV columns and
 * cells. No database here, so the export worker (export-worker.ts) formats exactly as the server does.
 */
import { toDecimalString } from '~/utils/money'

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

/** One exported entry as read from the database (app/ledger/seal.server.ts exportPage). */
export interface ExportRow {
  id: bigint | string
  occurredAt: Date
  projectId: string
  kind: string
  amount: bigint | string
  currency: string
  donationId: string | null
  memo: string | null
  position: bigint | string | null
  prevHash: string | null
  hash: string | null
  projectPosition: bigint | string | null
  projectHash: string | null
}

/** One ledger entry as the exports and the read API publish it. */
export function record(row: ExportRow) {
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

export function csvLine(r: ReturnType<typeof record>) {
  const cells: Record<(typeof CSV_COLUMNS)[number], string | null> = {
    ...r,
    amount_minor_units: r.amount,
    amount: toDecimalString(BigInt(r.amount), r.currency),
  }
  return `${CSV_COLUMNS.map((c) => csvCell(cells[c])).join(',')}\n`
}

