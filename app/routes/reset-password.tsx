import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { Field } from '~/components/ui/field'
import { getFixedT } from '~/i18n/i18n.server'
import { consumeEmailToken, peekEmailToken, setPassword } from '~/models/users.server'
import { db } from '~/utils/db.server'
import { invalid, readForm } from '~/utils/forms.server'
import { endAllSessions } from '~/utils/session.server'
import { toastHeader } from '~/utils/toast.server'
import { Fields, parseForm, type FieldErrors } from '~/utils/validation'
import { pageTitle } from '~/utils/meta'

const ResetSchema = z
  .object({ token: z.string().min(20).max(100), password: Fields.newPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: 'validation.passwordMismatch', path: ['confirm'] })

function tokenOf(request: Request) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  return token.length > 20 && token.length < 100 ? token : null
}

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getFixedT(request)
  const token = tokenOf(request)
  const live = token ? Boolean(await peekEmailToken(db(), 'reset_password', token)) : false
  return { title: `${t('auth.resetTitle')} — ${t('app.name')}`, token: live ? token : null }
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(ResetSchema, await readForm(request))
  if (!parsed.ok) return invalid(parsed.errors)
  const done = await db().transaction(async (tx) => {
    const used = await consumeEmailToken(tx, 'reset_password', parsed.data.token)
    if (!used?.userId) return false
    await setPassword(tx, used.userId, parsed.data.password)
    // A reset ends every session: whoever knew the old password is logged out.
    await endAllSessions(tx, used.userId)
    return true
  })
  if (!done) return invalid({ form: ['auth.resetInvalid'] })
  return redirect('/login', { headers: { 'Set-Cookie': await toastHeader({ key: 'toastAuth.passwordReset' }) } })
}

export default function ResetPassword() {
  const { token } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: FieldErrors = actionData?.errors ?? {}
  return (
    <section className="container narrow section" aria-labelledby="reset-title">
      <h1 id="reset-title">{t('auth.resetTitle')}</h1>
      {!token || errors.form ? (
        <p role="alert" className="form-error-summary">
          {t('auth.resetInvalid')} <Link to="/forgot-password">{t('auth.forgot')}</Link>
        </p>
      ) : (
        <Form method="post" noValidate>
          <input type="hidden" name="token" value={token} />
          <Field label={t('auth.newPassword')} hint={t('auth.passwordHint')} name="password" type="password" autoComplete="new-password" errors={translateErrors(t, errors.password)} />
          <Field label={t('auth.confirmPassword')} name="confirm" type="password" autoComplete="new-password" errors={translateErrors(t, errors.confirm)} />
          <Button type="submit" disabled={busy}>
            {t('auth.resetSubmit')}
          </Button>
        </Form>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
