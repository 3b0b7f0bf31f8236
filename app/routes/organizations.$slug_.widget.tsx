import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CopyButton } from '~/components/copy-button'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Button } from '~/components/ui/button'
import { isLanguage } from '~/i18n/config'
import { getFixedT } from '~/i18n/i18n.server'
import { publicOrigin } from '~/mail/messages.server'
import { organizationBySlugOr404 } from '~/models/organizations.server'
import { consoleProjects } from '~/models/project-lifecycle.server'
import { isPublicProject } from '~/models/projects.server'
import { widgetGiftsBySite } from '~/models/widget.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { pageTitle } from '~/utils/meta'
import { formatMoney } from '~/utils/money'
import { organizationIsPublic, requireOrgRole } from '~/utils/permissions.server'

/** `"` `<` `>` `&` in an HTML attribute value, so a title cannot break the snippet it sits in. */
function attribute(value: string) {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * The donate widget for an organisation's members (ADR 0020): the two snippets for a chosen project
 * and language, a preview, and the gifts that came through the widget, by site.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const org = await organizationBySlugOr404(db(), params.slug)
  await requireOrgRole(request, org.id, 'editor', { hidden: !organizationIsPublic(org.status) })
  const url = new URL(request.url)
  const [rows, bySite, t] = await Promise.all([consoleProjects(db(), org.id), widgetGiftsBySite(db(), { organizationId: org.id }), getFixedT(request)])
  const embeddable = rows.filter((p) => isPublicProject(p.status, p.moderationStatus)).map((p) => ({ slug: p.slug, title: p.title }))
  const asked = url.searchParams.get('project')
  const chosen = embeddable.find((p) => p.slug === asked) ?? embeddable[0] ?? null
  const askedLanguage = url.searchParams.get('lang')
  const language = isLanguage(askedLanguage) ? askedLanguage : ''
  const origin = publicOrigin(request, getEnv().PUBLIC_URL)
  let snippets = null
  if (chosen) {
    const frameTitle = attribute(t('widget.frameTitle', { title: chosen.title }))
    const slug = encodeURIComponent(chosen.slug)
    const frameSrc = `${origin}/embed/projects/${slug}${language ? `?lang=${language}` : ''}`
    snippets = {
      script: `<script async src="${origin}/embed.js" data-project="${attribute(chosen.slug)}"${language ? ` data-lang="${language}"` : ''} data-title="${frameTitle}"></script>`,
      iframe: `<iframe src="${frameSrc}" title="${frameTitle}" width="100%" height="420" style="max-width:30rem;border:0" loading="lazy"></iframe>`,
      preview: `/embed/projects/${slug}${language ? `?lang=${language}` : ''}`,
    }
  }
  return data(
    {
      title: `${t('widget.consoleTitle', { name: org.name })} — ${t('app.name')}`,
      org: { slug: org.slug, name: org.name },
      projects: embeddable,
      chosen: chosen?.slug ?? null,
      chosenTitle: chosen?.title ?? '',
      language,
      snippets,
      bySite,
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export default function WidgetConsole() {
  const { org, projects, chosen, chosenTitle, language, snippets, bySite } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  return (
    <section className="container section" aria-labelledby="widget-title">
      <p className="small">
        <Link to={`/organizations/${org.slug}/console`}>← {t('console.title', { name: org.name })}</Link>
      </p>
      <h1 id="widget-title">{t('widget.consoleTitle', { name: org.name })}</h1>
      <p className="lead">{t('widget.lead')}</p>
      {projects.length === 0 || !snippets ? (
        <p className="muted">{t('widget.noProjects')}</p>
      ) : (
        <>
          <Form method="get">
            <div className="field">
              <label htmlFor="widget-project">{t('widget.project')}</label>
              <select id="widget-project" name="project" defaultValue={chosen ?? ''}>
                {projects.map((p) => (
                  <option key={p.slug} value={p.slug}>
                    {p.title}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="widget-language">{t('widget.language')}</label>
              <select id="widget-language" name="lang" defaultValue={language}>
                <option value="">{t('widget.languageAuto')}</option>
                <option value="zh-CN">简体中文</option>
                <option value="en">English</option>
              </select>
            </div>
            <p>
              <Button type="submit" variant="secondary">
                {t('widget.show')}
              </Button>
            </p>
          </Form>
          <h2 id="widget-script">{t('widget.scriptSnippet')}</h2>
          <textarea className="snippet" readOnly rows={5} aria-labelledby="widget-script" value={snippets.script} />
          <p>
            <CopyButton text={snippets.script} label={t('widget.copy')} copiedLabel={t('widget.copied')} describedBy="widget-script" />
          </p>
          <h2 id="widget-iframe">{t('widget.iframeSnippet')}</h2>
          <textarea className="snippet" readOnly rows={5} aria-labelledby="widget-iframe" value={snippets.iframe} />
          <p>
            <CopyButton text={snippets.iframe} label={t('widget.copy')} copiedLabel={t('widget.copied')} describedBy="widget-iframe" />
          </p>
          <h2 id="widget-preview">{t('widget.preview')}</h2>
          <iframe className="widget-preview" src={snippets.preview} title={t('widget.frameTitle', { title: chosenTitle })} loading="lazy" />
        </>
      )}
      <h2 id="widget-sites">{t('widget.bySite')}</h2>
      <p className="muted small">{t('widget.bySiteLead')}</p>
      {bySite.length === 0 ? (
        <p className="muted">{t('widget.noGifts')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="widget-sites">
            <thead>
              <tr>
                <th scope="col">{t('widget.site')}</th>
                <th scope="col">{t('widget.project')}</th>
                <th scope="col" className="num">
                  {t('widget.gifts')}
                </th>
                <th scope="col" className="num">
                  {t('widget.received')}
                </th>
              </tr>
            </thead>
            <tbody>
              {bySite.map((row) => (
                <tr key={`${row.site} ${row.projectSlug} ${row.currency}`}>
                  <td>{row.site}</td>
                  <td>
                    <Link to={`/projects/${row.projectSlug}`}>{row.projectTitle}</Link>
                  </td>
                  <td className="num">{row.gifts}</td>
                  <td className="num">{formatMoney(row.received, row.currency, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
