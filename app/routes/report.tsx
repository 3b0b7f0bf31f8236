/**
 * Report an item: a project, an update, a supporter video, a donor message or an organisation.
 * Open to signed-out visitors (rate-limited per address; an optional email tells them the outcome);
 * signed-in reporters are told in-app and by email. Works without JavaScript.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { reportReasons, reportTargets, type ReportTarget } from '~db/enums'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Honeypot } from '~/components/honeypot'
import { Button } from '~/components/ui/button'
import { Field, RadioGroup, TextareaField } from '~/components/ui/field'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { describeTarget, fileReport } from '~/models/moderation.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { echo, invalid, readForm } from '~/utils/forms.server'
import { isUuid } from '~/utils/ids'
import { getOptionalUser } from '~/utils/permissions.server'
import { clientIp, hit } from '~/utils/rate-limit.server'
import { Fields, parseForm, type FieldErrors } from '~/utils/validation'
import { pageTitle } from '~/utils/meta'

const ReportSchema = z.object({
  type: z.enum(reportTargets, { message: 'validation.invalid' }),
  id: z.string().refine(isUuid, 'validation.invalid'),
  reason: z.enum(reportReasons, { message: 'validation.pickOne' }),
  details: Fields.optionalText(1000),
  email: z
    .string()
    .optional()
    .transform((value) => value?.trim().toLowerCase() || undefined)
    .pipe(z.string().max(254, 'validation.tooLong').email('validation.email').optional()),
  website: Fields.honeypot,
})

function targetParams(url: URL): { type: ReportTarget; id: string } | null {
  const type = url.searchParams.get('type') as ReportTarget | null
  const id = url.searchParams.get('id') ?? ''
  return type && reportTargets.includes(type) && isUuid(id) ? { type, id } : null
}

export async function loader({ request }: LoaderFunctionArgs) {
  const params = targetParams(new URL(request.url))
  const [t, user] = await Promise.all([getFixedT(request), getOptionalUser(request)])
  const target = params ? await describeTarget(db(), params.type, params.id) : null
  return data(
    {
      title: `${t('report.title')} — ${t('app.name')}`,
      target: target?.isPublic ? { type: target.type, id: target.id, title: excerpt(target.title), link: target.link } : null,
      signedIn: Boolean(user),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const parsed = parseForm(ReportSchema, formData)
  if (!parsed.ok) return invalid(parsed.errors, echo(formData, ['reason', 'details', 'email']))
  const user = await getOptionalUser(request)
  const wait = user ? await hit('reportUser', user.id) : await hit('reportIp', clientIp(context))
  if (wait) return invalid({ form: ['validation.tooManyAttempts'] }, echo(formData, ['reason', 'details', 'email']), { status: 429, params: { minutes: Math.ceil(wait / 60) } })
  const outcome = await fileReport(db(), {
    targetType: parsed.data.type,
    targetId: parsed.data.id,
    reason: parsed.data.reason,
    details: parsed.data.details ?? null,
    reporterId: user?.id ?? null,
    reporterEmail: user ? null : (parsed.data.email ?? null),
    locale: await detectLanguage(request),
  })
  if (!outcome.ok) {
    if (outcome.reason === 'duplicate') return { sent: 'duplicate' as const }
    return invalid({ form: ['report.notFound'] }, {}, { status: 404 })
  }
  return { sent: 'new' as const }
}

function excerpt(text: string) {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text
}

export default function Report() {
  const { target, signedIn } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: FieldErrors = actionData && 'errors' in actionData ? actionData.errors : {}
  const values: Record<string, string> = actionData && 'values' in actionData ? actionData.values : {}
  return (
    <section className="container narrow section" aria-labelledby="report-title">
      <h1 id="report-title">{t('report.title')}</h1>
      {actionData && 'sent' in actionData ? (
        <>
          <p role="status" className="notice">
            {actionData.sent === 'duplicate' ? t('report.duplicate') : t('report.sent')}
          </p>
          {target ? (
            <p>
              <Link to={target.link}>← {target.title}</Link>
            </p>
          ) : null}
        </>
      ) : !target ? (
        <p className="notice notice-warning" role="alert">
          {t('report.notFound')}
        </p>
      ) : (
        <>
          <p className="lead">{t('report.lead')}</p>
          <p>
            {t('report.about', { kind: t(`moderation.kind.${target.type}`), title: target.title })}
          </p>
          <Form method="post" noValidate>
            {errors.form ? (
              <p role="alert" className="form-error-summary">
                {translateErrors(t, errors.form, actionData && 'params' in actionData ? actionData.params : undefined)}
              </p>
            ) : null}
            <input type="hidden" name="type" value={target.type} />
            <input type="hidden" name="id" value={target.id} />
            <RadioGroup
              legend={t('report.reasonLabel')}
              name="reason"
              options={reportReasons.map((r) => ({ value: r, label: t(`report.reasons.${r}`) }))}
              selected={values.reason}
              errors={translateErrors(t, errors.reason)}
            />
            <TextareaField label={t('report.detailsLabel')} hint={t('report.detailsHint')} name="details" rows={4} optional maxLength={1000} defaultValue={values.details} errors={translateErrors(t, errors.details)} />
            {signedIn ? null : <Field label={t('report.emailLabel')} hint={t('report.emailHint')} name="email" type="email" autoComplete="email" optional defaultValue={values.email} errors={translateErrors(t, errors.email)} />}
            <Honeypot />
            <Button type="submit" disabled={busy}>
              {t('report.submit')}
            </Button>
          </Form>
        </>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
