import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { UpdateCard } from '~/components/update-card'
import { ContentLanguageNote, langIf } from '~/components/content-language'
import { contentMeta, localize, prefersOriginal, translatableFields } from '~/content/localized'
import { regionName } from '~/regions/regions'
import { decodeCursor, organizationTimeline, toCards } from '~/models/updates.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ProgressBar } from '~/components/ui/progress-bar'
import { Button } from '~/components/ui/button'
import { ReportLink } from '~/components/report-link'
import { VerifiedBadge } from '~/components/verified-badge'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import {
  followerCount,
  getOrganizationBySlug,
  isFollowing,
  isPubliclyVisible,
  organizationProjects,
  setFollowing,
} from '~/models/organizations.server'
import { pageKeys, personalPage, publicPageHeaders } from '~/utils/cache'
import { disclosure } from '~/models/expenses.server'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { formatMoney, percentOf } from '~/utils/money'
import { getOptionalUser, getOrgRole, requireUser } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'
import { pageTitle } from '~/utils/meta'

const notFound = () => new Response('Not found', { status: 404 })

async function loadVisible(request: Request, slug: string | undefined) {
  const org = slug ? await getOrganizationBySlug(db(), slug) : null
  if (!org) throw notFound()
  const user = await getOptionalUser(request)
  const role = user ? await getOrgRole(db(), org.id, user.id) : null
  // Applications under review or rejected are seen only by their members and the reviewers.
  if (!isPubliclyVisible(org.status) && !role && !user?.isAdmin) throw notFound()
  return { org, user, role }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org, user, role } = await loadVisible(request, params.slug)
  const url = new URL(request.url)
  const [followers, following, projects, t, language, timeline] = await Promise.all([
    followerCount(db(), org.id),
    user ? isFollowing(db(), org.id, user.id) : false,
    organizationProjects(db(), org.id, { includeUnpublished: Boolean(role) }),
    getFixedT(request),
    detectLanguage(request),
    organizationTimeline(db(), org.id, decodeCursor(url.searchParams.get('before'))),
  ])
  const date = dateFormatter(language)
  const published = projects.filter((p) => p.status === 'fundraising' || p.status === 'closed' || p.status === 'completed')
  const scores = await Promise.all(published.slice(0, 50).map((p) => disclosure(db(), { id: p.id, status: p.status, publishedAt: p.publishedAt, closedAt: p.closedAt })))
  // Projects too young to judge (or that raised nothing) have no score and do not count.
  const scored = scores.flatMap((s) => (s.score === null ? [] : [s.score]))
  const transparencyScore = scored.length ? Math.round(scored.reduce((sum, score) => sum + score, 0) / scored.length) : null
  // In the reader's language where the organisation wrote it, else the original, marked (ADR 0021).
  const original = prefersOriginal(url)
  const shown = localize(org, translatableFields.organization, language, { prefer: original ? 'original' : undefined })
  return data({
    title: `${shown.name} — ${t('app.name')}`,
    description: shown.description.slice(0, 160),
    content: contentMeta(shown),
    org: {
      id: org.id,
      slug: org.slug,
      name: shown.name,
      status: org.status,
      statusReason: org.statusReason,
      causeAreas: org.causeAreas,
      region: regionName(org.regionCode, language) ?? org.region,
      description: shown.description,
      website: org.website,
      qualification: org.hasPublicFundraisingQualification,
      logoUrl: org.logoMediaId && (isPubliclyVisible(org.status) || role || user?.isAdmin) ? `/media/${org.logoMediaId}` : null,
      certificateUrl: role || user?.isAdmin ? (org.certificateMediaId ? `/media/${org.certificateMediaId}` : null) : null,
      approvedOn: date(org.approvedAt),
    },
    projects: projects.map(({ contentLanguage, translations, ...p }) => {
      const project = localize({ title: p.title, summary: p.summary, contentLanguage, translations }, ['title', 'summary'], language)
      return { ...p, title: project.title, summary: project.summary, lang: project.shownLanguage }
    }),
    followers,
    following,
    transparencyScore,
    signedIn: Boolean(user),
    role,
    isAdmin: Boolean(user?.isAdmin),
    updates: { cards: toCards(timeline.items, { format: dateFormatter(language, { withTime: true }), canEdit: Boolean(role), language }), next: timeline.next, paged: url.searchParams.has('before') },
  }, user ? personalPage : pageKeys(`org-${org.id}`))
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args)

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: pageTitle(data, error) },
  { name: 'description', content: data?.description },
]

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const { org } = await loadVisible(request, params.slug)
  if (!isPubliclyVisible(org.status)) throw notFound()
  const intent = (await readForm(request)).get('intent')
  if (intent !== 'follow' && intent !== 'unfollow') throw new Response('Unknown intent', { status: 400 })
  await setFollowing(db(), org.id, user.id, intent === 'follow')
  return redirectWithToast(`/organizations/${org.slug}`, {
    type: 'success',
    key: intent === 'follow' ? 'orgPage.followed' : 'orgPage.unfollowed',
    values: { name: org.name },
  })
}

