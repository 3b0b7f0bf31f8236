import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useEffect } from 'react'
import { qrSvg as drawQrSvg } from '~/utils/qr.server'
import { useTranslation } from 'react-i18next'
import { languageNames } from '~/i18n/config'
import { campaignsForProject, titleIn } from '~/models/campaigns.server'
import { teamsForProject } from '~/models/teams.server'
import { challengesOfProject, isJoinable } from '~/models/challenges.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { MoneyFigures } from '~/components/money-figures'
import { translateErrors } from '~/components/form-errors'
import { Button, ButtonLink } from '~/components/ui/button'
import { TextareaField } from '~/components/ui/field'
import { ProgressBar } from '~/components/ui/progress-bar'
import { MessageVisibilityForm } from '~/components/message-visibility-form'
import { ReportLink } from '~/components/report-link'
import { VerifiedBadge } from '~/components/verified-badge'
import { ContentLanguageNote, langIf } from '~/components/content-language'
import { contentMeta, localize, prefersOriginal, translatableFields } from '~/content/localized'
import { regionName } from '~/regions/regions'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { publicOrigin } from '~/mail/messages.server'
import { availableActions, getBudgetLines, ProjectTransitionError, transitionProject, type ProjectAction } from '~/models/project-lifecycle.server'
import {
  daysLeft,
  getProjectBySlug,
  isFollowingProject,
  isPublicProject,
  projectCover,
  ledgerSummary,
  projectFollowerCount,
  recentDonations,
  resolveShareCode,
  setProjectFollowing,
  shareCodeFor,
} from '~/models/projects.server'
import { setMessageVisibility } from '~/models/moderation.server'
import { approvedSupporterVideos } from '~/models/supporter-videos.server'
import { decodeCursor, projectTimeline, toCards } from '~/models/updates.server'
import { UpdateCard } from '~/components/update-card'
import { ResponsiveImage } from '~/components/responsive-image'
import { VideoFigure } from '~/components/video-figure'
import { pageKeys, personalPage, publicPageHeaders } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { invalid, readForm } from '~/utils/forms.server'
import { isUuid } from '~/utils/ids'
import { renderMarkdown } from '~/utils/markdown.server'
import { formatMoney, percentOf } from '~/utils/money'
import { getOptionalUser, getOrgRole, requireUser } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'
import { pageTitle } from '~/utils/meta'

const notFound = () => new Response('Not found', { status: 404 })

