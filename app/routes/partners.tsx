import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { projectCategories, type ProjectCategory } from '~db/enums'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FilterSelect } from '~/components/filters'
import { Button } from '~/components/ui/button'
import { VerifiedBadge } from '~/components/verified-badge'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { langIf } from '~/components/content-language'
import { listPartners, partnerRegionCodes } from '~/models/organizations.server'
import { localize } from '~/content/localized'
import { REGIONS, regionByCode, regionName } from '~/regions/regions'
import { isUuid } from '~/utils/ids'
import { pageKeys, publicPageHeaders } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'

const PAGE = 24

/** The cursor is the last row's name and id, base64url-encoded: stable under inserts, no OFFSET. */
function decodeCursor(value: string | null) {
  if (!value) return undefined
  try {
    const [name, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [unknown, unknown]
    return typeof name === 'string' && typeof id === 'string' && isUuid(id) ? { name, id } : undefined
  } catch {
    return undefined
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const causeParam = url.searchParams.get('cause') ?? ''
  const cause = (projectCategories as readonly string[]).includes(causeParam) ? (causeParam as ProjectCategory) : undefined
  const region = url.searchParams.get('region')?.slice(0, 60) || undefined
  const after = decodeCursor(url.searchParams.get('after'))
  const [rows, codes, t, language] = await Promise.all([
    listPartners(db(), { cause, region, after, limit: PAGE + 1 }),
    partnerRegionCodes(db()),
    getFixedT(request),
    detectLanguage(request),
  ])
  // The divisions organisations are in, with the province of each city, in GB/T 2260 order, named in the reader's language.
  const present = new Set(codes.flatMap((code) => [code, regionByCode(code)?.parent ?? code]))
  const regions = REGIONS.filter((r) => present.has(r.code)).map((r) => ({ value: r.code, label: `${r.parent ? '— ' : ''}${regionName(r.code, language)}` }))
  const page = rows.slice(0, PAGE)
  const last = page.at(-1)
  const next =
    rows.length > PAGE && last
      ? (() => {
          const params = new URLSearchParams(url.searchParams)
          params.set('after', Buffer.from(JSON.stringify([last.name, last.id])).toString('base64url'))
          return `?${params}`
        })()
      : null
  return data({
    title: `${t('partners.title')} — ${t('app.name')}`,
    // Name and description in the reader's language where the organisation wrote them (ADR 0021); the translations stay here.
    partners: page.map(({ contentLanguage, translations, regionCode, ...p }) => {
      const shown = localize({ name: p.name, description: p.description, contentLanguage, translations }, ['name', 'description'], language)
      return { ...p, name: shown.name, lang: shown.shownLanguage, region: regionName(regionCode, language) ?? p.region, logoUrl: p.logoMediaId ? `/media/${p.logoMediaId}` : null, description: shown.description.slice(0, 140) }
    }),
    regions,
    filters: { cause: cause ?? '', region: region ?? '' },
    next,
  }, pageKeys('partners'))
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args, 60)

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function Partners() {
  const { partners, regions, filters, next } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  return (
    <section className="container section" aria-labelledby="partners-title">
      <h1 id="partners-title">{t('partners.title')}</h1>
      <p className="lead">{t('partners.lead')}</p>
      <Form method="get" className="filters" aria-label={t('partners.filter')}>
        <FilterSelect label={t('partners.cause')} name="cause" value={filters.cause} options={[{ value: '', label: t('partners.any') }, ...projectCategories.map((c) => ({ value: c, label: t(`category.${c}`) }))]} />
        <FilterSelect label={t('partners.region')} name="region" value={filters.region} options={[{ value: '', label: t('partners.any') }, ...regions]} />
        <Button type="submit" variant="secondary">
          {t('partners.filter')}
        </Button>
      </Form>
      {partners.length === 0 ? (
        <p className="muted">{t('partners.empty')}</p>
      ) : (
        <ul className="partner-grid" role="list">
          {partners.map((p) => (
            <li key={p.id} className="card partner-card">
              {p.logoUrl ? <img className="org-logo org-logo-sm" src={p.logoUrl} alt="" width={48} height={48} loading="lazy" /> : <span className="org-logo org-logo-sm org-logo-empty" aria-hidden="true">{p.name.slice(0, 1)}</span>}
              <div>
                <h2 className="partner-name">
                  <Link to={`/organizations/${p.slug}`} className="stretched-link" lang={langIf(p.lang, i18n.language)}>
                    {p.name}
                  </Link>
                </h2>
                <p className="small">
                  <VerifiedBadge label={t('orgPage.verified')} /> <span className="muted">{p.region}</span>
                </p>
                <p className="small muted">{p.causeAreas.map((c) => t(`category.${c}`)).join(' · ')}</p>
                <p className="small" lang={langIf(p.lang, i18n.language)}>
                  {p.description}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p className="button-row">
        {next ? (
          <Link className="btn btn-secondary" to={next} rel="next">
            {t('partners.more')}
          </Link>
        ) : null}
        <Link className="btn btn-ghost" to="/organizations/apply">
          {t('partners.apply')}
        </Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
