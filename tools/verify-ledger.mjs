#!/usr/bin/env node
/**
 * Verifies a Sunlight ledger export on its own — no database, no dependencies, Node ≥ 18:
 *
 *   node tools/verify-ledger.mjs ledger.json                          # the platform's export, downloaded
 *   node tools/verify-ledger.mjs https://…/projects/<slug>/ledger.json  # or one project's, from a server
 *   … --platform https://…/ledger.json    # also: each of the project's entries sits in the platform's chain
 *   … --expect <entry id>=<hash>          # also: this entry (a receipt's) is in the export with this hash
 *
 * It recomputes the chains (docs/ledger.md), entry by entry in id order:
 *   canonical       = JSON.stringify([id, occurred_at, project_id, kind, amount, currency, donation_id, memo])
 *   hash            = SHA-256( prev_hash ‖ canonical )          the platform's chain, from 64 zeros
 *   project_hash    = SHA-256( previous project_hash ‖ hash )   the project's chain, from 64 zeros
 * In the platform's export every position follows the one before (prev_hash is the previous hash);
 * in one project's export the platform positions have gaps (other projects' entries) and the
 * project's own positions must run 1, 2, 3 … without one missing.
 * Exit 0 when every sealed entry matches (unsealed entries may only follow the last sealed one);
 * exit 1 naming the first bad entry; exit 2 on a usage or input error.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'

const GENESIS = '0'.repeat(64)
const sha256 = (...parts) => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest('hex')
}

function usage(message) {
  if (message) console.error(message)
  console.error('Usage: node tools/verify-ledger.mjs <ledger.json file or URL> [--platform <platform ledger.json file or URL>] [--expect <entry id>=<hash>]')
  process.exit(2)
}

const args = process.argv.slice(2)
let source = null
let platformSource = null
const expected = new Map()
for (let i = 0; i < args.length; i++) {
  const arg = args[i]
  if (arg === '--platform') platformSource = args[++i] ?? usage('--platform needs a file or URL')
  else if (arg === '--expect') {
    const [id, hash] = (args[++i] ?? '').split('=')
    if (!id || !/^[0-9a-f]{64}$/.test(hash ?? '')) usage('--expect needs <entry id>=<64 hex digits>')
    expected.set(id, hash)
  } else if (!source && !arg.startsWith('--')) source = arg
  else usage(`Unknown argument: ${arg}`)
}
if (!source) usage()

async function open(where) {
  if (/^https?:\/\//.test(where)) {
    const response = await fetch(where)
    if (!response.ok || !response.body) throw new Error(`${where}: HTTP ${response.status}`)
    return Readable.fromWeb(response.body)
  }
  return createReadStream(where)
}

/** The export's entries, one JSON object per line between "[" and "]". */
async function* entries(where) {
  const lines = createInterface({ input: await open(where), crlfDelay: Infinity })
  for await (const raw of lines) {
    const line = raw.trim().replace(/,$/, '')
    if (!line || line === '[' || line === ']') continue
    yield JSON.parse(line)
  }
}

let checked = 0
let sealed = 0
const fail = (id, problem) => {
  console.error(`Ledger verification FAILED at entry ${id}: ${problem} (after ${checked} good entries)`)
  process.exit(1)
}

let previous = null // { position, hash } of the last sealed entry
let unsealedSeen = null
let gap = false
const projects = new Map() // project id → { position, hash }
const positions = new Map() // platform position → hash, for --platform
const confirmed = [] // --expect entries found

try {
  for await (const e of entries(source)) {
    if (e.hash === null || e.hash === undefined) {
      unsealedSeen ??= e.id
      checked++
      continue
    }
    if (unsealedSeen !== null) fail(unsealedSeen, 'not in the chain although later entries are')
    const position = Number(e.position)
    const canonical = JSON.stringify([String(e.id), new Date(e.occurred_at).toISOString(), e.project_id, e.kind, String(e.amount), e.currency, e.donation_id ?? null, e.memo ?? null])
    if (sha256(e.prev_hash ?? '', canonical) !== e.hash) fail(e.id, 'its content does not match its hash (changed)')
    // The platform's chain: each position follows the last, or — in one project's export — skips
    // other projects' entries.
    const lastPosition = previous?.position ?? 0
    if (position <= lastPosition) fail(e.id, `sealed at position ${position}, after position ${lastPosition} (out of order)`)
    if (position === lastPosition + 1) {
      if (e.prev_hash !== (previous?.hash ?? GENESIS)) fail(e.id, 'its predecessor in the chain is not the entry before it (an entry before it was changed)')
    } else gap = true
    if (gap && (projects.size > 1 || (projects.size === 1 && !projects.has(e.project_id)))) fail(e.id, `sealed at position ${position}, expected ${lastPosition + 1} (an entry before it is missing)`)
    // Its project's chain, which has no gaps in either export.
    const head = projects.get(e.project_id) ?? { position: 0, hash: GENESIS }
    if (Number(e.project_position) !== head.position + 1) fail(e.id, `position ${e.project_position} in its project, expected ${head.position + 1} (an entry of its project before it is missing)`)
    if (sha256(head.hash, e.hash) !== e.project_hash) fail(e.id, "its project's chain does not lead to it (an entry of its project was changed or slipped in)")
    projects.set(e.project_id, { position: head.position + 1, hash: e.project_hash })
    if (expected.has(String(e.id))) {
      if (expected.get(String(e.id)) !== e.hash) fail(e.id, 'its hash is not the one expected (the receipt)')
      expected.delete(String(e.id))
      confirmed.push(`Entry ${e.id} is in the chain at position ${position} with the expected hash ${e.hash}.`)
    }
    if (platformSource) positions.set(position, { id: e.id, hash: e.hash })
    previous = { position, hash: e.hash }
    sealed++
    checked++
  }
} catch (error) {
  console.error(`Could not read ${source}: ${error.message}`)
  process.exit(2)
}
for (const [id] of expected) fail(id, 'not among the sealed entries of this export')

if (platformSource && positions.size) {
  // Every entry of this export must be in the platform's export, at the same position, with the same hash.
  let found = 0
  try {
    for await (const e of entries(platformSource)) {
      const mine = positions.get(Number(e.position))
      if (!mine) continue
      if (mine.hash !== e.hash || String(mine.id) !== String(e.id)) fail(mine.id, `the platform's chain holds a different entry at position ${e.position}`)
      found++
    }
  } catch (error) {
    console.error(`Could not read ${platformSource}: ${error.message}`)
    process.exit(2)
  }
  if (found !== positions.size) fail([...positions.values()].find(() => true).id, `only ${found} of ${positions.size} entries are in the platform's chain`)
}

const heads = [...projects].map(([id, h]) => `project ${id} head ${h.hash} (${h.position} entries)`)
console.log(
  `Ledger verified: ${sealed} sealed entries form unbroken chains${checked > sealed ? `, ${checked - sealed} newer entries not sealed yet` : ''}.` +
    `\nPlatform chain: position ${previous?.position ?? 0}, hash ${previous?.hash ?? GENESIS}${gap ? ' (the entries of one project)' : ''}` +
    (heads.length === 1 ? `\n${heads[0]}` : `\n${projects.size} projects`) +
    (platformSource ? `\nEvery entry is in the platform's chain (${platformSource}).` : '') +
    (confirmed.length ? `\n${confirmed.join('\n')}` : ''),
)
