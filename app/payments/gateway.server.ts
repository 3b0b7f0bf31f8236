/**
 * The one interface to a payment provider (DESIGN.md, Payments). `stripe` when STRIPE_SECRET_KEY is
 * set; otherwise the in-app `sandbox`, which behaves like Stripe test mode and sends Stripe-shaped,
 * Stripe-signed events to the same webhook. Money is only ever recorded by the webhook.
 */
import { randomBytes } from 'node:crypto'
import Stripe from 'stripe'
import type { Db } from '~db/client.server'
import { getEnv, type Env } from '~/utils/env.server'
import { installationSecret } from '~/utils/installation-secrets.server'

export interface CheckoutRequest {
  donationId: string
  planId?: string
  amount: bigint
  currency: string
  mode: 'payment' | 'subscription'
  title: string
  successUrl: string
  cancelUrl: string
  customerEmail?: string
  locale: string
  /** The same key for the same donation: a retried request cannot open a second session. */
  idempotencyKey: string
}

export interface SessionState {
  status: 'open' | 'complete' | 'expired'
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required'
  paymentIntentId: string | null
  subscriptionId: string | null
  donationId: string | null
  /** What the session charged, in minor units, and in which currency (upper case). */
  amountTotal: bigint | null
  currency: string | null
}

/**
 * The gateway's own record of money it moved, for `ledger:check`: a paid checkout session (by its
 * id), a paid invoice (by its id), or the refunded total of a payment (by its payment intent).
 */
export interface GatewayRecord {
  type: 'checkout' | 'invoice' | 'refunds'
  ref: string
  amount: bigint
  currency: string
}

export interface PaymentGateway {
  readonly name: 'stripe' | 'sandbox'
  createCheckout(request: CheckoutRequest): Promise<{ id: string; url: string }>
  retrieveSession(id: string): Promise<SessionState>
  refund(input: { paymentIntentId: string; amount: bigint; reason: string; idempotencyKey: string }): Promise<{ id: string }>
  cancelSubscription(subscriptionId: string): Promise<void>
  /**
   * The card fingerprint of each paid payment intent (null when it was not paid by card or is
   * unknown), read as Stripe gives it: the payment intent with its `latest_charge` expanded.
   */
  cardFingerprints(paymentIntentIds: string[]): Promise<Map<string, string | null>>
  /** Every payment, renewal and refund the gateway holds, paged from its own records. */
  records(): AsyncIterable<GatewayRecord>
}

/** A stripe SDK client: for the API when keyed (pointed at STRIPE_API_BASE if set), else only for webhook signatures. */
export function stripeClient(env: Env = getEnv()) {
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null
  return new Stripe(env.STRIPE_SECRET_KEY ?? 'sk_test_sandbox', {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(base ? { host: base.hostname, port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)), protocol: base.protocol.replace(':', '') as 'http' | 'https' } : {}),
  })
}

const clients = new WeakMap<Env, Stripe>()
function cachedClient(env: Env) {
  let client = clients.get(env)
  if (!client) {
    client = stripeClient(env)
    clients.set(env, client)
  }
  return client
}

/**
 * The secret webhook events are signed with: Stripe's (STRIPE_WEBHOOK_SECRET), or — for the sandbox —
 * one this installation made for itself at first start and keeps in its database. No constant in the
 * code verifies anything.
 */
export function webhookSigningSecret(db: Db, env: Env = getEnv()): Promise<string> {
  if (env.STRIPE_WEBHOOK_SECRET) return Promise.resolve(env.STRIPE_WEBHOOK_SECRET)
  return installationSecret(db, 'sandbox_webhook_secret', () => `whsec_${randomBytes(32).toString('base64')}`)
}

/** At start-up: the installation's own secrets are made (once, on its first start) before any request needs them. */
export async function prepareInstallation(db: Db, env: Env = getEnv()) {
  await webhookSigningSecret(db, env)
}

/** Verifies Stripe's signature on the raw body (tolerance 5 minutes) and returns the event. */
export function verifyWebhook(rawBody: string, signature: string | null, secret: string, env: Env = getEnv()) {
  if (!signature) throw new Error('missing Stripe-Signature header')
  return cachedClient(env).webhooks.constructEvent(rawBody, signature, secret, 300)
}

/**
 * `payment_method_details.card.fingerprint` of a payment intent whose `latest_charge` is expanded
 * (https://docs.stripe.com/api/payment_intents/retrieve); null for another payment method (Alipay,
 * WeChat Pay), an unexpanded charge, or anything not shaped like one.
 */
export function fingerprintOfPaymentIntent(paymentIntent: unknown): string | null {
  const charge = paymentIntent && typeof paymentIntent === 'object' ? (paymentIntent as { latest_charge?: unknown }).latest_charge : null
  const details = charge && typeof charge === 'object' ? (charge as { payment_method_details?: { type?: unknown; card?: { fingerprint?: unknown } } | null }).payment_method_details : null
  const fingerprint = details?.card?.fingerprint
  return typeof fingerprint === 'string' && fingerprint.length > 0 && fingerprint.length <= 64 ? fingerprint : null
}

let gateway: PaymentGateway | undefined

/** The gateway an environment configures: Stripe when keyed, else the sandbox on the given database. */
export async function gatewayFor(env: Env, database?: () => Db): Promise<PaymentGateway> {
  if (env.STRIPE_SECRET_KEY) {
    const { StripeGateway } = await import('./stripe-gateway.server')
    return new StripeGateway(stripeClient(env), env.STRIPE_PAYMENT_METHODS)
  }
  const { SandboxGateway } = await import('./sandbox.server')
  return new SandboxGateway(database)
}

export async function getGateway(): Promise<PaymentGateway> {
  gateway ??= await gatewayFor(getEnv())
  return gateway
}

/** For tests: use this gateway instead of the configured one. */
export function setGateway(value: PaymentGateway | undefined) {
  gateway = value
}
