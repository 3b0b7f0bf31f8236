import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { projectCategories } from '~db/enums'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Honeypot } from '~/components/honeypot'
import { Button } from '~/components/ui/button'
import { CheckboxField, CheckboxGroup, Field, FormErrorSummary, TextareaField } from '~/components/ui/field'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { BilingualColumns, ContentLanguageChoice, inOther, useContentLanguage } from '~/components/bilingual-fields'
import { RegionCodeSelect } from '~/components/region-select'
import { translationsFrom } from '~/content/translation-form'
import { checkOrganizationTranslation, ORGANIZATION_LIMITS, OrganizationProfileFields } from '~/models/organization-form'
import { discardUploads, MB, parseUploadForm, promote, RULES } from '~/media/upload.server'
import { applyForOrganization, UsccTakenError } from '~/models/organizations.server'
import { db } from '~/utils/db.server'
import { rejectSubmission } from '~/utils/forms.server'
import { useValidatedForm } from '~/components/use-validated-form'
import { requireUser } from '~/utils/permissions.server'
import { hit } from '~/utils/rate-limit.server'
import { redirectWithToast } from '~/utils/toast.server'
import { Fields, withParams } from '~/utils/validation'
import { pageTitle } from '~/utils/meta'

const ApplicationFields = z.object({
  ...OrganizationProfileFields,
  uscc: Fields.uscc,
  qualification: Fields.checkbox,
  causeAreas: Fields.categories,
  homepage: Fields.url,
  contactName: Fields.text(60),
  contactEmail: Fields.email,
  contactPhone: Fields.phone,
  website: Fields.honeypot,
})

export const ApplicationSchema = ApplicationFields.superRefine(checkOrganizationTranslation)

/** In the browser, the same schema also asks for the certificate (the server checks the file's content itself). */
const BrowserApplicationSchema = ApplicationFields.extend({
  certificate: z.any().refine((file) => typeof File !== 'undefined' && file instanceof File && file.size > 0, 'validation.fileRequired'),
}).superRefine(checkOrganizationTranslation)

/** Two 10 MB files and the text fields; a larger body is refused before it is read. */
const MAX_BODY = 21 * MB

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const t = await getFixedT(request)
  return { title: `${t('orgApply.title')} — ${t('app.name')}`, defaults: { contactName: user.displayName, contactEmail: user.email } }
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const refuse = (formErrors: string[], status: number, extra: Record<string, string | number> = {}) =>
    data({ status: 'error' as const, error: { '': formErrors.map((key) => (Object.keys(extra).length ? withParams(key, extra) : key)) } }, { status })
  const wait = await hit('applyUser', user.id)
  if (wait) return refuse(['validation.tooManyAttempts'], 429, { minutes: Math.ceil(wait / 60) })
  const declared = Number(request.headers.get('Content-Length') ?? '0')
  if (declared > MAX_BODY) return refuse(['validation.formTooLarge'], 413)
  const contentType = request.headers.get('Content-Type') ?? ''
  if (!contentType.startsWith('multipart/form-data')) return refuse(['validation.formTooLarge'], 400)

  const parsedUpload = await parseUploadForm(request, { certificate: RULES.certificate, logo: RULES.logo })
  if (!parsedUpload.ok) return refuse(['validation.formTooLarge'], 400)
  const { formData, uploads } = parsedUpload
  const submission = parseWithZod(formData, { schema: ApplicationSchema })
  const fileErrors: Record<string, string[]> = {}
  const certificate = uploads.get('certificate')
  if (!certificate) fileErrors.certificate = ['validation.fileRequired']
  else if (!certificate.ok) fileErrors.certificate = [certificate.error]
  const logo = uploads.get('logo')
  if (logo && !logo.ok) fileErrors.logo = [logo.error]
  if (submission.status !== 'success' || Object.keys(fileErrors).length || !certificate?.ok) {
    await discardUploads(uploads)
    return rejectSubmission(submission, { fieldErrors: { ...(submission.status === 'success' ? {} : submission.error), ...fileErrors } as Record<string, string[]> })
  }

  const application = submission.value
  const contentLanguage = application.contentLanguage ?? (await detectLanguage(request))
  try {
    const certificateFile = { ...certificate.file, storageKey: await promote(certificate.file) }
    const logoFile = logo?.ok ? { ...logo.file, storageKey: await promote(logo.file) } : undefined
    const org = await applyForOrganization(db(), {
      applicantId: user.id,
      application: {
        name: application.name,
        uscc: application.uscc,
        hasPublicFundraisingQualification: application.qualification,
        causeAreas: application.causeAreas,
        region: application.region,
        regionCode: application.regionCode || null,
        description: application.description,
        contentLanguage,
        translations: translationsFrom('organization', application, contentLanguage),
        website: application.homepage,
        contactName: application.contactName,
        contactEmail: application.contactEmail,
        contactPhone: application.contactPhone,
      },
      certificate: pick(certificateFile),
      logo: logoFile ? pick(logoFile) : undefined,
    })
    return redirectWithToast(`/organizations/${org.slug}`, { type: 'success', key: 'orgApply.submitted' })
  } catch (error) {
    // Stored files are content-addressed and may be shared, so they stay; temporary ones go.
    await discardUploads(uploads)
    if (error instanceof UsccTakenError) return rejectSubmission(submission, { fieldErrors: { uscc: ['validation.usccTaken'] } })
    throw error
  }
}

