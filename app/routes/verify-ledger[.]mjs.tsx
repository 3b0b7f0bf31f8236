/**
 * The ledger verifier itself (tools/verify-ledger.mjs), so that a donor can download it from the
 * receipt and check the public export without the source tree. One file, no dependencies.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

let source: Promise<string> | undefined

export async function loader() {
  source ??= readFile(join(process.cwd(), 'tools', 'verify-ledger.mjs'), 'utf8')
  return new Response(await source, {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Content-Disposition': 'attachment; filename="verify-ledger.mjs"',
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
