import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Honeypot } from '~/components/honeypot'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { Field } from '~/components/ui/field'
import { getFixedT } from '~/i18n/i18n.server'
import { queueMail } from '~/mail/mailer.server'
import { publicOrigin, resetPasswordMail } from '~/mail/messages.server'
import { findUserByEmail, issueEmailToken } from '~/models/users.server'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { echo, invalid, readForm } from '~/utils/forms.server'
import { clientIp, hit } from '~/utils/rate-limit.server'
import { Fields, parseForm, type FieldErrors } from '~/utils/validation'
import { pageTitle } from '~/utils/meta'

const ForgotSchema = z.object({ email: Fields.email, website: Fields.honeypot })

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getFixedT(request)
  return { title: `${t('auth.forgotTitle')} — ${t('app.name')}` }
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

/** Answers the same whether or not the address has an account, so it reveals nothing. */
export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const parsed = parseForm(ForgotSchema, formData)
  if (!parsed.ok) return invalid(parsed.errors, echo(formData, ['email']))
  const wait = await hit('emailIp', clientIp(context))
  if (wait) return invalid({ form: ['validation.tooManyAttempts'] }, {}, { status: 429, params: { minutes: Math.ceil(wait / 60) } })
  const user = await findUserByEmail(db(), parsed.data.email)
  if (user) {
    await db().transaction(async (tx) => {
      const token = await issueEmailToken(tx, { kind: 'reset_password', userId: user.id, email: user.email })
      await queueMail(tx, resetPasswordMail(user, `${publicOrigin(request, getEnv().PUBLIC_URL)}/reset-password?token=${token}`))
    })
  }
  return { sent: true as const }
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: FieldErrors = actionData && 'errors' in actionData ? actionData.errors : {}
  return (
    <section className="container narrow section" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t('auth.forgotTitle')}</h1>
      {actionData && 'sent' in actionData ? (
        <p role="status" className="notice">
          {t('auth.forgotSent')}
        </p>
      ) : (
        <>
          <p className="lead">{t('auth.forgotLead')}</p>
          <Form method="post" noValidate>
            {errors.form ? (
              <p role="alert" className="form-error-summary">
                {translateErrors(t, errors.form, actionData && 'params' in actionData ? actionData.params : undefined)}
              </p>
            ) : null}
            <Field label={t('auth.email')} name="email" type="email" autoComplete="email" errors={translateErrors(t, errors.email)} />
            <Honeypot />
            <Button type="submit" disabled={busy}>
              {t('auth.forgotSubmit')}
            </Button>
          </Form>
        </>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
