import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { langIf } from '~/components/content-language'
import { localize } from '~/content/localized'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ResponsiveImage } from '~/components/responsive-image'
import { ProgressBar } from '~/components/ui/progress-bar'
import { VerifiedBadge } from '~/components/verified-badge'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { getProjectBySlug, isPublicProject, projectCover } from '~/models/projects.server'
import { pageKeys, publicPageHeaders } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { embeddableHandle } from '~/utils/embed'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'
import { formatMoney, percentOf } from '~/utils/money'
import { useNonce } from '~/utils/nonce'
import { siteFromReferrer } from '~/utils/referrer-site'

/**
 * The embeddable donate widget (ADR 0020): a project's progress and a donate button, framed by any
 * site. The same page for every reader (no session read, no cookie set, kept by Varnish), with no
 * scripts bundle: one small inline script sizes the frame and names the embedding site on the
 * donate link. The donate page opens in a new window, where Sunlight's own cookies work.
 */
export const handle = embeddableHandle

export async function loader({ request, params }: LoaderFunctionArgs) {
  const row = params.slug ? await getProjectBySlug(db(), params.slug) : null
  invariantResponse(row && isPublicProject(row.project.status, row.project.moderationStatus), 404, 'Not found')
  const { project, organization } = row
  const [t, language, coverMediaId] = await Promise.all([getFixedT(request), detectLanguage(request), projectCover(db(), project.coverMediaId, { member: false })])
  // The title and organisation in the widget's language (`?lang=`, part of the cached address) where the organisation wrote them (ADR 0021).
  const shown = localize(project, ['title', 'summary'], language)
  const org = localize(organization, ['name'], language)
  // The script-tag snippet says which site it runs on; a plain iframe leaves that to document.referrer.
  const site = siteFromReferrer(new URL(request.url).searchParams.get('site'))
  return data(
    {
      title: `${shown.title} — ${t('app.name')}`,
      project: {
        slug: project.slug,
        title: shown.title,
        lang: shown.shownLanguage as string,
        category: project.category,
        currency: project.currency,
        goal: project.goalAmount,
        raised: project.raisedAmount,
        donations: project.donationCount,
        filingNumber: project.filingNumber,
        coverMediaId,
        acceptsDonations: project.status === 'fundraising' && organization.status === 'approved',
      },
      organization: { name: org.name, lang: org.shownLanguage as string, verified: organization.status === 'approved' },
      donateHref: `/projects/${encodeURIComponent(project.slug)}/donate${site ? `?site=${encodeURIComponent(site)}` : ''}`,
    },
    pageKeys(`project-${project.id}`, `org-${organization.id}`),
  )
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args)

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

/**
 * Tells the embedding page the card's height (embed.js sets the frame's), and — when the snippet did
 * not say which site this is — puts the embedding page's host on the donate link. The same text on
 * every page, so its CSP hash is the same too.
 */
const SCRIPT = `(function(){var d=document,c=d.getElementById('embed-card'),a=d.getElementById('embed-donate');
try{if(a&&a.href.indexOf('site=')<0&&d.referrer){var h=new URL(d.referrer).host;if(h&&h!==location.host){var u=new URL(a.href);u.searchParams.set('site',h);a.href=u.href}}}catch(e){}
function s(){if(c&&parent!==window)parent.postMessage({type:'sunlight:embed-height',height:Math.ceil(c.getBoundingClientRect().height)},'*')}
s();addEventListener('load',s);if(window.ResizeObserver&&c)new ResizeObserver(s).observe(c)})()`

export default function EmbeddedProject() {
  const { project, organization, donateHref } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const nonce = useNonce()
  const percent = percentOf(project.raised, project.goal)
  const projectHref = `/projects/${encodeURIComponent(project.slug)}`
  return (
    <article className="embed-card" id="embed-card" aria-labelledby="embed-title">
      {project.coverMediaId ? (
        <ResponsiveImage id={project.coverMediaId} alt="" sizes="(min-width: 30rem) 30rem, 100vw" width={1280} height={560} className={`project-cover project-cover-image cover-${project.category}`} priority />
      ) : (
        <div className={`project-cover cover-${project.category}`} aria-hidden="true" />
      )}
      <div className="embed-body">
        <h1 id="embed-title" className="embed-title">
          <a href={projectHref} target="_blank" rel="noopener" lang={langIf(project.lang, i18n.language)}>
            {project.title}
          </a>
        </h1>
        <p className="project-org">
          {t('project.by', { organization: '\u0000' })
            .split('\u0000')
            .flatMap((part, i) => (i === 0 ? [part] : [<span key="org" lang={langIf(organization.lang, i18n.language)}>{organization.name}</span>, part]))}
          {organization.verified ? <VerifiedBadge label={t('project.verified')} /> : null}
        </p>
        <ProgressBar percent={percent} label={t('project.progressLabel', { percent })} />
        <p className="project-figures">
          <strong>
            {t('project.raisedOf', { raised: formatMoney(project.raised, project.currency, i18n.language), goal: formatMoney(project.goal, project.currency, i18n.language) })}
          </strong>
          <span className="muted"> · {t('project.donations', { count: project.donations })}</span>
        </p>
        {project.acceptsDonations ? (
          <a id="embed-donate" className="btn btn-primary btn-lg btn-block" href={donateHref} target="_blank" rel="noopener">
            {t('widget.donate')}
            <span className="visually-hidden"> {t('widget.opensNewWindow')}</span>
          </a>
        ) : (
          <p className="notice">{t('widget.notAccepting')}</p>
        )}
        <p className="embed-footer muted small">
          <a href={projectHref} target="_blank" rel="noopener">
            {t('widget.onSunlight')}
          </a>
          {project.filingNumber ? ` · ${t('project.filingNumber')} ${project.filingNumber}` : null}
        </p>
      </div>
      <script nonce={nonce || undefined} dangerouslySetInnerHTML={{ __html: SCRIPT }} />
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
