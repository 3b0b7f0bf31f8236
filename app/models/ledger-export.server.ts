/**
 * Open data: the ledger as CSV or JSON, streamed page by page (memory stays bounded whatever the
 * size), with each entry's chain position and hash. No donor personal data: a donation appears only
 * as its opaque id.
 */
import type { Db } from '~db/client.server'
import { BEFORE_ALL_IDS, exportPage } from './ledger.server'

export const EXPORT_COLUMNS = ['id', 'occurred_at', 'project_id', 'kind', 'amount', 'currency', 'donation_id', 'memo', 'position', 'hash'] as const

type Row = Awaited<ReturnType<typeof exportPage>>[number]

function record(row: Row) {
  return {
    id: String(row.id),
    occurred_at: row.occurredAt.toISOString(),
    project_id: row.projectId,
    kind: row.kind,
    amount: String(row.amount),
    currency: row.currency.trim(),
    donation_id: row.donationId,
    memo: row.memo,
    position: row.position === null ? null : String(row.position),
    hash: row.hash,
  }
}

function csvField(value: string | null) {
  if (value === null) return ''
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

export function ledgerExportStream(db: Db, format: 'csv' | 'json', { projectId, pageSize = 5000 }: { projectId?: string; pageSize?: number } = {}) {
  const encoder = new TextEncoder()
  let after = BEFORE_ALL_IDS
  let first = true
  let done = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return
      const rows = await exportPage(db, after, pageSize, projectId)
      let chunk = ''
      if (first) chunk += format === 'csv' ? `${EXPORT_COLUMNS.join(',')}\n` : '[\n'
      for (const row of rows) {
        const r = record(row)
        if (format === 'csv') chunk += `${EXPORT_COLUMNS.map((c) => csvField(r[c])).join(',')}\n`
        else chunk += `${first ? '' : ',\n'}${JSON.stringify(r)}`
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

export function exportResponse(db: Db, format: 'csv' | 'json', name: string, projectId?: string) {
  return new Response(ledgerExportStream(db, format, { projectId }), {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}.${format}"`,
      'Cache-Control': 'public, max-age=60',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

/** One published project's ledger export, or 404. */
export async function projectExport(db: Db, slug: string | undefined, format: 'csv' | 'json') {
  const { getProjectBySlug, isPublicProject } = await import('./projects.server')
  const row = slug ? await getProjectBySlug(db, slug) : null
  if (!row || !isPublicProject(row.project.status)) throw new Response('Not found', { status: 404 })
  return exportResponse(db, format, `sunlight-ledger-${row.project.slug}`, row.project.id)
}
