/**
 * A project's version in the other language, added or corrected after it left draft (ADR 0021):
 * its organisation's owner or editor writes the title, summary, story and budget lines' labels beside
 * the original, which stays as approved. Works without JavaScript; audited.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { BilingualColumns, inOther } from '~/components/bilingual-fields'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { Field, FormErrorSummary, TextareaField } from '~/components/ui/field'
import { useValidatedForm } from '~/components/use-validated-form'
import { translatedValues } from '~/content/translation-form'
import { otherLanguage } from '~/content/translation-input'
import { languageNames } from '~/i18n/config'
import { getFixedT } from '~/i18n/i18n.server'
import { getBudgetLines, updateProjectTranslation } from '~/models/project-lifecycle.server'
import { projectTranslationSchema } from '~/models/project-translation-form'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { readSubmission, rejectSubmission } from '~/utils/forms.server'
import { pageTitle } from '~/utils/meta'
import { requireProjectEditor } from '~/utils/project-access.server'
import { redirectWithToast } from '~/utils/toast.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project } = await requireProjectEditor(request, params.slug)
  const [t, lines] = await Promise.all([getFixedT(request), getBudgetLines(db(), project.id)])
  const other = otherLanguage(project.contentLanguage)
  return data(
    {
      title: `${t('projectTranslation.title', { language: languageNames[other] })} — ${project.title}`,
      project: { slug: project.slug, title: project.title, summary: project.summary, story: project.story, contentLanguage: project.contentLanguage },
      values: translatedValues('project', project.contentLanguage, project.translations),
      lines: lines.map((line) => ({ id: line.id, label: line.label, translatedLabel: translatedValues('budgetLine', line.contentLanguage, line.translations).translatedLabel ?? '' })),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const { project, organization, user } = await requireProjectEditor(request, params.slug)
  const { submission } = await readSubmission(request, projectTranslationSchema)
  if (submission.status !== 'success') return rejectSubmission(submission)
  const form = submission.value
  await updateProjectTranslation(db(), {
    projectId: project.id,
    organizationId: organization.id,
    actorId: user.id,
    version: { title: form.translatedTitle, summary: form.translatedSummary, story: form.translatedStory },
    lineLabels: Object.fromEntries((form.lines ?? []).map((line) => [line.id, line.translatedLabel])),
  })
  return redirectWithToast(`/projects/${project.slug}`, { type: 'success', key: 'projectTranslation.saved' })
}

export default function ProjectTranslation() {
  const { project, values, lines } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useValidatedForm(projectTranslationSchema, lastResult, { id: 'project-translation' })
  const err = (errors: string[] | undefined) => translateErrors(t, errors)
  const other = otherLanguage(project.contentLanguage)
  const initial = (name: 'translatedTitle' | 'translatedSummary' | 'translatedStory') => {
    const sent = fields[name]?.initialValue
    return typeof sent === 'string' ? sent : values[name]
  }
  // What was sent, and its errors, for each line after the server refused the form (no JavaScript).
  const sentLines = (lastResult?.initialValue as { lines?: { translatedLabel?: string }[] } | undefined)?.lines
  const lineErrors = (i: number) => (lastResult?.error as Record<string, string[] | null> | undefined)?.[`lines[${i}].translatedLabel`] ?? undefined
  const errorCount = Object.values(fields).filter((f) => f.errors?.length).length + (form.errors?.length ? 1 : 0)
  return (
    <section className="container section" aria-labelledby="translation-title">
      <p className="small">
        <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      <h1 id="translation-title">{t('projectTranslation.title', { language: languageNames[other] })}</h1>
      <p className="lead">{t('projectTranslation.lead', { language: languageNames[other], original: languageNames[project.contentLanguage] })}</p>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
        <FormErrorSummary count={errorCount} />
        {form.errors?.length ? <p className="form-error-summary">{err(form.errors)}</p> : null}
        <BilingualColumns
          contentLanguage={project.contentLanguage}
          original={
            <dl className="translation-original">
              <dt>{t('projectForm.title')}</dt>
              <dd>{project.title}</dd>
              <dt>{t('projectForm.summary')}</dt>
              <dd>{project.summary}</dd>
              <dt>{t('projectForm.story')}</dt>
              <dd className="translation-story">{project.story}</dd>
            </dl>
          }
          translation={
            <>
              <Field label={inOther(t('projectForm.title'), project.contentLanguage)} name={fields.translatedTitle.name} maxLength={80} optional defaultValue={initial('translatedTitle')} errors={err(fields.translatedTitle.errors)} />
              <TextareaField label={inOther(t('projectForm.summary'), project.contentLanguage)} name={fields.translatedSummary.name} rows={3} maxLength={200} optional defaultValue={initial('translatedSummary')} errors={err(fields.translatedSummary.errors)} />
              <TextareaField label={inOther(t('projectForm.story'), project.contentLanguage)} name={fields.translatedStory.name} rows={10} optional defaultValue={initial('translatedStory')} errors={err(fields.translatedStory.errors)} />
            </>
          }
        />
        {lines.length ? (
          <fieldset className="translation-lines">
            <legend>{t('projectForm.budget')}</legend>
            {lines.map((line, i) => (
              <div key={line.id} className="bilingual">
                <p className="bilingual-column" lang={project.contentLanguage}>
                  {line.label}
                </p>
                <div className="bilingual-column bilingual-translation" lang={other}>
                  <input type="hidden" name={`lines[${i}].id`} value={line.id} />
                  <Field
                    label={inOther(`${t('projectTranslation.line', { n: i + 1 })}`, project.contentLanguage)}
                    name={`lines[${i}].translatedLabel`}
                    maxLength={120}
                    optional
                    defaultValue={sentLines ? (sentLines[i]?.translatedLabel ?? '') : line.translatedLabel}
                    errors={err(lineErrors(i))}
                  />
                </div>
              </div>
            ))}
          </fieldset>
        ) : null}
        <input type="hidden" name="intent" value="saveTranslation" />
        <Button type="submit" size="lg" disabled={busy}>
          {t('projectTranslation.save')}
        </Button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
