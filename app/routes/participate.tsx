/**
 * POST /participate: a signed-in person claims a sponsor's gift for what they did (watched an update
 * to its end, read a project's spending), or tells that someone's share link brought them (the sharer
 * earns; sent by the project page after it loaded, never by a GET) — the server decides from its own records and clock
 * (app/models/participation.server.ts, ADR 0019). The page's script gets the outcome as data; a
 * browser without JavaScript is sent back with the outcome as a message in its language. Refusals
 * change nothing and say why; guests are sent to sign in.
 */
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs } from '@remix-run/node'
import { detectLanguage } from '~/i18n/i18n.server'
import { ParticipateSchema } from '~/models/participation-form'
import { earnForShareVisit, earnSponsorGift, type ParticipationRefusal } from '~/models/participation.server'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { safeRedirectPath } from '~/utils/http.server'
import { formatMoney } from '~/utils/money'
import { requireUser } from '~/utils/permissions.server'
import { clientIp, hit } from '~/utils/rate-limit.server'
import { redirectWithToast } from '~/utils/toast.server'

export type ParticipateResult =
  | { status: 'earned'; amount: string; currency: string; sponsor: string }
  | { status: 'refused'; reason: ParticipationRefusal | 'rateLimited' | 'invalid' | 'automated' }

/**
 * A request no person's browser would send: no User-Agent at all, or one that names itself a crawler.
 * (A visit that brings a sponsor's gift must be a person's; crawlers follow share links too.)
 */
export function looksAutomated(userAgent: string | null) {
  const ua = (userAgent ?? '').trim()
  return ua === '' || /bot\b|crawler|spider|slurp|curl\/|wget\/|python-requests|go-http-client|java\/|okhttp|headless(?!chrome)/i.test(ua)
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = parseWithZod(await readForm(request), { schema: ParticipateSchema })
  if (submission.status !== 'success') return data({ status: 'refused', reason: 'invalid' } satisfies ParticipateResult, { status: 400 })
  const { back, mode } = submission.value
  const language = await detectLanguage(request)
  const answer = (result: ParticipateResult, status = 200) => {
    if (mode === 'fetch') return data(result, { status, headers: { 'Cache-Control': 'no-store' } })
    const to = safeRedirectPath(back, '/')
    // The visitor's own page says only "thank you": what the sharer earned is the sharer's business.
    if (result.status === 'earned' && submission.value.intent === 'share_visit') return redirectWithToast(to, { type: 'success', key: 'participation.shareVisitThanks' })
    if (result.status === 'earned')
      return redirectWithToast(to, { type: 'success', key: 'participation.earnedToast', values: { sponsor: result.sponsor, amount: formatMoney(BigInt(result.amount), result.currency, language) } })
    return redirectWithToast(to, { type: 'error', key: `participation.refused.${result.reason === 'invalid' ? 'unknownItem' : result.reason}` })
  }
  const ip = clientIp(context as { clientIp?: string })
  if ((await hit('participateIp', ip)) !== null || (await hit('participateUser', user.id)) !== null) return answer({ status: 'refused', reason: 'rateLimited' }, 429)
  const form = submission.value
  if (form.intent === 'share_visit' && looksAutomated(request.headers.get('User-Agent'))) return answer({ status: 'refused', reason: 'automated' })
  // The sharer earns for a visitor brought by their link — never for opening it themselves (refused in the model).
  const outcome =
    form.intent === 'share_visit'
      ? await earnForShareVisit(db(), { shareCode: form.ref, visitorUserId: user.id })
      : await earnSponsorGift(db(), { userId: user.id, action: form.intent, itemId: form.item, readingToken: form.token ?? null })
  if (outcome.status === 'refused') return answer({ status: 'refused', reason: outcome.reason })
  return answer({ status: 'earned', amount: outcome.amount.toString(), currency: outcome.currency, sponsor: outcome.sponsorIn(language) })
}

export function loader() {
  return new Response('Claim a sponsor gift with POST.', { status: 405, headers: { Allow: 'POST' } })
}
