import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Honeypot } from '~/components/honeypot'
import { Button } from '~/components/ui/button'
import { CheckboxField, Field, FormErrorSummary, TextareaField } from '~/components/ui/field'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { publicOrigin } from '~/mail/messages.server'
import { createPendingDonation, DonationRefused, recordCheckoutSession } from '~/models/donations.server'
import { getProjectBySlug, resolveShareCode } from '~/models/projects.server'
import { resolveTeam } from '~/models/teams.server'
import { getGateway } from '~/payments/gateway.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readSubmission, rejectSubmission } from '~/utils/forms.server'
import { logger } from '~/utils/logger.server'
import { formatMoney, toDecimalString } from '~/utils/money'
import { accountLanguage, getOptionalUser } from '~/utils/permissions.server'
import { clientIp, hit } from '~/utils/rate-limit.server'
import { AmountSchema, Fields, withParams } from '~/utils/validation'
import { useValidatedForm } from '~/components/use-validated-form'
import { AMOUNT_LIMITS, PRESET_AMOUNTS, type Refusal } from '~/models/donation-rules'
import { isMinor } from '~/utils/age'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'
import { localize } from '~/content/localized'
import { siteFromReferrer } from '~/utils/referrer-site'

async function projectOr404(slug: string | undefined) {
  const row = slug ? await getProjectBySlug(db(), slug) : null
  invariantResponse(row, 404, 'Not found')
  return row
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project, organization } = await projectOr404(params.slug)
  invariantResponse(!(project.status !== 'fundraising' && project.status !== 'closed' && project.status !== 'completed'), 404, 'Not found')
  const [user, t, language] = await Promise.all([getOptionalUser(request), getFixedT(request), detectLanguage(request)])
  // Named in the reader's language where the organisation wrote it (ADR 0021).
  const shown = localize(project, ['title'], language)
  const organizationName = localize(organization, ['name'], language).name
  const url = new URL(request.url)
  const ref = await resolveShareCode(db(), project.id, url.searchParams.get('ref'))
  // Opened from a donate widget on another site (ADR 0020): the gift names that site.
  const site = siteFromReferrer(url.searchParams.get('site'))
  // Arriving through a team's invite link (一起捐): the gift is given through the team.
  const team = await resolveTeam(db(), project.id, url.searchParams.get('team'))
  const refusal: Refusal | null = project.status !== 'fundraising' ? 'projectNotFundraising' : organization.status !== 'approved' ? 'organizationSuspended' : user && isMinor(user.birthDate) ? 'minor' : null
  return data(
    {
      title: `${t('donate.title', { title: shown.title })} — ${t('app.name')}`,
      project: { slug: project.slug, title: shown.title, currency: project.currency, filingNumber: project.filingNumber ?? '' },
      organization: { name: organizationName },
      presets: (PRESET_AMOUNTS[project.currency] ?? []).map((amount) => ({ value: toDecimalString(amount, project.currency), amount })),
      user: user ? { displayName: user.displayName } : null,
      ref,
      site,
      team,
      refusal,
      sandbox: !getEnv().STRIPE_SECRET_KEY,
    },
    user ? personalPage : { headers: { 'Cache-Control': 'private, no-store' } },
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

/**
 * The donate form's one schema, in the browser and on the server. The amount is a preset or the
 * other amount typed (read the one way money is read: AmountSchema); a guest gives an email for the
 * receipt and confirms being 18 or older (an account's date of birth decides that for it).
 */
export function donateSchema(currency: string, options: { signedIn: boolean; format: (minor: bigint) => string }) {
  const limits = AMOUNT_LIMITS[currency]!
  // The amount is the other amount typed, or else the preset chosen: checked as `otherAmount`, so its
  // message sits under that field (and focus goes there) whatever else is wrong with the form.
  return z.preprocess(
    (input) => {
      const form = (input ?? {}) as Record<string, unknown>
      const typed = typeof form.otherAmount === 'string' && form.otherAmount.trim() ? form.otherAmount : form.amount
      return { ...form, otherAmount: typed }
    },
    z.object({
      amount: z.string().optional(),
      otherAmount: AmountSchema(currency, { ...limits, format: options.format }),
      frequency: z.enum(['one_time', 'monthly'], { message: 'validation.chooseOne' }),
      displayName: Fields.optionalText(60),
      anonymous: Fields.checkbox,
      message: Fields.optionalText(500),
      email: options.signedIn ? z.string().optional() : z.string({ message: 'donate.refusal.emailRequired' }).pipe(Fields.email),
      adult: options.signedIn ? Fields.checkbox : Fields.checkbox.refine((confirmed) => confirmed, 'donate.refusal.adultRequired'),
      ref: z.string().max(40).optional(),
      // The embedding site, as the widget reported it; anything that is not a host is dropped, not refused.
      site: z.string().max(2048).optional(),
      team: z.string().max(40).optional(),
      website: Fields.honeypot,
    }),
  )
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { project } = await projectOr404(params.slug)
  const user = await getOptionalUser(request)
  const schema = donateSchema(project.currency, { signedIn: Boolean(user), format: (minor) => formatMoney(minor, project.currency, 'zh-CN') })
  const { submission } = await readSubmission(request, schema)
  const wait = await hit('donateIp', clientIp(context))
  if (wait) return rejectSubmission(submission, { formErrors: [withParams('validation.tooManyAttempts', { minutes: Math.ceil(wait / 60) })], status: 429 })
  if (submission.status !== 'success') return rejectSubmission(submission)
  const form = submission.value
  // A signed-in donor's receipt is in the account's language, like every other email to them.
  const locale = (user && (await accountLanguage(user.id))) || (await detectLanguage(request))
  let created
  try {
    created = await createPendingDonation(db(), {
      projectId: project.id,
      user: user ? { id: user.id, email: user.email, birthDate: user.birthDate } : null,
      amount: form.otherAmount,
      frequency: form.frequency,
      displayName: form.displayName ?? user?.displayName,
      isAnonymous: form.anonymous,
      message: form.message,
      email: form.email,
      attributionCode: await resolveShareCode(db(), project.id, form.ref ?? null),
      referrerSite: siteFromReferrer(form.site),
      teamId: form.team,
      locale,
      guestConfirmedAdult: user ? undefined : form.adult,
    })
  } catch (error) {
    if (error instanceof DonationRefused) return rejectSubmission(submission, { formErrors: [`donate.refusal.${error.refusal}`], status: 409 })
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
      cancelUrl: `${origin}/projects/${project.slug}/donate${backQuery(donation)}`,
      customerEmail: donation.donorEmail ?? undefined,
      locale,
      idempotencyKey: `checkout:${donation.id}`,
    })
    await recordCheckoutSession(db(), donation.id, session.id, gateway.name)
    return redirect(session.url, 303)
  } catch (error) {
    logger.error({ err: error, donationId: donation.id }, 'checkout session creation failed')
    return rejectSubmission(submission, { formErrors: ['donate.gatewayDown'], status: 503 })
  }
}

