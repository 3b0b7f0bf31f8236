/**
 * A donor sees the sponsors' match of a gift (issue 22): on the thank-you page and the receipt (as
 * the guest holding the link), and in the receipt email, in the donor's language — paid, or held for
 * review when the anti-gaming checks hold it.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { donations, outboxMessages } = await import('~db/schema')
const { give, givingDay, makeUser } = await import('~/testing/giving-days')
const { donationReceiptMail } = await import('~/mail/messages.server')
const thanks = await import('./donations.$id')
const receipt = await import('./receipts.$id')

const admin = await makeUser(db, { admin: true })
const { projects } = await givingDay(db, { admin, total: 100_000n, rules: { ratioPercent: 50, capPerGift: 2_500n } })
const { project, owner } = projects[0]!

function args(path: string, id: string, language = 'en') {
  return { request: new Request(`http://localhost${path}`, { headers: { 'Accept-Language': language } }), params: { id }, context: {} } as unknown as LoaderFunctionArgs
}
type Loaded = { data: { matches: { sponsor: string; amount: bigint; status: string }[] } }

test('a guest’s matched gift: the thank-you page, the receipt and the receipt email say what the sponsor added', async () => {
  const gift = await give(db, project.id, 5_000n, { email: 'guest-matched@example.org' })
  const [row] = await db.select().from(donations).where(eq(donations.id, gift.id))
  const token = row!.accessToken
  const page = (await thanks.loader(args(`/donations/${gift.id}?t=${token}`, gift.id))) as unknown as Loaded
  expect(page.data.matches).toEqual([{ sponsor: '腾讯基金会', currency: 'CNY', amount: 2_500n, status: 'paid', campaign: expect.objectContaining({ title: '99 公益日' }) }])
  const proof = (await receipt.loader(args(`/receipts/${gift.id}?t=${token}`, gift.id))) as unknown as Loaded
  expect(proof.data.matches).toEqual(page.data.matches)
  const [mail] = await db.select().from(outboxMessages).where(eq(outboxMessages.to, 'guest-matched@example.org'))
  expect(mail!.text).toContain('Your ¥50 was matched with ¥25 by 腾讯基金会 (99 公益日).')
})

test('a match held for review says so: the organisation’s own owner giving to its project', async () => {
  const gift = await give(db, project.id, 2_000n, { user: owner })
  const [row] = await db.select().from(donations).where(eq(donations.id, gift.id))
  const page = (await thanks.loader(args(`/donations/${gift.id}?t=${row!.accessToken}`, gift.id))) as unknown as Loaded
  expect(page.data.matches).toMatchObject([{ amount: 1_000n, status: 'held' }])
  const [mail] = await db.select().from(outboxMessages).where(eq(outboxMessages.to, owner.email))
  expect(mail!.text).toContain('A match of ¥10 by 腾讯基金会 is held for review (99 公益日).')
})

test('the receipt email says it in Chinese to a donor who gave in Chinese', () => {
  const mail = donationReceiptMail(
    { email: 'a@example.org', locale: 'zh-CN', name: null },
    { amount: '¥50.00', project: 'P', organization: 'O', receiptNumber: 'SL-1', link: '/r', verify: '/v', cancel: null, matches: [{ status: 'paid', amount: '¥25.00', sponsor: '腾讯基金会', campaign: '99 公益日' }] },
  )
  expect(mail.text).toContain('你的 ¥50.00 捐款获得 腾讯基金会 配捐 ¥25.00（99 公益日）。')
})
