/** A signed-in supporter shares a video for a fundraising project; it is shown after an admin's review. */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { Field, FormErrorSummary, fieldErrorCount } from '~/components/ui/field'
import { getFixedT } from '~/i18n/i18n.server'
import { checkUploadQuota, quotaResponse } from '~/media/quotas.server'
import { discardUploads, MB, parseUploadForm, RULES, storeMedia } from '~/media/upload.server'
import { openChallengeFor, isJoinable } from '~/models/challenges.server'
import { getProjectBySlug } from '~/models/projects.server'
import { submitSupporterVideo } from '~/models/supporter-videos.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { echo, invalid } from '~/utils/forms.server'
import { requireUser } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'
import { Fields, parseForm, type FieldErrors as Errors } from '~/utils/validation'
import { invariantResponse } from '~/utils/http.server'
import { isMinor } from '~/utils/age'
import { pageTitle } from '~/utils/meta'

/** A video at its limit and the title (computed on the server: RULES is server-only). */
const maxBody = () => RULES.video.maxBytes + MB

async function context(request: Request, slug: string | undefined) {
  const user = await requireUser(request)
  const row = slug ? await getProjectBySlug(db(), slug) : null
  invariantResponse(row && row.project.status === 'fundraising', 404, 'Not found')
  return { ...row, user }
}

/** The challenge a video is made for (`?challenge=` or the form's field), when it can still be joined. */
async function challengeOf(projectId: string, slug: string | null) {
  if (!slug) return null
  const challenge = await openChallengeFor(db(), projectId, slug.slice(0, 80))
  return challenge && isJoinable({ status: challenge.status, endsOn: challenge.ends_on }, 'fundraising') ? { id: challenge.id, slug, tag: challenge.tag } : null
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project, user } = await context(request, params.slug)
  const [t, challenge] = await Promise.all([getFixedT(request), challengeOf(project.id, new URL(request.url).searchParams.get('challenge'))])
  return data(
    {
      title: `${t('supporterVideos.submitTitle', { project: project.title })} — ${t('app.name')}`,
      project: { slug: project.slug, title: project.title },
      challenge: challenge ? { slug: challenge.slug, tag: challenge.tag } : null,
      // A video shows its maker's face and voice to everyone: under-18 accounts cannot post one
      // (they can still follow, share and take part without paying).
      minor: isMinor(user.birthDate),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

const VideoSchema = z.object({ title: Fields.text(120) })

export async function action({ request, params }: ActionFunctionArgs) {
  const { project, user } = await context(request, params.slug)
  if (isMinor(user.birthDate)) return invalid({ form: ['supporterVideos.minor'] }, {}, { status: 403 })
  if (Number(request.headers.get('Content-Length') ?? '0') > maxBody()) return invalid({ form: ['validation.formTooLarge'] }, {}, { status: 413 })
  const over = await checkUploadQuota(db(), { userId: user.id, incomingBytes: Number(request.headers.get('Content-Length') ?? '0'), supporterVideoFor: project.id })
  if (over) {
    const { status, headers, hours } = quotaResponse(over)
    return data({ errors: { form: [over.key] }, values: {}, params: { hours } }, { status, headers })
  }
  if (!(request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) return invalid({ form: ['validation.formTooLarge'] }, {})
  const upload = await parseUploadForm(request, { video: RULES.video })
  if (!upload.ok) return invalid({ form: ['validation.formTooLarge'] }, {})
  const values = echo(upload.formData, ['title'])
  const parsed = parseForm(VideoSchema, upload.formData)
  const errors: Errors = parsed.ok ? {} : { ...parsed.errors }
  const challengeField = upload.formData.get('challenge')
  const challenge = typeof challengeField === 'string' && challengeField ? await challengeOf(project.id, challengeField) : null
  if (typeof challengeField === 'string' && challengeField && !challenge) errors.form = ['challenges.notJoinable']
  const video = upload.uploads.get('video')
  if (!video) errors.video = ['validation.fileRequired']
  else if (!video.ok) errors.video = [video.error]
  if (!parsed.ok || !video?.ok || Object.keys(errors).length) {
    await discardUploads(upload.uploads)
    return invalid(errors, values)
  }
  // Private until approved: only the author and admins can play it meanwhile.
  const mediaId = await storeMedia(db(), video.file, { uploadedBy: user.id, isPublic: false })
  await submitSupporterVideo(db(), { projectId: project.id, userId: user.id, title: parsed.data.title, mediaId, challengeId: challenge?.id ?? null })
  return redirectWithToast(challenge ? `/challenges/${challenge.slug}` : `/projects/${project.slug}#supporter-videos-title`, { type: 'success', key: 'supporterVideos.sent' })
}

export default function NewSupporterVideo() {
  const { project, challenge, minor } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: Errors = actionData?.errors ?? {}
  const values: Record<string, string> = actionData?.values ?? {}
  const err = (name: string) => translateErrors(t, errors[name], actionData?.params)
  return (
    <section className="container narrow section" aria-labelledby="video-form-title">
      <p className="small">
        <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      <h1 id="video-form-title">{t('supporterVideos.submitTitle', { project: project.title })}</h1>
      <p className="lead">{t('supporterVideos.lead')}</p>
      {challenge ? (
        <p className="notice" role="note">
          {t('challenges.joining', { tag: challenge.tag })}
        </p>
      ) : null}
      {minor ? (
        <p className="notice" role="note">
          {t('supporterVideos.minor')}
        </p>
      ) : (
      <Form method="post" encType="multipart/form-data" noValidate>
        {challenge ? <input type="hidden" name="challenge" value={challenge.slug} /> : null}
        <FormErrorSummary count={fieldErrorCount(errors)} />
        {errors.form ? <p className="form-error-summary">{err('form')}</p> : null}
        <Field label={t('supporterVideos.titleLabel')} name="title" maxLength={120} defaultValue={values.title} errors={err('title')} />
        <Field label={t('supporterVideos.videoLabel')} hint={t('updates.videoHint')} name="video" type="file" accept="video/mp4,video/quicktime,video/webm,.mov,.mp4,.webm,.mkv" errors={err('video')} />
        <Button type="submit" size="lg" disabled={busy}>
          {t('supporterVideos.send')}
        </Button>
      </Form>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
