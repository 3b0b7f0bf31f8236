/** The privacy policy, in the reader's language; the version is the one signup records. */
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { getFixedT } from '~/i18n/i18n.server'
import { PRIVACY_POLICY_VERSION } from '~/models/users.server'
import { pageKeys, publicPageHeaders } from '~/utils/cache'
import { pageTitle } from '~/utils/meta'

const SECTIONS = ['collect', 'use', 'public', 'organisations', 'keep', 'rights', 'minors', 'contact'] as const

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getFixedT(request)
  return data({ title: `${t('privacy.title')} — ${t('app.name')}`, version: PRIVACY_POLICY_VERSION }, pageKeys('privacy'))
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args)
export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function Privacy() {
  const { version } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <article className="container narrow section prose" aria-labelledby="privacy-title">
      <h1 id="privacy-title">{t('privacy.title')}</h1>
      <p className="muted">{t('privacy.version', { version })}</p>
      {SECTIONS.map((s) => (
        <section key={s} aria-labelledby={`privacy-${s}`}>
          <h2 id={`privacy-${s}`}>{t(`privacy.sections.${s}.title`)}</h2>
          <p>{t(`privacy.sections.${s}.body`)}</p>
        </section>
      ))}
      <p>
        <Link to="/account#your-data">{t('accountPage.yourData')}</Link> · <Link to="/enforcement">{t('enforcement.title')}</Link>
      </p>
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
