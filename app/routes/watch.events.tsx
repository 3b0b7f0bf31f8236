/**
 * POST /watch/events: what a viewer's player reports — an impression when a video is shown, a play
 * after 3 s watched, a completion, a share (app/models/videos.server.ts counts each once per viewer
 * per video per day). Sent with navigator.sendBeacon as a form; answers 204 whatever was counted, so
 * a client learns nothing from it. Bots and browsers that refuse our cookie count nothing.
 */
import { createCookie, type ActionFunctionArgs } from '@remix-run/node'
import { isbot } from 'isbot'
import { z } from 'zod'
import { recordVideoEvent, networkKey, VIDEO_EVENTS } from '~/models/videos.server'
import { db } from '~/utils/db.server'
import { isSecureDeployment } from '~/utils/env.server'
import { readForm } from '~/utils/forms.server'
import { installationSecret } from '~/utils/installation-secrets.server'
import { getOptionalUser } from '~/utils/permissions.server'
import { clientIp, hit } from '~/utils/rate-limit.server'
import { networkOf } from '~/utils/session.server'

let viewerCookie: ReturnType<typeof createCookie> | undefined
/** A random id for a browser without an account, so its reloads count once; nothing else is kept. */
const viewer = () => (viewerCookie ??= createCookie('sl_viewer', { httpOnly: true, sameSite: 'lax', secure: isSecureDeployment(), path: '/watch/events', maxAge: 400 * 86_400 }))

const EventForm = z.object({
  video: z.uuid(),
  event: z.enum(VIDEO_EVENTS),
  watched: z.coerce.number().int().min(0).max(86_400_000).default(0),
})

const answer = (status: number, message: string | null, headers?: HeadersInit) =>
  new Response(message, { status, headers: { 'Cache-Control': 'no-store', ...(message ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}), ...headers } })

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return answer(405, 'Send video events with POST.', { Allow: 'POST' })
  const parsed = EventForm.safeParse(Object.fromEntries(await readForm(request)))
  if (!parsed.success) return answer(400, 'Expected a video id, an event (impression, play, complete or share) and the time watched in milliseconds.')
  // No User-Agent at all is a script, not a browser: it counts nothing either.
  const agent = request.headers.get('User-Agent') ?? ''
  if (!agent.trim() || isbot(agent)) return answer(204, null)
  const ip = clientIp(context as { clientIp?: string })
  if ((await hit('videoEventsIp', ip)) !== null) return answer(429, 'Too many video events from this address; try again in a minute.', { 'Retry-After': '60' })

  const user = await getOptionalUser(request)
  const headers = new Headers({ 'Cache-Control': 'no-store' })
  let id: string | null = user ? `u:${user.id}` : null
  if (!id) {
    const kept = (await viewer().parse(request.headers.get('Cookie'))) as unknown
    if (typeof kept === 'string' && /^[A-Za-z0-9_-]{22}$/.test(kept)) id = `b:${kept}`
    else if (parsed.data.event === 'impression') {
      const made = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url')
      headers.append('Set-Cookie', await viewer().serialize(made))
      id = `b:${made}`
    } else return new Response(null, { status: 204, headers })
  }
  const now = new Date()
  const secret = await installationSecret(db(), 'video_network_key')
  await recordVideoEvent(db(), {
    videoId: parsed.data.video,
    event: parsed.data.event,
    watchedMs: parsed.data.watched,
    viewer: id,
    network: networkKey(networkOf(ip), now.toISOString().slice(0, 10), secret),
    now,
  })
  return new Response(null, { status: 204, headers })
}

export function loader() {
  return answer(405, 'Send video events with POST.', { Allow: 'POST' })
}
