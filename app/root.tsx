import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SiteFooter } from '~/components/site-footer'
import { SiteHeader } from '~/components/site-header'
import { Toaster } from '~/components/ui/toaster'
import { fallbackLanguage, isLanguage } from '~/i18n/config'
import { detectLanguage, EMBED_PATH } from '~/i18n/i18n.server'
import { dictionaryFor } from '~/i18n/static.server'
import stylesheet from '~/styles/app.css'
import { getPublicEnv } from '~/utils/env.server'
import { useNonce } from '~/utils/nonce'
import { frameAncestorsOf } from '~/utils/embed'
import { unreadCount } from '~/models/notifications.server'
import { campaignForNavigation } from '~/models/campaigns.server'
import { db } from '~/utils/db.server'
import { getOptionalUser } from '~/utils/permissions.server'
import { takeToast } from '~/utils/toast.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await detectLanguage(request)
  // A widget framed by another site reads no session and sets no cookie: the same page for everyone (ADR 0020).
  if (EMBED_PATH.test(new URL(request.url).pathname)) {
    return data({ language, dictionary: null, toast: null, env: getPublicEnv(), user: null, campaign: null })
  }
  const [{ toast, headers }, user, campaign] = await Promise.all([takeToast(request), getOptionalUser(request), campaignForNavigation(db(), language)])
  const unread = user ? await unreadCount(db(), user.id) : 0
  return data(
    { language, dictionary: dictionaryFor(language).href, toast, env: getPublicEnv(), user: user ? { displayName: user.displayName, isAdmin: user.isAdmin, unread } : null, campaign },
    { headers: headers ?? undefined },
  )
}

export const meta: MetaFunction = () => [{ title: 'Sunlight 阳光公益' }]

// Only a page without the root's data (the root loader failed) carries its translations inline;
// they are the same object for every such page in a language: serialise each once.
const serialized = new WeakMap<object, string>()
function serializedResources(i18n: ReturnType<typeof useTranslation>['i18n'], language: string) {
  const bundle = (i18n.getResourceBundle(language, 'translation') ?? {}) as object
  const store = (i18n.store?.data?.[language]?.translation ?? null) as object | null
  const cached = store ? serialized.get(store) : undefined
  if (cached !== undefined) return cached
  const json = JSON.stringify(bundle).replace(/</g, '\\u003c')
  if (store) serialized.set(store, json)
  return json
}

/** The document, shared by the app and the error boundary. */
export function Layout({ children }: { children: ReactNode }) {
  const rootData = useRouteLoaderData<typeof loader>('root')
  const { i18n, t } = useTranslation()
  const nonce = useNonce()
  const language = isLanguage(rootData?.language) ? rootData.language : isLanguage(i18n.language) ? i18n.language : fallbackLanguage
  // The browser's i18next starts from the language's dictionary file (fetched in parallel with the
  // scripts, then cached for good) before hydration (entry.client.tsx).
  const dictionary = rootData?.dictionary
  // A page framed by other sites (the donate widget): the bare document, no header, no scripts bundle.
  const embedded = frameAncestorsOf(useMatches().map((match) => match.handle)) !== null
  if (embedded) {
    return (
      <html lang={language} dir="ltr" className="embedded">
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <Meta />
          <Links />
        </head>
        <body>{children}</body>
      </html>
    )
  }
  return (
    <html lang={language} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content={t('app.description')} />
        <meta name="theme-color" content="#f59e0b" />
        <Meta />
        {dictionary ? <link rel="preload" as="fetch" href={dictionary} crossOrigin="anonymous" data-i18n="" /> : null}
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('a11y.skipToContent')}
        </a>
        <SiteHeader language={language} user={rootData?.user ?? null} campaign={rootData?.campaign ?? null} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <Toaster toast={rootData?.toast ?? null} />
        {dictionary ? null : (
          <script id="i18n-resources" type="application/json" dangerouslySetInnerHTML={{ __html: serializedResources(i18n, language) }} />
        )}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
