/** Updates from what the signed-in user follows, newest first, paged by keyset (`?before=`). */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { UpdateCard } from '~/components/update-card'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { decodeCursor, feedFor, toCards } from '~/models/updates.server'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { requireUser } from '~/utils/permissions.server'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const url = new URL(request.url)
  const [page, t, language] = await Promise.all([feedFor(db(), user.id, decodeCursor(url.searchParams.get('before'))), getFixedT(request), detectLanguage(request)])
  return data(
    {
      title: `${t('feed.title')} — ${t('app.name')}`,
      cards: toCards(page.items, { format: dateFormatter(language, { withTime: true }), language }),
      next: page.next,
      paged: url.searchParams.has('before'),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export default function Feed() {
  const { cards, next, paged } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  return (
    <section className="container narrow section timeline" aria-labelledby="feed-title">
      <h1 id="feed-title">{t('feed.title')}</h1>
      <p className="lead">{t('feed.lead')}</p>
      {cards.length === 0 ? (
        <p className="muted">
          {t('feed.empty')} <Link to="/discover">{t('feed.discover')}</Link>
        </p>
      ) : (
        cards.map((card) => <UpdateCard key={card.id} update={card} showProject locale={i18n.language} />)
      )}
      <nav className="pager" aria-label={t('feed.title')}>
        {paged ? <Link to="/feed">{t('feed.newest')}</Link> : null}
        {next ? (
          <Link to={`/feed?before=${next}`} rel="next">
            {t('feed.older')}
          </Link>
        ) : null}
      </nav>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
