/** A signed-in donor starts a team (一起捐) for a fundraising project, optionally in a running giving day it takes part in. */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Honeypot } from '~/components/honeypot'
import { Button } from '~/components/ui/button'
import { CheckboxField, Field, FormErrorSummary, RadioGroup, TextareaField } from '~/components/ui/field'
import { useValidatedForm } from '~/components/use-validated-form'
import { getFixedT } from '~/i18n/i18n.server'
import { getProjectBySlug } from '~/models/projects.server'
import { teamSchema } from '~/models/team-form'
import { createTeam, runningCampaignsForProject, TeamRefused } from '~/models/teams.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { readSubmission, rejectSubmission } from '~/utils/forms.server'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'
import { formatMoney } from '~/utils/money'
import { requireUser } from '~/utils/permissions.server'
import { hit } from '~/utils/rate-limit.server'
import { redirectWithToast } from '~/utils/toast.server'

async function context(request: Request, slug: string | undefined) {
  const user = await requireUser(request)
  const row = slug ? await getProjectBySlug(db(), slug) : null
  invariantResponse(row && row.project.moderationStatus === 'visible' && ['fundraising', 'closed', 'completed'].includes(row.project.status), 404, 'Not found')
  return { ...row, user }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project, organization } = await context(request, params.slug)
  const [t, running] = await Promise.all([getFixedT(request), runningCampaignsForProject(db(), project.id)])
  return data(
    {
      title: `${t('teams.startTitle', { title: project.title })} — ${t('app.name')}`,
      project: { slug: project.slug, title: project.title, currency: project.currency },
      open: project.status === 'fundraising' && organization.status === 'approved',
      campaigns: running.map((c) => ({ slug: c.slug, title: c.title })),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const { project, user } = await context(request, params.slug)
  const { submission } = await readSubmission(request, teamSchema(project.currency, (minor) => formatMoney(minor, project.currency, 'zh-CN')))
  if (submission.status !== 'success') return rejectSubmission(submission)
  const form = submission.value
  if ((await hit('teamUser', user.id)) !== null) return rejectSubmission(submission, { formErrors: ['teams.refused.rateLimited'], status: 429 })
  try {
    const team = await createTeam(db(), { userId: user.id, projectId: project.id, name: form.name, goal: form.goal, message: form.message, showStarter: form.showStarter, campaignSlug: form.campaign })
    return redirectWithToast(`/teams/${team.id}`, { type: 'success', key: 'teams.started' })
  } catch (error) {
    if (!(error instanceof TeamRefused) || error.reason === 'currency') throw error
    if (error.reason === 'campaignNotRunning') return rejectSubmission(submission, { fieldErrors: { campaign: ['teams.refused.campaignNotRunning'] }, status: 409 })
    return rejectSubmission(submission, { formErrors: [`teams.refused.${error.reason}`], status: 409 })
  }
}

export default function NewTeam() {
  const { project, open, campaigns } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const schema = useMemo(() => teamSchema(project.currency, (minor) => formatMoney(minor, project.currency, i18n.language)), [project.currency, i18n.language])
  const [form, fields] = useValidatedForm(schema, lastResult, { id: 'team' })
  const err = (errors: string[] | undefined) => translateErrors(t, errors)
  const value = (name: keyof typeof fields) => {
    const initial = fields[name]?.initialValue
    return typeof initial === 'string' ? initial : undefined
  }
  const errorCount = Object.values(fields).filter((f) => f.errors?.length).length + (form.errors?.length ? 1 : 0)
  return (
    <section className="container narrow section" aria-labelledby="team-form-title">
      <p className="small">
        <Link to={`/projects/${project.slug}`}>← {project.title}</Link>
      </p>
      <h1 id="team-form-title">{t('teams.startTitle', { title: project.title })}</h1>
      <p className="lead">{t('teams.startLead')}</p>
      {!open ? (
        <p className="notice notice-warning" role="alert">
          {t('teams.refused.projectNotFundraising')}
        </p>
      ) : (
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
          <FormErrorSummary count={errorCount} />
          {form.errors?.length ? <p className="form-error-summary">{err(form.errors)}</p> : null}
          <Field label={t('teams.name')} hint={t('teams.nameHint')} name={fields.name.name} maxLength={60} defaultValue={value('name')} errors={err(fields.name.errors)} />
          <Field label={t('teams.goal')} hint={t('teams.goalHint')} name={fields.goal.name} inputMode="decimal" defaultValue={value('goal')} errors={err(fields.goal.errors)} />
          <TextareaField label={t('teams.message')} name={fields.message.name} rows={3} optional maxLength={500} defaultValue={value('message')} errors={err(fields.message.errors)} />
          <CheckboxField name={fields.showStarter.name} label={t('teams.showStarter')} defaultChecked={value('showStarter') === 'on'} />
          {campaigns.length ? (
            <>
              <RadioGroup
                legend={t('teams.campaign')}
                name={fields.campaign.name}
                options={[{ value: '', label: t('teams.campaignNone') }, ...campaigns.map((c) => ({ value: c.slug, label: c.title }))]}
                selected={value('campaign') ?? campaigns[0]!.slug}
                errors={err(fields.campaign.errors)}
              />
              <p className="small muted">{t('teams.campaignHint')}</p>
            </>
          ) : null}
          <Honeypot />
          <Button type="submit" size="lg" disabled={busy}>
            {t('teams.submit')}
          </Button>
        </Form>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
