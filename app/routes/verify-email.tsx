/**
 * The link from the confirmation email. GET shows a button (mail scanners that open links must not
 * use it up); POST confirms the address, once, and signs its owner in — the end of signing up.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Button } from '~/components/ui/button'
import { getFixedT } from '~/i18n/i18n.server'
import { consumeEmailToken, markEmailVerified, peekEmailToken } from '~/models/users.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { completeSignIn } from '~/utils/sign-in.server'
import { redirectWithToast } from '~/utils/toast.server'
import { pageTitle } from '~/utils/meta'

const plausible = (token: string) => token.length > 20 && token.length < 100

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const live = plausible(token) ? await peekEmailToken(db(), 'verify_email', token) : null
  const t = await getFixedT(request)
  return data({ title: `${t('verify.title')} — ${t('app.name')}`, token: live ? token : null }, { ...personalPage, headers: { ...personalPage.headers, 'Referrer-Policy': 'no-referrer' } })
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request, context }: ActionFunctionArgs) {
  const token = String((await readForm(request)).get('token') ?? '')
  const used = plausible(token) ? await consumeEmailToken(db(), 'verify_email', token) : null
  if (!used?.userId) return redirectWithToast('/login', { type: 'error', key: 'toastAuth.verifyFailed' })
  await markEmailVerified(db(), used.userId)
  return completeSignIn(db(), request, context, { userId: used.userId, secondFactor: false, redirectTo: '/account', toast: { key: 'toastAuth.verified' } })
}

export default function VerifyEmail() {
  const { token } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <section className="container narrow section" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('verify.title')}</h1>
      {token ? (
        <Form method="post">
          <input type="hidden" name="token" value={token} />
          <p>{t('verify.lead')}</p>
          <Button type="submit" size="lg">
            {t('verify.confirm')}
          </Button>
        </Form>
      ) : (
        <p className="notice notice-warning">{t('verify.invalid')}</p>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