async function loadVisible(request: Request, slug: string | undefined) {
  const row = slug ? await getProjectBySlug(db(), slug) : null
  if (!row) throw notFound()
  const user = await getOptionalUser(request)
  const role = user ? await getOrgRole(db(), row.organization.id, user.id) : null
  if (!role && !user?.isAdmin) {
    // Hidden or removed by moderation: gone for the public (410), visible with the reason to its members.
    if (row.project.moderationStatus !== 'visible') throw new Response('Gone', { status: 410 })
    if (!isPublicProject(row.project.status)) throw notFound()
  }
  return { ...row, user, role }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project, organization, user, role } = await loadVisible(request, params.slug)
  const origin = publicOrigin(request, getEnv().PUBLIC_URL)
  const url = new URL(request.url)
  const [lines, donationsList, summary, followers, following, shareCode, incomingRef, t, language, timeline, supporterVideos, coverMediaId, challenges, campaignsIn, teamsIn] = await Promise.all([
    getBudgetLines(db(), project.id),
    recentDonations(db(), project.id),
    ledgerSummary(db(), project.id),
    projectFollowerCount(db(), project.id),
    user ? isFollowingProject(db(), project.id, user.id) : false,
    isPublicProject(project.status, project.moderationStatus) ? shareCodeFor(db(), project.id, user?.id ?? null) : null,
    // Arriving through someone's share link: a gift made from here is attributed to that link.
    resolveShareCode(db(), project.id, url.searchParams.get('ref')),
    getFixedT(request),
    detectLanguage(request),
    projectTimeline(db(), project.id, decodeCursor(url.searchParams.get('before'))),
    approvedSupporterVideos(db(), project.id),
    projectCover(db(), project.coverMediaId, { member: Boolean(role || user?.isAdmin) }),
    challengesOfProject(db(), project.id),
    campaignsForProject(db(), project.id),
    teamsForProject(db(), project.id, 5),
  ])
  const date = dateFormatter(language)
  const when = dateFormatter(language, { withTime: true })
  const shareUrl = shareCode ? `${origin}/projects/${project.slug}?ref=${shareCode}` : null
  const qrSvg = shareUrl ? await drawQrSvg(shareUrl) : null
  const budgetTotal = lines.reduce((sum, l) => sum + l.plannedAmount, 0n)
  // The content in the reader's language where the organisation wrote it, or the original (ADR 0021).
  const original = prefersOriginal(url)
  const prefer = original ? ('original' as const) : undefined
  const shown = localize(project, translatableFields.project, language, { prefer })
  const org = localize(organization, translatableFields.organization, language, { prefer })
  // Closing is offered once it is possible: the end date passed or the goal reached.
  const closable = daysLeft(project.endsOn, new Date()) === null || project.raisedAmount >= project.goalAmount
  const memberActions = availableActions(project.status, role ? 'member' : null).filter((a) => a !== 'close' || closable)
  return data(
    {
      title: `${shown.title} — ${t('app.name')}`,
      description: shown.summary,
      content: contentMeta(shown),
      project: {
        id: project.id,
        slug: project.slug,
        title: shown.title,
        summary: shown.summary,
        status: project.status,
        statusReason: project.statusReason,
        // Raising money, and its organisation may receive it now (suspension pauses donations at once).
        acceptsDonations: project.status === 'fundraising' && organization.status === 'approved',
        category: project.category,
        region: regionName(project.regionCode, language) ?? project.region,
        currency: project.currency,
        goalAmount: project.goalAmount,
        raisedAmount: project.raisedAmount,
        donationCount: project.donationCount,
        filingNumber: project.filingNumber,
        daysLeft: project.status === 'fundraising' ? daysLeft(project.endsOn, new Date()) : null,
        dates: `${date(`${project.startsOn}T12:00:00+08:00`)} – ${date(`${project.endsOn}T12:00:00+08:00`)}`,
        coverMediaId,
        storyHtml: renderMarkdown(shown.story),
        finalReportHtml: project.finalReport ? renderMarkdown(project.finalReport) : null,
        budgetNote: project.budgetNote,
        moderation: project.moderationStatus === 'visible' ? null : { status: project.moderationStatus, reason: project.moderationReason },
      },
      organization: { slug: organization.slug, name: org.name, lang: org.shownLanguage, verified: organization.status === 'approved', approvedOn: date(organization.approvedAt) },
      budget: {
        lines: lines.map((l) => {
          const line = localize(l, translatableFields.budgetLine, language, { prefer })
          return { id: l.id, label: line.label, lang: line.shownLanguage, planned: l.plannedAmount }
        }),
        total: budgetTotal,
      },
      donations: donationsList.map((d) => ({ id: d.id, name: d.isAnonymous ? null : d.displayName, amount: d.amount, currency: d.currency, message: d.message, at: when(d.succeededAt) })),
      summary,
      followers,
      following,
      share: shareUrl ? { url: shareUrl, qrSvg: qrSvg!, code: shareCode! } : null,
      signedIn: Boolean(user),
      role,
      isAdmin: Boolean(user?.isAdmin),
      memberActions,
      challenges: challenges.map((c) => {
        const challenge = localize(c, ['title'], language)
        return { slug: c.slug, tag: c.tag, title: challenge.title, lang: challenge.shownLanguage, open: isJoinable(c, project.status) }
      }),
      campaigns: campaignsIn.map((c) => ({ slug: c.slug, ...titleIn(c, language), running: c.startsAt <= new Date() })),
      teams: teamsIn.map((team) => ({ id: team.id, name: team.name, raised: team.raised, goal: team.goal, members: team.members })),
      incomingRef,
      // A signed-in person brought here by someone else's share link: the page tells /participate after
      // it loaded (a GET changes nothing; ADR 0019), and offers a button without JavaScript.
      shareVisit: user && incomingRef && incomingRef !== shareCode ? incomingRef : null,
      updates: { cards: toCards(timeline.items, { format: when, canEdit: Boolean(role), language, original }), next: timeline.next, paged: url.searchParams.has('before') },
      supporterVideos: supporterVideos.map((v) => ({
        id: v.id,
        title: v.title,
        author: v.author,
        shareCode: v.shareCode,
        raised: v.raised,
        video: { id: v.mediaId, status: v.status, rejection: v.rejection, posterId: v.posterId, durationMs: v.durationMs, width: v.width, height: v.height, hls: v.hlsStatus === 'ready' },
      })),
    },
    user ? personalPage : pageKeys(`project-${project.id}`, `org-${project.organizationId}`),
  )
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args)

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: pageTitle(data, error) },
  { name: 'description', content: data?.description },
  { property: 'og:title', content: data?.project.title },
  { property: 'og:description', content: data?.description },
]

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const { project, role } = await loadVisible(request, params.slug)
  const formData = await readForm(request)
  const intent = String(formData.get('intent') ?? '')
  // The watch feed and a video's page follow in place (they ask to come back to themselves); everything else returns here.
  const asked = formData.get('back')
  const back = typeof asked === 'string' && /^\/watch(?:\/[0-9a-f-]{36})?$/.test(asked) ? asked : `/projects/${project.slug}`
  if (intent === 'follow' || intent === 'unfollow') {
    if (!isPublicProject(project.status, project.moderationStatus)) throw notFound()
    await setProjectFollowing(db(), project.id, user.id, intent === 'follow')
    return redirectWithToast(back, { type: 'success', key: intent === 'follow' ? 'project.followed' : 'project.unfollowed' })
  }
  if (intent === 'hideMessage' || intent === 'showMessage') {
    // The organisation hides an abusive donor message on its own project (and can show it again).
    if (!role) throw new Response('Forbidden', { status: 403 })
    const donationId = String(formData.get('donationId') ?? '')
    const done = isUuid(donationId) && (await setMessageVisibility(db(), { donationId, organizationId: project.organizationId, actorId: user.id, hidden: intent === 'hideMessage' }))
    if (!done) return invalid({ form: ['moderation.messageNotFound'] }, {}, { status: 409 })
    return redirectWithToast(`${back}#donations-title`, { type: 'success', key: intent === 'hideMessage' ? 'moderation.messageHidden' : 'moderation.messageShown' })
  }
  if (intent === 'submit' || intent === 'close' || intent === 'complete') {
    if (!role) throw new Response('Forbidden', { status: 403 })
    const finalReport = String(formData.get('finalReport') ?? '').slice(0, 20_000)
    try {
      await transitionProject(db(), { projectId: project.id, action: intent as ProjectAction, actor: { kind: 'member', userId: user.id }, finalReport })
    } catch (error) {
      if (!(error instanceof ProjectTransitionError)) throw error
      const t = await getFixedT(request)
      const field = error.problem === 'finalReportRequired' ? 'finalReport' : 'form'
      return invalid({ [field]: [`project.problem.${error.problem}`] }, { finalReport }, { status: 409, params: { status: t(`project.status.${error.status ?? 'draft'}`) } })
    }
    const key = intent === 'submit' ? 'project.submitted' : intent === 'close' ? 'project.closed' : 'project.completed'
    return redirectWithToast(back, { type: 'success', key })
  }
  throw new Response('Unknown intent', { status: 400 })
}

