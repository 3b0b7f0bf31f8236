import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { requireRecentVerification } from '~/utils/sign-in.server'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { eq } from 'drizzle-orm'
import { useTranslation } from 'react-i18next'
import { organizations, projects } from '~db/schema'
import { AuditHistory } from '~/components/audit-history'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { Field, FormErrorSummary, fieldErrorCount, TextareaField } from '~/components/ui/field'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { publicOrigin } from '~/mail/messages.server'
import { auditEntries } from '~/models/organizations.server'
import { isUuid } from '~/utils/ids'
import { budgetProblem, getBudgetLines, ProjectTransitionError, transitionProject } from '~/models/project-lifecycle.server'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { invalid, readForm } from '~/utils/forms.server'
import { renderMarkdown } from '~/utils/markdown.server'
import { formatMoney } from '~/utils/money'
import { requireAdmin } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'

async function projectOr404(id: string | undefined) {
  invariantResponse(id && isUuid(id), 404, 'Not found')
  const [row] = await db()
    .select({ project: projects, organization: { id: organizations.id, name: organizations.name, slug: organizations.slug, status: organizations.status } })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(eq(projects.id, id))
  invariantResponse(row, 404, 'Not found')
  return row
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const { project, organization } = await projectOr404(params.id)
  const [lines, history, t, language] = await Promise.all([
    getBudgetLines(db(), project.id),
    auditEntries(db(), { targetType: 'project', targetId: project.id }),
    getFixedT(request),
    detectLanguage(request),
  ])
  const date = dateFormatter(language, { withTime: true })
  return {
    title: `${project.title} — ${t('admin.title')}`,
    project: {
      id: project.id,
      slug: project.slug,
      title: project.title,
      summary: project.summary,
      status: project.status,
      category: project.category,
      region: project.region,
      currency: project.currency,
      goal: project.goalAmount,
      dates: `${project.startsOn} – ${project.endsOn}`,
      storyHtml: renderMarkdown(project.story),
      budgetNote: project.budgetNote,
      coverUrl: project.coverMediaId ? `/media/${project.coverMediaId}` : null,
    },
    organization,
    lines: lines.map((l) => ({ id: l.id, label: l.label, planned: l.plannedAmount })),
    budgetMismatch: budgetProblem(project.goalAmount, lines, null) !== null,
    history: history.map((h) => ({ id: String(h.id), action: h.action, reason: h.reason, actor: h.actorName ?? '—', at: date(h.createdAt) })),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  // Approvals, rejections and suspensions change who may raise money: a fresh proof of identity.
  requireRecentVerification(request, admin)
  const { project } = await projectOr404(params.id)
  const formData = await readForm(request)
  const decision = formData.get('decision')
  const filingNumber = String(formData.get('filingNumber') ?? '').trim().slice(0, 60)
  const reason = String(formData.get('reason') ?? '').trim().slice(0, 1000)
  const values = { filingNumber, reason }
  if (decision !== 'approve' && decision !== 'reject') return invalid({ form: ['validation.invalid'] }, values)
  if (decision === 'approve' && !/^[0-9A-Za-z-]{6,40}$/.test(filingNumber)) return invalid({ filingNumber: ['project.problem.filingNumberRequired'] }, values)
  if (decision === 'reject' && !reason) return invalid({ reason: ['project.problem.reasonRequired'] }, values)
  const origin = publicOrigin(request, getEnv().PUBLIC_URL)
  try {
    await transitionProject(db(), { projectId: project.id, action: decision, actor: { kind: 'admin', userId: admin.id }, filingNumber, reason, link: (slug) => `${origin}/projects/${slug}` })
  } catch (error) {
    if (!(error instanceof ProjectTransitionError)) throw error
    const t = await getFixedT(request)
    return invalid({ form: [`project.problem.${error.problem}`] }, values, { status: 409, params: { status: t(`project.status.${error.status ?? 'draft'}`) } })
  }
  return redirectWithToast('/admin/projects', { type: 'success', key: decision === 'approve' ? 'adminProjects.approved' : 'adminProjects.rejected', values: { title: project.title } })
}

export default function ReviewProject() {
  const { project, organization, lines, budgetMismatch, history } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors = actionData?.errors ?? {}
  const money = (v: bigint) => formatMoney(v, project.currency, i18n.language)
  return (
    <article aria-labelledby="review-project-title">
      <p className="small">
        <Link to="/admin/projects">← {t('adminProjects.title')}</Link>
      </p>
      <h1 id="review-project-title">{project.title}</h1>
      <p>
        <span className={`status status-${project.status}`}>{t(`project.status.${project.status}`)}</span> · <Link to={`/organizations/${organization.slug}`}>{organization.name}</Link> ({t(`orgStatus.${organization.status}`)})
      </p>
      <p className="lead">{project.summary}</p>
      <dl className="details">
        <dt>{t('projectForm.category')}</dt>
        <dd>{t(`category.${project.category}`)}</dd>
        <dt>{t('projectForm.region')}</dt>
        <dd>{project.region}</dd>
        <dt>{t('adminProjects.goal')}</dt>
        <dd>{money(project.goal)}</dd>
        <dt>{t('adminProjects.dates')}</dt>
        <dd>{project.dates}</dd>
      </dl>
      {project.coverUrl ? <img src={project.coverUrl} alt="" className="review-cover" width={480} height={200} /> : null}
      <h2>{t('project.budget')}</h2>
      <table className="data-table budget-table">
        <tbody>
          {lines.map((l) => (
            <tr key={l.id}>
              <td>{l.label}</td>
              <td className="num">{money(l.planned)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {budgetMismatch ? <p className="notice notice-warning">{t('adminProjects.budgetMismatch')} {project.budgetNote ? `${t('project.budgetNote')}: ${project.budgetNote}` : ''}</p> : null}
      <h2>{t('project.story')}</h2>
      <div className="prose" dangerouslySetInnerHTML={{ __html: project.storyHtml }} />

      {project.status === 'in_review' ? (
        <section className="card decide" aria-labelledby="decide-project-title">
          <h2 id="decide-project-title">{t('admin.decide')}</h2>
          <Form method="post" noValidate>
            <FormErrorSummary count={fieldErrorCount(errors)} />
            {errors.form ? <p className="form-error-summary">{translateErrors(t, errors.form, actionData?.params)}</p> : null}
            <Field label={t('adminProjects.filingNumber')} hint={t('adminProjects.filingHint')} name="filingNumber" optional defaultValue={actionData?.values?.filingNumber} errors={translateErrors(t, errors.filingNumber)} />
            <div className="button-row">
              <Button type="submit" name="decision" value="approve" disabled={busy}>
                {t('adminProjects.approve')}
              </Button>
            </div>
            <TextareaField label={t('adminProjects.reason')} name="reason" rows={3} optional defaultValue={actionData?.values?.reason} errors={translateErrors(t, errors.reason)} />
            <div className="button-row">
              <Button type="submit" name="decision" value="reject" variant="danger" disabled={busy}>
                {t('adminProjects.reject')}
              </Button>
            </div>
          </Form>
        </section>
      ) : null}

      <AuditHistory entries={history} />
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
