/**
 * The matching verifier itself (tools/verify-matching.mjs), so that anyone can replay a giving day's
 * public export without the source tree. One file, no dependencies.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

let source: Promise<string> | undefined

export async function loader() {
  source ??= readFile(join(process.cwd(), 'tools', 'verify-matching.mjs'), 'utf8')
  return new Response(await source, {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Content-Disposition': 'attachment; filename="verify-matching.mjs"',
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