/**
 * After the page loaded, in a browser that runs scripts: "someone's link brought me" goes to
 * /participate as a POST (once per page view). The server decides: once per visitor and project,
 * never the sharer's own link, rate-limited, not for automated clients.
 */
function useShareVisitBeacon(ref: string | null) {
  useEffect(() => {
    if (!ref) return
    const body = new FormData()
    body.set('intent', 'share_visit')
    body.set('ref', ref)
    body.set('mode', 'fetch')
    void fetch('/participate', { method: 'POST', body, keepalive: true, credentials: 'same-origin' }).catch(() => undefined)
  }, [ref])
}

/** Without JavaScript nothing is sent by itself: a small form lets the visitor say so. */
function ShareVisitFallback({ code, back }: { code: string; back: string }) {
  const { t } = useTranslation()
  return (
    <noscript>
      <form method="post" action="/participate" className="notice share-visit">
        <input type="hidden" name="intent" value="share_visit" />
        <input type="hidden" name="ref" value={code} />
        <input type="hidden" name="back" value={back} />
        <span className="small">{t('participation.shareVisitLead')}</span>{' '}
        <Button type="submit" variant="secondary" size="sm">
          {t('participation.shareVisitButton')}
        </Button>
      </form>
    </noscript>
  )
}

export default function ProjectPage() {
  const { content, project, organization, budget, donations, summary, followers, following, share, signedIn, role, isAdmin, memberActions, incomingRef, shareVisit, updates, supporterVideos, challenges, campaigns, teams } = useLoaderData<typeof loader>()
  useShareVisitBeacon(shareVisit)
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const contentLang = langIf(content.shownLanguage, locale)
  const money = (amount: bigint) => formatMoney(amount, project.currency, locale)
  const percent = percentOf(project.raisedAmount, project.goalAmount)
  const errors = actionData?.errors ?? {}
  const banner = project.status === 'fundraising' ? null : t(`project.banner.${project.status}`, { reason: project.statusReason ?? '' })
  const donateHref = `/projects/${project.slug}/donate${incomingRef ? `?ref=${incomingRef}` : ''}`
  const paused = project.status === 'fundraising' && !project.acceptsDonations
  const donateOrPaused = project.acceptsDonations ? (
    <ButtonLink to={donateHref} size="lg" className="btn-block">
      {t('project.donate')}
    </ButtonLink>
  ) : paused ? (
    <p className="notice notice-warning" role="status">
      {t('project.donationsPaused')}
    </p>
  ) : null
  return (
    <article className="project-page" aria-labelledby="project-title">
      {project.coverMediaId ? (
        <ResponsiveImage id={project.coverMediaId} alt="" sizes="100vw" width={1280} height={560} className={`project-hero cover-${project.category}`} priority />
      ) : (
        <div className={`project-hero project-cover cover-${project.category}`} aria-hidden="true" />
      )}
      <div className="container project-layout">
        <div className="project-main">
          {project.moderation ? (
            <p className="notice notice-warning" role="status">
              <strong>{t(`moderation.projectState.${project.moderation.status}`)}</strong>
              {project.moderation.reason ? <> · {project.moderation.reason}</> : null}
            </p>
          ) : null}
          {banner ? (
            <p className={project.status === 'rejected' ? 'notice notice-warning' : 'notice'}>
              <strong>{t(`project.status.${project.status}`)}</strong> · {banner}
            </p>
          ) : null}
          {shareVisit ? <ShareVisitFallback code={shareVisit} back={`/projects/${project.slug}`} /> : null}
          {project.acceptsDonations
            ? campaigns.map((c) => (
                <p key={c.slug} className="notice campaign-banner">
                  <strong lang={langIf(c.lang, i18n.language)}>{c.title}</strong> · {c.running ? t('campaigns.projectBanner') : t('campaigns.projectBannerSoon')} <Link to={`/campaigns/${c.slug}`}>{t('campaigns.see')} →</Link>
                </p>
              ))
            : null}
          <p className="eyebrow">
            <span className="tag">{t(`category.${project.category}`)}</span> <span className="muted">· {project.region}</span>
          </p>
          <h1 id="project-title" lang={contentLang}>
            {project.title}
          </h1>
          <ContentLanguageNote content={content} />
          <p className="lead" lang={contentLang}>
            {project.summary}
          </p>
          <p className="project-org">
            <Link to={`/organizations/${organization.slug}`} lang={langIf(organization.lang, locale)}>
              {organization.name}
            </Link> {organization.verified ? <VerifiedBadge label={t('project.verified')} /> : null}
          </p>
          {project.filingNumber ? (
            <p className="small muted">
              {t('project.filingNumber')}: <span className="mono">{project.filingNumber}</span>
            </p>
          ) : null}

          {/* On a phone the side column comes after the story: the essentials and the donate button come first. */}
          <div className="mobile-donate">
            <ProgressBar percent={percent} label={t('project.progressLabel', { percent })} />
            <p className="small">{t('project.raisedOf', { raised: money(project.raisedAmount), goal: money(project.goalAmount) })}</p>
            {donateOrPaused}
          </div>

          <section aria-labelledby="story-title">
            <h2 id="story-title">{t('project.story')}</h2>
            <div className="prose" lang={contentLang} dangerouslySetInnerHTML={{ __html: project.storyHtml }} />
          </section>

          {project.finalReportHtml ? (
            <section aria-labelledby="report-title">
              <h2 id="report-title">{t('project.finalReport')}</h2>
              <div className="prose" dangerouslySetInnerHTML={{ __html: project.finalReportHtml }} />
            </section>
          ) : null}

          <section aria-labelledby="budget-title">
            <h2 id="budget-title">{t('project.budget')}</h2>
            <table className="data-table budget-table">
              <thead>
                <tr>
                  <th scope="col">{t('project.budgetLine')}</th>
                  <th scope="col" className="num">
                    {t('project.budgetPlanned')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {budget.lines.map((line) => (
                  <tr key={line.id}>
                    <td lang={langIf(line.lang, locale)}>{line.label}</td>
                    <td className="num">{money(line.planned)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('project.budgetTotal')}</th>
                  <td className="num">{money(budget.total)}</td>
                </tr>
              </tfoot>
            </table>
            {project.budgetNote ? (
              <p className="small">
                <strong>{t('project.budgetNote')}:</strong> {project.budgetNote}
              </p>
            ) : null}
          </section>

          <section aria-labelledby="updates-title" className="timeline">
            <div className="section-head">
              <h2 id="updates-title">{t('project.updates')}</h2>
              {role ? (
                <ButtonLink to={`/projects/${project.slug}/updates/new`} variant="secondary" size="sm">
                  {t('updates.post')}
                </ButtonLink>
              ) : null}
            </div>
            {updates.cards.length === 0 ? <p className="muted">{t('project.noUpdates')}</p> : updates.cards.map((card) => <UpdateCard key={card.id} update={card} showProject={false} locale={locale} />)}
            <p className="small">
              {updates.paged ? <Link to={`/projects/${project.slug}#updates-title`}>{t('feed.newest')}</Link> : null}
              {updates.paged && updates.next ? ' · ' : null}
              {updates.next ? <Link to={`/projects/${project.slug}?before=${updates.next}#updates-title`}>{t('updates.older')}</Link> : null}
            </p>
          </section>

          <section aria-labelledby="supporter-videos-title">
            <div className="section-head">
              <h2 id="supporter-videos-title">{t('supporterVideos.title')}</h2>
              {project.status === 'fundraising' ? (
                <ButtonLink to={`/projects/${project.slug}/videos/new`} variant="ghost" size="sm">
                  {t('supporterVideos.submit')}
                </ButtonLink>
              ) : null}
            </div>
            {challenges.length || (role && project.status === 'fundraising') ? (
              <div className="challenge-links">
                {challenges.map((c) => (
                  <Link key={c.slug} to={`/challenges/${c.slug}`} className="challenge-chip">
                    <strong>#{c.tag}</strong> <span lang={langIf(c.lang, locale)}>{c.title}</span>
                    {c.open ? null : <span className="muted small"> · {t('challenges.ended')}</span>}
                  </Link>
                ))}
                {role && project.status === 'fundraising' ? (
                  <ButtonLink to={`/projects/${project.slug}/challenges/new`} variant="ghost" size="sm">
                    {t('challenges.openTitle')}
                  </ButtonLink>
                ) : null}
              </div>
            ) : null}
            {supporterVideos.length === 0 ? (
              <p className="muted">{t('supporterVideos.none')}</p>
            ) : (
              <ul className="supporter-videos" role="list">
                {supporterVideos.map((v) => (
                  <li key={v.id} className="card">
                    <VideoFigure video={v.video} title={v.title} donateHref={project.acceptsDonations ? `/projects/${project.slug}/donate?ref=${v.shareCode}` : null} />
                    <h3>{v.title}</h3>
                    <p className="small muted">
                      {v.author ? t('supporterVideos.by', { name: v.author }) : null} · {t('supporterVideos.raised', { amount: money(v.raised) })} · <ReportLink type="supporter_video" id={v.id} />
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="donations-title">
            <h2 id="donations-title">{t('project.recentDonations')}</h2>
            {donations.length === 0 ? (
              <p className="muted">{t('project.noDonations')}</p>
            ) : (
              <ul className="donation-list" role="list">
                {donations.map((d) => (
                  <li key={d.id}>
                    <strong>
                      <bdi>{d.name ?? t('project.anonymous')}</bdi>
                    </strong> · {formatMoney(d.amount, d.currency, locale)} <span className="muted small">· {d.at}</span>
                    {d.message ? (
                      <div className="donation-message">
                        <p>{d.message}</p>
                        <div className="small message-actions">
                          <ReportLink type="donation_message" id={d.id} />
                          {role ? <MessageVisibilityForm donationId={d.id} hidden={false} /> : null}
                        </div>
                      </div>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <aside className="project-side" aria-label={t('project.donate')}>
          <div className="card side-card">
            <p className="raised">
              <strong>{money(project.raisedAmount)}</strong>
            </p>
            <ProgressBar percent={percent} label={t('project.progressLabel', { percent })} />
            <p className="small">{t('project.raisedOf', { raised: money(project.raisedAmount), goal: money(project.goalAmount) })}</p>
            <p className="small muted">
              <span className="donor-count">{t('project.donors', { count: project.donationCount })}</span>
              {project.status === 'fundraising' ? <> · {project.daysLeft === null ? t('project.ended') : project.daysLeft === 0 ? t('project.endsToday') : t('project.daysLeft', { count: project.daysLeft })}</> : null}
            </p>
            <p className="small muted">{project.dates}</p>
            {donateOrPaused}
            <div className="follow-row">
              {signedIn ? (
                <Form method="post">
                  <Button type="submit" name="intent" value={following ? 'unfollow' : 'follow'} variant="secondary">
                    {following ? t('project.unfollow') : t('project.follow')}
                  </Button>
                </Form>
              ) : (
                <ButtonLink to={`/login?redirectTo=${encodeURIComponent(`/projects/${project.slug}`)}`} variant="secondary">
                  {t('project.follow')}
                </ButtonLink>
              )}
              <span className="muted small">{t('project.followers', { count: followers })}</span>
            </div>
          </div>

          <section className="card side-card" aria-labelledby="transparency-title">
            <h2 id="transparency-title">
              <Link to={`/projects/${project.slug}/transparency`}>{t('project.transparency')}</Link>
            </h2>
            <MoneyFigures received={summary.received} spent={summary.spent} currency={project.currency} />
            <p className="small muted">
              {t('project.ledgerEntries', { count: summary.entries })} · <a href={`/projects/${project.slug}/ledger.csv`}>CSV</a> · <a href={`/projects/${project.slug}/ledger.json`}>JSON</a>
            </p>
          </section>

          <p className="small muted side-report">
            <ReportLink type="project" id={project.id} label={t('report.linkProject')} />
          </p>

          {teams.length || project.acceptsDonations ? (
            <section className="card side-card" aria-labelledby="teams-title">
              <h2 id="teams-title">{t('teams.projectTeams')}</h2>
              {teams.length ? (
                <ul className="team-list" role="list">
                  {teams.map((team) => (
                    <li key={team.id}>
                      <Link to={`/teams/${team.id}`}>{team.name}</Link>
                      <span className="small muted">
                        {t('teams.teamFigures', { raised: formatMoney(team.raised, project.currency, locale), goal: formatMoney(team.goal, project.currency, locale) })}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="small muted">{t('teams.noTeams')}</p>
              )}
              {project.acceptsDonations ? (
                <ButtonLink to={`/projects/${project.slug}/teams/new`} variant="secondary" size="sm">
                  {t('teams.start')}
                </ButtonLink>
              ) : null}
            </section>
          ) : null}

          {share ? (
            <section className="card side-card" aria-labelledby="share-title">
              <h2 id="share-title">{t('project.share')}</h2>
              <p className="small muted">{t('project.shareLead')}</p>
              <label className="share-field">
                {t('project.shareLink')}
                <input readOnly value={share.url} />
              </label>
              <div className="qr" role="img" aria-label={t('project.qrAlt', { title: project.title })} dangerouslySetInnerHTML={{ __html: share.qrSvg }} />
            </section>
          ) : null}

          {role || isAdmin ? (
            <section className="card side-card" aria-labelledby="manage-title">
              <h2 id="manage-title">{t('project.manage')}</h2>
              {errors.form ? <p className="form-error-summary" role="alert">{translateErrors(t, errors.form, actionData?.params)}</p> : null}
              {role && (project.status === 'fundraising' || project.status === 'closed' || project.status === 'completed') ? (
                <ButtonLink to={`/projects/${project.slug}/expenses/new`} variant="secondary">
                  {t('transparency.record')}
                </ButtonLink>
              ) : null}
              {role && project.status === 'draft' ? (
                <ButtonLink to={`/projects/${project.slug}/edit`} variant="secondary">
                  {t('project.edit')}
                </ButtonLink>
              ) : null}
              {role && project.status !== 'draft' ? (
                <ButtonLink to={`/projects/${project.slug}/translation`} variant="secondary">
                  {t('projectTranslation.edit', { language: languageNames[content.contentLanguage === 'en' ? 'zh-CN' : 'en'] })}
                </ButtonLink>
              ) : null}
              {memberActions.includes('submit') ? (
                <Form method="post">
                  <Button type="submit" name="intent" value="submit">
                    {t('project.submit')}
                  </Button>
                </Form>
              ) : null}
              {memberActions.includes('close') ? (
                <Form method="post">
                  <Button type="submit" name="intent" value="close" variant="secondary">
                    {t('project.close')}
                  </Button>
                </Form>
              ) : null}
              {memberActions.includes('complete') ? (
                <Form method="post">
                  <TextareaField label={t('project.finalReportLabel')} hint={t('project.finalReportHint')} name="finalReport" rows={6} defaultValue={actionData?.values?.finalReport} errors={translateErrors(t, errors.finalReport)} />
                  <Button type="submit" name="intent" value="complete">
                    {t('project.complete')}
                  </Button>
                </Form>
              ) : null}
              {role ? (
                <Link to={`/organizations/${organization.slug}/messages`} className="small">
                  {t('moderation.messagesLink')}
                </Link>
              ) : null}
              {isAdmin && project.status === 'in_review' ? (
                <ButtonLink to={`/admin/projects/${project.id}`} variant="secondary">
                  {t('project.review')}
                </ButtonLink>
              ) : null}
            </section>
          ) : null}
        </aside>
      </div>
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
