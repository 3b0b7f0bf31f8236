import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ProjectForm } from '~/components/project-form'
import { getFixedT } from '~/i18n/i18n.server'
import { organizationBySlugOr404 } from '~/models/organizations.server'
import { createProjectDraft, OrganizationNotApprovedError } from '~/models/project-lifecycle.server'
import { readProjectSubmission } from '~/models/project-upload.server'
import { db } from '~/utils/db.server'
import { organizationIsPublic, requireOrgRole } from '~/utils/permissions.server'
import { toastHeader } from '~/utils/toast.server'
import { data } from '@remix-run/node'
import { pageTitle } from '~/utils/meta'
import { InvalidTranslationError } from '~/content/translation-input'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const org = await organizationBySlugOr404(db(), params.slug)
  await requireOrgRole(request, org.id, 'editor', { hidden: !organizationIsPublic(org.status) })
  const t = await getFixedT(request)
  return { title: `${t('projectForm.newTitle')} — ${org.name}`, org: { slug: org.slug, name: org.name, approved: org.status === 'approved' } }
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const org = await organizationBySlugOr404(db(), params.slug)
  const { user } = await requireOrgRole(request, org.id, 'editor', { hidden: !organizationIsPublic(org.status) })
  const submission = await readProjectSubmission(request)
  if (!submission.ok) return data({ errors: submission.errors, values: submission.values }, { status: submission.status })
  if (org.status !== 'approved') {
    await submission.discard()
    return data({ errors: { form: ['projectForm.orgNotApproved'] }, values: { fields: {}, lines: [] } }, { status: 409 })
  }
  try {
    const coverMediaId = await submission.storeCover(db(), org.id, user.id)
    const project = await createProjectDraft(db(), { organizationId: org.id, userId: user.id, project: { ...submission.project, coverMediaId } })
    return redirect(`/projects/${project.slug}`, { headers: { 'Set-Cookie': await toastHeader({ type: 'success', key: 'projectForm.created' }) } })
  } catch (error) {
    await submission.discard()
    if (error instanceof OrganizationNotApprovedError) return data({ errors: { form: ['projectForm.orgNotApproved'] }, values: { fields: {}, lines: [] } }, { status: 409 })
    if (error instanceof InvalidTranslationError) return data({ errors: { translationLanguage: ['validation.translationSameLanguage'] }, values: submission.values }, { status: 400 })
    throw error
  }
}

export default function NewProject() {
  const { org } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <section className="container form-wide section" aria-labelledby="new-project-title">
      <p className="small">
        <Link to={`/organizations/${org.slug}/console`}>← {org.name}</Link>
      </p>
      <h1 id="new-project-title">{t('projectForm.newTitle')}</h1>
      <p className="lead">{t('projectForm.lead')}</p>
      {org.approved ? null : <p className="notice notice-warning">{t('projectForm.orgNotApproved')}</p>}
      <ProjectForm values={actionData?.values ?? { fields: {}, lines: [] }} errors={actionData?.errors ?? {}} submitLabel={t('projectForm.save')} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
