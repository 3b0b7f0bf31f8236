import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { projectCategories } from '~db/enums'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Honeypot } from '~/components/honeypot'
import { Button } from '~/components/ui/button'
import { CheckboxField, CheckboxGroup, Field, FormErrorSummary, TextareaField } from '~/components/ui/field'
import { getFixedT } from '~/i18n/i18n.server'
import { discardUploads, MB, parseUploadForm, promote, RULES } from '~/media/upload.server'
import { applyForOrganization, UsccTakenError } from '~/models/organizations.server'
import { db } from '~/utils/db.server'
import { echo, invalid } from '~/utils/forms.server'
import { requireUser } from '~/utils/permissions.server'
import { hit } from '~/utils/rate-limit.server'
import { redirectWithToast } from '~/utils/toast.server'
import { Fields, parseForm, type FieldErrors } from '~/utils/validation'

const ApplicationSchema = z.object({
  name: Fields.text(120),
  uscc: Fields.uscc,
  qualification: Fields.checkbox,
  causeAreas: Fields.categories,
  region: Fields.text(60),
  description: Fields.text(2000),
  homepage: Fields.url,
  contactName: Fields.text(60),
  contactEmail: Fields.email,
  contactPhone: Fields.phone,
  website: Fields.honeypot,
})

/** Two 10 MB files and the text fields; a larger body is refused before it is read. */
const MAX_BODY = 21 * MB

const TEXT_FIELDS = ['name', 'uscc', 'region', 'description', 'homepage', 'contactName', 'contactEmail', 'contactPhone']

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const t = await getFixedT(request)
  return { title: `${t('orgApply.title')} — ${t('app.name')}`, defaults: { contactName: user.displayName, contactEmail: user.email } }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const wait = await hit('applyUser', user.id)
  if (wait) return invalid({ form: ['validation.tooManyAttempts'] }, {}, { status: 429, params: { minutes: Math.ceil(wait / 60) } })
  const declared = Number(request.headers.get('Content-Length') ?? '0')
  if (declared > MAX_BODY) return invalid({ form: ['validation.formTooLarge'] }, {}, { status: 413 })
  const contentType = request.headers.get('Content-Type') ?? ''
  if (!contentType.startsWith('multipart/form-data')) return invalid({ form: ['validation.formTooLarge'] }, {}, { status: 400 })

  const parsedUpload = await parseUploadForm(request, { certificate: RULES.certificate, logo: RULES.logo })
  if (!parsedUpload.ok) return invalid({ form: ['validation.formTooLarge'] }, {}, { status: 400 })
  const { formData, uploads } = parsedUpload
  const values = { ...echo(formData, TEXT_FIELDS), causeAreas: formData.getAll('causeAreas').map(String).join(','), qualification: formData.get('qualification') ? 'on' : '' }

  const parsed = parseForm(ApplicationSchema, formData)
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors }
  const certificate = uploads.get('certificate')
  if (!certificate) errors.certificate = ['validation.fileRequired']
  else if (!certificate.ok) errors.certificate = [certificate.error]
  const logo = uploads.get('logo')
  if (logo && !logo.ok) errors.logo = [logo.error]
  if (!parsed.ok || Object.keys(errors).length || !certificate?.ok) {
    await discardUploads(uploads)
    return invalid(errors, values)
  }

  const { data } = parsed
  try {
    const certificateFile = { ...certificate.file, storageKey: await promote(certificate.file) }
    const logoFile = logo?.ok ? { ...logo.file, storageKey: await promote(logo.file) } : undefined
    const org = await applyForOrganization(db(), {
      applicantId: user.id,
      application: {
        name: data.name,
        uscc: data.uscc,
        hasPublicFundraisingQualification: data.qualification,
        causeAreas: data.causeAreas,
        region: data.region,
        description: data.description,
        website: data.homepage,
        contactName: data.contactName,
        contactEmail: data.contactEmail,
        contactPhone: data.contactPhone,
      },
      certificate: pick(certificateFile),
      logo: logoFile ? pick(logoFile) : undefined,
    })
    return redirectWithToast(`/organizations/${org.slug}`, { type: 'success', key: 'orgApply.submitted' })
  } catch (error) {
    // Stored files are content-addressed and may be shared, so they stay; temporary ones go.
    await discardUploads(uploads)
    if (error instanceof UsccTakenError) return invalid({ uscc: ['validation.usccTaken'] }, values)
    throw error
  }
}

