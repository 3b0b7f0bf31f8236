#!/usr/bin/env node
/**
 * `npm test` runs this after the production build: no chunk that reaches the browser
 * (public/build/**) may contain drizzle — the database layer belongs on the server. Pages take the
 * enum values they need from db/enums.ts, which has no imports. Exit 1 naming each chunk and marker.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(process.cwd(), 'public', 'build')
// What drizzle's code carries wherever it is bundled: its entity kinds and its package name.
const MARKERS = ['drizzle-orm', 'PgTable', 'PgDialect', 'pgEnum', '[entityKind]', 'drizzle:']

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* files(path)
    else if (name.endsWith('.js')) yield path
  }
}

let offenders = 0
let bytes = 0
let count = 0
for (const path of files(ROOT)) {
  const text = readFileSync(path, 'utf8')
  bytes += text.length
  count++
  const found = MARKERS.filter((marker) => text.includes(marker))
  if (found.length) {
    offenders++
    console.error(`${path.slice(process.cwd().length + 1)}: ${found.join(', ')}`)
  }
}
if (offenders) {
  console.error(`Client bundle check FAILED: ${offenders} browser chunk(s) contain drizzle.`)
  process.exit(1)
}
console.log(`Client bundle check: ${count} browser chunks (${Math.round(bytes / 1024)} KB), none contains drizzle.`)
