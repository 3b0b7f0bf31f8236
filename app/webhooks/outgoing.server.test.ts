/**
 * Outgoing webhooks (issue 23): a receiver on this machine verifies each delivery's signature with
 * Stripe's own SDK (the scheme is Stripe's); gifts credited by the real webhook processor and sealed
 * reach only their organisation's endpoint, once, and only the events it asked for; updates too; a
 * failing receiver is retried with back-off and finally given up, every attempt logged with its
 * answer; addresses that would reach the platform's own network are refused.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { afterAll, expect, test } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { prepareInstallation } = await import('~/payments/gateway.server')
const { give, makeProject } = await import('~/testing/giving-days')
const { sealLedger } = await import('~/ledger/seal.server')
const { postUpdate } = await import('~/models/updates.server')
const hooks = await import('./outgoing.server')
await prepareInstallation(db)

const stripe = new Stripe('sk_test_unused')

interface Received {
  id: string
  type: string
  data: Record<string, unknown>
}
const received: Received[] = []
let answerWith = 200
const receiver = createServer((request: IncomingMessage, response: ServerResponse) => {
  const chunks: Buffer[] = []
  request.on('data', (c: Buffer) => chunks.push(c))
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8')
    const secret = secrets.get(request.url ?? '')
    try {
      const event = stripe.webhooks.constructEvent(body, String(request.headers['sunlight-signature']), secret ?? '', 300) as unknown as Received
      if (answerWith === 200) received.push(event)
      response.writeHead(answerWith, { 'Content-Type': 'text/plain' }).end(answerWith === 200 ? 'thanks' : 'receiver is down for maintenance')
    } catch (error) {
      response.writeHead(400).end(`bad signature: ${(error as Error).message}`)
    }
  })
})
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
const secrets = new Map<string, string>()
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())))

const a = await makeProject(db)
const b = await makeProject(db)
const endpointA = await hooks.createEndpoint(db, { organizationId: a.org.id, userId: a.owner.id, url: `${base}/a`, events: ['gift.succeeded', 'update.published'] })
const endpointB = await hooks.createEndpoint(db, { organizationId: b.org.id, userId: b.owner.id, url: `${base}/b`, events: ['refund.succeeded'] })
secrets.set('/a', endpointA.secret)
secrets.set('/b', endpointB.secret)

async function flush(now?: Date) {
  await sealLedger(db, { settleSeconds: 0 })
  await hooks.collectEvents(db)
  return hooks.deliverDue(db, now ? { now: () => now } : {})
}

test('a gift, credited and sealed, reaches its organisation’s endpoint once, signed as Stripe signs; another organisation hears nothing', async () => {
  const gift = await give(db, a.project.id, 5_000n)
  await give(db, b.project.id, 7_000n) // B's endpoint wants refunds only
  expect(await flush()).toEqual({ sent: 1, delivered: 1 })
  expect(received).toHaveLength(1)
  const [event] = received
  expect(event!.type).toBe('gift.succeeded')
  expect(event!.id).toMatch(/^evt_ledger_\d+$/)
  expect(event!.data).toMatchObject({ project: { slug: a.project.slug }, amount: '5000', currency: 'CNY', gift: { id: gift.id } })
  // No personal data in the event: nothing about who gave.
  expect(JSON.stringify(event)).not.toMatch(/@|guest-/)
  // Collected and sent again: nothing new.
  expect(await flush()).toEqual({ sent: 0, delivered: 0 })
  expect(received).toHaveLength(1)
  const log = await hooks.deliveriesOf(db, a.org.id)
  expect(log).toHaveLength(1)
  expect(log[0]).toMatchObject({ status: 'delivered', attempts: 1, eventType: 'gift.succeeded' })
  expect(log[0]!.tries).toEqual([expect.objectContaining({ responseStatus: 200, responseExcerpt: 'thanks' })])
  expect(await hooks.deliveriesOf(db, b.org.id)).toEqual([])
})

test('a published update is an event too', async () => {
  const id = await postUpdate(db, { projectId: a.project.id, organizationId: a.org.id, authorId: a.owner.id, title: 'Lunches delivered', body: 'b' })
  await flush()
  expect(received.at(-1)).toMatchObject({ id: `evt_update_${id}`, type: 'update.published', data: { update: { id, title: 'Lunches delivered' } } })
})

test('a failing receiver is retried with back-off, each attempt logged with its answer, and given up after the last', async () => {
  answerWith = 503
  const start = new Date()
  await hooks.sendTestEvent(db, { organizationId: a.org.id, endpointId: endpointA.id, now: start })
  expect(await hooks.deliverDue(db, { now: () => start })).toEqual({ sent: 1, delivered: 0 })
  // Not due again before its wait.
  expect(await hooks.deliverDue(db, { now: () => new Date(start.getTime() + 30_000) })).toEqual({ sent: 0, delivered: 0 })
  let at = start.getTime()
  for (const wait of hooks.RETRY_AFTER_MS) {
    at += wait
    expect(await hooks.deliverDue(db, { now: () => new Date(at) })).toEqual({ sent: 1, delivered: 0 })
  }
  const [ping] = (await hooks.deliveriesOf(db, a.org.id)).filter((d) => d.eventType === 'ping')
  expect(ping).toMatchObject({ status: 'failed', attempts: hooks.MAX_ATTEMPTS })
  expect(ping!.tries).toHaveLength(hooks.MAX_ATTEMPTS)
  expect(ping!.tries.every((t) => t.responseStatus === 503 && t.responseExcerpt === 'receiver is down for maintenance')).toBe(true)
  expect(await hooks.deliverDue(db, { now: () => new Date(at + 7 * 86_400_000) })).toEqual({ sent: 0, delivered: 0 })

  // A receiver that comes back gets the next event at once, and a retried one once it is due.
  answerWith = 200
  await hooks.sendTestEvent(db, { organizationId: a.org.id, endpointId: endpointA.id })
  expect((await hooks.deliverDue(db)).delivered).toBe(1)
  expect(received.at(-1)!.type).toBe('ping')
})

test('a paused endpoint is sent nothing; resumed, it starts from then; only its organisation can change it', async () => {
  expect(await hooks.setEndpointPaused(db, { organizationId: b.org.id, endpointId: endpointA.id, paused: true })).toBe(false)
  expect(await hooks.deleteEndpoint(db, { organizationId: b.org.id, endpointId: endpointA.id })).toBe(false)
  expect(await hooks.sendTestEvent(db, { organizationId: b.org.id, endpointId: endpointA.id })).toBe(false)
  expect(await hooks.setEndpointPaused(db, { organizationId: a.org.id, endpointId: endpointA.id, paused: true })).toBe(true)
  const before = received.length
  await give(db, a.project.id, 1_000n)
  await flush()
  expect(received).toHaveLength(before)
  expect(await hooks.setEndpointPaused(db, { organizationId: a.org.id, endpointId: endpointA.id, paused: false })).toBe(true)
  await flush()
  expect(received).toHaveLength(before)
  await give(db, a.project.id, 2_000n)
  await flush()
  expect(received.at(-1)).toMatchObject({ type: 'gift.succeeded', data: { amount: '2000' } })
})

test('addresses: https only, no credentials, nothing private — unless private addresses are allowed (tests, the demo)', async () => {
  const refuse = (url: string) => hooks.checkEndpointUrl(url, false)
  expect(refuse('https://hooks.example.org/sunlight')).toEqual({ ok: true, url: 'https://hooks.example.org/sunlight' })
  expect(refuse('http://hooks.example.org/')).toEqual({ ok: false, reason: 'scheme' })
  expect(refuse('ftp://hooks.example.org/')).toEqual({ ok: false, reason: 'scheme' })
  expect(refuse('https://user:pw@hooks.example.org/')).toEqual({ ok: false, reason: 'credentials' })
  expect(refuse('not a url')).toEqual({ ok: false, reason: 'invalid' })
  for (const url of ['https://127.0.0.1/', 'https://10.1.2.3/', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/', 'https://[::ffff:127.0.0.1]/', 'https://localhost/', 'https://192.168.0.1/', 'https://[fd00::1]/'])
    expect(refuse(url), url).toEqual({ ok: false, reason: 'private' })
  expect(hooks.checkEndpointUrl(`${base}/a`, true)).toMatchObject({ ok: true })
  // Refused at sending too, including a name that resolves to loopback.
  expect(await hooks.postPayload('https://127.0.0.1:1/', '{}', {}, { allowPrivate: false })).toEqual({ status: null, excerpt: 'address not allowed (private)' })
  const viaName = await hooks.postPayload('https://localtest.me.invalid/', '{}', {}, { allowPrivate: false })
  expect(viaName.status).toBeNull()
})

test('signatures are what Stripe’s SDK checks: a changed body or another secret fails', () => {
  const payload = JSON.stringify({ id: 'evt_1', type: 'ping', data: {} })
  const header = hooks.signature(endpointA.secret, payload, new Date())
  expect(() => stripe.webhooks.constructEvent(payload, header, endpointA.secret, 300)).not.toThrow()
  expect(() => stripe.webhooks.constructEvent(payload.replace('ping', 'pong'), header, endpointA.secret, 300)).toThrow()
  expect(() => stripe.webhooks.constructEvent(payload, header, endpointB.secret, 300)).toThrow()
})

test('the console shows an organisation its own deliveries with every attempt’s answer; another organisation’s owner and a guest see none', async () => {
  const { startSession } = await import('~/utils/session.server')
  const page = await import('~/routes/organizations.$slug_.webhooks')
  const as = async (userId: string | null) => {
    const headers = new Headers({ 'Accept-Language': 'en' })
    if (userId) headers.set('Cookie', (await startSession(db, new Request('http://localhost/'), userId)).split(';')[0]!)
    return page.loader({ request: new Request(`http://localhost/organizations/${a.org.slug}/webhooks`, { headers }), params: { slug: a.org.slug }, context: {} } as never)
  }
  const own = await as(a.owner.id)
  expect(own.endpoints.map((e) => e.url)).toEqual([`${base}/a`])
  const ping = own.deliveries.find((d) => d.eventType === 'ping' && d.status === 'failed')!
  expect(ping.tries.length).toBe(hooks.MAX_ATTEMPTS)
  expect(ping.tries[0]).toMatchObject({ status: 503, excerpt: 'receiver is down for maintenance' })
  expect(own.deliveries.some((d) => d.eventType === 'update.published' && d.status === 'delivered')).toBe(true)
  // Organisation b's owner: refused, not shown a's endpoints or deliveries.
  await expect(as(b.owner.id)).rejects.toMatchObject({ status: 403 })
  // A guest is sent to sign in.
  await expect(as(null)).rejects.toMatchObject({ status: 302 })
})
