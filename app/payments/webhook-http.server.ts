/**
 * The webhook over HTTP: signature checked on the raw body before anything is parsed, then the
 * event stored exactly once and acknowledged; payments/webhook.server.ts applies it. Served by the Remix route and, ahead of Remix's router, by the
 * Express server (server/index.ts) — the same function either way.
 */
import { db } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'
import { verifyWebhook, webhookSigningSecret } from './gateway.server'
import { ingestStripeEvent, type StripeEventLike } from './webhook.server'

export const MAX_WEBHOOK_BODY = 512 * 1024

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

/** The webhook on a raw body and its signature header: what both the Express fast path and the route call. */
export async function handleWebhookBody(raw: string, signature: string | null): Promise<{ status: number; body: unknown }> {
  if (raw.length > MAX_WEBHOOK_BODY) return { status: 413, body: { error: 'payload too large' } }
  let event: StripeEventLike
  const secret = await webhookSigningSecret(db())
  try {
    event = verifyWebhook(raw, signature, secret) as unknown as StripeEventLike
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'webhook signature refused')
    return { status: 400, body: { error: 'invalid signature' } }
  }
  // Signed is not the same as well-formed: a body such as `null` or `[]` is refused, not stored.
  if (!isEventShaped(event)) return { status: 400, body: { error: 'not a Stripe event' } }
  // Stored, then acknowledged; the processor applies it (usually within milliseconds).
  const { duplicate } = await ingestStripeEvent(db(), event, raw)
  return { status: 200, body: { received: true, duplicate } }
}

function isEventShaped(value: unknown): value is StripeEventLike {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false
  const event = value as Record<string, unknown>
  const data = event.data as Record<string, unknown> | null | undefined
  return (
    typeof event.id === 'string' &&
    event.id.length > 0 &&
    event.id.length <= 255 &&
    typeof event.type === 'string' &&
    !!data &&
    typeof data === 'object' &&
    !!data.object &&
    typeof data.object === 'object' &&
    !Array.isArray(data.object)
  )
}

export async function handleWebhookRequest(request: Request): Promise<Response> {
  if (request.method !== 'POST') return json({ error: 'method not allowed' }, 405)
  if (Number(request.headers.get('Content-Length') ?? '0') > MAX_WEBHOOK_BODY) return json({ error: 'payload too large' }, 413)
  const result = await handleWebhookBody(await request.text(), request.headers.get('Stripe-Signature'))
  return json(result.body, result.status)
}
