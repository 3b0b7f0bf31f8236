/** Stripe's webhook (and the sandbox's, which signs the same way): see payments/webhook-http.server. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { handleWebhookRequest } from '~/payments/webhook-http.server'

export function action({ request }: ActionFunctionArgs) {
  return handleWebhookRequest(request)
}

export function loader(_args: LoaderFunctionArgs) {
  return new Response(JSON.stringify({ error: 'POST signed events here' }), { status: 405, headers: { 'Content-Type': 'application/json' } })
}
