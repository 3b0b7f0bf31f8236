/**
 * Open data: the ledger as CSV or JSON, streamed page by page (memory stays bounded whatever the
 * size), with each entry's links in the platform's chain and in its project's chain, so the platform
 * export and each project's export verify on their own (`node tools/verify-ledger.mjs`, docs/ledger.md).
 * No donor personal data: a donation appears only as its opaque id.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Db } from '~db/client.server'
import { postgresUrl } from '~/utils/db.server'
import type { ExportWorkerData, ExportWorkerMessage } from './export-worker'
import { BEFORE_ALL_IDS, exportPage } from './seal.server'
import { invariantResponse } from '~/utils/http.server'
import { CSV_COLUMNS, JSON_FIELDS, csvLine, record } from './export-format'

export { CSV_COLUMNS, JSON_FIELDS, csvCell, record } from './export-format'

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

/**
 * The export's memory (ADR 0022): the worker thread's heap is capped, so its garbage is collected
 * while it is small. Young generation small too: pages die young instead of being promoted.
 */
export const EXPORT_WORKER_LIMITS = { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 }
const WORKER_PAGE_SIZE = 1000

/** The export worker's bundle (scripts/build-server.mjs), or null when there is none (tests, dev). */
function exportWorkerPath(): string | null {
  const path = process.env.EXPORT_WORKER_PATH ?? resolve('server-build/export-worker.js')
  return existsSync(path) ? path : null
}

/**
 * The same export produced by export-worker.ts in its own thread with a capped heap, reading from
 * PostgreSQL at `url` (PGlite cannot be opened twice, so the embedded database exports in this
 * thread). One page is asked for at a time, and only when the reader has room.
 */
export function workerExportStream(
  url: string,
  format: 'csv' | 'json',
  {
    projectId,
    pageSize = WORKER_PAGE_SIZE,
    room = async () => true,
    workerPath,
    gzip = false,
  }: { projectId?: string; pageSize?: number; room?: Room; workerPath: string; gzip?: boolean },
) {
  let worker: Worker | undefined
  let pending: { resolve: (m: ExportWorkerMessage) => void; reject: (e: Error) => void } | undefined
  const stop = () => void worker?.terminate()
  return new ReadableStream<Uint8Array>({
    start() {
      const data: ExportWorkerData = { url, format, projectId, pageSize, gzip }
      worker = new Worker(workerPath, {
        workerData: data,
        resourceLimits: EXPORT_WORKER_LIMITS,
      })
      worker.on('message', (m: ExportWorkerMessage) => pending?.resolve(m))
      worker.on('error', (e) => pending?.reject(e))
      worker.on('exit', (code) => pending?.reject(new Error(`the export worker stopped (${code})`)))
      worker.unref()
    },
    async pull(controller) {
      if (!(await room())) {
        stop()
        controller.close()
        return
      }
      const answer = await new Promise<ExportWorkerMessage>((resolve, reject) => {
        pending = { resolve, reject }
        worker!.postMessage('next')
      }).finally(() => (pending = undefined))
      if ('error' in answer) {
        stop()
        throw new Error(answer.error)
      }
      controller.enqueue(answer.chunk)
      if (answer.done) {
        stop()
        controller.close()
      }
    },
    cancel: stop,
  })
}

/** Whether the reader takes gzip (and did not refuse it with q=0). */
export function acceptsGzip(request?: Request) {
  const header = request?.headers.get('accept-encoding') ?? ''
  return /(^|,)\s*(gzip|\*)\s*(,|$|;(?!\s*q=0(\.0*)?\s*(,|$)))/i.test(header)
}

export function exportResponse(
  db: Db,
  format: 'csv' | 'json',
  name: string,
  { projectId, room, request }: { projectId?: string; room?: Room; request?: Request } = {},
) {
  const url = postgresUrl()
  const workerPath = url ? exportWorkerPath() : null
  const headers = new Headers({
    'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}.${format}"`,
    'Cache-Control': 'public, max-age=60',
    'X-Content-Type-Options': 'nosniff',
    Vary: 'Accept-Encoding',
  })
  if (!url || !workerPath) return new Response(ledgerExportStream(db, format, { projectId, room }), { headers })
  // The worker compresses too, so a big download's CPU stays off the thread that renders pages
  // (the server's compression leaves an answer that already has a Content-Encoding alone).
  const gzip = acceptsGzip(request)
  if (gzip) headers.set('Content-Encoding', 'gzip')
  return new Response(workerExportStream(url, format, { projectId, room, workerPath, gzip }), { headers })
}

/** One published project's ledger export, or 404. */
export async function projectExport(db: Db, slug: string | undefined, format: 'csv' | 'json', options: { room?: Room; request?: Request } = {}) {
  const { getProjectBySlug, isPublicProject } = await import('~/models/projects.server')
  const row = slug ? await getProjectBySlug(db, slug) : null
  invariantResponse(row && isPublicProject(row.project.status), 404, 'Not found')
  return exportResponse(db, format, `sunlight-ledger-${row.project.slug}`, { ...options, projectId: row.project.id })
}
