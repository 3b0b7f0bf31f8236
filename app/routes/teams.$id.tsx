/**
 * /teams/<id>: a team's page (一起捐) — its project, goal and progress (gifts the gateway confirmed,
 * less refunds), the gifts given through it with names only as their donors chose, and the invite
 * link with its QR code. Public; a signed-in viewer also sees which gifts are their own, so then the
 * page is personal (not cached).
 */
import { langIf } from '~/components/content-language'
import { localize } from '~/content/localized'
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Button, ButtonLink } from '~/components/ui/button'
import { ProgressBar } from '~/components/ui/progress-bar'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { publicOrigin } from '~/mail/messages.server'
import { isPublicProject } from '~/models/projects.server'
import { teamPage } from '~/models/teams.server'
import { pageKeys, personalPage, publicPageHeaders } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'
import { formatMoney, percentOf } from '~/utils/money'
import { getOptionalUser } from '~/utils/permissions.server'
import { qrSvg } from '~/utils/qr.server'

/** The invite link: the project's donate form with the team carried, as a share link carries its `ref`. */
export function invitePath(projectSlug: string, teamId: string) {
  return `/projects/${projectSlug}/donate?team=${teamId}`
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request)
  const page = await teamPage(db(), { teamId: params.id ?? '', viewerId: user?.id ?? null })
  invariantResponse(page && isPublicProject(page.project.status, page.project.moderation), 404, 'Not found')
  const [t, language] = await Promise.all([getFixedT(request), detectLanguage(request)])
  const when = dateFormatter(language, { withTime: true })
  // The project and organisation named in the reader's language where the organisation wrote it (ADR 0021).
  const shown = localize(page.project, ['title'], language)
  const org = localize(page.organization, ['name'], language)
  const invite = `${publicOrigin(request, getEnv().PUBLIC_URL)}${invitePath(page.project.slug, page.team.id)}`
  return data(
    {
      title: `${t('teams.title', { name: page.team.name })} — ${t('app.name')}`,
      description: t('teams.forProject', { project: shown.title }),
      team: { id: page.team.id, name: page.team.name, goal: page.team.goalAmount, currency: page.team.currency.trim(), message: page.team.message, reached: Boolean(page.team.goalReachedAt) },
      starter: page.starterName,
      isStarter: page.isStarter,
      project: { slug: page.project.slug, title: shown.title, lang: shown.shownLanguage as string, open: page.project.status === 'fundraising' && page.organization.status === 'approved' },
      organization: { name: org.name, lang: org.shownLanguage as string },
      campaign: page.campaign,
      raised: page.raised,
      members: page.members,
      gifts: page.gifts.map((g) => ({ id: g.id, name: g.name, amount: g.amount, message: g.message, at: when(g.at), mine: g.mine })),
      invite: { url: invite, qrSvg: await qrSvg(invite) },
    },
    // Each signed-in viewer sees their own gifts marked: never cached for them. A guest's copy is the
    // same for all, purged when the team changes or a gift to its project is paid or refunded.
    user ? personalPage : pageKeys(`team-${page.team.id}`, `project-${page.project.id}`, ...(page.team.campaignId ? [`campaign-${page.team.campaignId}`] : [])),
  )
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args, 10)

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, ...(data ? [{ name: 'description', content: data.description }] : [])]

function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation()
  const [ready, setReady] = useState(false)
  const [copied, setCopied] = useState(false)
  // Without JavaScript the link stays selectable in its box; the button needs the clipboard API.
  useEffect(() => setReady(typeof navigator !== 'undefined' && Boolean(navigator.clipboard)), [])
  if (!ready) return null
  return (
    <Button
      type="button"
      variant="secondary"
      size="sm"
      aria-live="polite"
      onClick={() => {
        void navigator.clipboard.writeText(text).then(() => setCopied(true))
      }}
    >
      {copied ? t('teams.copied') : t('teams.copy')}
    </Button>
  )
}

export default function TeamPage() {
  const { team, starter, project, organization, campaign, raised, members, gifts, invite } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const money = (minor: bigint) => formatMoney(minor, team.currency, i18n.language)
  const percent = percentOf(raised, team.goal)
  return (
    <section className="container section team-page" aria-labelledby="team-title">
      <p className="small">
        <Link to={`/projects/${project.slug}`}>
          ← <span lang={langIf(project.lang, i18n.language)}>{project.title}</span>
        </Link>
      </p>
      <h1 id="team-title">{t('teams.title', { name: team.name })}</h1>
      <p className="muted">
        {t('teams.forProject', { project: project.title })} · <span lang={langIf(organization.lang, i18n.language)}>{organization.name}</span>
        {campaign?.slug ? (
          <>
            {' · '}
            <Link to={`/campaigns/${campaign.slug}`}>{t('teams.inCampaign', { campaign: campaign.title })}</Link>
          </>
        ) : null}
      </p>
      <p className="small">{starter ? t('teams.by', { name: starter }) : t('teams.byAnonymous')}</p>
      {team.message ? <blockquote className="team-message">{team.message}</blockquote> : null}

      <div className="project-layout">
        <div className="project-main">
          <section className="card side-card team-progress" aria-labelledby="team-progress-title">
            <h2 id="team-progress-title" className="visually-hidden">
              {t('teams.raisedOf', { raised: money(raised), goal: money(team.goal) })}
            </h2>
            <p className="team-raised">
              <strong>{money(raised)}</strong> <span className="muted">/ {money(team.goal)}</span>
            </p>
            <ProgressBar percent={percent} label={t('teams.raisedOf', { raised: money(raised), goal: money(team.goal) })} />
            <p className="small">
              {t('teams.members', { count: members })} · {percent}%
            </p>
            {team.reached ? <p className="notice" role="status">{t('teams.reached')}</p> : null}
            <p className="small muted">{t('teams.creditedNote')}</p>
            {project.open ? (
              <ButtonLink to={`/projects/${project.slug}/donate?team=${team.id}`} size="lg">
                {t('teams.giveWith')}
              </ButtonLink>
            ) : (
              <p className="notice notice-warning">{t('teams.notFundraising')}</p>
            )}
          </section>

          <section aria-labelledby="team-gifts-title">
            <h2 id="team-gifts-title">{t('teams.giftsTitle')}</h2>
            {gifts.length === 0 ? (
              <p className="muted">{t('teams.noGifts')}</p>
            ) : (
              <ul className="donation-list">
                {gifts.map((g) => (
                  <li key={g.id}>
                    <strong>
                      <bdi>{g.name ?? t('teams.anonymous')}</bdi>
                    </strong>
                    {g.mine ? <span className="small muted"> ({g.name ? t('teams.you') : t('teams.youAnonymous')})</span> : null} · {money(g.amount)} · <span className="small muted">{g.at}</span>
                    {g.message ? <p className="donation-message">{g.message}</p> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        {project.open ? (
          <aside className="card side-card team-invite" aria-labelledby="team-invite-title">
            <h2 id="team-invite-title">{t('teams.invite')}</h2>
            <p className="small muted">{t('teams.inviteLead')}</p>
            <label className="share-field">
              {t('teams.inviteLink')}
              <input readOnly value={invite.url} />
            </label>
            <CopyButton text={invite.url} />
            <div className="qr" role="img" aria-label={t('teams.qr')} dangerouslySetInnerHTML={{ __html: invite.qrSvg }} />
          </aside>
        ) : null}
      </div>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
