/**
 * An organisation's giving days: the published campaigns open to applications, and for each of its
 * fundraising projects whether it applied and what the admins decided. Owners and editors apply.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { applyToCampaign, campaignsForOrganization } from '~/models/campaigns.server'
import { organizationBySlugOr404 } from '~/models/organizations.server'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { invalid, readForm } from '~/utils/forms.server'
import { pageTitle } from '~/utils/meta'
import { organizationIsPublic, requireOrgRole } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'

async function member(request: Request, slug: string | undefined) {
  const org = await organizationBySlugOr404(db(), slug)
  const { user } = await requireOrgRole(request, org.id, 'editor', { hidden: !organizationIsPublic(org.status) })
  return { org, user }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org } = await member(request, params.slug)
  const [open, t, language] = await Promise.all([campaignsForOrganization(db(), { organizationId: org.id }), getFixedT(request), detectLanguage(request)])
  const when = dateFormatter(language, { withTime: true })
  return data(
    {
      title: `${t('campaignConsole.title')} — ${org.name}`,
      org: { slug: org.slug, name: org.name },
      campaigns: open.map((c) => ({ id: c.id, slug: c.slug, title: c.title, window: `${when(c.startsAt)} – ${when(c.endsAt)}`, projects: c.projects })),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const { org, user } = await member(request, params.slug)
  const form = await readForm(request)
  const campaignId = String(form.get('campaignId') ?? '')
  const projectId = String(form.get('projectId') ?? '')
  // Only this organisation's own fundraising projects, in a campaign open to applications.
  const open = await campaignsForOrganization(db(), { organizationId: org.id })
  const project = open.find((c) => c.id === campaignId)?.projects.find((p) => p.id === projectId)
  if (form.get('intent') !== 'apply' || !project) return invalid({ form: ['campaignConsole.refused'] }, {}, { status: 404 })
  const outcome = await applyToCampaign(db(), { campaignId, projectId, userId: user.id })
  if (outcome === 'forbidden') throw new Response('Forbidden', { status: 403 })
  if (outcome === 'notFound') return invalid({ form: ['campaignConsole.refused'] }, {}, { status: 409 })
  return redirectWithToast(`/organizations/${org.slug}/campaigns`, { type: 'success', key: 'campaignConsole.applied' })
}

export default function OrganizationCampaigns() {
  const { org, campaigns } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const errors: Record<string, string[]> = actionData?.errors ?? {}
  return (
    <section className="container section" aria-labelledby="org-campaigns-title">
      <p className="small">
        <Link to={`/organizations/${org.slug}/console`}>← {org.name}</Link>
      </p>
      <h1 id="org-campaigns-title">{t('campaignConsole.title')}</h1>
      <p className="lead">{t('campaignConsole.lead')}</p>
      {errors.form ? (
        <p className="form-error-summary" role="alert">
          {translateErrors(t, errors.form)}
        </p>
      ) : null}
      {campaigns.length === 0 ? <p className="muted">{t('campaignConsole.none')}</p> : null}
      {campaigns.map((c) => (
        <section key={c.id} className="card org-campaign" aria-labelledby={`campaign-${c.id}`}>
          <h2 id={`campaign-${c.id}`}>
            <Link to={`/campaigns/${c.slug}`}>{c.title}</Link>
          </h2>
          <p className="small muted">{c.window}</p>
          {c.projects.length === 0 ? (
            <p className="muted">{t('campaignConsole.noProjects')}</p>
          ) : (
            <ul className="card-list" role="list">
              {c.projects.map((p) => (
                <li key={p.id}>
                  <Link to={`/projects/${p.slug}`}>{p.title}</Link> ·{' '}
                  {p.status ? (
                    <strong>{t(`campaignConsole.status.${p.status}`)}</strong>
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="apply" />
                      <input type="hidden" name="campaignId" value={c.id} />
                      <input type="hidden" name="projectId" value={p.id} />
                      <Button type="submit" size="sm" aria-label={`${t('campaignConsole.apply')}: ${p.title}`}>
                        {t('campaignConsole.apply')}
                      </Button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
