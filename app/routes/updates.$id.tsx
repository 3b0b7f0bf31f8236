/** One update on its own page, with its edit history (earlier versions stay public). */
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ParticipationOffer } from '~/components/participation-offer'
import { UpdateCard } from '~/components/update-card'
import { ContentLanguageNote, langIf } from '~/components/content-language'
import { localize, prefersOriginal } from '~/content/localized'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { participationView } from '~/models/participation.server'
import { getProjectById, isPublicProject } from '~/models/projects.server'
import { getUpdate, projectTimelineItem, toCards, updateRevisionsOf } from '~/models/updates.server'
import { pageKeys, personalPage, publicPageHeaders } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { isUuid } from '~/utils/ids'
import { renderMarkdown } from '~/utils/markdown.server'
import { getOptionalUser, getOrgRole } from '~/utils/permissions.server'
import { pageTitle } from '~/utils/meta'

const notFound = () => new Response('Not found', { status: 404 })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.id ?? ''
  if (!isUuid(id)) throw notFound()
  const update = await getUpdate(db(), id)
  if (!update) throw notFound()
  const project = await getProjectById(db(), update.projectId)
  if (!project) throw notFound()
  const user = await getOptionalUser(request)
  const role = user ? await getOrgRole(db(), update.organizationId, user.id) : null
  const insider = Boolean(role || user?.isAdmin)
  if (!insider) {
    // Hidden or removed by moderation (or on a hidden project): gone. Held for review: not yet there.
    if (update.status === 'hidden' || update.status === 'removed' || project.moderationStatus !== 'visible') throw new Response('Gone', { status: 410 })
    if (update.status !== 'published' || !isPublicProject(project.status)) throw notFound()
  }
  const [item, revisions, t, language] = await Promise.all([projectTimelineItem(db(), id), updateRevisionsOf(db(), id), getFixedT(request), detectLanguage(request)])
  if (!item) {
    // Not public: its organisation and admins see what moderation decided and why.
    return data(
      {
        title: `${update.title} — ${t('app.name')}`,
        card: null,
        participation: null,
        moderated: { title: update.title, bodyHtml: renderMarkdown(update.body), status: update.status, reason: update.moderationReason, project: { slug: project.slug, title: project.title } },
        revisions: [],
      },
      personalPage,
    )
  }
  const when = dateFormatter(language, { withTime: true })
  const [card] = toCards([item], { format: when, canEdit: Boolean(role), language, original: prefersOriginal(request.url) })
  // Watching happens on the video's own page, where the player reports it (ADR 0019): this page points there.
  const participation = update.videoMediaId ? await participationView(db(), { userId: user?.id ?? null, action: 'watch_update', itemId: id, back: `/watch/${id}`, language }) : null
  return data(
    {
      title: `${card!.title} — ${t('app.name')}`,
      card: card!,
      participation,
      moderated: null,
      // Each revision is the text as it stood until the next edit.
      // Each earlier version as the reader reads the current one: in their language where it had one (ADR 0021).
      revisions: revisions.map((r) => {
        const shown = localize(r, ['title', 'body'], language, { prefer: prefersOriginal(request.url) ? 'original' : undefined })
        return { id: r.id, title: shown.title, bodyHtml: renderMarkdown(shown.body), lang: shown.shownLanguage as string, replacedAt: when(r.createdAt), editedBy: r.editedBy }
      }),
    },
    user ? personalPage : pageKeys(`update-${id}`, `project-${project.id}`, `org-${project.organizationId}`),
  )
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args)
export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function UpdatePage() {
  const { card, moderated, revisions, participation } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  if (!card && moderated) {
    return (
      <section className="container narrow section">
        <p className="small">
          <Link to={`/projects/${moderated.project.slug}`}>← {moderated.project.title}</Link>
        </p>
        <p className="notice notice-warning" role="status">
          <strong>{t(`moderation.updateState.${moderated.status}`)}</strong>
          {moderated.reason ? <> · {moderated.reason}</> : null}
        </p>
        <article className="card update-card">
          <h1>{moderated.title}</h1>
          <div className="prose" dangerouslySetInnerHTML={{ __html: moderated.bodyHtml }} />
        </article>
      </section>
    )
  }
  if (!card) return null
  return (
    <section className="container narrow section">
      <p className="small">
        <Link to={`/projects/${card.project.slug}`}>
          ← <span lang={langIf(card.project.lang, i18n.language)}>{card.project.title}</span>
        </Link>
      </p>
      <ContentLanguageNote content={card.content} />
      {participation ? <ParticipationOffer view={participation} watchHref={`/watch/${participation.itemId}`} /> : null}
      <UpdateCard update={card} showProject locale={i18n.language} />
      <h2 id="history">{t('updates.history')}</h2>
      {revisions.length === 0 ? (
        <p className="muted">{t('updates.noHistory')}</p>
      ) : (
        <ol className="revisions">
          {revisions.map((r) => (
            <li key={r.id}>
              <p className="small muted">{t('updates.versionOf', { date: r.replacedAt })}</p>
              <h3 lang={langIf(r.lang, i18n.language)}>{r.title}</h3>
              <div className="prose" lang={langIf(r.lang, i18n.language)} dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
