/**
 * An organisation's owner or editor edits its profile: the name and description in the language
 * they are written in and, side by side, in the other (ADR 0021), and its region as typed and as a
 * GB/T 2260 division. Each change is audited.
 */
import type { SubmissionResult } from '@conform-to/react'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { BilingualColumns, ContentLanguageChoice, inOther, useContentLanguage } from '~/components/bilingual-fields'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { RegionCodeSelect } from '~/components/region-select'
import { Button } from '~/components/ui/button'
import { Field, FormErrorSummary, TextareaField } from '~/components/ui/field'
import { useValidatedForm } from '~/components/use-validated-form'
import { translatedValues, translationsFrom } from '~/content/translation-form'
import { InvalidTranslationError } from '~/content/translation-input'
import { getFixedT } from '~/i18n/i18n.server'
import { ORGANIZATION_LIMITS, OrganizationProfileSchema } from '~/models/organization-form'
import { NotAnEditorError, organizationBySlugOr404, updateOrganizationProfile } from '~/models/organizations.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { readSubmission, rejectSubmission } from '~/utils/forms.server'
import { pageTitle } from '~/utils/meta'
import { organizationIsPublic, requireOrgRole } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'

async function context(request: Request, slug: string | undefined) {
  const org = await organizationBySlugOr404(db(), slug)
  const { user } = await requireOrgRole(request, org.id, 'editor', { hidden: !organizationIsPublic(org.status) })
  return { org, user }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org } = await context(request, params.slug)
  const t = await getFixedT(request)
  return data(
    {
      title: `${t('orgProfile.title')} — ${org.name}`,
      org: { slug: org.slug, name: org.name },
      values: {
        name: org.name,
        description: org.description,
        region: org.region,
        regionCode: org.regionCode ?? '',
        contentLanguage: org.contentLanguage,
        ...translatedValues('organization', org.contentLanguage, org.translations),
      } as Record<string, string>,
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const { org, user } = await context(request, params.slug)
  const { submission } = await readSubmission(request, OrganizationProfileSchema)
  if (submission.status !== 'success') return rejectSubmission(submission)
  const profile = submission.value
  // A form that does not say its language keeps the organisation's.
  const contentLanguage = profile.contentLanguage ?? org.contentLanguage
  try {
    await updateOrganizationProfile(db(), {
      organizationId: org.id,
      actorId: user.id,
      profile: {
        name: profile.name,
        description: profile.description,
        region: profile.region,
        regionCode: profile.regionCode || null,
        contentLanguage,
        translations: translationsFrom('organization', profile, contentLanguage),
      },
    })
  } catch (error) {
    if (error instanceof InvalidTranslationError) return rejectSubmission(submission, { fieldErrors: { translationLanguage: ['validation.translationSameLanguage'] } })
    if (error instanceof NotAnEditorError) throw new Response('Forbidden', { status: 403 })
    throw error
  }
  return redirectWithToast(`/organizations/${org.slug}`, { type: 'success', key: 'orgProfile.saved' })
}

export default function EditOrganizationProfile() {
  const { org, values } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useValidatedForm(OrganizationProfileSchema, lastResult as SubmissionResult<string[]> | undefined, { id: 'org-profile' })
  const err = (errors: string[] | undefined) => translateErrors(t, errors)
  const value = (name: keyof typeof fields & string) => {
    const initial = fields[name]?.initialValue
    return typeof initial === 'string' ? initial : lastResult ? undefined : values[name]
  }
  const [contentLanguage, setContentLanguage] = useContentLanguage(value('contentLanguage'))
  const errorCount = Object.values(fields).filter((f) => f.errors?.length).length + (form.errors?.length ? 1 : 0)
  return (
    <section className="container form-wide section" aria-labelledby="org-profile-title">
      <p className="small">
        <Link to={`/organizations/${org.slug}/console`}>← {org.name}</Link>
      </p>
      <h1 id="org-profile-title">{t('orgProfile.title')}</h1>
      <p className="lead">{t('orgProfile.lead')}</p>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
        <FormErrorSummary count={errorCount} />
        {form.errors?.length ? <p className="form-error-summary">{err(form.errors)}</p> : null}
        <ContentLanguageChoice value={contentLanguage} onChange={setContentLanguage} errors={[...(err(fields.contentLanguage.errors) ?? []), ...(err(fields.translationLanguage.errors) ?? [])]} />
        <BilingualColumns
          contentLanguage={contentLanguage}
          original={
            <>
              <Field label={t('orgProfile.name')} name={fields.name.name} maxLength={ORGANIZATION_LIMITS.name} defaultValue={value('name')} errors={err(fields.name.errors)} />
              <TextareaField label={t('orgProfile.description')} name={fields.description.name} rows={6} defaultValue={value('description')} errors={err(fields.description.errors)} />
            </>
          }
          translation={
            <>
              <Field label={inOther(t('orgProfile.name'), contentLanguage)} name={fields.translatedName.name} optional maxLength={ORGANIZATION_LIMITS.name} defaultValue={value('translatedName')} errors={err(fields.translatedName.errors)} />
              <TextareaField label={inOther(t('orgProfile.description'), contentLanguage)} name={fields.translatedDescription.name} optional rows={6} defaultValue={value('translatedDescription')} errors={err(fields.translatedDescription.errors)} />
            </>
          }
        />
        <Field label={t('orgProfile.region')} hint={t('orgProfile.regionHint')} name={fields.region.name} defaultValue={value('region')} errors={err(fields.region.errors)} />
        <RegionCodeSelect id="org-region-code" name={fields.regionCode.name} defaultValue={value('regionCode')} errors={err(fields.regionCode.errors)} />
        <Button type="submit" size="lg" disabled={busy}>
          {t('orgProfile.save')}
        </Button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
