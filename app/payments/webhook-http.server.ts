/**
 * The webhook over HTTP: signature checked on the raw body before anything is parsed, then the
 * event stored exactly once and acknowledged; payments/webhook.server.ts applies it. Served by the Remix route and, ahead of Remix's router, by the
 * Express server (server/index.ts) — the same function either way.
 */
import { db } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'
import { verifyWebhook } from './gateway.server'
import { ingestStripeEvent, type StripeEventLike } from './webhook.server'

export const MAX_WEBHOOK_BODY = 512 * 1024

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

/** The webhook on a raw body and its signature header: what both the Express fast path and the route call. */
export async function handleWebhookBody(raw: string, signature: string | null): Promise<{ status: number; body: unknown }> {
  if (raw.length > MAX_WEBHOOK_BODY) return { status: 413, body: { error: 'payload too large' } }
  let event: StripeEventLike
  try {
    event = verifyWebhook(raw, signature) as unknown as StripeEventLike
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'webhook signature refused')
    return { status: 400, body: { error: 'invalid signature' } }
  }
  // Stored, then acknowledged; the processor applies it (usually within milliseconds).
  const { duplicate } = await ingestStripeEvent(db(), event, raw)
  return { status: 200, body: { received: true, duplicate } }
}

export async function handleWebhookRequest(request: Request): Promise<Response> {
  if (request.method !== 'POST') return json({ error: 'method not allowed' }, 405)
  if (Number(request.headers.get('Content-Length') ?? '0') > MAX_WEBHOOK_BODY) return json({ error: 'payload too large' }, 413)
  const result = await handleWebhookBody(await request.text(), request.headers.get('Stripe-Signature'))
  return json(result.body, result.status)
}