function pick(file: { storageKey: string; contentType: string; byteSize: number; sha256: string }) {
  return { storageKey: file.storageKey, contentType: file.contentType, byteSize: file.byteSize, sha256: file.sha256 }
}

export default function ApplyForOrganization() {
  const { defaults } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useValidatedForm(BrowserApplicationSchema, lastResult as SubmissionResult<string[]> | undefined, { id: 'apply' })
  const err = (errors: string[] | undefined) => translateErrors(t, errors)
  const value = (name: keyof typeof fields) => {
    const initial = fields[name]?.initialValue
    return typeof initial === 'string' ? initial : lastResult ? undefined : defaults[name as keyof typeof defaults]
  }
  const causes = fields.causeAreas.initialValue
  const [contentLanguage, setContentLanguage] = useContentLanguage(value('contentLanguage'))
  const errorCount = Object.values(fields).filter((f) => f.errors?.length).length + (form.errors?.length ? 1 : 0)
  return (
    <section className="container form-wide section" aria-labelledby="apply-title">
      <h1 id="apply-title">{t('orgApply.title')}</h1>
      <p className="lead">{t('orgApply.lead')}</p>
      <Form method="post" encType="multipart/form-data" id={form.id} onSubmit={form.onSubmit} noValidate>
        <FormErrorSummary count={errorCount} />
        {form.errors?.length ? <p className="form-error-summary">{err(form.errors)}</p> : null}
        <h2>{t('orgApply.sectionOrganization')}</h2>
        <ContentLanguageChoice value={contentLanguage} onChange={setContentLanguage} errors={[...(err(fields.contentLanguage.errors) ?? []), ...(err(fields.translationLanguage.errors) ?? [])]} />
        <BilingualColumns
          contentLanguage={contentLanguage}
          original={
            <>
              <Field label={t('orgApply.name')} hint={t('orgApply.nameHint')} name={fields.name.name} maxLength={ORGANIZATION_LIMITS.name} defaultValue={value('name')} errors={err(fields.name.errors)} />
              <TextareaField label={t('orgApply.description')} hint={t('orgApply.descriptionHint')} name={fields.description.name} rows={5} defaultValue={value('description')} errors={err(fields.description.errors)} />
            </>
          }
          translation={
            <>
              <Field label={inOther(t('orgApply.name'), contentLanguage)} name={fields.translatedName.name} optional maxLength={ORGANIZATION_LIMITS.name} defaultValue={value('translatedName')} errors={err(fields.translatedName.errors)} />
              <TextareaField label={inOther(t('orgApply.description'), contentLanguage)} name={fields.translatedDescription.name} optional rows={5} defaultValue={value('translatedDescription')} errors={err(fields.translatedDescription.errors)} />
            </>
          }
        />
        <Field label={t('orgApply.uscc')} hint={t('orgApply.usccHint')} name={fields.uscc.name} defaultValue={value('uscc')} autoCapitalize="characters" spellCheck={false} maxLength={24} errors={err(fields.uscc.errors)} />
        <CheckboxField name={fields.qualification.name} label={t('orgApply.qualification')} defaultChecked={value('qualification') === 'on'} />
        <CheckboxGroup
          legend={t('orgApply.causes')}
          name={fields.causeAreas.name}
          options={projectCategories.map((c) => ({ value: c, label: t(`category.${c}`) }))}
          selected={Array.isArray(causes) ? causes.map(String) : typeof causes === 'string' ? [causes] : undefined}
          errors={err(fields.causeAreas.errors)}
        />
        <Field label={t('orgApply.region')} hint={t('orgApply.regionHint')} name={fields.region.name} defaultValue={value('region')} errors={err(fields.region.errors)} />
        <RegionCodeSelect id="apply-region-code" name={fields.regionCode.name} defaultValue={value('regionCode')} errors={err(fields.regionCode.errors)} />
        <Field label={t('orgApply.website')} name={fields.homepage.name} type="url" optional defaultValue={value('homepage')} errors={err(fields.homepage.errors)} />
        <h2>{t('orgApply.sectionContact')}</h2>
        <Field label={t('orgApply.contactName')} name={fields.contactName.name} autoComplete="name" defaultValue={value('contactName')} errors={err(fields.contactName.errors)} />
        <Field label={t('orgApply.contactEmail')} name={fields.contactEmail.name} type="email" autoComplete="email" defaultValue={value('contactEmail')} errors={err(fields.contactEmail.errors)} />
        <Field label={t('orgApply.contactPhone')} name={fields.contactPhone.name} type="tel" autoComplete="tel" optional defaultValue={value('contactPhone')} errors={err(fields.contactPhone.errors)} />
        <h2>{t('orgApply.sectionDocuments')}</h2>
        <Field label={t('orgApply.certificate')} hint={t('orgApply.certificateHint')} name={fields.certificate.name} type="file" accept="application/pdf,image/jpeg,image/png" errors={err(fields.certificate.errors)} />
        <Field label={t('orgApply.logo')} hint={t('orgApply.logoHint')} name="logo" type="file" optional accept="image/jpeg,image/png,image/webp" errors={err((fields as Record<string, { errors?: string[] }>).logo?.errors)} />
        <Honeypot />
        <Button type="submit" size="lg" disabled={busy}>
          {t('orgApply.submit')}
        </Button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
