import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Honeypot } from '~/components/honeypot'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { CheckboxField, Field, FormErrorSummary } from '~/components/ui/field'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { queueMail } from '~/mail/mailer.server'
import { publicOrigin, verifyEmailMail } from '~/mail/messages.server'
import { createUser, EmailTakenError, issueEmailToken, PRIVACY_POLICY_VERSION } from '~/models/users.server'
import { db } from '~/utils/db.server'
import { echo, invalid, readForm } from '~/utils/forms.server'
import { getEnv } from '~/utils/env.server'
import { getOptionalUser } from '~/utils/permissions.server'
import { clientIp, hit } from '~/utils/rate-limit.server'
import { startSession } from '~/utils/session.server'
import { toastHeader } from '~/utils/toast.server'
import { Fields, parseForm, type FieldErrors } from '~/utils/validation'

const SignupSchema = z.object({
  email: Fields.email,
  displayName: Fields.displayName,
  password: Fields.newPassword,
  birthYear: Fields.birthYear,
  acceptPrivacy: Fields.checkbox.refine((accepted) => accepted, 'validation.privacyRequired'),
  website: Fields.honeypot,
})

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect('/account')
  const t = await getFixedT(request)
  return { title: `${t('auth.signUpTitle')} — ${t('app.name')}`, policyVersion: PRIVACY_POLICY_VERSION }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export async function action({ request, context }: ActionFunctionArgs) {
  const wait = await hit('signupIp', clientIp(context))
  if (wait) return invalid({ form: ['validation.tooManyAttempts'] }, {}, { status: 429, params: { minutes: Math.ceil(wait / 60) } })
  const formData = await readForm(request)
  const parsed = parseForm(SignupSchema, formData)
  const values = echo(formData, ['email', 'displayName', 'birthYear'])
  if (!parsed.ok) return invalid(parsed.errors, values)
  const locale = await detectLanguage(request)
  let cookie: string
  try {
    cookie = await db().transaction(async (tx) => {
      const user = await createUser(tx, { ...parsed.data, locale })
      const token = await issueEmailToken(tx, { kind: 'verify_email', userId: user.id, email: user.email })
      const link = `${publicOrigin(request, getEnv().PUBLIC_URL)}/verify-email?token=${token}`
      await queueMail(tx, verifyEmailMail(user, link))
      return startSession(tx, request, user.id)
    })
  } catch (error) {
    if (error instanceof EmailTakenError) return invalid({ email: ['validation.emailTaken'] }, values)
    throw error
  }
  const headers = new Headers()
  headers.append('Set-Cookie', cookie)
  headers.append('Set-Cookie', await toastHeader({ key: 'toastAuth.welcome', values: { name: parsed.data.displayName } }))
  return redirect('/account', { headers })
}

export default function Signup() {
  const { policyVersion } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: FieldErrors = actionData?.errors ?? {}
  const values = actionData?.values ?? {}
  return (
    <section className="container narrow section" aria-labelledby="signup-title">
      <h1 id="signup-title">{t('auth.signUpTitle')}</h1>
      <p className="lead">{t('auth.signUpLead')}</p>
      <Form method="post" noValidate>
        <FormErrorSummary count={Object.keys(errors).length} />
        {errors.form ? <p className="form-error-summary">{translateErrors(t, errors.form, actionData?.params)}</p> : null}
        <Field label={t('auth.email')} name="email" type="email" autoComplete="email" defaultValue={values.email} errors={translateErrors(t, errors.email)} />
        <Field label={t('auth.displayName')} hint={t('auth.displayNameHint')} name="displayName" autoComplete="nickname" defaultValue={values.displayName} errors={translateErrors(t, errors.displayName)} />
        <Field label={t('auth.password')} hint={t('auth.passwordHint')} name="password" type="password" autoComplete="new-password" minLength={10} errors={translateErrors(t, errors.password)} />
        <Field label={t('auth.birthYear')} hint={t('auth.birthYearHint')} name="birthYear" defaultValue={values.birthYear} inputMode="numeric" autoComplete="bday-year" errors={translateErrors(t, errors.birthYear)} />
        <Honeypot />
        <CheckboxField name="acceptPrivacy" label={t('auth.acceptPrivacy', { version: policyVersion })} errors={translateErrors(t, errors.acceptPrivacy)} />
        <Button type="submit" size="lg" disabled={busy}>
          {t('auth.submitSignUp')}
        </Button>
      </Form>
      <p className="muted">
        {t('auth.haveAccount')} <Link to="/login">{t('auth.submitLogIn')}</Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
