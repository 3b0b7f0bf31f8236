/**
 * Refunds go through the gateway; the ledger and totals change only when its event arrives.
 * Admins may refund any gift; organisation owners gifts to their own projects for 30 days.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { requireRecentVerification } from '~/utils/sign-in.server'
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
import { readSubmission, rejectSubmission } from '~/utils/forms.server'
import { formatMoney, toDecimalString } from '~/utils/money'
import { AmountSchema, Fields, withParams } from '~/utils/validation'
import { useValidatedForm } from '~/components/use-validated-form'
import { z } from 'zod'
import { useMemo } from 'react'
import { getOrgRole, requireUser } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'

const REFUNDABLE = new Set(['succeeded', 'partially_refunded'])

async function refundable(request: Request, id: string | undefined) {
  const user = await requireUser(request)
  const row = id ? await getDonation(db(), id) : null
  invariantResponse(row, 404, 'Not found')
  const role = await getOrgRole(db(), row.project.organizationId, user.id)
  const actor = { userId: user.id, isAdmin: user.isAdmin, role }
  if (!mayRefund(actor, row.donation)) throw new Response('Forbidden', { status: 403 })
  // Money moves: a proof of identity from the last few minutes, on this device.
  requireRecentVerification(request, user)
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

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

/** The refund form's one schema: an amount read the one way money is read, and a reason for the donor. */
export function refundSchema(currency: string, max: bigint, format: (minor: bigint) => string) {
  return z.object({
    amount: AmountSchema(currency, { min: 1n, max, format }),
    reason: Fields.text(500),
    platformCovers: Fields.checkbox,
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, donation } = await refundable(request, params.id)
  const money = (v: bigint) => formatMoney(v, donation.currency, 'zh-CN')
  const { submission } = await readSubmission(request, refundSchema(donation.currency, donation.amount - donation.refundedAmount, money))
  if (!REFUNDABLE.has(donation.status) || !donation.paymentIntentId) return rejectSubmission(submission, { formErrors: ['refund.notAllowed'], status: 409 })
  if (submission.status !== 'success') return rejectSubmission(submission)
  const { amount, reason } = submission.value
  const platformCovers = actor.isAdmin && submission.value.platformCovers
  const result = await requestRefund(db(), await getGateway(), { donationId: donation.id, actor, amount, reason, platformCovers })
  if (!result.ok) {
    const refusal = result.refusal
    switch (refusal.reason) {
      case 'tooMuch':
        return rejectSubmission(submission, { fieldErrors: { amount: [withParams('refund.tooMuch', { max: money(refusal.max) })] } })
      case 'inProgress':
        return rejectSubmission(submission, { fieldErrors: { amount: [withParams('refund.inProgress', { max: money(refusal.max) })] }, status: 409 })
      case 'overdrawn':
        return rejectSubmission(submission, { fieldErrors: { amount: [withParams('refund.overdrawn', { available: money(refusal.available) })] }, status: 409 })
      case 'gateway':
        return rejectSubmission(submission, { formErrors: [withParams('refund.gatewayError', { message: refusal.message })], status: 409 })
      case 'forbidden':
        throw new Response('Forbidden', { status: 403 })
      default:
        return rejectSubmission(submission, { formErrors: ['refund.notAllowed'], status: 409 })
    }
  }
  return redirectWithToast(`/donations/${donation.id}/refund`, { type: 'success', key: 'refund.requested' })
}

export default function Refund() {
  const { donation, project, remaining, available, isAdmin } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const money = (v: bigint) => formatMoney(v, donation.currency, i18n.language)
  const schema = useMemo(() => refundSchema(donation.currency, donation.amount - donation.refunded, (v) => formatMoney(v, donation.currency, i18n.language)), [donation, i18n.language])
  const [form, fields] = useValidatedForm(schema, lastResult, { id: 'refund' })
  const err = (errors: string[] | undefined) => translateErrors(t, errors)
  const initial = (value: unknown) => (typeof value === 'string' ? value : undefined)
  const errorCount = Object.values(fields).filter((f) => f.errors?.length).length + (form.errors?.length ? 1 : 0)
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
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
          <FormErrorSummary count={errorCount} />
          {form.errors?.length ? <p className="form-error-summary">{err(form.errors)}</p> : null}
          <Field label={t('refund.amount')} name={fields.amount.name} inputMode="decimal" defaultValue={initial(fields.amount.initialValue) ?? remaining} errors={err(fields.amount.errors)} />
          <TextareaField label={t('refund.reason')} name={fields.reason.name} rows={3} defaultValue={initial(fields.reason.initialValue)} errors={err(fields.reason.errors)} />
          {isAdmin ? <CheckboxField name={fields.platformCovers.name} label={t('refund.platformCovers')} /> : null}
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
