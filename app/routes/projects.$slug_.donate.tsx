import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Honeypot } from '~/components/honeypot'
import { Button } from '~/components/ui/button'
import { CheckboxField, Field, FormErrorSummary, TextareaField } from '~/components/ui/field'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { publicOrigin } from '~/mail/messages.server'
import { AMOUNT_LIMITS, createPendingDonation, DonationRefused, isMinor, PRESET_AMOUNTS, recordCheckoutSession, type Refusal } from '~/models/donations.server'
import { getProjectBySlug, resolveShareCode } from '~/models/projects.server'
import { getGateway } from '~/payments/gateway.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { echo, invalid, readForm } from '~/utils/forms.server'
import { logger } from '~/utils/logger.server'
import { formatMoney, parseMoney, toDecimalString } from '~/utils/money'
import { getOptionalUser } from '~/utils/permissions.server'
import { clientIp, hit } from '~/utils/rate-limit.server'
import { Fields, parseForm, type FieldErrors } from '~/utils/validation'

async function projectOr404(slug: string | undefined) {
  const row = slug ? await getProjectBySlug(db(), slug) : null
  if (!row) throw new Response('Not found', { status: 404 })
  return row
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project, organization } = await projectOr404(params.slug)
  if (project.status !== 'fundraising' && project.status !== 'closed' && project.status !== 'completed') throw new Response('Not found', { status: 404 })
  const [user, t] = await Promise.all([getOptionalUser(request), getFixedT(request)])
  const ref = await resolveShareCode(db(), project.id, new URL(request.url).searchParams.get('ref'))
  const refusal: Refusal | null = project.status !== 'fundraising' ? 'projectNotFundraising' : organization.status !== 'approved' ? 'organizationSuspended' : user && isMinor(user.birthYear) ? 'minor' : null
  return data(
    {
      title: `${t('donate.title', { title: project.title })} — ${t('app.name')}`,
      project: { slug: project.slug, title: project.title, currency: project.currency, filingNumber: project.filingNumber ?? '' },
      organization: { name: organization.name },
      presets: (PRESET_AMOUNTS[project.currency] ?? []).map((amount) => ({ value: toDecimalString(amount, project.currency), amount })),
      user: user ? { displayName: user.displayName } : null,
      ref,
      refusal,
      sandbox: !getEnv().STRIPE_SECRET_KEY,
    },
    user ? personalPage : { headers: { 'Cache-Control': 'private, no-store' } },
  )
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: 'robots', content: 'noindex' }]

const DonateSchema = z.object({
  amount: z.string().optional(),
  otherAmount: z.string().optional(),
  frequency: z.enum(['one_time', 'monthly'], { message: 'validation.chooseOne' }),
  displayName: Fields.optionalText(60),
  anonymous: Fields.checkbox,
  message: Fields.optionalText(500),
  email: z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined)
    .pipe(Fields.email.optional()),
  ref: z.string().max(40).optional(),
  website: Fields.honeypot,
})

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { project } = await projectOr404(params.slug)
  const wait = await hit('donateIp', clientIp(context))
  if (wait) return invalid({ form: ['validation.tooManyAttempts'] }, {}, { status: 429, params: { minutes: Math.ceil(wait / 60) } })
  const formData = await readForm(request)
  const values = echo(formData, ['amount', 'otherAmount', 'frequency', 'displayName', 'message', 'email'])
  const parsed = parseForm(DonateSchema, formData)
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors }
  const user = await getOptionalUser(request)
  const typed = parsed.ok ? (parsed.data.otherAmount?.trim() ? parsed.data.otherAmount : parsed.data.amount) : undefined
  const amount = typed ? parseMoney(typed, project.currency) : null
  const limits = AMOUNT_LIMITS[project.currency]!
  if (!typed) errors.otherAmount = ['validation.required']
  else if (amount === null) errors.otherAmount = ['validation.amount']
  else if (amount < limits.min || amount > limits.max) errors.otherAmount = ['donate.refusal.amountOutOfRange']
  if (!user && parsed.ok && !parsed.data.email) errors.email = ['donate.refusal.emailRequired']
  if (!parsed.ok || Object.keys(errors).length || amount === null) return invalid(errors, values)

  const { data: form } = parsed
  const locale = await detectLanguage(request)
  let created
  try {
    created = await createPendingDonation(db(), {
      projectId: project.id,
      user: user ? { id: user.id, email: user.email, birthYear: user.birthYear } : null,
      amount,
      frequency: form.frequency,
      displayName: form.displayName ?? user?.displayName,
      isAnonymous: form.anonymous,
      message: form.message,
      email: form.email,
      attributionCode: await resolveShareCode(db(), project.id, form.ref ?? null),
      locale,
    })
  } catch (error) {
    if (error instanceof DonationRefused) return invalid({ form: [`donate.refusal.${error.refusal}`] }, values, { status: 409 })
    throw error
  }
  const { donation } = created
  const origin = publicOrigin(request, getEnv().PUBLIC_URL)
  const thanks = `${origin}/donations/${donation.id}?t=${donation.accessToken}`
  try {
    const gateway = await getGateway()
    const session = await gateway.createCheckout({
      donationId: donation.id,
      planId: donation.planId ?? undefined,
      amount: donation.amount,
      currency: donation.currency,
      mode: donation.frequency === 'monthly' ? 'subscription' : 'payment',
      title: project.title,
      successUrl: thanks,
      cancelUrl: `${origin}/projects/${project.slug}/donate${donation.attributionCode ? `?ref=${donation.attributionCode}` : ''}`,
      customerEmail: donation.donorEmail ?? undefined,
      locale,
      idempotencyKey: `checkout:${donation.id}`,
    })
    await recordCheckoutSession(db(), donation.id, session.id, gateway.name)
    return redirect(session.url, 303)
  } catch (error) {
    logger.error({ err: error, donationId: donation.id }, 'checkout session creation failed')
    return invalid({ form: ['donate.gatewayDown'] }, values, { status: 503 })
  }
}

