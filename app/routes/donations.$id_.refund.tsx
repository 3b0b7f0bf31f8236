/**
 * Refunds go through the gateway; the ledger and totals change only when its event arrives.
 * Admins may refund any gift; organisation owners gifts to their own projects for 30 days.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { auditLog } from '~db/schema'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { Field, FormErrorSummary, TextareaField } from '~/components/ui/field'
import { getFixedT } from '~/i18n/i18n.server'
import { getDonation, OWNER_REFUND_DAYS } from '~/models/donations.server'
import { getGateway } from '~/payments/gateway.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { invalid } from '~/utils/forms.server'
import { formatMoney, parseMoney, toDecimalString } from '~/utils/money'
import { getOrgRole, requireUser } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'

const REFUNDABLE = new Set(['succeeded', 'partially_refunded'])

async function refundable(request: Request, id: string | undefined) {
  const user = await requireUser(request)
  const row = id ? await getDonation(db(), id) : null
  if (!row) throw new Response('Not found', { status: 404 })
  const role = await getOrgRole(db(), row.project.organizationId, user.id)
  const withinPolicy = row.donation.succeededAt !== null && Date.now() - row.donation.succeededAt.getTime() < OWNER_REFUND_DAYS * 86_400_000
  if (!user.isAdmin && !(role === 'owner' && withinPolicy)) throw new Response('Forbidden', { status: 403 })
  return { user, ...row }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { donation, project } = await refundable(request, params.id)
  const t = await getFixedT(request)
  return data(
    {
      title: `${t('refund.title')} ${donation.receiptNumber ?? ''} — ${t('app.name')}`,
      donation: { id: donation.id, receiptNumber: donation.receiptNumber, amount: donation.amount, refunded: donation.refundedAmount, currency: donation.currency, status: donation.status, refundable: REFUNDABLE.has(donation.status) && Boolean(donation.paymentIntentId) },
      project,
      remaining: toDecimalString(donation.amount - donation.refundedAmount, donation.currency),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, donation } = await refundable(request, params.id)
  const formData = await request.formData()
  const values = { amount: String(formData.get('amount') ?? ''), reason: String(formData.get('reason') ?? '').trim().slice(0, 500) }
  if (!REFUNDABLE.has(donation.status) || !donation.paymentIntentId) return invalid({ form: ['refund.notAllowed'] }, values, { status: 409 })
  const remaining = donation.amount - donation.refundedAmount
  const amount = parseMoney(values.amount, donation.currency)
  const errors: Record<string, string[]> = {}
  if (amount === null || amount <= 0n) errors.amount = ['validation.amount']
  else if (amount > remaining) errors.amount = ['refund.tooMuch']
  if (!values.reason) errors.reason = ['validation.reasonRequired']
  if (Object.keys(errors).length || amount === null) return invalid(errors, values, { params: { max: formatMoney(remaining, donation.currency, 'en') } })
  const gateway = await getGateway()
  await gateway.refund({ paymentIntentId: donation.paymentIntentId, amount, reason: values.reason, idempotencyKey: `refund:${donation.id}:${donation.refundedAmount + amount}` })
  await db().insert(auditLog).values({ actorId: user.id, action: 'donation.refund', targetType: 'donation', targetId: donation.id, reason: values.reason, details: { amount: amount.toString(), receiptNumber: donation.receiptNumber } })
  return redirectWithToast(`/donations/${donation.id}/refund`, { type: 'success', key: 'refund.requested' })
}

export default function Refund() {
  const { donation, project, remaining } = useLoaderData<typeof loader>()
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
      {donation.refundable ? (
        <Form method="post" noValidate>
          <FormErrorSummary count={Object.keys(errors).length} />
          {errors.form ? <p className="form-error-summary">{translateErrors(t, errors.form)}</p> : null}
          <Field label={t('refund.amount')} name="amount" inputMode="decimal" defaultValue={actionData?.values?.amount ?? remaining} errors={translateErrors(t, errors.amount, actionData?.params)} />
          <TextareaField label={t('refund.reason')} name="reason" rows={3} defaultValue={actionData?.values?.reason} errors={translateErrors(t, errors.reason)} />
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
