/**
 * The one interface to a payment provider (DESIGN.md, Payments). `stripe` when STRIPE_SECRET_KEY is
 * set; otherwise the in-app `sandbox`, which behaves like Stripe test mode and sends Stripe-shaped,
 * Stripe-signed events to the same webhook. Money is only ever recorded by the webhook.
 */
import Stripe from 'stripe'
import { getEnv, webhookSecret, type Env } from '~/utils/env.server'

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
}

export interface PaymentGateway {
  readonly name: 'stripe' | 'sandbox'
  createCheckout(request: CheckoutRequest): Promise<{ id: string; url: string }>
  retrieveSession(id: string): Promise<SessionState>
  refund(input: { paymentIntentId: string; amount: bigint; reason: string; idempotencyKey: string }): Promise<{ id: string }>
  cancelSubscription(subscriptionId: string): Promise<void>
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

/** Verifies Stripe's signature on the raw body (tolerance 5 minutes) and returns the event. */
export function verifyWebhook(rawBody: string, signature: string | null, env: Env = getEnv()) {
  if (!signature) throw new Error('missing Stripe-Signature header')
  return cachedClient(env).webhooks.constructEvent(rawBody, signature, webhookSecret(env), 300)
}

let gateway: PaymentGateway | undefined

export async function getGateway(): Promise<PaymentGateway> {
  if (gateway) return gateway
  const env = getEnv()
  if (env.STRIPE_SECRET_KEY) {
    const { StripeGateway } = await import('./stripe-gateway.server')
    gateway = new StripeGateway(stripeClient(env), env.STRIPE_PAYMENT_METHODS)
    return gateway
  }
  const { SandboxGateway } = await import('./sandbox.server')
  const sandbox = new SandboxGateway()
  gateway = sandbox
  return sandbox
}

/** For tests: use this gateway instead of the configured one. */
export function setGateway(value: PaymentGateway | undefined) {
  gateway = value
}
