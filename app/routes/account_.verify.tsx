/**
 * Proving it is you again, on this device: before money or power moves (refunds, large expenses,
 * approvals, suspensions, role changes, removing a factor) when the last proof is older than a few
 * minutes, and for an admin who signed in here without the second factor they have. With a second
 * factor, it is asked for (a code, a recovery code or a passkey); without one, the password.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { PasskeySignIn } from '~/components/passkey'
import { Button } from '~/components/ui/button'
import { Field } from '~/components/ui/field'
import { getFixedT } from '~/i18n/i18n.server'
import { audit, demoCode, demoTotpSecretFor, factorsOf, hasAnyFactor, verifySecondFactorCode } from '~/models/factors.server'
import { getEnv } from '~/utils/env.server'
import { authenticate } from '~/models/users.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { invalid, readForm } from '~/utils/forms.server'
import { safeRedirectPath } from '~/utils/http.server'
import { requireUser } from '~/utils/permissions.server'
import { blockedFor, hit, reset } from '~/utils/rate-limit.server'
import { markVerified } from '~/utils/session.server'
import { toastHeader } from '~/utils/toast.server'
import { parseForm } from '~/utils/validation'
import { pageTitle } from '~/utils/meta'

const ProofSchema = z.object({
  code: z.string().trim().max(40, 'validation.tooLong').optional(),
  password: z.string().max(1_000, 'validation.tooLong').optional(),
  redirectTo: z.string().optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const t = await getFixedT(request)
  const factors = await factorsOf(db(), user.id)
  // The demo's seeded accounts: the next unused code, as on the second-step page (DEMO_MODE only).
  const demo = getEnv().DEMO_MODE ? await demoTotpSecretFor(db(), user.id) : null
  return data(
    { title: `${t('security.verifyTitle')} — ${t('app.name')}`, totp: factors.totp, passkeys: factors.passkeys.length > 0, anyFactor: hasAnyFactor(factors), demo: demo ? { code: demoCode(demo) } : null },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const parsed = parseForm(ProofSchema, await readForm(request))
  if (!parsed.ok) return invalid(parsed.errors)
  const back = safeRedirectPath(parsed.data.redirectTo, '/account')
  const factors = await factorsOf(db(), user.id)
  let secondFactor = false
  if (hasAnyFactor(factors)) {
    if (!parsed.data.code) return invalid({ code: ['validation.required'] })
    const checked = await verifySecondFactorCode(db(), user.id, parsed.data.code)
    if (!checked.ok && checked.reason === 'tooMany') return invalid({ code: ['validation.tooManyAttempts'] }, {}, { status: 429, params: { minutes: Math.ceil((checked.waitSeconds ?? 60) / 60) } })
    if (!checked.ok) return invalid({ code: ['security.wrongCode'] })
    secondFactor = true
  } else {
    if (!parsed.data.password) return invalid({ password: ['validation.required'] })
    const wait = await blockedFor('reauthUser', user.id)
    if (wait) return invalid({ password: ['validation.tooManyAttempts'] }, {}, { status: 429, params: { minutes: Math.ceil(wait / 60) } })
    if (!(await authenticate(db(), user.email, parsed.data.password))) {
      await hit('reauthUser', user.id)
      return invalid({ password: ['deleteAccount.wrongPassword'] })
    }
    await reset('reauthUser', user.id)
  }
  await markVerified(db(), user.sessionId, { secondFactor })
  await audit(db(), user.id, 'auth.reauthenticated', { with: secondFactor ? 'second_factor' : 'password', for: back })
  return redirect(back, { headers: { 'Set-Cookie': await toastHeader({ key: 'security.verifiedToast' }) } })
}

export default function VerifyAgain() {
  const { totp, passkeys, anyFactor, demo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors = actionData?.errors ?? {}
  const redirectTo = searchParams.get('redirectTo') ?? ''
  return (
    <section className="container narrow section" aria-labelledby="verify-again-title">
      <h1 id="verify-again-title">{t('security.verifyTitle')}</h1>
      <p>{t('security.verifyLead')}</p>
      {demo ? <p className="notice">{demo.code ? t('security.demoCode', { code: demo.code }) : t('security.demoCodeWait')}</p> : null}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {anyFactor ? (
          <Field
            label={t('security.code')}
            hint={t(totp ? 'security.codeHint' : 'security.recoveryHint')}
            name="code"
            inputMode={totp ? 'numeric' : 'text'}
            autoComplete="one-time-code"
            autoFocus
            errors={translateErrors(t, errors.code, actionData?.params)}
          />
        ) : (
          <Field label={t('auth.password')} name="password" type="password" autoComplete="current-password" autoFocus errors={translateErrors(t, errors.password, actionData?.params)} />
        )}
        <Button type="submit" size="lg" disabled={busy}>
          {t('security.verify')}
        </Button>
      </Form>
      {passkeys ? <PasskeySignIn purpose="reauth" redirectTo={redirectTo} /> : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
