/**
 * Refunds go through the gateway; the ledger and totals change only when its event arrives.
 * Admins may refund any gift; organisation owners gifts to their own projects for 30 days.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { CheckboxField, Field, FormErrorSummary, TextareaField } from '~/components/ui/field'
import { getFixedT } from '~/i18n/i18n.server'
import { balances } from '~/ledger/post.server'
import { getDonation } from '~/models/donations.server'
import { mayRefund, requestRefund } from '~/models/refunds.server'
import { getGateway } from '~/payments/gateway.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { invalid, readForm } from '~/utils/forms.server'
import { formatMoney, parseMoney, toDecimalString } from '~/utils/money'
import { getOrgRole, requireUser } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'
import { invariantResponse } from '~/utils/http.server'

const REFUNDABLE = new Set(['succeeded', 'partially_refunded'])

async function refundable(request: Request, id: string | undefined) {
  const user = await requireUser(request)
  const row = id ? await getDonation(db(), id) : null
  invariantResponse(row, 404, 'Not found')
  const role = await getOrgRole(db(), row.project.organizationId, user.id)
  const actor = { userId: user.id, isAdmin: user.isAdmin, role }
  if (!mayRefund(actor, row.donation)) throw new Response('Forbidden', { status: 403 })
  return { user, actor, ...row }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { donation, project, user } = await refundable(request, params.id)
  const t = await getFixedT(request)
  const { available } = await balances(db(), project.id)
  return data(
    {
      title: `${t('refund.title')} ${donation.receiptNumber ?? ''} — ${t('app.name')}`,
      donation: { id: donation.id, receiptNumber: donation.receiptNumber, amount: donation.amount, refunded: donation.refundedAmount, currency: donation.currency, status: donation.status, refundable: REFUNDABLE.has(donation.status) && Boolean(donation.paymentIntentId) },
      project,
      remaining: toDecimalString(donation.amount - donation.refundedAmount, donation.currency),
      available: available < 0n ? 0n : available,
      isAdmin: user.isAdmin,
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, donation } = await refundable(request, params.id)
  const formData = await readForm(request)
  const values = { amount: String(formData.get('amount') ?? ''), reason: String(formData.get('reason') ?? '').trim().slice(0, 500) }
  const platformCovers = actor.isAdmin && formData.get('platformCovers') === 'on'
  if (!REFUNDABLE.has(donation.status) || !donation.paymentIntentId) return invalid({ form: ['refund.notAllowed'] }, values, { status: 409 })
  const amount = parseMoney(values.amount, donation.currency)
  const errors: Record<string, string[]> = {}
  if (amount === null || amount <= 0n) errors.amount = ['validation.amount']
  if (!values.reason) errors.reason = ['validation.reasonRequired']
  if (Object.keys(errors).length || amount === null) return invalid(errors, values)
  const money = (v: bigint) => formatMoney(v, donation.currency, 'en')
  const result = await requestRefund(db(), await getGateway(), { donationId: donation.id, actor, amount, reason: values.reason, platformCovers })
  if (!result.ok) {
    const refusal = result.refusal
    switch (refusal.reason) {
      case 'tooMuch':
        return invalid({ amount: ['refund.tooMuch'] }, values, { params: { max: money(refusal.max) } })
      case 'inProgress':
        return invalid({ amount: ['refund.inProgress'] }, values, { status: 409, params: { max: money(refusal.max) } })
      case 'overdrawn':
        return invalid({ amount: ['refund.overdrawn'] }, values, { status: 409, params: { available: money(refusal.available) } })
      case 'gateway':
        return invalid({ form: ['refund.gatewayError'] }, values, { status: 409, params: { message: refusal.message } })
      case 'forbidden':
        throw new Response('Forbidden', { status: 403 })
      default:
        return invalid({ form: ['refund.notAllowed'] }, values, { status: 409 })
    }
  }
  return redirectWithToast(`/donations/${donation.id}/refund`, { type: 'success', key: 'refund.requested' })
}

export default function Refund() {
  const { donation, project, remaining, available, isAdmin } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const errors = actionData?.errors ?? {}
  const money = (v: bigint) => formatMoney(v, donation.currency, i18n.language)
  return (
    <section className="container narrow section" aria-labelledby="refund-title">
      <h1 id="refund-title">
        {t('refund.title')} · <span className="mono">{donation.receiptNumber}</span>
      </h1>
      <p>
        <Link to={`/projects/${project.slug}`}>{project.title}</Link> · {money(donation.amount)} · {t(`myDonations.status.${donation.status}`)}
        {donation.refunded > 0n ? ` · ${t('receipt.refunded')} ${money(donation.refunded)}` : ''}
      </p>
      <p className="small muted">{t('refund.policy')}</p>
      <p className="small">{t('refund.unspent', { available: money(available) })}</p>
      {donation.refundable ? (
        <Form method="post" noValidate>
          <FormErrorSummary count={Object.keys(errors).length} />
          {errors.form ? <p className="form-error-summary">{translateErrors(t, errors.form, actionData?.params)}</p> : null}
          <Field label={t('refund.amount')} name="amount" inputMode="decimal" defaultValue={actionData?.values?.amount ?? remaining} errors={translateErrors(t, errors.amount, actionData?.params)} />
          <TextareaField label={t('refund.reason')} name="reason" rows={3} defaultValue={actionData?.values?.reason} errors={translateErrors(t, errors.reason)} />
          {isAdmin ? <CheckboxField name="platformCovers" label={t('refund.platformCovers')} /> : null}
          <Button type="submit" variant="danger">
            {t('refund.submit')}
          </Button>
        </Form>
      ) : (
        <p className="notice">{t('refund.notAllowed')}</p>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
