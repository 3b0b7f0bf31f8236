/** The sandbox gateway's hosted checkout page: plainly test mode, test cards only. */
import { readForm } from '~/utils/forms.server'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Button } from '~/components/ui/button'
import { Field } from '~/components/ui/field'
import { getGateway } from '~/payments/gateway.server'
import { SandboxGateway, TEST_CARDS } from '~/payments/sandbox.server'
import { formatMoney } from '~/utils/money'
import { invariantResponse } from '~/utils/http.server'

async function sandbox() {
  const gateway = await getGateway()
  invariantResponse(gateway instanceof SandboxGateway, 404, 'Not found')
  return gateway
}

export async function loader({ params }: LoaderFunctionArgs) {
  const gateway = await sandbox()
  const session = params.id ? await gateway.session(params.id) : null
  invariantResponse(session, 404, 'Not found')
  return data(
    { id: session.id, title: session.title, amount: session.amount, currency: session.currency, mode: session.mode, open: session.status === 'open', cancelUrl: session.cancelUrl, cards: Object.entries(TEST_CARDS) },
    { headers: { 'Cache-Control': 'private, no-store' } },
  )
}

export const meta: MetaFunction = () => [{ title: 'Sandbox checkout — TEST MODE' }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const gateway = await sandbox()
  const card = String((await readForm(request)).get('card') ?? '').slice(0, 40)
  const result = await gateway.pay(params.id ?? '', card)
  if (result.ok) return redirect(result.redirect, 303)
  return data({ error: result.error }, { status: 402 })
}

const CARD_LABEL = {
  succeeds: 'sandbox.cardSucceeds',
  declined: 'sandbox.cardDeclined',
  insufficient_funds: 'sandbox.cardInsufficient',
  delayed_success: 'sandbox.cardDelayedSuccess',
  delayed_failure: 'sandbox.cardDelayedFailure',
} as const

export default function SandboxCheckout() {
  const { title, amount, currency, mode, open, cancelUrl, cards } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const error = actionData?.error
  return (
    <section className="container narrow section sandbox" aria-labelledby="sandbox-title">
      <p className="notice notice-warning test-mode" role="note">
        <strong>{t('sandbox.banner')}</strong>
      </p>
      <h1 id="sandbox-title">{t('sandbox.title')}</h1>
      <p className="lead">
        {title} · <strong>{formatMoney(amount, currency, i18n.language)}</strong>
      </p>
      {mode === 'subscription' ? <p className="small">{t('sandbox.monthly')}</p> : null}
      {open ? (
        <Form method="post" noValidate>
          <Field
            label={t('sandbox.card')}
            name="card"
            inputMode="numeric"
            autoComplete="off"
            defaultValue="4242 4242 4242 4242"
            errors={error ? [t(`sandbox.${error === 'delayed_success' || error === 'delayed_failure' || error === 'succeeds' ? 'unknown' : error}`)] : undefined}
          />
          <Button type="submit" size="lg" disabled={busy}>
            {t('sandbox.pay', { amount: formatMoney(amount, currency, i18n.language) })}
          </Button>
        </Form>
      ) : (
        <p className="notice">{t('sandbox.closed')}</p>
      )}
      <h2>{t('sandbox.cards')}</h2>
      <ul className="test-cards">
        {cards.map(([number, outcome]) => (
          <li key={number}>
            <code>{number.replace(/(\d{4})(?=\d)/g, '$1 ')}</code> — {t(CARD_LABEL[outcome])}
          </li>
        ))}
      </ul>
      <p>
        <a href={cancelUrl}>{t('sandbox.cancel')}</a>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
