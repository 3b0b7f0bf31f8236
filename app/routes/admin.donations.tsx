/** Admins find a donation by its receipt number, to refund it. */
import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { eq } from 'drizzle-orm'
import { useTranslation } from 'react-i18next'
import { donations } from '~db/schema'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FilterInput } from '~/components/filters'
import { Button } from '~/components/ui/button'
import { getFixedT } from '~/i18n/i18n.server'
import { db } from '~/utils/db.server'
import { requireAdmin } from '~/utils/permissions.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const receipt = new URL(request.url).searchParams.get('receipt')?.trim().toUpperCase().slice(0, 40) ?? ''
  if (receipt) {
    const [row] = await db().select({ id: donations.id }).from(donations).where(eq(donations.receiptNumber, receipt))
    if (row) throw redirect(`/donations/${row.id}/refund`)
  }
  const t = await getFixedT(request)
  return { title: `${t('refund.lookup')} — ${t('app.name')}`, receipt, notFound: Boolean(receipt) }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export default function DonationLookup() {
  const { receipt, notFound } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
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
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