function pick(file: { storageKey: string; contentType: string; byteSize: number; sha256: string }) {
  return { storageKey: file.storageKey, contentType: file.contentType, byteSize: file.byteSize, sha256: file.sha256 }
}

export default function ApplyForOrganization() {
  const { defaults } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: FieldErrors = actionData?.errors ?? {}
  const values: Record<string, string> = actionData?.values ?? defaults
  const err = (name: string) => translateErrors(t, errors[name], actionData?.params)
  return (
    <section className="container narrow section" aria-labelledby="apply-title">
      <h1 id="apply-title">{t('orgApply.title')}</h1>
      <p className="lead">{t('orgApply.lead')}</p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <FormErrorSummary count={Object.keys(errors).length} />
        {errors.form ? <p className="form-error-summary">{err('form')}</p> : null}
        <h2>{t('orgApply.sectionOrganization')}</h2>
        <Field label={t('orgApply.name')} hint={t('orgApply.nameHint')} name="name" defaultValue={values.name} errors={err('name')} />
        <Field label={t('orgApply.uscc')} hint={t('orgApply.usccHint')} name="uscc" defaultValue={values.uscc} autoCapitalize="characters" spellCheck={false} maxLength={24} errors={err('uscc')} />
        <CheckboxField name="qualification" label={t('orgApply.qualification')} defaultChecked={values.qualification === 'on'} />
        <CheckboxGroup
          legend={t('orgApply.causes')}
          name="causeAreas"
          options={projectCategories.map((c) => ({ value: c, label: t(`category.${c}`) }))}
          selected={values.causeAreas?.split(',')}
          errors={err('causeAreas')}
        />
        <Field label={t('orgApply.region')} hint={t('orgApply.regionHint')} name="region" defaultValue={values.region} errors={err('region')} />
        <TextareaField label={t('orgApply.description')} hint={t('orgApply.descriptionHint')} name="description" rows={5} defaultValue={values.description} errors={err('description')} />
        <Field label={t('orgApply.website')} name="homepage" type="url" optional defaultValue={values.homepage} errors={err('homepage')} />
        <h2>{t('orgApply.sectionContact')}</h2>
        <ContactFields values={values} err={err} />
        <h2>{t('orgApply.sectionDocuments')}</h2>
        <Field label={t('orgApply.certificate')} hint={t('orgApply.certificateHint')} name="certificate" type="file" accept="application/pdf,image/jpeg,image/png" errors={err('certificate')} />
        <Field label={t('orgApply.logo')} hint={t('orgApply.logoHint')} name="logo" type="file" optional accept="image/jpeg,image/png,image/webp" errors={err('logo')} />
        <Honeypot />
        <Button type="submit" size="lg" disabled={busy}>
          {t('orgApply.submit')}
        </Button>
      </Form>
    </section>
  )
}

function ContactFields({ values, err }: { values: Record<string, string>; err: (name: string) => string[] | undefined }) {
  const { t } = useTranslation()
  return (
    <>
      <Field label={t('orgApply.contactName')} name="contactName" autoComplete="name" defaultValue={values.contactName} errors={err('contactName')} />
      <Field label={t('orgApply.contactEmail')} name="contactEmail" type="email" autoComplete="email" defaultValue={values.contactEmail} errors={err('contactEmail')} />
      <Field label={t('orgApply.contactPhone')} name="contactPhone" type="tel" autoComplete="tel" optional defaultValue={values.contactPhone} errors={err('contactPhone')} />
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
