/**
 * The Stripe gateway with the real `stripe` SDK, pointed (host/port/protocol) at a local fake of
 * Stripe's API that answers with Stripe's own fixtures and records what it was sent.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, expect, test } from 'vitest'
import { parseEnv } from '~/utils/env.server'
import { stripeClient, verifyWebhook } from './gateway.server'
import fixtures from './stripe-fixtures.json'
import { StripeGateway } from './stripe-gateway.server'

interface Recorded {
  method: string
  path: string
  headers: IncomingMessage['headers']
  form: URLSearchParams
}

const recorded: Recorded[] = []
/** What the fake's list endpoints hold: 230 paid sessions and one unpaid, two invoices, three refunds (two of one payment). */
const LISTS: Record<string, ({ id: string } & Record<string, unknown>)[]> = {
  '/v1/checkout/sessions': [
    ...Array.from({ length: 230 }, (_, i) => ({ ...fixtures['checkout.session'], id: `cs_list_${i}`, payment_status: 'paid', status: 'complete', amount_total: 1000 + i, currency: 'cny' })),
    { ...fixtures['checkout.session'], id: 'cs_list_unpaid', payment_status: 'unpaid', status: 'open', amount_total: 999, currency: 'cny' },
  ],
  '/v1/invoices': [
    { ...fixtures.invoice, id: 'in_list_1', status: 'paid', amount_paid: 3000, currency: 'cny' },
    { ...fixtures.invoice, id: 'in_list_2', status: 'paid', amount_paid: 3000, currency: 'cny' },
  ],
  '/v1/refunds': [
    { ...fixtures.refund, id: 're_list_1', status: 'succeeded', amount: 500, currency: 'cny', payment_intent: 'pi_list_a' },
    { ...fixtures.refund, id: 're_list_2', status: 'succeeded', amount: 700, currency: 'cny', payment_intent: 'pi_list_a' },
    { ...fixtures.refund, id: 're_list_3', status: 'failed', amount: 100, currency: 'cny', payment_intent: 'pi_list_b' },
  ],
}
const server = createServer((req, res) => {
  let body = ''
  req.on('data', (chunk: Buffer) => (body += chunk.toString()))
  req.on('end', () => {
    const path = req.url ?? ''
    recorded.push({ method: req.method ?? '', path, headers: req.headers, form: new URLSearchParams(body) })
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': `req_${recorded.length}` })
      res.end(JSON.stringify(json))
    }
    if (req.method === 'POST' && path === '/v1/checkout/sessions')
      return reply(200, { ...fixtures['checkout.session'], id: 'cs_test_fake1', url: 'https://checkout.stripe.com/c/pay/cs_test_fake1', metadata: { donation_id: new URLSearchParams(body).get('metadata[donation_id]') } })
    if (req.method === 'GET' && path.startsWith('/v1/checkout/sessions/'))
      return reply(200, { ...fixtures['checkout.session'], id: path.split('/').pop(), status: 'complete', payment_status: 'paid', amount_total: 5000, currency: 'cny', payment_intent: 'pi_fake1', subscription: null, metadata: { donation_id: '00000000-0000-4000-8000-000000000001' } })
    // Stripe's list endpoints, paged (limit, starting_after, has_more) as its API does.
    const list = LISTS[path.split('?')[0]!]
    if (req.method === 'GET' && list) {
      const query = new URL(path, 'http://x').searchParams
      const limit = Number(query.get('limit') ?? 10)
      const after = query.get('starting_after')
      const start = after ? list.findIndex((item) => item.id === after) + 1 : 0
      const data = list.slice(start, start + limit)
      return reply(200, { object: 'list', url: path.split('?')[0], has_more: start + limit < list.length, data })
    }
    // A payment intent, its latest charge expanded only when asked: a card, an Alipay payment, or none such.
    if (req.method === 'GET' && path.startsWith('/v1/payment_intents/')) {
      const url = new URL(path, 'http://x')
      const id = url.pathname.split('/').pop()!
      if (id === 'pi_missing') return reply(404, { error: { type: 'invalid_request_error', message: 'No such payment_intent' } })
      const expanded = url.searchParams.getAll('expand[]').includes('latest_charge') || url.searchParams.getAll('expand[0]').includes('latest_charge')
      const card = { ...fixtures.charge.payment_method_details, type: 'card', card: { ...fixtures.charge.payment_method_details.card, fingerprint: `fp_of_${id}` } }
      const alipay = { type: 'alipay', alipay: { buyer_id: '2088', fingerprint: null, transaction_id: 't' } }
      const charge = { ...fixtures.charge, id: `ch_of_${id}`, payment_intent: id, payment_method_details: id === 'pi_alipay' ? alipay : card }
      return reply(200, { ...fixtures.payment_intent, id, latest_charge: expanded ? charge : charge.id })
    }
    if (req.method === 'POST' && path === '/v1/refunds') return reply(200, { ...fixtures.refund, id: 're_fake1' })
    if (req.method === 'DELETE' && path.startsWith('/v1/subscriptions/')) return reply(200, { ...fixtures.subscription, id: path.split('/').pop(), status: 'canceled' })
    reply(404, { error: { type: 'invalid_request_error', message: `no fake for ${req.method} ${path}` } })
  })
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
const port = (server.address() as AddressInfo).port

const env = parseEnv({
  STRIPE_SECRET_KEY: 'sk_test_fakeStripeKey',
  STRIPE_WEBHOOK_SECRET: 'whsec_fakeSecretForTests',
  STRIPE_API_BASE: `http://127.0.0.1:${port}`,
  STRIPE_PAYMENT_METHODS: 'card,alipay,wechat_pay',
})
const gateway = new StripeGateway(stripeClient(env), env.STRIPE_PAYMENT_METHODS)

test('a checkout session carries the amount, the donation in metadata, the payment methods and an idempotency key', async () => {
  const session = await gateway.createCheckout({
    donationId: '00000000-0000-4000-8000-000000000001',
    amount: 5_000n,
    currency: 'CNY',
    mode: 'payment',
    title: '免费午餐',
    successUrl: 'https://sunlight.example/donations/1?t=x',
    cancelUrl: 'https://sunlight.example/projects/p/donate',
    customerEmail: 'donor@example.org',
    locale: 'zh-CN',
    idempotencyKey: 'checkout:00000000-0000-4000-8000-000000000001',
  })
  expect(session).toEqual({ id: 'cs_test_fake1', url: 'https://checkout.stripe.com/c/pay/cs_test_fake1' })
  const request = recorded.find((r) => r.path === '/v1/checkout/sessions')!
  expect(request.headers['idempotency-key']).toBe('checkout:00000000-0000-4000-8000-000000000001')
  expect(request.headers.authorization).toBe('Bearer sk_test_fakeStripeKey')
  expect(request.form.get('mode')).toBe('payment')
  expect(request.form.get('line_items[0][price_data][unit_amount]')).toBe('5000')
  expect(request.form.get('line_items[0][price_data][currency]')).toBe('cny')
  expect(request.form.get('metadata[donation_id]')).toBe('00000000-0000-4000-8000-000000000001')
  expect(request.form.get('payment_intent_data[metadata][donation_id]')).toBe('00000000-0000-4000-8000-000000000001')
  expect([0, 1, 2].map((i) => request.form.get(`allowed_payment_method_types[${i}]`))).toEqual(['card', 'alipay', 'wechat_pay'])
  expect(request.form.get('locale')).toBe('zh')
})

test('monthly gifts are subscriptions, card only, with the metadata on the subscription', async () => {
  recorded.length = 0
  await gateway.createCheckout({ donationId: '00000000-0000-4000-8000-000000000002', planId: '00000000-0000-4000-8000-0000000000aa', amount: 3_000n, currency: 'CNY', mode: 'subscription', title: 't', successUrl: 'https://s.example/ok', cancelUrl: 'https://s.example/no', locale: 'en', idempotencyKey: 'k2' })
  const form = recorded[0]!.form
  expect(form.get('mode')).toBe('subscription')
  expect(form.get('line_items[0][price_data][recurring][interval]')).toBe('month')
  expect(form.get('allowed_payment_method_types[0]')).toBe('card')
  expect(form.get('allowed_payment_method_types[1]')).toBeNull()
  expect(form.get('subscription_data[metadata][plan_id]')).toBe('00000000-0000-4000-8000-0000000000aa')
})

test('refunds name the payment intent, the amount and an idempotency key; sessions are read back for reconciliation', async () => {
  recorded.length = 0
  expect(await gateway.refund({ paymentIntentId: 'pi_fake1', amount: 1_500n, reason: '捐赠人申请', idempotencyKey: 'refund:abc:1500' })).toEqual({ id: 're_fake1' })
  const refund = recorded[0]!
  expect(refund.form.get('payment_intent')).toBe('pi_fake1')
  expect(refund.form.get('amount')).toBe('1500')
  expect(refund.headers['idempotency-key']).toBe('refund:abc:1500')
  expect(await gateway.retrieveSession('cs_test_fake1')).toEqual({ status: 'complete', paymentStatus: 'paid', paymentIntentId: 'pi_fake1', subscriptionId: null, donationId: '00000000-0000-4000-8000-000000000001', amountTotal: 5000n, currency: 'CNY' })
  await gateway.cancelSubscription('sub_fake1')
  expect(recorded.at(-1)).toMatchObject({ method: 'DELETE', path: '/v1/subscriptions/sub_fake1' })
})

test('events signed by the SDK’s own test-header helper are accepted; others are not', () => {
  const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'checkout.session.completed', data: { object: {} } })
  const header = stripeClient(env).webhooks.generateTestHeaderString({ payload, secret: 'whsec_fakeSecretForTests' })
  expect(verifyWebhook(payload, header, 'whsec_fakeSecretForTests', env).id).toBe('evt_1')
  expect(() => verifyWebhook(payload + ' ', header, 'whsec_fakeSecretForTests', env)).toThrow()
  expect(() => verifyWebhook(payload, null, 'whsec_fakeSecretForTests', env)).toThrow()
  expect(() => verifyWebhook(payload, header, 'whsec_anotherSecret', env)).toThrow()
})

