import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Honeypot } from '~/components/honeypot'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { Field } from '~/components/ui/field'
import { getFixedT } from '~/i18n/i18n.server'
import { authenticateThrottled } from '~/models/users.server'
import { db } from '~/utils/db.server'
import { echo, invalid, readForm } from '~/utils/forms.server'
import { safeRedirectPath } from '~/utils/http.server'
import { getOptionalUser } from '~/utils/permissions.server'
import { clientIp } from '~/utils/rate-limit.server'
import { userHasSecondFactor } from '~/models/factors.server'
import { completeSignIn, pendingSignInCookie } from '~/utils/sign-in.server'
import { PasskeySignIn } from '~/components/passkey'
import { Fields, parseForm, type FieldErrors } from '~/utils/validation'
import { pageTitle } from '~/utils/meta'

const LoginSchema = z.object({
  email: Fields.email,
  password: Fields.password,
  redirectTo: z.string().optional(),
  website: Fields.honeypot,
})

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'), '/account'))
  const t = await getFixedT(request)
  return { title: `${t('auth.logInTitle')} — ${t('app.name')}` }
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const values = echo(formData, ['email'])
  const parsed = parseForm(LoginSchema, formData)
  if (!parsed.ok) return invalid(parsed.errors, values)
  const { email, password } = parsed.data
  const checked = await authenticateThrottled(db(), { email, password, ip: clientIp(context) })
  if (!checked.ok && checked.waitSeconds) return invalid({ form: ['validation.tooManyAttempts'] }, values, { status: 429, params: { minutes: Math.ceil(checked.waitSeconds / 60) } })
  if (!checked.ok) return invalid({ form: ['validation.loginFailed'] }, values)
  const { user } = checked
  const redirectTo = safeRedirectPath(parsed.data.redirectTo, '/account')
  // An account with a second factor takes one more step before it has a session.
  if (await userHasSecondFactor(db(), user.id)) {
    return redirect('/login/verify', { headers: { 'Set-Cookie': await pendingSignInCookie({ userId: user.id, redirectTo }) } })
  }
  return completeSignIn(db(), request, context, { userId: user.id, secondFactor: false, redirectTo })
}

export default function Login() {
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: FieldErrors = actionData?.errors ?? {}
  return (
    <section className="container narrow section" aria-labelledby="login-title">
      <h1 id="login-title">{t('auth.logInTitle')}</h1>
      <Form method="post" noValidate>
        {errors.form ? (
          <p role="alert" className="form-error-summary">
            {translateErrors(t, errors.form, actionData?.params)}
          </p>
        ) : null}
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field label={t('auth.email')} name="email" type="email" autoComplete="email" defaultValue={actionData?.values.email} errors={translateErrors(t, errors.email)} />
        <Field label={t('auth.password')} name="password" type="password" autoComplete="current-password" errors={translateErrors(t, errors.password)} />
        <Honeypot />
        <Button type="submit" size="lg" disabled={busy}>
          {t('auth.submitLogIn')}
        </Button>
      </Form>
      <PasskeySignIn purpose="signin" redirectTo={searchParams.get('redirectTo') ?? ''} />
      <p>
        <Link to="/forgot-password">{t('auth.forgot')}</Link>
      </p>
      <p className="muted">
        {t('auth.noAccount')} <Link to="/signup">{t('nav.signUp')}</Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
