/** Corrects an update within 24 hours of posting; the previous text is kept in its history. */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { FormErrorSummary, fieldErrorCount } from '~/components/ui/field'
import { UpdateTextFields } from '~/components/update-text-fields'
import { translatedValues, translationsFrom } from '~/content/translation-form'
import { UPDATE_FIELDS, UpdateSchema } from '~/models/update-form'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { getProjectById } from '~/models/projects.server'
import { canEditUntil, editUpdate, getUpdate } from '~/models/updates.server'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { echo, invalid, readForm } from '~/utils/forms.server'
import { isUuid } from '~/utils/ids'
import { requireOrgRole } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'
import { parseForm, type FieldErrors as Errors } from '~/utils/validation'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'

async function context(request: Request, id: string | undefined) {
  const update = id && isUuid(id) ? await getUpdate(db(), id) : null
  invariantResponse(update && update.status !== 'removed', 404, 'Not found')
  const { user } = await requireOrgRole(request, update.organizationId, 'editor')
  const project = (await getProjectById(db(), update.projectId))!
  return { update, project, user }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { update, project } = await context(request, params.id)
  const [t, language] = await Promise.all([getFixedT(request), detectLanguage(request)])
  const until = canEditUntil(update.createdAt)
  return data(
    {
      title: `${t('updates.editTitle', { title: update.title })} — ${t('app.name')}`,
      update: { id: update.id, title: update.title, body: update.body, contentLanguage: update.contentLanguage, ...translatedValues('update', update.contentLanguage, update.translations) },
      project: { slug: project.slug, title: project.title },
      until: dateFormatter(language, { withTime: true })(until),
      open: until.getTime() >= Date.now(),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const { update, project, user } = await context(request, params.id)
  const formData = await readForm(request)
  const values = echo(formData, UPDATE_FIELDS)
  const parsed = parseForm(UpdateSchema, formData)
  if (!parsed.ok) return invalid(parsed.errors, values)
  // A form that does not say its language keeps the update's.
  const contentLanguage = parsed.data.contentLanguage ?? update.contentLanguage
  const result = await editUpdate(db(), {
    updateId: update.id,
    organizationId: update.organizationId,
    editorId: user.id,
    title: parsed.data.title,
    body: parsed.data.body,
    contentLanguage,
    translations: translationsFrom('update', parsed.data, contentLanguage),
  })
  invariantResponse(result.ok || result.reason !== 'notFound', 404, 'Not found')
  if (!result.ok) return invalid({ form: ['updates.windowClosed'] }, values, { status: 409 })
  return redirectWithToast(`/projects/${project.slug}#update-${update.id}`, { type: 'success', key: 'updates.saved' })
}

export default function EditUpdate() {
  const { update, project, until, open } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: Errors = actionData?.errors ?? {}
  const err = (name: string) => translateErrors(t, errors[name], actionData?.params)
  return (
    <section className="container form-wide section" aria-labelledby="edit-update-title">
      <p className="small">
        <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      <h1 id="edit-update-title">{t('updates.editTitle', { title: update.title })}</h1>
      {open ? <p className="lead">{t('updates.editLead', { until })}</p> : <p className="notice">{t('updates.windowClosed')}</p>}
      {open ? (
        <Form method="post" noValidate>
          <FormErrorSummary count={fieldErrorCount(errors)} />
          {errors.form ? <p className="form-error-summary">{err('form')}</p> : null}
          <UpdateTextFields values={actionData?.values ?? update} errors={errors} params={actionData?.params} stored={update.contentLanguage} />
          <Button type="submit" size="lg" disabled={busy}>
            {t('updates.save')}
          </Button>
        </Form>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
