/** A creator's own videos with their numbers: impressions, plays, completion, shares, gifts, money. */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { VideoNumbersTable } from '~/components/video-numbers'
import { getFixedT } from '~/i18n/i18n.server'
import { videoNumbersFor } from '~/models/videos.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireUser } from '~/utils/permissions.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const [videos, t] = await Promise.all([videoNumbersFor(db(), { userId: user.id }), getFixedT(request)])
  return data({ title: `${t('watch.myVideos')} — ${t('app.name')}`, videos }, personalPage)
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export default function MyVideos() {
  const { videos } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <section className="container section" aria-labelledby="my-videos-title">
      <p className="small">
        <Link to="/account">← {t('nav.account')}</Link>
      </p>
      <h1 id="my-videos-title">{t('watch.myVideos')}</h1>
      <p className="lead">{t('watch.myVideosLead')}</p>
      {videos.length === 0 ? (
        <p className="muted">
          {t('watch.noMyVideos')} <Link to="/watch">{t('watch.title')}</Link>
        </p>
      ) : (
        <VideoNumbersTable rows={videos} showTitles />
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