/** What brought the donor (a share link, a team's invite, a widget's site), kept when they come back from the checkout. */
function backQuery(donation: { attributionCode: string | null; teamId: string | null; referrerSite: string | null }) {
  const query = new URLSearchParams()
  if (donation.attributionCode) query.set('ref', donation.attributionCode)
  if (donation.teamId) query.set('team', donation.teamId)
  if (donation.referrerSite) query.set('site', donation.referrerSite)
  return query.size ? `?${query}` : ''
}

export default function Donate() {
  const { project, organization, presets, user, ref, site, team, refusal, sandbox } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const schema = useMemo(() => donateSchema(project.currency, { signedIn: Boolean(user), format: (minor) => formatMoney(minor, project.currency, i18n.language) }), [project.currency, user, i18n.language])
  const [form, fields] = useValidatedForm(schema, lastResult, { id: 'donate' })
  const err = (errors: string[] | undefined) => translateErrors(t, errors)
  const value = (name: keyof typeof fields) => {
    const initial = fields[name]?.initialValue
    return typeof initial === 'string' ? initial : undefined
  }
  const chosen = value('amount') ?? presets[1]?.value
  const errorCount = Object.values(fields).filter((f) => f.errors?.length).length + (form.errors?.length ? 1 : 0)
  return (
    <section className="container narrow section" aria-labelledby="donate-title">
      {sandbox ? <p className="notice notice-warning test-mode">{t('donate.testMode')}</p> : null}
      <p className="small">
        <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      <h1 id="donate-title">{t('donate.title', { title: project.title })}</h1>
      <p className="muted small">{t('donate.by', { organization: organization.name, filing: project.filingNumber })}</p>
      {team && !refusal ? (
        <p className="notice">
          <Link to={`/teams/${team.id}`}>{t('teams.giving', { name: team.name })}</Link>
        </p>
      ) : null}
      {refusal ? (
        <p className="notice notice-warning" role="alert">
          {t(`donate.refusal.${refusal}`)}
        </p>
      ) : (
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
          <FormErrorSummary count={errorCount} />
          {form.errors?.length ? <p className="form-error-summary">{err(form.errors)}</p> : null}
          <fieldset className="field field-group">
            <legend>{t('donate.amount')}</legend>
            <div className="amount-options">
              {presets.map((p) => (
                <label key={p.value} className="amount-option">
                  <input type="radio" name={fields.amount.name} value={p.value} defaultChecked={chosen === p.value} />
                  <span>{formatMoney(p.amount, project.currency, i18n.language)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <Field label={t('donate.otherAmount')} hint={t('donate.amountHint')} name={fields.otherAmount.name} inputMode="decimal" optional defaultValue={value('otherAmount')} errors={err(fields.otherAmount.errors)} />
          <fieldset className="field field-group">
            <legend>{t('donate.frequency')}</legend>
            <div className="check-grid">
              <label>
                <input type="radio" name={fields.frequency.name} value="one_time" defaultChecked={value('frequency') !== 'monthly'} /> {t('donate.oneTime')}
              </label>
              <label>
                <input type="radio" name={fields.frequency.name} value="monthly" defaultChecked={value('frequency') === 'monthly'} /> {t('donate.monthly')}
              </label>
            </div>
          </fieldset>
          <Field label={t('donate.displayName')} name={fields.displayName.name} optional autoComplete="nickname" defaultValue={value('displayName') ?? user?.displayName} errors={err(fields.displayName.errors)} />
          <CheckboxField name={fields.anonymous.name} label={t('donate.anonymous')} defaultChecked={value('anonymous') === 'on'} />
          <TextareaField label={t('donate.message')} name={fields.message.name} rows={3} optional maxLength={500} defaultValue={value('message')} errors={err(fields.message.errors)} />
          {user ? null : (
            <>
              <Field label={t('donate.email')} hint={t('donate.emailHint')} name={fields.email.name} type="email" autoComplete="email" defaultValue={value('email')} errors={err(fields.email.errors)} />
              <CheckboxField name={fields.adult.name} label={t('donate.adult')} defaultChecked={value('adult') === 'on'} errors={err(fields.adult.errors)} />
            </>
          )}
          {ref ? (
            <>
              <input type="hidden" name={fields.ref.name} value={ref} />
              <p className="small muted">{t('donate.attributed')}</p>
            </>
          ) : null}
          {site ? (
            <>
              <input type="hidden" name={fields.site.name} value={site} />
              <p className="small muted">{t('widget.viaSite', { site })}</p>
            </>
          ) : null}
          {team ? <input type="hidden" name={fields.team.name} value={team.id} /> : null}
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
