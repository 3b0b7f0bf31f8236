/**
 * Team giving (一起捐, issue 22): a signed-in donor starts a team for one fundraising project — a name,
 * a goal, a message, optionally inside a running campaign the project takes part in — and invites
 * friends by link or QR code. The link leads to the project's donate form with the team carried in a
 * hidden field (like a share link's `ref`), so the gift row names the team (`donations.team_id`).
 *
 * What a team raised is never stored and never read from a form: it is its gifts once the gateway's
 * webhook credited them, less refunds — the same rule as the campaign board's "given". A team
 * reaches its goal once (`teams.goal_reached_at`, set by a guarded UPDATE in the credit's transaction),
 * and its starter and members hear of it then, under a dedupe key (ADR 0018).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { campaignProjects, campaigns, notifications, organizations, projects, teams, users } from '~db/schema'
import { isUuid } from '~/utils/ids'
import { inEveryLanguage, localize } from '~/content/localized'

export type Team = typeof teams.$inferSelect

/** The statuses of a gift whose money the project holds (at least in part): what counts for a team. */
const CREDITED = sql`('succeeded', 'partially_refunded')`

export class TeamRefused extends Error {
  override name = 'TeamRefused'
  constructor(readonly reason: 'projectNotFundraising' | 'campaignNotRunning' | 'currency') {
    super(`team refused: ${reason}`)
  }
}

/**
 * A signed-in donor starts a team. The project must be raising money now (public, its organisation
 * approved); a campaign, when named, must be live, inside its window, with the project approved in it.
 */
export async function createTeam(db: Db, input: { userId: string; projectId: string; name: string; goal: bigint; message?: string | null; showStarter?: boolean; campaignSlug?: string | null; now?: Date }) {
  const now = input.now ?? new Date()
  const [row] = await db
    .select({ status: projects.status, moderation: projects.moderationStatus, currency: projects.currency, orgStatus: organizations.status })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(eq(projects.id, input.projectId))
  if (!row || row.status !== 'fundraising' || row.moderation !== 'visible' || row.orgStatus !== 'approved') throw new TeamRefused('projectNotFundraising')
  let campaignId: string | null = null
  if (input.campaignSlug) {
    const campaign = (await runningCampaignsForProject(db, input.projectId, now)).find((c) => c.slug === input.campaignSlug)
    if (!campaign) throw new TeamRefused('campaignNotRunning')
    campaignId = campaign.id
  }
  const [team] = await db
    .insert(teams)
    .values({ projectId: input.projectId, campaignId, createdBy: input.userId, name: input.name, goalAmount: input.goal, currency: row.currency, message: input.message || null, showStarter: Boolean(input.showStarter) })
    .returning()
  return team!
}

/** The live campaigns running at `now` in which the project is approved: what a new team may join. */
export function runningCampaignsForProject(db: Db, projectId: string, now = new Date()) {
  const at = now.toISOString()
  return db
    .select({ id: campaigns.id, slug: campaigns.slug, title: campaigns.title })
    .from(campaignProjects)
    .innerJoin(campaigns, eq(campaigns.id, campaignProjects.campaignId))
    .where(
      and(
        eq(campaignProjects.projectId, projectId),
        eq(campaignProjects.status, 'approved'),
        eq(campaigns.status, 'live'),
        sql`(${at}::timestamptz >= ${campaigns.startsAt} and ${at}::timestamptz < ${campaigns.endsAt})`,
      ),
    )
    .orderBy(asc(campaigns.startsAt))
}

/** A team id from a link or a form, accepted only for the project it belongs to (else null: the gift is simply not a team's). */
export async function resolveTeam(db: Db, projectId: string, teamId: string | null | undefined) {
  if (!teamId || !isUuid(teamId)) return null
  const [row] = await db.select({ id: teams.id, name: teams.name }).from(teams).where(and(eq(teams.id, teamId), eq(teams.projectId, projectId)))
  return row ?? null
}

/**
 * A team's public page: the team, its project, its starter's name if they chose to show it, what it
 * raised (credited gifts less refunds), and its gifts — a name only as each donor chose it on the gift (anonymous gifts show no name), the
 * message when it is visible. `mine` marks the viewer's own gifts and nobody else's: a guest has none.
 */
