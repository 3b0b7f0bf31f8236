/**
 * The webhook over HTTP: signature checked on the raw body before anything is parsed, then the
 * event applied exactly once. Served by the Remix route and, ahead of Remix's router, by the
 * Express server (server/index.ts) — the same function either way.
 */
import { db } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'
import { verifyWebhook } from './gateway.server'
import { handleStripeEvent, UnmatchedEventError, type StripeEventLike } from './webhook.server'

export const MAX_WEBHOOK_BODY = 512 * 1024

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

export async function handleWebhookRequest(request: Request): Promise<Response> {
  if (request.method !== 'POST') return json({ error: 'method not allowed' }, 405)
  if (Number(request.headers.get('Content-Length') ?? '0') > MAX_WEBHOOK_BODY) return json({ error: 'payload too large' }, 413)
  const raw = await request.text()
  if (raw.length > MAX_WEBHOOK_BODY) return json({ error: 'payload too large' }, 413)
  let event: StripeEventLike
  try {
    event = verifyWebhook(raw, request.headers.get('Stripe-Signature')) as unknown as StripeEventLike
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'webhook signature refused')
    return json({ error: 'invalid signature' }, 400)
  }
  try {
    const result = await handleStripeEvent(db(), event)
    return json({ received: true, duplicate: result.duplicate, outcome: result.outcome })
  } catch (error) {
    if (!(error instanceof UnmatchedEventError)) throw error
    logger.warn({ eventId: event.id, type: event.type }, 'webhook event not matched yet; asking for a retry')
    return json({ error: 'not matched yet, retry later' }, 409)
  }
}
