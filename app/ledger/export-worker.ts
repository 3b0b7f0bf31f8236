/**
 * The ledger export's producer, in its own thread (export.server.ts starts it on PostgreSQL). A 1M-row
 * export makes a few hundred MB of short-lived strings; in the server's heap V8 let them pile up to
 * ~130 MB above idle before collecting (docs/benchmarks.md, issue 20). Here the heap is capped
 * (`resourceLimits`), so the collector runs early and the export's memory stays bounded whatever its
 * length, and a runaway export can only end its own thread, never the server.
 *
 * Protocol: the server posts 'next' when its reader has room; the worker answers one page as
 * `{ chunk }` (the bytes transferred, not copied), then `{ done: true }`, or `{ error }`.
 * It reads with its own single connection, the same query as seal.server.ts `exportPage`.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { constants, createGzip } from 'node:zlib'
import postgres from 'postgres'
import { CSV_COLUMNS, JSON_FIELDS, csvLine, record, type ExportRow } from './export-format'

export interface ExportWorkerData {
  url: string
  format: 'csv' | 'json'
  projectId?: string
  pageSize: number
  /** Compress here (the reader accepts gzip), so the server's thread only passes bytes on. */
  gzip?: boolean
}

export type ExportWorkerMessage = { chunk: Uint8Array; done: boolean } | { error: string }

const { url, format, projectId, pageSize, gzip } = workerData as ExportWorkerData
const sql = postgres(url, { max: 1, onnotice: () => {}, idle_timeout: 5, connection: { application_name: 'sunlight-export' } })
const encoder = new TextEncoder()
const fields = JSON_FIELDS as unknown as string[]
let after = String(-(2n ** 63n))
let first = true

function read(): Promise<ExportRow[]> {
  const columns = sql`e.id::text as id, e.occurred_at as "occurredAt", e.project_id as "projectId", e.kind::text as kind,
    e.amount::text as amount, e.currency, e.donation_id as "donationId", e.memo, s.position::text as position,
    s.prev_hash as "prevHash", s.hash, s.project_position::text as "projectPosition", s.project_hash as "projectHash"`
  return projectId
    ? sql<ExportRow[]>`select ${columns} from ledger_entries e left join ledger_seals s on s.entry_id = e.id
        where e.project_id = ${projectId} and e.id > ${after}::bigint order by e.id limit ${pageSize}`
    : sql<ExportRow[]>`select ${columns} from ledger_entries e left join ledger_seals s on s.entry_id = e.id
        where e.id > ${after}::bigint order by e.id limit ${pageSize}`
}

/**
 * One gzip stream for the whole answer: each page is written and sync-flushed, so every chunk the
 * reader gets decompresses at once and the pieces are one valid gzip body.
 */
const gzipStream = gzip ? createGzip() : null
const compressed: Buffer[] = []
gzipStream?.on('data', (part: Buffer) => compressed.push(part))

async function compress(bytes: Uint8Array, end: boolean): Promise<Uint8Array> {
  const stream = gzipStream!
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject)
    if (end) {
      stream.once('end', resolve)
      stream.end(bytes)
    } else {
      stream.write(bytes)
      stream.flush(constants.Z_SYNC_FLUSH, () => resolve())
    }
  })
  // Output pushed just before the callback is emitted on the next turn at the latest.
  await new Promise((resolve) => setImmediate(resolve))
  // A fresh buffer of its own (Buffer.concat may hand out a slice of Node's shared pool, which must
  // never be transferred).
  const parts = compressed.splice(0)
  const out = new Uint8Array(parts.reduce((n, part) => n + part.byteLength, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.byteLength
  }
  return out
}

async function next(): Promise<{ chunk: Uint8Array; done: boolean }> {
  const answer = await page()
  return gzipStream ? { chunk: await compress(answer.chunk, answer.done), done: answer.done } : answer
}

async function page(): Promise<{ chunk: Uint8Array; done: boolean }> {
  const rows = await read()
  let text = ''
  if (first) text += format === 'csv' ? `${CSV_COLUMNS.join(',')}\n` : '[\n'
  for (const row of rows) {
    const r = record(row)
    if (format === 'csv') text += csvLine(r)
    else text += `${first ? '' : ',\n'}${JSON.stringify(r, fields)}`
    first = false
  }
  if (rows.length < pageSize) {
    if (format === 'json') text += `${first ? '' : '\n'}]\n`
    return { done: true, chunk: encoder.encode(text) }
  }
  after = String(rows.at(-1)!.id)
  return { chunk: encoder.encode(text), done: false }
}

parentPort!.on('message', (message) => {
  if (message !== 'next') return
  next().then(
    (answer) => {
      parentPort!.postMessage(answer, [answer.chunk.buffer as ArrayBuffer])
      if (answer.done) void sql.end({ timeout: 1 })
    },
    (error: Error) => {
      parentPort!.postMessage({ error: error.message })
      void sql.end({ timeout: 1 })
    },
  )
})