test("ledger:check reads Stripe's own books through its list APIs, page by page", async () => {
  recorded.length = 0
  const records = []
  for await (const record of gateway.records()) records.push(record)
  const checkouts = records.filter((r) => r.type === 'checkout')
  expect(checkouts).toHaveLength(230)
  expect(checkouts[229]).toEqual({ type: 'checkout', ref: 'cs_list_229', amount: 1229n, currency: 'CNY' })
  expect(records.filter((r) => r.type === 'invoice')).toEqual([
    { type: 'invoice', ref: 'in_list_1', amount: 3000n, currency: 'CNY' },
    { type: 'invoice', ref: 'in_list_2', amount: 3000n, currency: 'CNY' },
  ])
  // Refunds are summed per payment; a failed refund returned nothing.
  expect(records.filter((r) => r.type === 'refunds')).toEqual([{ type: 'refunds', ref: 'pi_list_a', amount: 1200n, currency: 'CNY' }])
  // 231 sessions at 100 a page: three requests, each after the last id of the one before.
  const pages = recorded.filter((r) => r.path.startsWith('/v1/checkout/sessions'))
  expect(pages).toHaveLength(3)
  expect(pages[2]!.path).toContain('starting_after=cs_list_199')
})

test('card fingerprints: each payment intent is retrieved with its latest charge expanded; no card, or an error, is null', async () => {
  recorded.length = 0
  const found = await gateway.cardFingerprints(['pi_card1', 'pi_card2', 'pi_alipay', 'pi_missing', 'pi_card1'])
  expect(Object.fromEntries(found)).toEqual({ pi_card1: 'fp_of_pi_card1', pi_card2: 'fp_of_pi_card2', pi_alipay: null, pi_missing: null })
  const asked = recorded.filter((r) => r.path.startsWith('/v1/payment_intents/'))
  // Once per payment intent (the repeated one is not asked twice); the SDK sends `expand[0]=latest_charge`.
  expect(asked.filter((r) => r.path.startsWith('/v1/payment_intents/pi_card1'))).toHaveLength(1)
  expect(asked.every((r) => decodeURIComponent(r.path).includes('expand[0]=latest_charge'))).toBe(true)
})
