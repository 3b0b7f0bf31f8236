import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { projectCategories, type ProjectCategory } from '~db/enums'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FilterInput, FilterSelect } from '~/components/filters'
import { ProjectCard } from '~/components/project-card'
import { Button } from '~/components/ui/button'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { discoverFeed } from '~/models/discover.server'
import { projectRegionCodes, type DiscoverStatus } from '~/models/projects.server'
import { REGIONS, regionByCode, regionName } from '~/regions/regions'
import { pageKeys, personalPage, publicPageHeaders } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { getOptionalUser } from '~/utils/permissions.server'
import { pageTitle } from '~/utils/meta'

const STATUSES: DiscoverStatus[] = ['fundraising', 'closed', 'completed']

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const param = (name: string) => url.searchParams.get(name)?.trim() ?? ''
  const category = (projectCategories as readonly string[]).includes(param('category')) ? (param('category') as ProjectCategory) : undefined
  const status = (STATUSES as string[]).includes(param('status')) ? (param('status') as DiscoverStatus) : 'fundraising'
  const region = param('region').slice(0, 60) || undefined
  const q = param('q').normalize('NFC').slice(0, 60) || undefined
  const [user, language] = await Promise.all([getOptionalUser(request), detectLanguage(request)])
  const [feed, regions, t] = await Promise.all([
    discoverFeed(db(), { category, region, status, q, cursor: url.searchParams.get('after'), userId: user?.id , language }),
    projectRegionCodes(db()),
    getFixedT(request),
  ])
  // The divisions projects are in, with the province of each city, in the list's order (GB/T 2260).
  const present = new Set(regions.flatMap((code) => [code, regionByCode(code)?.parent ?? code]))
  let next: string | null = null
  if (feed.next) {
    const params = new URLSearchParams(url.searchParams)
    params.set('after', feed.next)
    next = `?${params}`
  }
  return data(
    {
      title: `${q ? `${q} — ` : ''}${t('discover.title')} — ${t('app.name')}`,
      filters: { category: category ?? '', region: region ?? '', status, q: q ?? '' },
      regions: REGIONS.filter((r) => present.has(r.code)).map((r) => ({ code: r.code, city: r.parent !== null })),
      projects: feed.projects,
      personal: feed.personal,
      next,
    },
    feed.personal ? personalPage : pageKeys('discover'),
  )
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args, 15)

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function Discover() {
  const { filters, regions, projects, personal, next } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  return (
    <section className="container section" aria-labelledby="discover-title">
      <h1 id="discover-title">{t('discover.title')}</h1>
      <p className="lead">{t('discover.lead')}</p>
      <Form method="get" className="filters" role="search">
        <FilterInput label={t('discover.search')} name="q" type="search" value={filters.q} placeholder={t('discover.searchPlaceholder')} maxLength={60} />
        <FilterSelect label={t('discover.category')} name="category" value={filters.category} options={[{ value: '', label: t('discover.any') }, ...projectCategories.map((c) => ({ value: c, label: t(`category.${c}`) }))]} />
        <FilterSelect label={t('discover.region')} name="region" value={filters.region} options={[{ value: '', label: t('discover.any') }, ...regions.map((r) => ({ value: r.code, label: `${r.city ? '— ' : ''}${regionName(r.code, i18n.language) ?? r.code}` }))]} />
        <FilterSelect label={t('discover.status')} name="status" value={filters.status} options={STATUSES.map((s) => ({ value: s, label: t(`project.status.${s}`) }))} />
        <Button type="submit" variant="secondary">
          {t('discover.apply')}
        </Button>
      </Form>
      {personal ? <p className="small muted">{t('discover.forYou')}</p> : null}
      {projects.length === 0 ? (
        <p className="muted">{t('discover.empty')}</p>
      ) : (
        <ul className="card-grid" role="list">
          {projects.map((project, index) => (
            <li key={project.id}>
              <ProjectCard project={project} priority={index === 0} />
            </li>
          ))}
        </ul>
      )}
      {next ? (
        <p className="button-row">
          <Link className="btn btn-secondary" to={next} rel="next">
            {t('discover.more')}
          </Link>
        </p>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
