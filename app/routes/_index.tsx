import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ProjectCard } from '~/components/project-card'
import { ButtonLink } from '~/components/ui/button'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { campaignForNavigation } from '~/models/campaigns.server'
import { discoverFeed } from '~/models/discover.server'
import { platformTotals } from '~/models/projects.server'
import { pageKeys, personalPage, publicPageHeaders } from '~/utils/cache'
import { getOptionalUser } from '~/utils/permissions.server'
import { db } from '~/utils/db.server'
import { formatMoney } from '~/utils/money'
import { pageTitle } from '~/utils/meta'
import { langIf } from '~/components/content-language'

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, language] = await Promise.all([getOptionalUser(request), detectLanguage(request)])
  const [feed, totals, t, campaign] = await Promise.all([
    discoverFeed(db(), { status: 'fundraising', userId: user?.id, pageSize: 6 , language }),
    platformTotals(db()),
    getFixedT(request),
    campaignForNavigation(db(), language),
  ])
  return data({ title: t('meta.homeTitle'), totals, projects: feed.projects, campaign }, feed.personal ? personalPage : pageKeys('home', 'campaigns'))
}

// The same for everyone of a language (Vary: Accept-Language, Cookie): a short shared cache smooths bursts.
export const headers: HeadersFunction = (args) => publicPageHeaders(args)

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function Home() {
  const { projects, totals, campaign } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  return (
    <>
      <section className="hero">
        <div className="container">
          <h1>{t('home.title')}</h1>
          <p className="lead">{t('home.lead')}</p>
          <p className="hero-actions">
            <ButtonLink to="/discover" size="lg">
              {t('home.browse')}
            </ButtonLink>
          </p>
          {campaign ? (
            <p className="notice campaign-banner">
              <strong lang={langIf(campaign.lang, i18n.language)}>{campaign.title}</strong> · {t('campaigns.homeBanner')} <Link to={`/campaigns/${campaign.slug}`}>{t('campaigns.see')} →</Link>
            </p>
          ) : null}
          <dl className="stats" aria-label={t('home.statsLabel')}>
            <div>
              <dt>{t('home.statRaised')}</dt>
              <dd>{formatMoney(totals.raised, totals.currency, locale)}</dd>
            </div>
            <div>
              <dt>{t('home.statDonations')}</dt>
              <dd>{new Intl.NumberFormat(locale).format(totals.donations)}</dd>
            </div>
            <div>
              <dt>{t('home.statProjects')}</dt>
              <dd>{totals.fundraisingProjects}</dd>
            </div>
            <div>
              <dt>{t('home.statPartners')}</dt>
              <dd>{totals.partners}</dd>
            </div>
          </dl>
        </div>
      </section>

      <section className="container section" id="projects" aria-labelledby="projects-title">
        <h2 id="projects-title">{t('home.featured')}</h2>
        {projects.length === 0 ? (
          <p className="muted">{t('home.empty')}</p>
        ) : (
          <ul className="card-grid" role="list">
            {projects.map((project, index) => (
              <li key={project.id}>
                <ProjectCard project={project} priority={index === 0} />
              </li>
            ))}
          </ul>
        )}
        <p className="button-row">
          <ButtonLink to="/discover" variant="secondary">
            {t('discover.more')}
          </ButtonLink>
        </p>
      </section>

      <section className="container section how" aria-labelledby="how-title">
        <h2 id="how-title">{t('home.howItWorks')}</h2>
        <ol className="steps">
          <li>
            <h3>{t('home.step1Title')}</h3>
            <p>{t('home.step1Body')}</p>
          </li>
          <li>
            <h3>{t('home.step2Title')}</h3>
            <p>{t('home.step2Body')}</p>
          </li>
          <li>
            <h3>{t('home.step3Title')}</h3>
            <p>{t('home.step3Body')}</p>
          </li>
        </ol>
      </section>
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
