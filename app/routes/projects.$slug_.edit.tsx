import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ProjectForm } from '~/components/project-form'
import { getFixedT } from '~/i18n/i18n.server'
import { budgetProblem, getBudgetLines, ProjectNotEditableError, updateProjectDraft } from '~/models/project-lifecycle.server'
import { readProjectSubmission } from '~/models/project-upload.server'
import { db } from '~/utils/db.server'
import { toDecimalString } from '~/utils/money'
import { requireProjectEditor } from '~/utils/project-access.server'
import { redirectWithToast } from '~/utils/toast.server'
import { pageTitle } from '~/utils/meta'
import { translatedValues } from '~/content/translation-form'
import { InvalidTranslationError } from '~/content/translation-input'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project } = await requireProjectEditor(request, params.slug)
  const t = await getFixedT(request)
  const lines = await getBudgetLines(db(), project.id)
  return {
    title: `${t('projectForm.editTitle')} — ${project.title}`,
    slug: project.slug,
    isDraft: project.status === 'draft',
    budgetMismatch: budgetProblem(project.goalAmount, lines, project.budgetNote) !== null,
    values: {
      fields: {
        title: project.title,
        summary: project.summary,
        story: project.story,
        category: project.category,
        region: project.region,
        regionCode: project.regionCode ?? '',
        goal: toDecimalString(project.goalAmount, project.currency),
        startsOn: project.startsOn,
        endsOn: project.endsOn,
        budgetNote: project.budgetNote ?? '',
        contentLanguage: project.contentLanguage,
        ...translatedValues('project', project.contentLanguage, project.translations),
      },
      lines: lines.map((l) => ({
        label: l.label,
        amount: toDecimalString(l.plannedAmount, project.currency),
        translatedLabel: translatedValues('budgetLine', project.contentLanguage, l.translations).translatedLabel ?? '',
      })),
    },
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const { project, organization, user } = await requireProjectEditor(request, params.slug)
  const submission = await readProjectSubmission(request, project.contentLanguage)
  if (!submission.ok) return data({ errors: submission.errors, values: submission.values }, { status: submission.status })
  if (project.status !== 'draft') {
    await submission.discard()
    return data({ errors: { form: ['projectForm.notEditable'] }, values: { fields: {}, lines: [] } }, { status: 409 })
  }
  try {
    const coverMediaId = await submission.storeCover(db(), organization.id, user.id)
    await updateProjectDraft(db(), { projectId: project.id, project: { ...submission.project, ...(coverMediaId ? { coverMediaId } : {}) } })
  } catch (error) {
    await submission.discard()
    if (error instanceof ProjectNotEditableError) return data({ errors: { form: ['projectForm.notEditable'] }, values: { fields: {}, lines: [] } }, { status: 409 })
    if (error instanceof InvalidTranslationError) return data({ errors: { translationLanguage: ['validation.translationSameLanguage'] }, values: submission.values }, { status: 400 })
    throw error
  }
  return redirectWithToast(`/projects/${project.slug}`, { type: 'success', key: 'projectForm.saved' })
}

export default function EditProject() {
  const { slug, isDraft, budgetMismatch, values } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <section className="container form-wide section" aria-labelledby="edit-project-title">
      <p className="small">
        <Link to={`/projects/${slug}`}>← {values.fields.title}</Link>
      </p>
      <h1 id="edit-project-title">{t('projectForm.editTitle')}</h1>
      {isDraft ? null : <p className="notice notice-warning">{t('projectForm.notEditable')}</p>}
      {budgetMismatch ? <p className="notice">{t('project.problem.budgetMismatch')}</p> : null}
      <ProjectForm values={actionData?.values ?? values} errors={actionData?.errors ?? {}} submitLabel={t('projectForm.save')} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
