/**
 * Creating an account. The answer never says whether an address is registered (OWASP ASVS V2.2,
 * "account enumeration"): whatever was typed, the page says "check your inbox". A new address gets
 * a link that confirms it and signs the person in; an address that already has an account gets a
 * note to its owner (log in, or reset the password) — the same time spent either way.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Honeypot } from '~/components/honeypot'
import { Button } from '~/components/ui/button'
import { CheckboxField, Field, FormErrorSummary } from '~/components/ui/field'
import { useValidatedForm } from '~/components/use-validated-form'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { PRIVACY_POLICY_VERSION, signUp } from '~/models/users.server'
import { db } from '~/utils/db.server'
import { readSubmission, rejectSubmission } from '~/utils/forms.server'
import { getOptionalUser } from '~/utils/permissions.server'
import { clientIp, hit } from '~/utils/rate-limit.server'
import { requestOrigin } from '~/utils/site.server'
import { Fields, withParams } from '~/utils/validation'
import { pageTitle } from '~/utils/meta'

export const SignupSchema = z.object({
  email: Fields.email,
  displayName: Fields.displayName,
  password: Fields.newPassword,
  birthDate: Fields.birthDate,
  acceptPrivacy: Fields.checkbox.refine((accepted) => accepted, 'validation.privacyRequired'),
  website: Fields.honeypot,
})

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect('/account')
  const t = await getFixedT(request)
  return { title: `${t('auth.signUpTitle')} — ${t('app.name')}`, policyVersion: PRIVACY_POLICY_VERSION, sent: new URL(request.url).searchParams.has('sent') }
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export async function action({ request, context }: ActionFunctionArgs) {
  const { submission } = await readSubmission(request, SignupSchema)
  const wait = await hit('signupIp', clientIp(context))
  if (wait) return rejectSubmission(submission, { formErrors: [withParams('validation.tooManyAttempts', { minutes: Math.ceil(wait / 60) })], status: 429 })
  if (submission.status !== 'success') return rejectSubmission(submission)
  const { email, displayName, password, birthDate } = submission.value
  await signUp(db(), { email, displayName, password, birthDate, locale: await detectLanguage(request), origin: requestOrigin(request) })
  // The same answer for a new address and a registered one.
  return redirect('/signup?sent=1', 303)
}

export default function Signup() {
  const { policyVersion, sent } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useValidatedForm(SignupSchema, lastResult, { id: 'signup' })
  const err = (errors: string[] | undefined) => translateErrors(t, errors)
  const value = (name: keyof typeof fields) => {
    const initial = fields[name]?.initialValue
    return typeof initial === 'string' ? initial : undefined
  }
  if (sent)
    return (
      <section className="container narrow section" aria-labelledby="signup-title">
        <h1 id="signup-title">{t('auth.checkInboxTitle')}</h1>
        <p className="notice" role="status">
          {t('auth.checkInbox')}
        </p>
        <p className="muted">
          {t('auth.haveAccount')} <Link to="/login">{t('auth.submitLogIn')}</Link>
        </p>
      </section>
    )
  const errorCount = Object.values(fields).filter((f) => f.errors?.length).length
  return (
    <section className="container narrow section" aria-labelledby="signup-title">
      <h1 id="signup-title">{t('auth.signUpTitle')}</h1>
      <p className="lead">{t('auth.signUpLead')}</p>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
        <FormErrorSummary count={errorCount} />
        {form.errors?.length ? <p className="form-error-summary">{err(form.errors)}</p> : null}
        <Field label={t('auth.email')} name={fields.email.name} type="email" autoComplete="email" defaultValue={value('email')} errors={err(fields.email.errors)} />
        <Field label={t('auth.displayName')} hint={t('auth.displayNameHint')} name={fields.displayName.name} autoComplete="nickname" defaultValue={value('displayName')} errors={err(fields.displayName.errors)} />
        <Field label={t('auth.password')} hint={t('auth.passwordHint')} name={fields.password.name} type="password" autoComplete="new-password" minLength={10} errors={err(fields.password.errors)} />
        <Field label={t('auth.birthDate')} hint={t('auth.birthDateHint')} name={fields.birthDate.name} type="date" defaultValue={value('birthDate')} autoComplete="bday" errors={err(fields.birthDate.errors)} />
        <Honeypot />
        <CheckboxField name={fields.acceptPrivacy.name} label={t('auth.acceptPrivacy', { version: policyVersion })} errors={err(fields.acceptPrivacy.errors)} />
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
