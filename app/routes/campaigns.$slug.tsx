/**
 * A giving day (issue 22): the countdown, what donors gave and the sponsors matched, each sponsor's
 * pool with its rules in plain words and what is left, the participating projects ranked. The page
 * is whole without JavaScript; with it, the figures — teams' and participation pools' too — follow
 * live.json every few seconds.
 */
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Countdown, PoolRules, useLiveFigures } from '~/components/campaign-parts'
import { ContentLanguageNote, langIf } from '~/components/content-language'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ButtonLink } from '~/components/ui/button'
import { ProgressBar } from '~/components/ui/progress-bar'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { campaignIn, campaignLive } from '~/models/campaigns.server'
import { contentMeta, prefersOriginal } from '~/content/localized'
import { pageKeys, publicPageHeaders } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'
import { formatMoney, percentOf } from '~/utils/money'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [t, language] = await Promise.all([getFixedT(request), detectLanguage(request)])
  const found = params.slug ? await campaignLive(db(), params.slug, new Date(), language) : null
  invariantResponse(found, 404, 'Not found')
  const { board, live } = found
  const when = dateFormatter(language, { withTime: true })
  const shown = campaignIn(board.campaign, language, { prefer: prefersOriginal(request.url) ? 'original' : undefined })
  return data(
    {
      title: `${shown.title} — ${t('app.name')}`,
      campaign: { slug: board.campaign.slug, title: shown.title, content: contentMeta(shown), window: `${when(board.campaign.startsAt)} – ${when(board.campaign.endsAt)}` },
      rules: Object.fromEntries(board.pools.map((p) => [p.id, { ...p.rules, window: `${when(p.rules.startsAt)} – ${when(p.rules.endsAt)}` }])),
      // Totals, pools, the projects' and teams' leaderboards and the participation pools: polled from live.json.
      live,
    },
    pageKeys(`campaign-${board.campaign.id}`),
  )
}