export default function OrganizationPage() {
  const { content, org, projects, followers, following, transparencyScore, signedIn, role, isAdmin, updates } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const contentLang = langIf(content.shownLanguage, locale)
  const banner =
    org.status === 'pending'
      ? t('orgPage.pending')
      : org.status === 'rejected'
        ? t('orgPage.rejected', { reason: org.statusReason ?? '' })
        : org.status === 'suspended'
          ? t('orgPage.suspended', { reason: org.statusReason ?? '' })
          : null
  return (
    <article className="container section" aria-labelledby="org-title">
      {banner ? (
        <p className={org.status === 'pending' ? 'notice' : 'notice notice-warning'} role="status">
          <strong>{t(`orgStatus.${org.status}`)}</strong> · {banner}
        </p>
      ) : null}
      <header className="org-header">
        {org.logoUrl ? <img className="org-logo" src={org.logoUrl} alt="" width={96} height={96} /> : <span className="org-logo org-logo-empty" aria-hidden="true">{org.name.slice(0, 1)}</span>}
        <div>
          <h1 id="org-title" lang={contentLang}>
            {org.name}
          </h1>
          <ContentLanguageNote content={content} />
          <p className="org-meta">
            {org.status === 'approved' ? <VerifiedBadge label={t('orgPage.verified')} /> : null}
            {org.approvedOn && org.status === 'approved' ? <span className="muted"> {t('orgPage.verifiedSince', { date: org.approvedOn })}</span> : null}
          </p>
          <p className="muted">
            {t('orgPage.followers', { count: followers })}
            {transparencyScore !== null ? ` · ${t('transparency.score', { score: transparencyScore })}` : ''}
            {org.status === 'approved' ? (
              <>
                {' · '}
                <ReportLink type="organization" id={org.id} />
              </>
            ) : null}
          </p>
        </div>
        <div className="org-actions">
          {org.status !== 'approved' && org.status !== 'suspended' ? null : signedIn ? (
            <Form method="post">
              <Button type="submit" name="intent" value={following ? 'unfollow' : 'follow'} variant={following ? 'secondary' : 'primary'}>
                {following ? t('orgPage.unfollow') : t('orgPage.follow')}
              </Button>
            </Form>
          ) : (
            <Link className="btn btn-primary" to={`/login?redirectTo=${encodeURIComponent(`/organizations/${org.slug}`)}`}>
              {t('orgPage.follow')}
            </Link>
          )}
        </div>
      </header>

      <p className="org-description" lang={contentLang}>
        {org.description}
      </p>
      <dl className="details">
        <dt>{t('orgPage.causes')}</dt>
        <dd>{org.causeAreas.map((c) => t(`category.${c}`)).join(' · ')}</dd>
        <dt>{t('orgPage.region')}</dt>
        <dd>{org.region}</dd>
        <dt>{t('orgPage.qualification')}</dt>
        <dd>{org.qualification ? t('orgPage.qualificationYes') : t('orgPage.qualificationNo')}</dd>
        {org.website ? (
          <>
            <dt>{t('orgPage.website')}</dt>
            <dd>
              <a href={org.website} rel="nofollow noopener noreferrer" target="_blank">
                {org.website}
              </a>
            </dd>
          </>
        ) : null}
        {org.certificateUrl ? (
          <>
            <dt>{t('orgPage.documents')}</dt>
            <dd>
              <a href={org.certificateUrl}>{t('admin.certificate')}</a>
            </dd>
          </>
        ) : null}
      </dl>

      {role || isAdmin ? (
        <p className="button-row">
          {role ? (
            <>
              <Link className="btn btn-primary btn-sm" to={`/organizations/${org.slug}/console`}>
                {t('orgPage.console')}
              </Link>
              <Link className="btn btn-secondary btn-sm" to={`/organizations/${org.slug}/members`}>
                {t('orgPage.manageMembers')}
              </Link>
            </>
          ) : null}
          {isAdmin ? (
            <Link className="btn btn-secondary btn-sm" to={`/admin/organizations/${org.id}`}>
              {t('orgPage.review')}
            </Link>
          ) : null}
        </p>
      ) : null}

      <section aria-labelledby="org-projects">
        <h2 id="org-projects">{t('orgPage.projects')}</h2>
        {projects.length === 0 ? (
          <p className="muted">{t('orgPage.noProjects')}</p>
        ) : (
          <ul className="org-projects" role="list">
            {projects.map((p) => {
              const percent = percentOf(p.raisedAmount, p.goalAmount)
              return (
                <li key={p.id} className="card org-project">
                  <h3>
                    <Link to={`/projects/${p.slug}`} lang={langIf(p.lang, locale)}>
                      {p.title}
                    </Link>
                  </h3>
                  <p className="muted small" lang={langIf(p.lang, locale)}>
                    {p.summary}
                  </p>
                  <ProgressBar percent={percent} label={t('project.progressLabel', { percent })} />
                  <p className="small">
                    {t('project.raisedOf', { raised: formatMoney(p.raisedAmount, p.currency, locale), goal: formatMoney(p.goalAmount, p.currency, locale) })}
                  </p>
                </li>
              )
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="org-updates" className="timeline">
        <h2 id="org-updates">{t('updates.title')}</h2>
        {updates.cards.length === 0 ? <p className="muted">{t('updates.none')}</p> : updates.cards.map((card) => <UpdateCard key={card.id} update={card} showProject locale={locale} />)}
        <p className="small">
          {updates.paged ? <Link to={`/organizations/${org.slug}#org-updates`}>{t('feed.newest')}</Link> : null}
          {updates.paged && updates.next ? ' · ' : null}
          {updates.next ? <Link to={`/organizations/${org.slug}?before=${updates.next}#org-updates`}>{t('updates.older')}</Link> : null}
        </p>
      </section>
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
