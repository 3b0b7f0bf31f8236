/**
 * One video's page (/watch/<id>): the video with its overlay and share sheet, where the feed's
 * no-JavaScript list and every share link lead. Its creator and the organisation's members also see
 * its numbers: impressions, plays, completion, shares, gifts and money attributed.
 */
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ParticipationOffer } from '~/components/participation-offer'
import { ShareSheet, WatchItem } from '~/components/watch-feed'
import { VideoNumbersTable } from '~/components/video-numbers'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { publicOrigin } from '~/mail/messages.server'
import { participationView } from '~/models/participation.server'
import { getVideo, videoNumbersOf } from '~/models/videos.server'
import { pageKeys, personalPage, publicPageHeaders } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { invariantResponse } from '~/utils/http.server'
import { isUuid } from '~/utils/ids'
import { pageTitle } from '~/utils/meta'
import { getOptionalUser, getOrgRole } from '~/utils/permissions.server'
import { toWatchItems } from '~/utils/watch.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.id ?? ''
  invariantResponse(isUuid(id), 404, 'Not found')
  const video = await getVideo(db(), id)
  invariantResponse(video, 404, 'Not found')
  const user = await getOptionalUser(request)
  const [t, role] = await Promise.all([getFixedT(request), user ? getOrgRole(db(), video.organization.id, user.id) : null])
  const [item] = await toWatchItems(db(), [video], { origin: publicOrigin(request, getEnv().PUBLIC_URL), userId: user?.id ?? null, language: await detectLanguage(request) })
  const owner = Boolean(user && (role || user.isAdmin || video.creatorId === user.id))
  const numbers = owner ? await videoNumbersOf(db(), video.id) : null
  // An update's video may carry a sponsor's offer for watching it to the end (a giving day, ADR 0019).
  const participation = video.source === 'update' ? await participationView(db(), { userId: user?.id ?? null, action: 'watch_update', itemId: video.id, back: `/watch/${video.id}`, language: await detectLanguage(request) }) : null
  return data(
    { title: `${item!.title} — ${t('app.name')}`, description: t('watch.description', { project: item!.project.title }), item: item!, numbers, participation },
    user ? personalPage : pageKeys(`video-${video.id}`, `project-${video.project.id}`, `org-${video.organization.id}`),
  )
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args)
export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: pageTitle(data, error) },
  { name: 'description', content: data?.description },
  { property: 'og:title', content: data?.item.title },
  { property: 'og:type', content: 'video.other' },
]

export default function WatchOne() {
  const { item, numbers, participation } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return (
    <section className="container section watch-one">
      <p className="small">
        <Link to="/watch">← {t('watch.backToFeed')}</Link>
      </p>
      <div className="watch-one-grid">
        <div className="watch-one-stage">
          <WatchItem item={item} active={hydrated} preload={false} hydrated={hydrated} first headingLevel={1} />
        </div>
        <aside className="watch-one-side">
          {participation ? <ParticipationOffer view={participation} /> : null}
          <h2 id="share">{t('watch.shareTitle')}</h2>
          <ShareSheet item={item} />
          {numbers ? (
            <section aria-labelledby="numbers-title">
              <h2 id="numbers-title">{t('watch.numbersTitle')}</h2>
              <VideoNumbersTable rows={[numbers]} />
            </section>
          ) : null}
        </aside>
      </div>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
