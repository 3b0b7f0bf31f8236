#!/usr/bin/env node
/**
 * Verifies Sunlight's public ledger export on its own — no database, no dependencies, Node ≥ 18:
 *
 *   node tools/verify-ledger.mjs ledger.json            # a downloaded export
 *   node tools/verify-ledger.mjs https://…/ledger.json  # or straight from a server
 *
 * It recomputes the hash chain (docs/ledger.md):
 *   hash(n) = SHA-256( hash(n−1) ‖ JSON.stringify([id, occurred_at, project_id, kind, amount, currency, donation_id, memo]) )
 * from hash(0) = 64 zeros, entry by entry in id order, and compares each with the published hash.
 * Exit 0 when every sealed entry matches (unsealed entries may only follow the last sealed one);
 * exit 1 naming the first bad entry.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'

const source = process.argv[2]
if (!source) {
  console.error('Usage: node tools/verify-ledger.mjs <ledger.json file or URL>')
  process.exit(2)
}

async function input() {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source)
    if (!response.ok || !response.body) throw new Error(`${source}: HTTP ${response.status}`)
    return Readable.fromWeb(response.body)
  }
  return createReadStream(source)
}

let previous = '0'.repeat(64)
let expectedPosition = 1
let checked = 0
let sealed = 0
let unsealedSeen = null
const fail = (id, problem) => {
  console.error(`Ledger verification FAILED at entry ${id}: ${problem} (after ${checked} good entries)`)
  process.exit(1)
}

const lines = createInterface({ input: await input(), crlfDelay: Infinity })
for await (const raw of lines) {
  const line = raw.trim().replace(/,$/, '')
  if (!line || line === '[' || line === ']') continue
  const e = JSON.parse(line)
  if (e.hash === null) {
    unsealedSeen ??= e.id
    checked++
    continue
  }
  if (unsealedSeen !== null) fail(unsealedSeen, 'not in the chain although later entries are')
  if (Number(e.position) !== expectedPosition) fail(e.id, `sealed at position ${e.position}, expected ${expectedPosition} (an entry before it is missing)`)
  const canonical = JSON.stringify([String(e.id), new Date(e.occurred_at).toISOString(), e.project_id, e.kind, String(e.amount), e.currency, e.donation_id ?? null, e.memo ?? null])
  const hash = createHash('sha256').update(previous).update(canonical).digest('hex')
  if (hash !== e.hash) fail(e.id, 'its content does not match its hash')
  previous = hash
  expectedPosition++
  sealed++
  checked++
}
console.log(`Ledger verified: ${sealed} sealed entries form an unbroken chain${checked > sealed ? `, ${checked - sealed} newer entries not sealed yet` : ''}. Head: ${previous}`)
