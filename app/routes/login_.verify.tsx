/**
 * The second step of signing in, for an account with a second factor: a code from the
 * authenticator app or a recovery code (works without JavaScript), or a passkey.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { PasskeySignIn } from '~/components/passkey'
import { Button } from '~/components/ui/button'
import { Field } from '~/components/ui/field'
import { getFixedT } from '~/i18n/i18n.server'
import { demoCode, demoTotpSecretFor, factorsOf, verifySecondFactorCode } from '~/models/factors.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { invalid, readForm } from '~/utils/forms.server'
import { clearPendingSignIn, completeSignIn, readPendingSignIn } from '~/utils/sign-in.server'
import { parseForm } from '~/utils/validation'
import { pageTitle } from '~/utils/meta'

const CodeSchema = z.object({ code: z.string({ message: 'validation.required' }).trim().min(1, 'validation.required').max(40, 'validation.tooLong') })

export async function loader({ request }: LoaderFunctionArgs) {
  const pending = await readPendingSignIn(request)
  if (!pending) throw redirect('/login', { headers: { 'Set-Cookie': await clearPendingSignIn() } })
  const t = await getFixedT(request)
  const factors = await factorsOf(db(), pending.userId)
  // The demo's seeded accounts publish their code generator's secret (README); the page shows today's code.
  const demo = getEnv().DEMO_MODE ? await demoTotpSecretFor(db(), pending.userId) : null
  return data(
    { title: `${t('security.secondStepTitle')} — ${t('app.name')}`, totp: factors.totp, passkeys: factors.passkeys.length > 0, demo: demo ? { code: demoCode(demo) } : null },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request, context }: ActionFunctionArgs) {
  const pending = await readPendingSignIn(request)
  if (!pending) throw redirect('/login', { headers: { 'Set-Cookie': await clearPendingSignIn() } })
  const parsed = parseForm(CodeSchema, await readForm(request))
  if (!parsed.ok) return invalid(parsed.errors)
  const checked = await verifySecondFactorCode(db(), pending.userId, parsed.data.code)
  if (!checked.ok && checked.reason === 'tooMany') return invalid({ code: ['validation.tooManyAttempts'] }, {}, { status: 429, params: { minutes: Math.ceil((checked.waitSeconds ?? 60) / 60) } })
  if (!checked.ok) return invalid({ code: ['security.wrongCode'] })
  return completeSignIn(db(), request, context, { userId: pending.userId, secondFactor: true, redirectTo: pending.redirectTo })
}

export default function SecondStep() {
  const { totp, passkeys, demo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors = actionData?.errors ?? {}
  return (
    <section className="container narrow section" aria-labelledby="second-title">
      <h1 id="second-title">{t('security.secondStepTitle')}</h1>
      <p>{t(totp ? (passkeys ? 'security.secondStepLead' : 'security.secondStepLeadTotp') : 'security.secondStepLeadRecovery')}</p>
      {passkeys ? (
        <noscript>
          <p className="notice">{t('security.passkeyNeedsJsSignIn')}</p>
        </noscript>
      ) : null}
      {demo ? <p className="notice">{demo.code ? t('security.demoCode', { code: demo.code }) : t('security.demoCodeWait')}</p> : null}
      <Form method="post" noValidate>
        <Field
          label={t('security.code')}
          hint={t(totp ? 'security.codeHint' : 'security.recoveryHint')}
          name="code"
          inputMode={totp ? 'numeric' : 'text'}
          autoComplete="one-time-code"
          autoFocus
          errors={translateErrors(t, errors.code, actionData?.params)}
        />
        <Button type="submit" size="lg" disabled={busy}>
          {t('security.verify')}
        </Button>
      </Form>
      {passkeys ? <PasskeySignIn purpose="second" redirectTo="" /> : null}
      <p className="muted">
        <Link to="/login">{t('security.startOver')}</Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
