import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatMoney } from '~/utils/money'
import { langIf } from './content-language'
import { ReportLink } from './report-link'
import { ResponsiveImage } from './responsive-image'
import { VideoFigure, type VideoData } from './video-figure'

export interface UpdateCardData {
  id: string
  title: string
  bodyHtml: string
  at: string
  edited: boolean
  editable: boolean
  project: { slug: string; title: string; fundraising: boolean; lang?: string }
  organization: { slug: string; name: string; lang?: string }
  /** The language the title and body are shown in (ADR 0021). */
  content?: { shownLanguage: string }
  shareCode: string | null
  imageIds: string[]
  video: VideoData | null
  expenses: { id: string; amount: bigint; currency: string; description: string }[]
}

/** One update as timelines and the feed show it; `showProject` names the project (feed, organisation page). */
export function UpdateCard({ update, showProject, locale }: { update: UpdateCardData; showProject: boolean; locale: string }) {
  const { t } = useTranslation()
  const contentLang = langIf(update.content?.shownLanguage, locale)
  const donateHref = update.project.fundraising ? `/projects/${update.project.slug}/donate${update.shareCode ? `?ref=${update.shareCode}` : ''}` : null
  return (
    <article className="card update-card" id={`update-${update.id}`} aria-labelledby={`update-${update.id}-title`}>
      <header>
        {showProject ? (
          <p className="small muted">
            <Link to={`/organizations/${update.organization.slug}`} lang={langIf(update.organization.lang, locale)}>
              {update.organization.name}
            </Link>{' '}
            ·{' '}
            <Link to={`/projects/${update.project.slug}`} lang={langIf(update.project.lang, locale)}>
              {update.project.title}
            </Link>
          </p>
        ) : null}
        <h3 id={`update-${update.id}-title`}>
          <Link to={`/updates/${update.id}`} lang={contentLang}>
            {update.title}
          </Link>
        </h3>
        <p className="small muted">
          <time>{update.at}</time>
          {update.edited ? (
            <>
              {' · '}
              <Link to={`/updates/${update.id}#history`}>{t('updates.edited')}</Link>
            </>
          ) : null}
          {update.editable ? (
            <>
              {' · '}
              <Link to={`/updates/${update.id}/edit`}>{t('updates.edit')}</Link>
            </>
          ) : null}
          {' · '}
          <ReportLink type="update" id={update.id} />
        </p>
      </header>
      {update.video ? <VideoFigure video={update.video} title={update.title} donateHref={donateHref} /> : null}
      <div className="prose" lang={contentLang} dangerouslySetInnerHTML={{ __html: update.bodyHtml }} />
      {update.imageIds.length ? (
        <ul className="update-images" role="list">
          {update.imageIds.map((id, index) => (
            <li key={id}>
              <ResponsiveImage id={id} alt={t('updates.imageAlt', { n: index + 1, title: update.title })} sizes="(min-width: 40rem) 12rem, 50vw" width={640} height={480} />
            </li>
          ))}
        </ul>
      ) : null}
      {update.expenses.length ? (
        <div className="small">
          <strong>{t('updates.linkedExpenses')}</strong>
          <ul>
            {update.expenses.map((e) => (
              <li key={e.id}>
                <Link to={`/projects/${update.project.slug}/transparency#expense-${e.id}`}>{e.description}</Link> · {formatMoney(e.amount, e.currency, locale)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {!update.video && donateHref ? (
        <p>
          <Link to={donateHref} className="btn btn-secondary btn-sm">
            {t('updates.donateFromVideo')}
          </Link>
        </p>
      ) : null}
    </article>
  )
}
