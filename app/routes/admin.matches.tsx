/**
 * Matches held by the anti-gaming checks (ADR 0014): reserved in their pool, not paid. An admin pays
 * one (what refunds left of it is posted to the project's ledger) or releases it back to the pool.
 * Audited by the model; a match is decided once (a second admin is told it was).
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { Field } from '~/components/ui/field'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { decideHeldMatch, heldMatches, MatchDecisionRefused } from '~/models/matching.server'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { invalid, readForm } from '~/utils/forms.server'
import { formatMoney } from '~/utils/money'
import { pageTitle } from '~/utils/meta'
import { requireAdmin } from '~/utils/permissions.server'
import { requireRecentVerification } from '~/utils/sign-in.server'
import { redirectWithToast } from '~/utils/toast.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const [rows, t, language] = await Promise.all([heldMatches(db()), getFixedT(request), detectLanguage(request)])
  const when = dateFormatter(language, { withTime: true })
  return data(
    {
      title: `${t('campaignAdmin.held')} — ${t('admin.title')}`,
      held: rows.map((r) => ({
        id: String(r.match.id),
        campaign: r.campaign,
        sponsor: r.sponsor,
        receiptNumber: r.receiptNumber,
        gift: r.match.giftAmount,
        amount: r.match.amount - r.match.reversedAmount,
        reason: r.match.reason,
        at: when(r.match.givenAt),
      })),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  // Sponsor money moves: a proof of identity from the last few minutes, as for refunds.
  requireRecentVerification(request, admin)
  const form = await readForm(request)
  const id = String(form.get('matchId') ?? '')
  const decision = String(form.get('decision') ?? '')
  const reason = String(form.get('reason') ?? '').trim().slice(0, 500)
  if (!/^\d{1,18}$/.test(id) || (decision !== 'pay' && decision !== 'release')) return invalid({ form: ['validation.invalid'] })
  try {
    await decideHeldMatch(db(), { matchId: BigInt(id), adminId: admin.id, decision, reason: reason || undefined })
  } catch (error) {
    if (!(error instanceof MatchDecisionRefused)) throw error
    if (error.reason === 'notAdmin') throw new Response('Forbidden', { status: 403 })
    return invalid({ form: [error.reason === 'notHeld' ? 'campaignAdmin.problem.notHeld' : 'campaignAdmin.problem.notFound'] }, {}, { status: error.reason === 'notHeld' ? 409 : 404 })
  }
  return redirectWithToast('/admin/matches', { type: 'success', key: decision === 'pay' ? 'campaignAdmin.paidDone' : 'campaignAdmin.releasedDone' })
}

export default function HeldMatches() {
  const { held } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const money = (v: bigint) => formatMoney(v, 'CNY', i18n.language)
  const errors: Record<string, string[]> = actionData?.errors ?? {}
  return (
    <section aria-labelledby="held-title">
      <p className="small">
        <Link to="/admin/campaigns">← {t('campaignAdmin.title')}</Link>
      </p>
      <h1 id="held-title">{t('campaignAdmin.held')}</h1>
      <p className="small muted">{t('campaignAdmin.heldLead')}</p>
      {errors.form ? (
        <p className="form-error-summary" role="alert">
          {translateErrors(t, errors.form)}
        </p>
      ) : null}
      {held.length === 0 ? (
        <p className="muted">{t('campaignAdmin.heldEmpty')}</p>
      ) : (
        <ul className="card-list" role="list">
          {held.map((m) => (
            <li key={m.id} className="card">
              <p>
                <Link to={`/campaigns/${m.campaign.slug}`}>{m.campaign.title}</Link> · {m.sponsor} · <span className="small muted">{m.at}</span>
              </p>
              <dl className="details small">
                <dt>{t('campaignAdmin.gift')}</dt>
                <dd>
                  {money(m.gift)} · <Link to={`/admin/donations?receipt=${encodeURIComponent(m.receiptNumber ?? '')}`} className="mono">{m.receiptNumber}</Link>
                </dd>
                <dt>{t('campaignAdmin.match')}</dt>
                <dd>{money(m.amount)}</dd>
                <dt>{t('campaignAdmin.why')}</dt>
                <dd>{m.reason ? t(`campaignAdmin.heldReason.${m.reason as 'card_repeat'}`) : '—'}</dd>
              </dl>
              <Form method="post" noValidate>
                <input type="hidden" name="matchId" value={m.id} />
                <Field label={t('campaignAdmin.note')} name="reason" optional maxLength={500} />
                <div className="button-row">
                  <Button type="submit" name="decision" value="pay" size="sm">
                    {t('campaignAdmin.pay')}
                  </Button>
                  <Button type="submit" name="decision" value="release" size="sm" variant="secondary">
                    {t('campaignAdmin.release')}
                  </Button>
                </div>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
