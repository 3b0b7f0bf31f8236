import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { donations, projects, users } from '~db/schema'
import { setupTestDatabase } from '~db/testing/test-database'
import { seedDemo } from '~seeds/seed.server'
import { challengeBoard, getChallenge, isJoinable, openChallenge } from './challenges.server'

const { db } = await setupTestDatabase()
await seedDemo(db, { now: new Date('2026-11-23T08:00:00Z') })
const rows = await db.select().from(projects)
const lunch = rows.find((p) => p.slug === 'free-lunch-draw-to-life')!
const animals = rows.find((p) => p.slug === 'stray-animal-rescue')!
const closed = rows.find((p) => p.status === 'closed')!
const [owner] = await db.select().from(users).where(eq(users.email, 'owner@amity.demo'))
const open = (input: Partial<Parameters<typeof openChallenge>[1]>) =>
  openChallenge(db, { projectId: animals.id, actorId: owner!.id, tag: '领养代替购买', title: 't', brief: 'b', slug: `c-${crypto.randomUUID().slice(0, 8)}`, endsOn: null, ...input })

test('a hashtag names one open challenge: another organisation cannot borrow #点画成真, in any case or with a leading #', async () => {
  expect(await open({ tag: '点画成真' })).toEqual({ ok: false, reason: 'tagTaken' })
  expect(await open({ tag: '#点画成真' })).toEqual({ ok: false, reason: 'tagTaken' })
  expect(await open({ tag: 'AdoptDontShop' })).toMatchObject({ ok: true })
  expect(await open({ tag: 'adoptdontshop' })).toEqual({ ok: false, reason: 'tagTaken' })
})

test('web addresses are unique; challenges open only on fundraising projects', async () => {
  expect(await open({ tag: 'x1', slug: 'draw-to-life' })).toEqual({ ok: false, reason: 'slugTaken' })
  expect(await open({ tag: 'x2', projectId: closed.id })).toEqual({ ok: false, reason: 'projectNotFundraising' })
  const opened = await open({ tag: 'x3', slug: 'warm-paws' })
  expect(opened).toEqual({ ok: true, slug: 'warm-paws' })
  const found = await getChallenge(db, 'warm-paws')
  expect(found!.project.id).toBe(animals.id)
  expect(found!.organization.id).toBe(animals.organizationId)
})

test('joinable while open, before its end and while the project raises money', () => {
  const today = new Date('2026-11-23T08:00:00Z')
  expect(isJoinable({ status: 'open', endsOn: null }, 'fundraising', today)).toBe(true)
  expect(isJoinable({ status: 'open', endsOn: '2026-11-23' }, 'fundraising', today)).toBe(true)
  expect(isJoinable({ status: 'open', endsOn: '2026-11-22' }, 'fundraising', today)).toBe(false)
  expect(isJoinable({ status: 'closed', endsOn: null }, 'fundraising', today)).toBe(false)
  expect(isJoinable({ status: 'open', endsOn: null }, 'closed', today)).toBe(false)
})

test('the board: money through its videos net of refunds, plays, creators ranked by money then plays', async () => {
  const found = await getChallenge(db, 'draw-to-life')
  const board = await challengeBoard(db, found!.challenge.id)
  const codes = board.videos.map((v) => v.shareCode)
  const gifts = (await db.select().from(donations).where(eq(donations.projectId, lunch.id))).filter((d) => d.attributionCode && codes.includes(d.attributionCode))
  const net = gifts.filter((d) => ['succeeded', 'partially_refunded', 'disputed'].includes(d.status)).reduce((sum, d) => sum + d.amount - d.refundedAmount, 0n)
  expect(board.totals.raised).toBe(net)
  expect(board.totals.plays).toBe(board.videos.reduce((n, v) => n + v.stats.plays, 0))
  for (let i = 1; i < board.leaders.length; i++) {
    const [a, b] = [board.leaders[i - 1]!, board.leaders[i]!]
    expect(a.raised > b.raised || (a.raised === b.raised && a.plays >= b.plays)).toBe(true)
  }
})
