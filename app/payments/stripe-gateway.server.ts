/** The real Stripe: Checkout Sessions (payment and subscription mode), refunds, session retrieval. */
import type Stripe from 'stripe'
import { logger } from '~/utils/logger.server'
import { fingerprintOfPaymentIntent, type CheckoutRequest, type GatewayRecord, type PaymentGateway, type SessionState } from './gateway.server'

const STRIPE_LOCALES = new Set(['zh', 'en'])

export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe' as const

  constructor(
    private readonly stripe: Stripe,
    private readonly paymentMethods: string[],
  ) {}

  async createCheckout(request: CheckoutRequest) {
    const metadata = { donation_id: request.donationId, ...(request.planId ? { plan_id: request.planId } : {}) }
    const unitAmount = Number(request.amount)
    const locale = request.locale.slice(0, 2)
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: request.mode,
        client_reference_id: request.donationId,
        customer_email: request.customerEmail,
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
        locale: (STRIPE_LOCALES.has(locale) ? locale : 'auto') as Stripe.Checkout.SessionCreateParams.Locale,
        metadata,
        // Alipay and WeChat Pay cannot pay subscriptions: monthly gifts are card-only.
        allowed_payment_method_types: (request.mode === 'subscription' ? ['card'] : this.paymentMethods) as Stripe.Checkout.SessionCreateParams.AllowedPaymentMethodType[],
        ...(this.paymentMethods.includes('wechat_pay') && request.mode === 'payment' ? { payment_method_options: { wechat_pay: { client: 'web' } } } : {}),
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: request.currency.toLowerCase(),
              unit_amount: unitAmount,
              product_data: { name: request.title },
              ...(request.mode === 'subscription' ? { recurring: { interval: 'month' } } : {}),
            },
          },
        ],
        ...(request.mode === 'payment' ? { payment_intent_data: { metadata } } : { subscription_data: { metadata } }),
      },
      { idempotencyKey: request.idempotencyKey },
    )
    if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`)
    return { id: session.id, url: session.url }
  }

  async retrieveSession(id: string): Promise<SessionState> {
    const session = await this.stripe.checkout.sessions.retrieve(id)
    const ref = (value: string | { id: string } | null) => (typeof value === 'string' ? value : (value?.id ?? null))
    return {
      status: (session.status ?? 'open') as SessionState['status'],
      paymentStatus: session.payment_status as SessionState['paymentStatus'],
      paymentIntentId: ref(session.payment_intent),
      subscriptionId: ref(session.subscription),
      donationId: session.metadata?.donation_id ?? session.client_reference_id ?? null,
      amountTotal: session.amount_total === null ? null : BigInt(session.amount_total),
      currency: session.currency ? session.currency.toUpperCase() : null,
    }
  }

  /**
   * Stripe's own books, through its list APIs with the SDK's auto-pagination (100 a page): paid
   * checkout sessions, paid invoices, and succeeded refunds summed per payment intent.
   */
  async *records(): AsyncIterable<GatewayRecord> {
    for await (const session of this.stripe.checkout.sessions.list({ limit: 100 })) {
      if (session.payment_status === 'paid' && session.amount_total !== null && session.currency)
        yield { type: 'checkout', ref: session.id, amount: BigInt(session.amount_total), currency: session.currency.toUpperCase() }
    }
    for await (const invoice of this.stripe.invoices.list({ status: 'paid', limit: 100 })) {
      if (invoice.id) yield { type: 'invoice', ref: invoice.id, amount: BigInt(invoice.amount_paid), currency: invoice.currency.toUpperCase() }
    }
    const refunded = new Map<string, { amount: bigint; currency: string }>()
    for await (const refund of this.stripe.refunds.list({ limit: 100 })) {
      const paymentIntent = typeof refund.payment_intent === 'string' ? refund.payment_intent : refund.payment_intent?.id
      if (refund.status !== 'succeeded' || !paymentIntent) continue
      const total = refunded.get(paymentIntent) ?? { amount: 0n, currency: refund.currency.toUpperCase() }
      total.amount += BigInt(refund.amount)
      refunded.set(paymentIntent, total)
    }
    for (const [ref, total] of refunded) yield { type: 'refunds', ref, ...total }
  }

  async refund(input: { paymentIntentId: string; amount: bigint; reason: string; idempotencyKey: string }) {
    const refund = await this.stripe.refunds.create(
      { payment_intent: input.paymentIntentId, amount: Number(input.amount), reason: 'requested_by_customer', metadata: { reason: input.reason.slice(0, 500) } },
      { idempotencyKey: input.idempotencyKey },
    )
    return { id: refund.id }
  }

  /**
   * Stripe's webhooks do not expand anything, so a completed checkout names its payment intent only:
   * each is retrieved with its latest charge expanded, eight at a time. A payment Stripe cannot tell
   * us about (an error after the SDK's retries) has no fingerprint: matching then judges the donor by
   * account and email alone, as for Alipay or WeChat Pay.
   */
  async cardFingerprints(paymentIntentIds: string[]) {
    const found = new Map<string, string | null>()
    const queue = [...new Set(paymentIntentIds)]
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const paymentIntent = await this.stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] }).catch((error: unknown) => {
          logger.warn({ err: error, paymentIntent: id }, 'could not retrieve a payment intent for its card')
          return null
        })
        found.set(id, fingerprintOfPaymentIntent(paymentIntent))
      }
    }
    await Promise.all(Array.from({ length: 8 }, worker))
    return found
  }

  async cancelSubscription(subscriptionId: string) {
    await this.stripe.subscriptions.cancel(subscriptionId)
  }
}
