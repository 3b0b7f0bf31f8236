import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { VideoNumbersTable } from '~/components/video-numbers'
import { videoNumbersFor } from '~/models/videos.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ButtonLink } from '~/components/ui/button'
import { getFixedT } from '~/i18n/i18n.server'
import { organizationBySlugOr404 } from '~/models/organizations.server'
import { consoleProjects } from '~/models/project-lifecycle.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { formatMoney, percentOf } from '~/utils/money'
import { organizationIsPublic, requireOrgRole } from '~/utils/permissions.server'
import { pageTitle } from '~/utils/meta'

/** The organisation console: its projects with status, figures and what needs attention. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const org = await organizationBySlugOr404(db(), params.slug)
  const { user, role } = await requireOrgRole(request, org.id, 'editor', { hidden: !organizationIsPublic(org.status) })
  const [rows, t, videos] = await Promise.all([consoleProjects(db(), org.id), getFixedT(request), videoNumbersFor(db(), { organizationId: org.id })])
  return data(
    {
      title: `${t('console.title', { name: org.name })} — ${t('app.name')}`,
      org: { slug: org.slug, name: org.name, approved: org.status === 'approved', status: org.status },
      // Until the member protects the account with a second factor, the console says so.
      needsSecondFactor: !user.hasSecondFactor,
      isOwner: role === 'owner',
      projects: rows.map((p) => ({
        id: p.id,
        slug: p.slug,
        title: p.title,
        status: p.status,
        currency: p.currency,
        raised: p.raisedAmount,
        goal: p.goalAmount,
        donations: p.donationCount,
        daysLeft: p.daysLeft,
        attention: p.attention,
        reason: p.statusReason,
      })),
      videos,
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export default function Console() {
  const { org, projects, needsSecondFactor, videos, isOwner } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  return (
    <section className="container section" aria-labelledby="console-title">
      <p className="small">
        <Link to={`/organizations/${org.slug}`}>← {org.name}</Link>
      </p>
      <h1 id="console-title">{t('console.title', { name: org.name })}</h1>
      <p className="lead">{t('console.lead')}</p>
      {needsSecondFactor ? (
        <p className="notice notice-warning">
          {t(isOwner ? 'security.consoleNotice' : 'security.consoleNoticeEditor')} <Link to="/account/security">{t('security.consoleNoticeLink')}</Link>
        </p>
      ) : null}
      <p className="button-row">
        {org.approved ? <ButtonLink to={`/organizations/${org.slug}/projects/new`}>{t('console.newProject')}</ButtonLink> : <span className="notice">{t('projectForm.orgNotApproved')}</span>}
        <ButtonLink to={`/organizations/${org.slug}/profile`} variant="secondary">
          {t('orgProfile.link')}
        </ButtonLink>
        <ButtonLink to={`/organizations/${org.slug}/members`} variant="secondary">
          {t('console.members')}
        </ButtonLink>
        {isOwner ? (
          <ButtonLink to={`/organizations/${org.slug}/webhooks`} variant="secondary">
            {t('console.webhooks')}
          </ButtonLink>
        ) : null}
        <ButtonLink to={`/organizations/${org.slug}/widget`} variant="secondary">
          {t('widget.consoleLink')}
        </ButtonLink>
        {org.approved ? (
          <ButtonLink to={`/organizations/${org.slug}/campaigns`} variant="secondary">
            {t('campaignConsole.title')}
          </ButtonLink>
        ) : null}
      </p>
      {projects.length === 0 ? (
        <p className="muted">{t('console.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('projectForm.title')}</th>
                <th scope="col">{t('console.status')}</th>
                <th scope="col" className="num">
                  {t('console.raised')}
                </th>
                <th scope="col">{t('admin.details')}</th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/projects/${p.slug}`}>{p.title}</Link>
                  </td>
                  <td>
                    <span className={`status status-${p.status}`}>{t(`project.status.${p.status}`)}</span>
                  </td>
                  <td className="num">
                    {formatMoney(p.raised, p.currency, i18n.language)} ({percentOf(p.raised, p.goal)}%) · {t('project.donations', { count: p.donations })}
                  </td>
                  <td>
                    <ul className="attention" role="list">
                      {p.attention.map((a) => (
                        <li key={a}>
                          {t(`console.attention.${a}` as 'console.attention.rejected')}
                          {a === 'rejected' && p.reason ? `: ${p.reason}` : ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 id="console-videos">{t('watch.consoleVideos')}</h2>
      <p className="muted small">{t('watch.consoleVideosLead')}</p>
      {videos.length === 0 ? <p className="muted">{t('watch.noVideos')}</p> : <VideoNumbersTable rows={videos} showTitles />}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
