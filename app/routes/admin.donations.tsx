/**
 * Admins find a donation by its receipt number, to refund it; and decide the gifts held because the
 * gateway reported a payment that does not match them (amount, currency, the per-gift ceiling).
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { requireRecentVerification } from '~/utils/sign-in.server'
import { Form, useLoaderData } from '@remix-run/react'
import { desc, eq, isNotNull, sql } from 'drizzle-orm'
import { useTranslation } from 'react-i18next'
import { donations, projects } from '~db/schema'
import { TextareaField } from '~/components/ui/field'
import { rejectHeldDonation } from '~/models/donations.server'
import { formatMoney } from '~/utils/money'
import { redirectWithToast } from '~/utils/toast.server'
import { isUuid } from '~/utils/ids'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FilterInput } from '~/components/filters'
import { Button } from '~/components/ui/button'
import { getFixedT } from '~/i18n/i18n.server'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { requireAdmin } from '~/utils/permissions.server'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const receipt = new URL(request.url).searchParams.get('receipt')?.trim().toUpperCase().slice(0, 40) ?? ''
  if (receipt) {
    const [row] = await db().select({ id: donations.id }).from(donations).where(eq(donations.receiptNumber, receipt))
    if (row) throw redirect(`/donations/${row.id}/refund`)
  }
  const t = await getFixedT(request)
  const held = await db()
    .select({ id: donations.id, amount: donations.amount, currency: donations.currency, reason: donations.heldReason, heldAt: donations.heldAt, project: projects.title })
    .from(donations)
    .innerJoin(projects, eq(projects.id, donations.projectId))
    .where(sql`${isNotNull(donations.heldAt)} and ${donations.status} = 'pending'`)
    .orderBy(desc(donations.heldAt))
    .limit(100)
  return { title: `${t('refund.lookup')} — ${t('app.name')}`, receipt, notFound: Boolean(receipt), held }
}

/** A held gift is rejected: it stays uncredited and is marked failed, with the admin's reason in the audit log. */
export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  requireRecentVerification(request, admin)
  const formData = await readForm(request)
  const donationId = String(formData.get('donationId') ?? '')
  const reason = String(formData.get('reason') ?? '').trim().slice(0, 500)
  invariantResponse(formData.get('intent') === 'rejectHeld' && isUuid(donationId), 404, 'Not found')
  if (!reason) return redirectWithToast('/admin/donations', { type: 'error', key: 'validation.reasonRequired' })
  const done = await rejectHeldDonation(db(), { donationId, adminId: admin.id, reason })
  invariantResponse(done, 404, 'Not found')
  return redirectWithToast('/admin/donations', { type: 'success', key: 'heldDonations.rejected' })
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function DonationLookup() {
  const { receipt, notFound, held } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  return (
    <section aria-labelledby="lookup-title">
      <h1 id="lookup-title">{t('refund.lookup')}</h1>
      <Form method="get" className="filters">
        <FilterInput label={t('receipt.number')} name="receipt" value={receipt} placeholder="SL-2026-00000001" />
        <Button type="submit" variant="secondary">
          {t('admin.filter')}
        </Button>
      </Form>
      {notFound ? <p className="notice notice-warning">{t('admin.auditEmpty')}</p> : null}
      <h2>{t('heldDonations.title')}</h2>
      <p className="small muted">{t('heldDonations.lead')}</p>
      {held.length === 0 ? (
        <p className="muted">{t('heldDonations.none')}</p>
      ) : (
        <ul className="stack">
          {held.map((h) => (
            <li key={h.id} className="card">
              <p>
                <strong>{formatMoney(h.amount, h.currency, i18n.language)}</strong> · {h.project}
              </p>
              <p className="small">{t('heldDonations.reason', { reason: h.reason })}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="rejectHeld" />
                <input type="hidden" name="donationId" value={h.id} />
                <TextareaField label={t('heldDonations.decision')} name="reason" rows={2} />
                <Button type="submit" variant="secondary">
                  {t('heldDonations.reject')}
                </Button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
