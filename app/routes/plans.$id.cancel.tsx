/**
 * Cancelling a monthly gift from the link in its receipt emails, without an account (a guest's plan
 * has none). The link is signed for this plan (models/donations.server.ts, `planCancelPath`); GET
 * shows the plan and asks (link scanners must not cancel anything), POST cancels it at the gateway.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Button } from '~/components/ui/button'
import { getFixedT } from '~/i18n/i18n.server'
import { cancelPlan, planForCancel } from '~/models/donations.server'
import { getGateway } from '~/payments/gateway.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { formatMoney } from '~/utils/money'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'

async function signedPlan(request: Request, id: string | undefined) {
  const row = id ? await planForCancel(db(), { planId: id, token: new URL(request.url).searchParams.get('t') }) : null
  invariantResponse(row, 404, 'Not found')
  return row
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { plan, project } = await signedPlan(request, params.id)
  const t = await getFixedT(request)
  return data(
    { title: `${t('planCancel.title')} — ${t('app.name')}`, plan: { amount: plan.amount, currency: plan.currency, status: plan.status }, project },
    { ...personalPage, headers: { ...personalPage.headers, 'Referrer-Policy': 'no-referrer' } },
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const { plan } = await signedPlan(request, params.id)
  const canceled = await cancelPlan(db(), await getGateway(), plan)
  return data({ canceled, alreadyCanceled: !canceled && plan.status === 'canceled' })
}

export default function CancelPlan() {
  const { plan, project } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const amount = formatMoney(plan.amount, plan.currency, i18n.language)
  const done = result?.canceled || result?.alreadyCanceled || plan.status === 'canceled'
  return (
    <section className="container narrow section" aria-labelledby="cancel-title">
      <h1 id="cancel-title">{t('planCancel.title')}</h1>
      <p>
        {t('planCancel.plan', { amount })} <Link to={`/projects/${project.slug}`}>{project.title}</Link>
      </p>
      {done ? (
        <p className="notice" role="status">
          {t('myDonations.canceled')}
        </p>
      ) : plan.status !== 'active' ? (
        <p className="notice">{t('planCancel.notActive')}</p>
      ) : (
        <Form method="post">
          <p>{t('planCancel.lead')}</p>
          <Button type="submit" variant="danger">
            {t('planCancel.confirm')}
          </Button>
        </Form>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