export async function teamPage(db: Db, input: { teamId: string; viewerId: string | null }) {
  if (!isUuid(input.teamId)) return null
  const [row] = await db
    .select({
      team: teams,
      project: {
        id: projects.id,
        slug: projects.slug,
        title: projects.title,
        contentLanguage: projects.contentLanguage,
        translations: projects.translations,
        status: projects.status,
        moderation: projects.moderationStatus,
        organizationId: projects.organizationId,
      },
      organization: { name: organizations.name, contentLanguage: organizations.contentLanguage, translations: organizations.translations, status: organizations.status },
      campaign: { slug: campaigns.slug, title: campaigns.title },
      starter: { displayName: users.displayName, deletedAt: users.deletedAt },
    })
    .from(teams)
    .innerJoin(projects, eq(projects.id, teams.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .leftJoin(campaigns, eq(campaigns.id, teams.campaignId))
    .leftJoin(users, eq(users.id, teams.createdBy))
    .where(eq(teams.id, input.teamId))
  if (!row) return null
  const gifts = await queryRows<{ id: string; name: string | null; amount: string; message: string | null; succeeded_at: string; mine: boolean }>(
    db,
    sql`select d.id, case when d.is_anonymous then null else d.display_name end as name, (d.amount - d.refunded_amount)::text as amount,
               case when d.message_status = 'visible' then d.message end as message, d.succeeded_at::text,
               (${input.viewerId}::uuid is not null and d.user_id = ${input.viewerId}::uuid) as mine
          from donations d
         where d.team_id = ${row.team.id} and d.status in ${CREDITED}
         order by d.succeeded_at desc, d.id desc
         limit 200`,
  )
  const [totals] = await teamTotals(db, [row.team.id])
  return {
    ...row,
    // Named only when the starter chose to be (and still has an account).
    starterName: row.team.showStarter && !row.starter?.deletedAt ? (row.starter?.displayName ?? null) : null,
    isStarter: Boolean(input.viewerId && row.team.createdBy === input.viewerId),
    raised: totals?.raised ?? 0n,
    members: totals?.members ?? 0,
    gifts: gifts.map((g) => ({ id: g.id, name: g.name, amount: BigInt(g.amount), message: g.message, at: new Date(g.succeeded_at), mine: g.mine })),
  }
}

/**
 * What each team raised — its credited gifts less refunds — and how many people gave through it
 * (accounts once each; every guest gift is its own giver, since guests are not known to be the same person).
 */
export async function teamTotals(db: Db, teamIds: readonly string[]) {
  if (!teamIds.length) return []
  const rows = await queryRows<{ team_id: string; raised: string; members: number }>(
    db,
    sql`select d.team_id, sum(d.amount - d.refunded_amount)::text as raised, count(distinct coalesce(d.user_id::text, d.id::text))::int as members
          from donations d
         where d.team_id in (${sql.join(teamIds.map((id) => sql`${id}::uuid`), sql`, `)}) and d.status in ${CREDITED}
         group by d.team_id`,
  )
  return teamIds.map((id) => {
    const r = rows.find((x) => x.team_id === id)
    return { teamId: id, raised: r ? BigInt(r.raised) : 0n, members: r?.members ?? 0 }
  })
}

/** A project's teams, most raised first (the project page links them). */
export async function teamsForProject(db: Db, projectId: string, limit = 20) {
  const rows = await queryRows<{ id: string; name: string; goal: string; currency: string; raised: string; members: number }>(
    db,
    sql`select t.id, t.name, t.goal_amount::text as goal, trim(t.currency) as currency,
               coalesce(g.raised, 0)::text as raised, coalesce(g.members, 0)::int as members
          from teams t
          left join lateral (
            select sum(d.amount - d.refunded_amount) as raised, count(distinct coalesce(d.user_id::text, d.id::text)) as members
              from donations d where d.team_id = t.id and d.status in ${CREDITED}
          ) g on true
         where t.project_id = ${projectId}
         order by coalesce(g.raised, 0) desc, t.created_at asc, t.id
         limit ${limit}`,
  )
  return rows.map((r) => ({ id: r.id, name: r.name, goal: BigInt(r.goal), currency: r.currency, raised: BigInt(r.raised), members: r.members }))
}

/**
 * A campaign's team leaderboard: its teams ranked by what they raised. Only gifts credited inside the
 * campaign's window count, as on the campaign's own board; projects that left the campaign or stopped
 * being public drop out. A team shows here once it raised something: a name on a giving day's public
 * page takes a credited gift, not just an account (anyone can start a team and name it).
 */
export async function teamLeaderboard(db: Db, campaignId: string, limit = 10) {
  const rows = await queryRows<{ id: string; name: string; goal: string; currency: string; raised: string; members: number; project_slug: string; project_title: string; project_content_language: string; project_translations: unknown }>(
    db,
    sql`select t.id, t.name, t.goal_amount::text as goal, trim(t.currency) as currency, p.slug as project_slug, p.title as project_title,
               p.content_language as project_content_language, p.translations as project_translations,
               coalesce(g.raised, 0)::text as raised, coalesce(g.members, 0)::int as members
          from teams t
          join campaigns c on c.id = t.campaign_id
          join projects p on p.id = t.project_id
          join organizations o on o.id = p.organization_id
          join campaign_projects cp on cp.campaign_id = c.id and cp.project_id = p.id and cp.status = 'approved'
          left join lateral (
            select sum(d.amount - d.refunded_amount) as raised, count(distinct coalesce(d.user_id::text, d.id::text)) as members
              from donations d
             where d.team_id = t.id and d.status in ${CREDITED} and d.succeeded_at >= c.starts_at and d.succeeded_at < c.ends_at
          ) g on true
         where t.campaign_id = ${campaignId} and p.moderation_status = 'visible' and p.status in ('fundraising', 'closed', 'completed') and o.status = 'approved'
           and coalesce(g.raised, 0) > 0
         order by coalesce(g.raised, 0) desc, t.created_at asc, t.id
         limit ${limit}`,
  )
  return rows.map((r) => ({ id: r.id, name: r.name, goal: BigInt(r.goal), currency: r.currency, raised: BigInt(r.raised), members: r.members,
    project: { slug: r.project_slug, title: r.project_title, contentLanguage: r.project_content_language, translations: r.project_translations },
  }))
}

/**
 * Called in a credit's transaction (one gift or a batch) with the teams of the gifts it credited:
 * each team its credits take to its goal is marked reached — once, by an UPDATE guarded on the mark —
 * and its starter and every member with an account are told, each once (dedupe key `team-goal:<id>`).
 * A later refund does not un-reach it: the news was true when it was given.
 */
export async function settleTeamGoals(tx: Db, teamIds: readonly (string | null)[], at = new Date()) {
  const ids = [...new Set(teamIds.filter((id): id is string => Boolean(id)))]
  if (!ids.length) return []
  // Locked in id order first, so two batches crediting gifts of the same teams cannot deadlock.
  const open = await tx.select({ id: teams.id }).from(teams).where(and(inArray(teams.id, ids), sql`${teams.goalReachedAt} is null`)).orderBy(asc(teams.id)).for('update')
  if (!open.length) return []
  const reached = await queryRows<{ id: string; name: string; project_id: string; created_by: string | null }>(
    tx,
    sql`update teams t set goal_reached_at = ${at.toISOString()}::timestamptz
          from (select d.team_id, sum(d.amount - d.refunded_amount) as raised from donations d
                 where d.team_id in (${sql.join(open.map((t) => sql`${t.id}::uuid`), sql`, `)}) and d.status in ${CREDITED}
                 group by d.team_id) g
         where t.id = g.team_id and t.goal_reached_at is null and g.raised >= t.goal_amount
     returning t.id, t.name, t.project_id, t.created_by`,
  )
  if (!reached.length) return []
  const titles = await tx.select({ id: projects.id, title: projects.title, contentLanguage: projects.contentLanguage, translations: projects.translations }).from(projects).where(inArray(projects.id, reached.map((r) => r.project_id)))
  for (const team of reached) {
    const members = await queryRows<{ user_id: string }>(
      tx,
      sql`select distinct d.user_id from donations d where d.team_id = ${team.id} and d.user_id is not null and d.status in ${CREDITED}`,
    )
    const people = [...new Set([...(team.created_by ? [team.created_by] : []), ...members.map((m) => m.user_id)])]
    if (!people.length) continue
    const project = titles.find((p) => p.id === team.project_id)
    const values = inEveryLanguage({ team: team.name, project: project?.title ?? '' }, (language) => ({ project: project ? localize(project, ['title'], language).title : '' }))
    await tx
      .insert(notifications)
      .values(
        people.map((userId) => ({
          userId,
          messageKey: 'notify.teamGoal',
          values,
          link: `/teams/${team.id}`,
          dedupeKey: `team-goal:${team.id}`,
        })),
      )
      .onConflictDoNothing()
  }
  return reached.map((r) => r.id)
}
