/**
 * A challenge (话题) page: its brief, every approved video made for it, total plays, the money given
 * through its videos, and a leaderboard of creators by gifts and plays. Signed-in supporters join by
 * uploading a video tagged to it (reviewed like every supporter video).
 */
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ResponsiveImage } from '~/components/responsive-image'
import { ContentLanguageNote, langIf } from '~/components/content-language'
import { contentMeta, localize, prefersOriginal, translatableFields } from '~/content/localized'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { challengeBoard, closeChallenge, getChallenge, isJoinable } from '~/models/challenges.server'
import { isPublicProject } from '~/models/projects.server'
import { pageKeys, personalPage, publicPageHeaders } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { invariantResponse } from '~/utils/http.server'
import { renderMarkdown } from '~/utils/markdown.server'
import { pageTitle } from '~/utils/meta'
import { formatMoney } from '~/utils/money'
import { getOptionalUser, getOrgRole, requireUser } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'

/** Whether this account may end the challenge: its organisation's owner or editor, or an admin. */
async function mayManage(user: { id: string; isAdmin: boolean } | null, organizationId: string) {
  if (!user) return false
  if (user.isAdmin) return true
  const role = await getOrgRole(db(), organizationId, user.id)
  return role === 'owner' || role === 'editor'
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await getChallenge(db(), params.slug ?? '')
  invariantResponse(found && found.organization.status === 'approved' && isPublicProject(found.project.status, found.project.moderationStatus), 404, 'Not found')
  const { challenge, project, organization } = found
  const [board, t, user, language] = await Promise.all([challengeBoard(db(), challenge.id), getFixedT(request), getOptionalUser(request), detectLanguage(request)])
  // In the reader's language where the organisation wrote it, else the original, marked (ADR 0021).
  const shown = localize(challenge, translatableFields.challenge, language, { prefer: prefersOriginal(request.url) ? 'original' : undefined })
  const projectShown = localize(project, ['title'], language)
  const organizationShown = localize(organization, ['name'], language)
  return data(
    {
      title: `#${challenge.tag} ${shown.title} — ${t('app.name')}`,
      content: contentMeta(shown),
      challenge: { slug: challenge.slug, tag: challenge.tag, title: shown.title, briefHtml: renderMarkdown(shown.brief), endsOn: challenge.endsOn, joinable: isJoinable(challenge, project.status) },
      project: { slug: project.slug, title: projectShown.title, lang: projectShown.shownLanguage, currency: project.currency },
      organization: { slug: organization.slug, name: organizationShown.name, lang: organizationShown.shownLanguage },
      totals: board.totals,
      leaders: board.leaders.map((l) => ({ creator: l.creator, videos: l.videos, plays: l.plays, gifts: l.gifts, raised: l.raised })),
      videos: board.videos.map((v) => ({ id: v.id, title: v.title, posterId: v.posterId, creator: v.creator, plays: v.stats.plays, raised: v.raised, width: v.width, height: v.height })),
      signedIn: Boolean(user),
      canClose: challenge.status === 'open' && (await mayManage(user, organization.id)),
    },
    user ? personalPage : pageKeys(`challenge-${challenge.id}`, `project-${project.id}`),
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const found = await getChallenge(db(), params.slug ?? '')
  // Outsiders meet a 404, as for every organisation action (no hint of who may act).
  invariantResponse(found && (await mayManage(user, found.organization.id)), 404, 'Not found')
  const form = await readForm(request)
  invariantResponse(form.get('intent') === 'close', 400, 'Unknown action')
  await closeChallenge(db(), { challengeId: found.challenge.id, actorId: user.id })
  return redirectWithToast(`/challenges/${found.challenge.slug}`, { type: 'success', key: 'challenges.closedNow' })
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args)
export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function ChallengePage() {
  const { content, challenge, project, organization, totals, leaders, videos, signedIn, canClose } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const contentLang = langIf(content.shownLanguage, i18n.language)
  const money = (amount: bigint) => formatMoney(amount, project.currency, i18n.language)
  const number = new Intl.NumberFormat(i18n.language)
  const joinHref = `/projects/${project.slug}/videos/new?challenge=${challenge.slug}`
  return (
    <section className="container section challenge-page" aria-labelledby="challenge-title">
      <p className="eyebrow">
        <span className="tag">{t('challenges.eyebrow')}</span>{' '}
        <Link to={`/projects/${project.slug}`} lang={langIf(project.lang, i18n.language)}>
          {project.title}
        </Link>{' '}
        ·{' '}
        <Link to={`/organizations/${organization.slug}`} lang={langIf(organization.lang, i18n.language)}>
          {organization.name}
        </Link>
      </p>
      <h1 id="challenge-title">
        <span className="challenge-tag">#{challenge.tag}</span> <span lang={contentLang}>{challenge.title}</span>
      </h1>
      <ContentLanguageNote content={content} />
      <div className="prose" lang={contentLang} dangerouslySetInnerHTML={{ __html: challenge.briefHtml }} />
      <dl className="challenge-totals" aria-label={t('challenges.totalsLabel')}>
        <div>
          <dt>{t('challenges.videos')}</dt>
          <dd>{number.format(totals.videos)}</dd>
        </div>
        <div>
          <dt>{t('challenges.plays')}</dt>
          <dd>{number.format(totals.plays)}</dd>
        </div>
        <div>
          <dt>{t('challenges.raised')}</dt>
          <dd>{money(totals.raised)}</dd>
        </div>
        <div>
          <dt>{t('challenges.gifts')}</dt>
          <dd>{number.format(totals.gifts)}</dd>
        </div>
      </dl>
      {challenge.joinable ? (
        <p>
          <Link to={signedIn ? joinHref : `/login?redirectTo=${encodeURIComponent(joinHref)}`} className="btn btn-primary btn-lg">
            {t('challenges.join')}
          </Link>
        </p>
      ) : (
        <p className="muted">{t('challenges.closed')}</p>
      )}
      {canClose ? (
        <Form method="post" className="challenge-manage">
          <p className="small muted">{t('challenges.closeLead')}</p>
          <button type="submit" name="intent" value="close" className="btn btn-secondary btn-sm">
            {t('challenges.close')}
          </button>
        </Form>
      ) : null}
      <div className="challenge-grid">
        <section aria-labelledby="challenge-videos-title">
          <h2 id="challenge-videos-title">{t('challenges.videosTitle')}</h2>
          {videos.length === 0 ? (
            <p className="muted">{challenge.joinable ? t('challenges.noVideos') : t('challenges.noVideosEnded')}</p>
          ) : (
            <ul className="video-grid">
              {videos.map((v) => (
                <li key={v.id} className="video-tile">
                  <Link to={`/watch/${v.id}`} className="video-tile-link">
                    {v.posterId ? <ResponsiveImage id={v.posterId} alt="" sizes="(min-width: 56rem) 12rem, 45vw" width={v.width ?? 9} height={v.height ?? 16} sourceWidth={v.width} /> : <span className="video-tile-blank" />}
                    <span className="video-tile-title">{v.title}</span>
                  </Link>
                  <span className="small muted">
                    {v.creator ? `${t('supporterVideos.by', { name: v.creator })} · ` : null}
                    {t('watch.plays', { count: v.plays })} · {t('watch.raisedHere', { amount: money(v.raised) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="leaders-title">
          <h2 id="leaders-title">{t('challenges.leaders')}</h2>
          {leaders.length === 0 ? (
            <p className="muted">{t('challenges.noLeaders')}</p>
          ) : (
            <ol className="leaderboard">
              {leaders.map((l, i) => (
                <li key={`${l.creator}-${i}`}>
                  <span className="leader-rank">{i + 1}</span>
                  <span className="leader-name">{l.creator || t('challenges.someone')}</span>
                  <span className="leader-figures small">
                    {money(l.raised)} · {t('challenges.giftCount', { count: l.gifts })} · {t('watch.plays', { count: l.plays })}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
