/**
 * Anyone can replay a giving day's matching: the public export (/campaigns/<slug>/matching.json)
 * holds the pools' published rules and every pool event in order, with no personal data, and
 * `node tools/verify-matching.mjs` recomputes every match from the rules — OK on the real export
 * (caps, a pool running dry, refunds, a dispute, holds paid and released), and a changed entry in a
 * tampered copy is named.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { and, eq } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'sunlight-matching-export-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { matches } = await import('~db/schema')
const { loader } = await import('~/routes/campaigns.$slug_.matching[.]json')
const { checkLedger } = await import('~/ledger/check.server')
const { drainSandbox, refundAtGateway, sandboxFor } = await import('~/testing/payments')
const { GIVING_DAY, give, givingDay, hours, makeUser } = await import('~/testing/giving-days')
const { decideHeldMatch } = await import('./matching.server')
const { addPool } = await import('./campaigns.server')

const admin = await makeUser(db, { admin: true })

async function exportOf(slug: string) {
  const response = await loader({ request: new Request(`http://localhost/campaigns/${slug}/matching.json`), params: { slug }, context: {} })
  return { status: response.status, text: await response.text() }
}

const verify = (file: string) =>
  run(process.execPath, ['tools/verify-matching.mjs', file]).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  )

test('the export replays exactly from the rules, carries no personal data, and a tampered copy names the entry changed', { timeout: 120_000 }, async () => {
  const day = await givingDay(db, { admin, total: 15_000n, rules: { ratioPercent: 100, capPerGift: 3_000n, capPerDonorDay: 5_000n, capPerProject: 12_000n }, projectCount: 2 })
  // A second pool on the same day: half of each donor's first gift to a project, 5,000 in all.
  await addPool(db, { adminId: admin.id, campaignId: day.campaign.id, sponsorName: 'GlobalGiving', totalAmount: 5_000n, rules: { ratioPercent: 50, firstGiftOnly: true } })
  const [a, b] = day.projects
  const alice = `alice-${process.pid}@example.org`
  const bob = `bob-${process.pid}@example.org`
  const gifts = []
  gifts.push(await give(db, a!.project.id, 4_000n, { email: alice }))
  gifts.push(await give(db, a!.project.id, 4_000n, { email: alice }))
  gifts.push(await give(db, b!.project.id, 2_500n, { email: bob }))
  gifts.push(await give(db, a!.project.id, 9_000n, { email: bob, at: new Date(GIVING_DAY.getTime() + hours(3)) }))
  await refundAtGateway(db, gifts[0]!.id, 1_000n)
  const disputed = await give(db, b!.project.id, 3_000n)
  await sandboxFor(db).dispute(disputed.paymentIntentId!)
  await drainSandbox(db)
  // Held (the organisation's own address): one gift's matches paid, another's released.
  const held1 = await give(db, b!.project.id, 1_000n, { email: b!.org.contactEmail })
  const held2 = await give(db, a!.project.id, 2_000n, { email: a!.org.contactEmail })
  for (const [gift, decision] of [[held1, 'pay'], [held2, 'release']] as const) {
    for (const m of await db.select().from(matches).where(and(eq(matches.donationId, gift.id), eq(matches.status, 'held')))) await decideHeldMatch(db, { matchId: m.id, adminId: admin.id, decision })
  }
  // Enough to drain the first pool.
  for (let i = 0; i < 5; i++) await give(db, b!.project.id, 3_000n, { at: new Date(GIVING_DAY.getTime() + hours(4)) })
  expect(await checkLedger(db, sandboxFor(db))).toEqual([])

  const { status, text } = await exportOf(day.campaign.slug)
  expect(status).toBe(200)
  const data = JSON.parse(text) as { pools: { id: string; committed: string; total: string }[]; events: { seq: string; type: string; gift: string; donor?: string; match: string; status?: string; reason?: string | null }[] }
  // Both pools ran dry.
  expect(data.pools.map((p) => `${p.committed} of ${p.total}`).sort()).toEqual(['15000 of 15000', '5000 of 5000'])
  // Every rule limited some gift; a refund and a dispute reversed; held matches were paid and released.
  const types = new Set(data.events.map((e) => `${e.type}:${e.status ?? ''}:${e.reason ?? ''}`))
  for (const seen of ['gift:paid:cap_per_gift', 'gift:paid:cap_per_donor_day', 'gift:unmatched:pool', 'gift:unmatched:not_first_gift', 'gift:held:donor_in_organisation', 'reversal::', 'paid::', 'release::'])
    expect(types, seen).toContain(seen)
  // No personal data: no address, no account, no name; donors are keyed hashes.
  for (const needle of [alice, bob, a!.org.contactEmail, b!.org.contactEmail, 'example.org', admin.id]) expect(text).not.toContain(needle)
  expect(data.events.filter((e) => e.type === 'gift').every((e) => /^[0-9a-f]{32}$/.test(e.donor!))).toBe(true)
  // Gifts are keyed hashes too: no gift id the donor wall or the ledger export shows (joined to those,
  // the stable donor hash would tie an anonymous gift to the same person's named one).
  const giftIds = (await db.select({ id: matches.donationId }).from(matches)).map((m) => m.id)
  expect(giftIds.length).toBeGreaterThan(5)
  for (const id of giftIds) expect(text).not.toContain(id)
  expect(data.events.every((e) => /^[0-9a-f]{32}$/.test(e.gift))).toBe(true)

  const file = join(dir, 'matching.json')
  writeFileSync(file, text)
  const ok = await verify(file)
  expect(ok).toMatchObject({ code: 0, stderr: '' })
  expect(ok.stdout).toMatch(new RegExp(`^Matching verified: ${data.events.length} events in 2 pool\\(s\\) of ${day.campaign.slug} replay exactly from the published rules\\.`))

  // Tampered: one gift's match raised by 1 fen. Only that entry is named, by its sequence and its gift.
  const victim = data.events.find((e) => e.type === 'gift' && e.status === 'paid' && e.reason === null)!
  const tampered = text.replace(
    new RegExp(`("seq":"${victim.seq}"[^\\n]*"match":")${victim.match}"`),
    `$1${BigInt(victim.match) + 1n}"`,
  )
  expect(tampered).not.toBe(text)
  writeFileSync(file, tampered)
  const failed = await verify(file)
  expect(failed.code).toBe(1)
  expect(failed.stderr).toContain(`event ${victim.seq} (gift ${victim.gift}): match ${BigInt(victim.match) + 1n}, the rules give ${victim.match}`)
  expect(failed.stderr).toMatch(/Matching FAILED: 1 difference\(s\)/)
})

test('a draft or unknown campaign has no export', async () => {
  const { createCampaign } = await import('./campaigns.server')
  const draft = await createCampaign(db, { adminId: admin.id, slug: `draft-${process.pid}`, title: 'd', startsAt: GIVING_DAY, endsAt: new Date(GIVING_DAY.getTime() + hours(24)) })
  await expect(exportOf(draft.slug)).rejects.toMatchObject({ status: 404 })
  await expect(exportOf('no-such-day')).rejects.toMatchObject({ status: 404 })
})