export default function Donate() {
  const { project, organization, presets, user, ref, refusal, sandbox } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: FieldErrors = actionData?.errors ?? {}
  const values: Record<string, string> = actionData?.values ?? {}
  const err = (name: string) => translateErrors(t, errors[name], actionData?.params)
  const chosen = values.amount ?? presets[1]?.value
  return (
    <section className="container narrow section" aria-labelledby="donate-title">
      {sandbox ? <p className="notice notice-warning test-mode">{t('donate.testMode')}</p> : null}
      <p className="small">
        <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      <h1 id="donate-title">{t('donate.title', { title: project.title })}</h1>
      <p className="muted small">{t('donate.by', { organization: organization.name, filing: project.filingNumber })}</p>
      {refusal ? (
        <p className="notice notice-warning" role="alert">
          {t(`donate.refusal.${refusal}`)}
        </p>
      ) : (
        <Form method="post" noValidate>
          <FormErrorSummary count={Object.keys(errors).length} />
          {errors.form ? <p className="form-error-summary">{err('form')}</p> : null}
          <fieldset className="field field-group">
            <legend>{t('donate.amount')}</legend>
            <div className="amount-options">
              {presets.map((p) => (
                <label key={p.value} className="amount-option">
                  <input type="radio" name="amount" value={p.value} defaultChecked={chosen === p.value} />
                  <span>{formatMoney(p.amount, project.currency, i18n.language)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <Field label={t('donate.otherAmount')} hint={t('donate.amountHint')} name="otherAmount" inputMode="decimal" optional defaultValue={values.otherAmount} errors={err('otherAmount')} />
          <fieldset className="field field-group">
            <legend>{t('donate.frequency')}</legend>
            <div className="check-grid">
              <label>
                <input type="radio" name="frequency" value="one_time" defaultChecked={values.frequency !== 'monthly'} /> {t('donate.oneTime')}
              </label>
              <label>
                <input type="radio" name="frequency" value="monthly" defaultChecked={values.frequency === 'monthly'} /> {t('donate.monthly')}
              </label>
            </div>
          </fieldset>
          <Field label={t('donate.displayName')} name="displayName" optional autoComplete="nickname" defaultValue={values.displayName ?? user?.displayName} errors={err('displayName')} />
          <CheckboxField name="anonymous" label={t('donate.anonymous')} />
          <TextareaField label={t('donate.message')} name="message" rows={3} optional maxLength={500} defaultValue={values.message} errors={err('message')} />
          {user ? null : <Field label={t('donate.email')} hint={t('donate.emailHint')} name="email" type="email" autoComplete="email" defaultValue={values.email} errors={err('email')} />}
          {ref ? (
            <>
              <input type="hidden" name="ref" value={ref} />
              <p className="small muted">{t('donate.attributed')}</p>
            </>
          ) : null}
          <Honeypot />
          <Button type="submit" size="lg" disabled={busy}>
            {t('donate.submit')}
          </Button>
        </Form>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
