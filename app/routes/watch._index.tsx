/**
 * /watch: the full-screen vertical video feed — videos of fundraising projects in fair-exposure
 * order (app/models/videos.server.ts), a donation entry on every one. The page itself carries the
 * first three (less to send and hydrate on a phone); `?from=<n>` serves the next six (the page links
 * to it without JavaScript; the feed fetches it as the end nears).
 */
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useFetcher, useLoaderData } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { WatchFeed, type WatchItemData } from '~/components/watch-feed'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { publicOrigin } from '~/mail/messages.server'
import { VIDEO_RULES, watchFeed } from '~/models/videos.server'
import { pageKeys, personalPage, publicPageHeaders } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { pageTitle } from '~/utils/meta'
import { getOptionalUser } from '~/utils/permissions.server'
import { toWatchItems } from '~/utils/watch.server'

/** What the page itself carries: the video in view, the next, and one more. */
const FIRST_SCREENFUL = 3

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const requested = Number(url.searchParams.get('from') ?? '0')
  // Past the last page (or nonsense) is the end of the feed, not its start again.
  const from = Number.isInteger(requested) && requested >= 0 ? Math.min(requested, 1_000) : 0
  const user = await getOptionalUser(request)
  const [feed, t] = await Promise.all([watchFeed(db(), { userId: user?.id ?? null, from, size: from === 0 ? FIRST_SCREENFUL : VIDEO_RULES.PAGE_SIZE }), getFixedT(request)])
  const items = await toWatchItems(db(), feed.videos, { origin: publicOrigin(request, getEnv().PUBLIC_URL), userId: user?.id ?? null, language: await detectLanguage(request) })
  return data({ title: `${t('watch.title')} — ${t('app.name')}`, items, next: feed.next, from }, user ? personalPage : pageKeys('watch'))
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args)
export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'description', content: data?.title }]

export default function Watch() {
  const first = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const fetcher = useFetcher<typeof loader>()
  const [items, setItems] = useState<WatchItemData[]>(first.items)
  const [next, setNext] = useState(first.next)
  useEffect(() => {
    setItems(first.items)
    setNext(first.next)
  }, [first])
  useEffect(() => {
    const more = fetcher.data
    if (!more) return
    setItems((shown) => [...shown, ...more.items.filter((m) => !shown.some((s) => s.id === m.id))])
    setNext(more.next)
  }, [fetcher.data])
  // Each page is asked for once, however fast the viewer scrolls or presses keys.
  const asked = useRef(new Set<number>())
  const loadMore = useCallback(() => {
    if (next === null || fetcher.state !== 'idle' || asked.current.has(next)) return
    asked.current.add(next)
    fetcher.load(`/watch?from=${next}`)
  }, [next, fetcher])
  return (
    <section className="watch-page" aria-labelledby="watch-title">
      <h1 id="watch-title" className="visually-hidden">
        {t('watch.title')}
      </h1>
      {items.length === 0 ? (
        first.from > 0 ? (
          <p className="container section">
            {t('watch.end')} <Link to="/watch">{t('watch.fromStart')}</Link>
          </p>
        ) : (
          <p className="container section muted">{t('watch.empty')}</p>
        )
      ) : (
        <WatchFeed items={items} nextHref={next !== null ? `/watch?from=${next}` : null} onNearEnd={loadMore} loading={fetcher.state !== 'idle'} />
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
