/** An organisation's editor (or an admin) opens a challenge (话题) for a fundraising project. */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { Field, FormErrorSummary, fieldErrorCount, TextareaField } from '~/components/ui/field'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { BilingualColumns, ContentLanguageChoice, inOther, useContentLanguage, useFocusFirstError } from '~/components/bilingual-fields'
import { checkTranslation, translationShape, translationsFrom } from '~/content/translation-form'
import { CHALLENGE_SLUG, openChallenge, type OpenRefusal } from '~/models/challenges.server'
import { getProjectBySlug } from '~/models/projects.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { echo, invalid, readForm } from '~/utils/forms.server'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'
import { getOrgRole, requireUser } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'
import { chinaToday } from '~/utils/age'
import { DateSchema, Fields, parseForm, type FieldErrors as Errors } from '~/utils/validation'

async function context(request: Request, slug: string | undefined) {
  const user = await requireUser(request)
  const row = slug ? await getProjectBySlug(db(), slug) : null
  invariantResponse(row, 404, 'Not found')
  const role = await getOrgRole(db(), row.organization.id, user.id)
  // Outsiders meet a 404 for a project they cannot act on, as elsewhere (no hint it exists).
  invariantResponse(role === 'owner' || role === 'editor' || user.isAdmin, 404, 'Not found')
  invariantResponse(row.project.status === 'fundraising', 404, 'Not found')
  return { ...row, user }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project } = await context(request, params.slug)
  const t = await getFixedT(request)
  return data({ title: `${t('challenges.openTitle')} — ${project.title}`, project: { slug: project.slug, title: project.title } }, personalPage)
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

const CHALLENGE_LIMITS = { title: 80, brief: 5_000 } as const

const ChallengeSchema = z.object({
  // One word or phrase of 2–30 letters, digits or '_': no spaces, punctuation or markup, and no
  // invisible or direction-changing characters (a zero-width space or a right-to-left override
  // would make a look-alike of another's tag).
  tag: Fields.text(30)
    .transform((value) => value.normalize('NFKC').replace(/^#+/, ''))
    .pipe(z.string().min(1, 'validation.required').regex(/^[\p{L}\p{N}\p{M}_]{2,30}$/u, 'validation.challengeTag')),
  title: Fields.text(CHALLENGE_LIMITS.title),
  slug: z
    .string({ message: 'validation.required' })
    .trim()
    .toLowerCase()
    .min(1, { message: 'validation.required', abort: true })
    .regex(CHALLENGE_SLUG, 'validation.slug'),
  brief: Fields.text(CHALLENGE_LIMITS.brief),
  endsOn: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .pipe(DateSchema({ min: '2000-01-01' }).refine((v) => v >= chinaToday(), 'validation.dateNotPast').optional()),
  // The title and brief in the other language, optional (ADR 0021).
  ...translationShape('challenge', CHALLENGE_LIMITS),
}).superRefine(checkTranslation('challenge'))

export async function action({ request, params }: ActionFunctionArgs) {
  const { project, user } = await context(request, params.slug)
  const form = await readForm(request)
  const values = echo(form, ['tag', 'title', 'slug', 'brief', 'endsOn', 'contentLanguage', 'translatedTitle', 'translatedBrief'])
  const parsed = parseForm(ChallengeSchema, form)
  if (!parsed.ok) return invalid(parsed.errors, values)
  const contentLanguage = parsed.data.contentLanguage ?? (await detectLanguage(request))
  const opened = await openChallenge(db(), {
    projectId: project.id,
    actorId: user.id,
    tag: parsed.data.tag,
    title: parsed.data.title,
    brief: parsed.data.brief,
    contentLanguage,
    translations: translationsFrom('challenge', parsed.data, contentLanguage),
    slug: parsed.data.slug,
    endsOn: parsed.data.endsOn ?? null,
  })
  if (!opened.ok) {
    const refusals: Record<OpenRefusal, Errors> = { slugTaken: { slug: ['validation.slugTaken'] }, tagTaken: { tag: ['validation.challengeTagTaken'] }, projectNotFundraising: { form: ['supporterVideos.notFundraising'] } }
    const errors = refusals[opened.reason]
    return invalid(errors, values)
  }
  return redirectWithToast(`/challenges/${opened.slug}`, { type: 'success', key: 'challenges.opened' })
}

export default function NewChallenge() {
  const { project } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: Errors = actionData?.errors ?? {}
  const values: Record<string, string> = actionData?.values ?? {}
  const err = (name: string) => translateErrors(t, errors[name], actionData?.params)
  const [contentLanguage, setContentLanguage] = useContentLanguage(values.contentLanguage)
  useFocusFirstError(errors)
  return (
    <section className="container form-wide section" aria-labelledby="challenge-form-title">
      <p className="small">
        <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      <h1 id="challenge-form-title">{t('challenges.openTitle')}</h1>
      <p className="lead">{t('challenges.openLead')}</p>
      <Form method="post" noValidate>
        <FormErrorSummary count={fieldErrorCount(errors)} />
        {errors.form ? <p className="form-error-summary">{err('form')}</p> : null}
        <Field label={t('challenges.tagLabel')} hint={t('challenges.tagHint')} name="tag" maxLength={31} defaultValue={values.tag} errors={err('tag')} />
        <Field label={t('challenges.slugLabel')} hint={t('challenges.slugHint')} name="slug" maxLength={60} defaultValue={values.slug} errors={err('slug')} />
        <ContentLanguageChoice value={contentLanguage} onChange={setContentLanguage} errors={[...(err('contentLanguage') ?? []), ...(err('translationLanguage') ?? [])]} />
        <BilingualColumns
          contentLanguage={contentLanguage}
          original={
            <>
              <Field label={t('challenges.titleLabel')} name="title" maxLength={CHALLENGE_LIMITS.title} defaultValue={values.title} errors={err('title')} />
              <TextareaField label={t('challenges.briefLabel')} hint={t('challenges.briefHint')} name="brief" rows={6} maxLength={CHALLENGE_LIMITS.brief} defaultValue={values.brief} errors={err('brief')} />
            </>
          }
          translation={
            <>
              <Field label={inOther(t('challenges.titleLabel'), contentLanguage)} name="translatedTitle" optional maxLength={CHALLENGE_LIMITS.title} defaultValue={values.translatedTitle} errors={err('translatedTitle')} />
              <TextareaField label={inOther(t('challenges.briefLabel'), contentLanguage)} name="translatedBrief" optional rows={6} maxLength={CHALLENGE_LIMITS.brief} defaultValue={values.translatedBrief} errors={err('translatedBrief')} />
            </>
          }
        />
        <Field label={t('challenges.endsOnLabel')} hint={t('challenges.endsOnHint')} name="endsOn" type="date" optional defaultValue={values.endsOn} errors={err('endsOn')} />
        <Button type="submit" size="lg" disabled={busy}>
          {t('challenges.open')}
        </Button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
