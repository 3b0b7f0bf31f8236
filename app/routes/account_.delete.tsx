/**
 * Delete my account: confirmed with the password. Monthly gifts are cancelled with the gateway
 * first; then the person's data is erased (app/models/privacy.server.ts) and they are signed out.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { eq } from 'drizzle-orm'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { donationPlans } from '~db/schema'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { CheckboxField, Field } from '~/components/ui/field'
import { getFixedT } from '~/i18n/i18n.server'
import { authenticateThrottled } from '~/models/users.server'
import { activePlans, deleteAccount, ownedOrganizations } from '~/models/privacy.server'
import { getGateway } from '~/payments/gateway.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { invalid, readForm } from '~/utils/forms.server'
import { requireUser } from '~/utils/permissions.server'
import { clientIp } from '~/utils/rate-limit.server'
import { endSession } from '~/utils/session.server'
import { toastHeader } from '~/utils/toast.server'
import { Fields, parseForm, type FieldErrors } from '~/utils/validation'
import { pageTitle } from '~/utils/meta'

const DeleteSchema = z.object({
  password: Fields.password,
  understand: Fields.checkbox.refine((checked) => checked, 'validation.required'),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const [t, owned] = await Promise.all([getFixedT(request), ownedOrganizations(db(), user.id)])
  return data({ title: `${t('deleteAccount.title')} — ${t('app.name')}`, owned: owned[0]?.name ?? null }, personalPage)
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const formData = await readForm(request)
  const parsed = parseForm(DeleteSchema, formData)
  if (!parsed.ok) return invalid(parsed.errors)
  // The password check shares the login throttle: deletion is not a way around it.
  const checked = await authenticateThrottled(db(), { email: user.email, password: parsed.data.password, ip: clientIp(context) })
  if (!checked.ok && checked.waitSeconds) return invalid({ form: ['validation.tooManyAttempts'] }, {}, { status: 429, params: { minutes: Math.ceil(checked.waitSeconds / 60) } })
  if (!checked.ok) return invalid({ password: ['deleteAccount.wrongPassword'] })
  const owned = await ownedOrganizations(db(), user.id)
  if (owned.length) return invalid({ form: ['deleteAccount.ownerBlocked'] }, {}, { status: 409, params: { name: owned[0]!.name } })
  // Nothing more may be charged: each subscription is cancelled with the gateway before the data goes.
  const plans = await activePlans(db(), user.id)
  if (plans.length) {
    const gateway = await getGateway()
    for (const plan of plans) {
      if (plan.subscriptionId) await gateway.cancelSubscription(plan.subscriptionId)
      await db().update(donationPlans).set({ status: 'canceled', canceledAt: new Date() }).where(eq(donationPlans.id, plan.id))
    }
  }
  const outcome = await deleteAccount(db(), user.id)
  if (!outcome.ok) return invalid({ form: ['deleteAccount.ownerBlocked'] }, {}, { status: 409, params: { name: outcome.organization } })
  const headers = new Headers()
  headers.append('Set-Cookie', await endSession(db(), request))
  headers.append('Set-Cookie', await toastHeader({ type: 'success', key: 'deleteAccount.done' }))
  return redirect('/', { headers })
}

export default function DeleteAccount() {
  const { owned } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: FieldErrors = actionData?.errors ?? {}
  return (
    <section className="container narrow section" aria-labelledby="delete-title">
      <h1 id="delete-title">{t('deleteAccount.title')}</h1>
      <p className="lead">{t('deleteAccount.lead')}</p>
      <ul>
        <li>{t('deleteAccount.erased')}</li>
        <li>{t('deleteAccount.kept')}</li>
        <li>{t('deleteAccount.plans')}</li>
      </ul>
      {owned ? (
        <p className="notice notice-warning" role="status">
          {t('deleteAccount.ownerBlocked', { name: owned })}
        </p>
      ) : null}
      <Form method="post" noValidate>
        {errors.form ? (
          <p role="alert" className="form-error-summary">
            {translateErrors(t, errors.form, actionData?.params)}
          </p>
        ) : null}
        <Field label={t('deleteAccount.password')} name="password" type="password" autoComplete="current-password" errors={translateErrors(t, errors.password)} />
        <CheckboxField name="understand" label={t('deleteAccount.understand')} errors={translateErrors(t, errors.understand)} />
        <div className="button-row">
          <Button type="submit" variant="danger" disabled={busy}>
            {t('deleteAccount.submit')}
          </Button>
          <Link to="/account">{t('form.cancel')}</Link>
        </div>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
