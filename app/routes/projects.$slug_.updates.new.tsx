/** An organisation member posts an update: text, optionally a video, up to four images and linked expenses. */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { and, desc, eq, inArray, isNull } from 'drizzle-orm'
import { useTranslation } from 'react-i18next'
import { expenses } from '~db/schema'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { CheckboxGroup, Field, FormErrorSummary, fieldErrorCount } from '~/components/ui/field'
import { UpdateTextFields } from '~/components/update-text-fields'
import { translationsFrom } from '~/content/translation-form'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { UPDATE_FIELDS, UpdateSchema } from '~/models/update-form'
import { checkUploadQuota, quotaResponse } from '~/media/quotas.server'
import { discardUploads, MB, parseUploadForm, RULES, storeMedia, uploadsNamed } from '~/media/upload.server'
import { postUpdate } from '~/models/updates.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { echo, invalid } from '~/utils/forms.server'
import { formatMoney } from '~/utils/money'
import { requireProjectEditor } from '~/utils/project-access.server'
import { redirectWithToast } from '~/utils/toast.server'
import { parseForm, type FieldErrors as Errors } from '~/utils/validation'
import { pageTitle } from '~/utils/meta'

const MAX_IMAGES = 4
/** A video at its limit, four 10 MB images and the text (computed on the server: RULES is server-only). */
const maxBody = () => RULES.video.maxBytes + 45 * MB

function linkableExpenses(projectId: string) {
  return db()
    .select({ id: expenses.id, description: expenses.description, amount: expenses.amount, currency: expenses.currency, spentOn: expenses.spentOn })
    .from(expenses)
    .where(and(eq(expenses.projectId, projectId), isNull(expenses.voidedAt)))
    .orderBy(desc(expenses.createdAt))
    .limit(20)
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project } = await requireProjectEditor(request, params.slug, { live: true })
  const [recent, t] = await Promise.all([linkableExpenses(project.id), getFixedT(request)])
  return data({ title: `${t('updates.post')} — ${project.title}`, project: { slug: project.slug, title: project.title }, expenses: recent }, personalPage)
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const { project, organization, user } = await requireProjectEditor(request, params.slug, { live: true })
  if (Number(request.headers.get('Content-Length') ?? '0') > maxBody()) return invalid({ form: ['validation.formTooLarge'] }, {}, { status: 413 })
  const over = await checkUploadQuota(db(), { userId: user.id, incomingBytes: Number(request.headers.get('Content-Length') ?? '0') })
  if (over) {
    const { status, headers, hours } = quotaResponse(over)
    return data({ errors: { form: [over.key] }, values: {}, params: { hours } }, { status, headers })
  }
  if (!(request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) return invalid({ form: ['validation.formTooLarge'] }, {})
  const upload = await parseUploadForm(request, { video: RULES.video, images: RULES.image })
  if (!upload.ok) return invalid({ form: ['validation.formTooLarge'] }, {})
  const values = echo(upload.formData, UPDATE_FIELDS)
  const parsed = parseForm(UpdateSchema, upload.formData)
  const errors: Errors = parsed.ok ? {} : { ...parsed.errors }
  const video = upload.uploads.get('video')
  if (video && !video.ok) errors.video = [video.error]
  const images = uploadsNamed(upload.uploads, 'images')
  const imageError = images.find((i) => !i.ok)
  if (imageError && !imageError.ok) errors.images = [imageError.error]
  else if (images.length > MAX_IMAGES) errors.images = ['validation.tooManyImages']
  // Only this project's live expenses can be linked; anything else is ignored.
  const wanted = upload.formData.getAll('expenseIds').map(String).filter((id) => /^[0-9a-f-]{36}$/.test(id)).slice(0, 20)
  const expenseIds = wanted.length
    ? (await db().select({ id: expenses.id }).from(expenses).where(and(eq(expenses.projectId, project.id), isNull(expenses.voidedAt), inArray(expenses.id, wanted)))).map((e) => e.id)
    : []
  if (!parsed.ok || Object.keys(errors).length) {
    await discardUploads(upload.uploads)
    return invalid(errors, values)
  }
  try {
    const owner = { uploadedBy: user.id, organizationId: organization.id, isPublic: true }
    const videoMediaId = video?.ok ? await storeMedia(db(), video.file, owner) : null
    const imageMediaIds: string[] = []
    for (const image of images) if (image.ok) imageMediaIds.push(await storeMedia(db(), image.file, owner))
    const contentLanguage = parsed.data.contentLanguage ?? (await detectLanguage(request))
    const id = await postUpdate(db(), {
      projectId: project.id,
      organizationId: organization.id,
      authorId: user.id,
      title: parsed.data.title,
      body: parsed.data.body,
      contentLanguage,
      translations: translationsFrom('update', parsed.data, contentLanguage),
      videoMediaId,
      imageMediaIds,
      expenseIds,
    })
    return redirectWithToast(`/projects/${project.slug}#update-${id}`, { type: 'success', key: 'updates.posted' })
  } catch (error) {
    await discardUploads(upload.uploads)
    throw error
  }
}

export default function NewUpdate() {
  const { project, expenses: linkable } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: Errors = actionData?.errors ?? {}
  const values: Record<string, string> = actionData?.values ?? {}
  const err = (name: string) => translateErrors(t, errors[name], actionData?.params)
  return (
    <section className="container form-wide section" aria-labelledby="update-form-title">
      <p className="small">
        <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      <h1 id="update-form-title">{t('updates.postTitle', { project: project.title })}</h1>
      <p className="lead">{t('updates.lead')}</p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <FormErrorSummary count={fieldErrorCount(errors)} />
        {errors.form ? <p className="form-error-summary">{err('form')}</p> : null}
        <UpdateTextFields values={values} errors={errors} params={actionData?.params} />
        <Field label={t('updates.videoLabel')} hint={t('updates.videoHint')} name="video" type="file" optional accept="video/mp4,video/quicktime,video/webm,.mov,.mp4,.webm,.mkv" errors={err('video')} />
        <Field label={t('updates.imagesLabel')} hint={t('updates.imagesHint')} name="images" type="file" multiple optional accept="image/jpeg,image/png,image/webp" errors={err('images')} />
        {linkable.length ? (
          <CheckboxGroup
            legend={t('updates.expensesLabel')}
            name="expenseIds"
            options={linkable.map((e) => ({ value: e.id, label: `${e.spentOn} · ${e.description} · ${formatMoney(e.amount, e.currency, i18n.language)}` }))}
          />
        ) : null}
        <Button type="submit" size="lg" disabled={busy}>
          {t('updates.submit')}
        </Button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