// The figures move during a giving day: shared caches keep the page only a few seconds.
export const headers: HeadersFunction = (args) => publicPageHeaders(args, 5)
export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function CampaignPage() {
  const { campaign, rules, live: initial } = useLoaderData<typeof loader>()
  const live = useLiveFigures(campaign.slug, initial)
  const { teams, participation } = live
  const { t, i18n } = useTranslation()
  const money = (v: string) => formatMoney(BigInt(v), live.currency, i18n.language)
  const number = new Intl.NumberFormat(i18n.language)
  return (
    <section className="container section campaign-page" aria-labelledby="campaign-title">
      <p className="eyebrow">
        <Link to="/campaigns">{t('campaigns.title')}</Link>
      </p>
      <h1 id="campaign-title" lang={langIf(campaign.content.shownLanguage, i18n.language)}>
        {campaign.title}
      </h1>
      <ContentLanguageNote content={campaign.content} />
      <p className="muted small">{campaign.window}</p>
      <Countdown phase={live.phase} startsAt={live.startsAt} endsAt={live.endsAt} serverNow={live.now} />
      <dl className="challenge-totals campaign-totals" aria-label={t('campaigns.totalsLabel')} aria-live="polite">
        <div>
          <dt>{t('campaigns.given')}</dt>
          <dd>{money(live.given)}</dd>
        </div>
        <div>
          <dt>{t('campaigns.matched')}</dt>
          <dd>{money(live.matched)}</dd>
        </div>
        <div>
          <dt>{t('campaigns.gifts')}</dt>
          <dd>{number.format(live.gifts)}</dd>
        </div>
        <div>
          <dt>{t('campaigns.projectsCount')}</dt>
          <dd>{number.format(live.projects.length)}</dd>
        </div>
      </dl>

      <section aria-labelledby="pools-title">
        <h2 id="pools-title">{t('campaigns.poolsTitle')}</h2>
        <ul className="pool-list" role="list">
          {live.pools.map((p) => (
            <li key={p.id} className="card pool-card">
              <h3>{p.sponsor}</h3>
              {/* A pool outside its own window matches nothing, whatever is left in it: say so first. */}
              {rules[p.id] && new Date(rules[p.id]!.endsAt).getTime() <= new Date(live.now).getTime() ? (
                <p className="notice pool-closed">{t('campaigns.poolEnded')}</p>
              ) : rules[p.id] && new Date(rules[p.id]!.startsAt).getTime() > new Date(live.now).getTime() ? (
                <p className="notice pool-closed">{t('campaigns.poolNotStarted', { window: rules[p.id]!.window })}</p>
              ) : null}
              <ProgressBar percent={100 - percentOf(BigInt(p.remaining), BigInt(p.total))} label={t('campaigns.poolUsed', { percent: 100 - percentOf(BigInt(p.remaining), BigInt(p.total)) })} />
              <p className="small">{t('campaigns.poolLeft', { remaining: money(p.remaining), total: money(p.total) })}</p>
              <p className="small muted">{t('campaigns.poolMatched', { amount: money(p.paid), count: p.matchedGifts })}</p>
              {rules[p.id] ? <PoolRules rules={rules[p.id]!} currency={live.currency} /> : null}
            </li>
          ))}
        </ul>
        <p className="small muted">
          {t('campaigns.verifyLead')} <a href={`/campaigns/${campaign.slug}/matching.json`}>matching.json</a> · <a href="/verify-matching.mjs">verify-matching.mjs</a>
        </p>
      </section>

      {participation.length ? (
        <section aria-labelledby="participation-title">
          <h2 id="participation-title">{t('participation.pools.title')}</h2>
          <p className="small">{t('participation.pools.lead')}</p>
          <ul className="pool-list" role="list">
            {participation.map((p) => {
              const used = 100 - percentOf(BigInt(p.remaining), BigInt(p.total))
              return (
                <li key={p.id} className="card pool-card participation-pool">
                  <h3>{p.sponsor}</h3>
                  <ProgressBar percent={used} label={t('campaigns.poolUsed', { percent: used })} />
                  <p className="small">{t('campaigns.poolLeft', { remaining: money(p.remaining), total: money(p.total) })}</p>
                  <p className="small muted">{t('participation.pools.figures', { paid: money(p.paid), count: p.actionsPaid })}</p>
                  <p className="small muted">{t('participation.pools.perAction', { amount: money(p.amountPerAction), cap: p.capPerPersonDay })}</p>
                  <p className="small muted">{t('participation.pools.actions', { actions: p.actions.map((a) => t(`participation.action.${a}`)).join(i18n.language.startsWith('zh') ? '、' : ', ') })}</p>
                </li>
              )
            })}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="board-title">
        <h2 id="board-title">{t('campaigns.leaderboard')}</h2>
        {live.projects.length === 0 ? (
          <p className="muted">{t('campaigns.noProjects')}</p>
        ) : (
          <ol className="leaderboard campaign-board">
            {live.projects.map((p, i) => {
              const percent = percentOf(BigInt(p.raised), BigInt(p.goal))
              return (
                <li key={p.slug}>
                  <span className="leader-rank">{i + 1}</span>
                  <span className="leader-name">
                    <Link to={`/projects/${p.slug}`} lang={langIf(p.lang, i18n.language)}>
                      {p.title}
                    </Link>
                    <span className="small muted" lang={langIf(p.organizationLang, i18n.language)}> · {p.organization}</span>
                  </span>
                  <span className="leader-figures small">
                    {t('campaigns.projectFigures', { given: money(p.given), matched: money(p.matched), count: p.gifts })}
                  </span>
                  <ProgressBar percent={percent} label={t('project.progressLabel', { percent })} />
                  <span className="small muted">{t('project.raisedOf', { raised: money(p.raised), goal: money(p.goal) })}</span>
                  {live.phase !== 'ended' ? (
                    <ButtonLink to={`/projects/${p.slug}/donate`} size="sm" variant="secondary">
                      {t('campaigns.giveTo', { title: p.title })}
                    </ButtonLink>
                  ) : null}
                </li>
              )
            })}
          </ol>
        )}
      </section>

      <section aria-labelledby="team-board-title">
        <h2 id="team-board-title">{t('teams.leaderboard')}</h2>
        {teams.length === 0 ? (
          <p className="muted">{t('teams.noTeams')}</p>
        ) : (
          <ol className="leaderboard campaign-board team-board">
            {teams.map((team, i) => {
              const percent = percentOf(BigInt(team.raised), BigInt(team.goal))
              return (
                <li key={team.id}>
                  <span className="leader-rank">{i + 1}</span>
                  <span className="leader-name">
                    <Link to={`/teams/${team.id}`}>{team.name}</Link>
                    <span className="small muted">
                      {' · '}
                      <Link to={`/projects/${team.project.slug}`} lang={langIf(team.project.lang, i18n.language)}>
                        {team.project.title}
                      </Link>
                    </span>
                  </span>
                  <span className="leader-figures small">
                    {t('teams.teamFigures', { raised: money(team.raised), goal: money(team.goal) })} · {t('teams.members', { count: team.members })}
                  </span>
                  <ProgressBar percent={percent} label={t('project.progressLabel', { percent })} />
                </li>
              )
            })}
          </ol>
        )}
      </section>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
