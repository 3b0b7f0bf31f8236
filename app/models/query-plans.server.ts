/**
 * Query discipline, shared by the test at 50k projects (query-plans.test.ts) and `npm run
 * bench:plans` on the 1M-donation data set: every query the public pages and the feed run is
 * recorded, then EXPLAINed, and a sequential scan of a large table is an offence.
 */
import type { DatabaseHandle, Db } from '~db/client.server'
import { balances } from '~/ledger/post.server'
import { budgetVsActual, disclosure, transparencyFeed } from './expenses.server'
import { discoverFeed } from './discover.server'
import { followerCount, getOrganizationBySlug, listPartners, organizationProjects } from './organizations.server'
import { getBudgetLines } from './project-lifecycle.server'
import { discoverProjects, getProjectBySlug, isFollowingProject, ledgerSummary, projectFollowerCount, projectRegionCodes, projectRegions, recentDonations, resolveShareCode } from './projects.server'
import { approvedSupporterVideos } from './supporter-videos.server'
import { feedFor, organizationTimeline, projectTimeline } from './updates.server'

/**
 * Tables that grow with use: scanning one of them whole on a page view is the offence — once it
 * holds enough rows for that to matter (the planner rightly scans a table of a few rows).
 */
const LARGE_ROWS = 1_000
export const LARGE_TABLES = new Set([
  'projects', 'donations', 'ledger_entries', 'users', 'project_follows', 'organization_follows', 'budget_lines', 'organizations', 'expenses',
  'project_updates', 'project_ledger_hours', 'project_ledger_totals', 'supporter_videos', 'share_links', 'media', 'audit_log', 'webhook_events',
])

/** Runs every listing and detail query of discover, home, project, transparency tab, organisation, partners and feed. */
export async function runPageQueries(db: Db, ids: { projectSlug: string; organizationSlug: string; userId: string }) {
  const row = await getProjectBySlug(db, ids.projectSlug)
  if (!row) throw new Error(`no project ${ids.projectSlug}`)
  const { project } = row
  // Discover (as the route asks, and each filter), home.
  const first = await discoverProjects(db, { status: 'fundraising', limit: 37 })
  await discoverFeed(db, { status: 'fundraising', userId: ids.userId })
  await discoverFeed(db, { status: 'fundraising', pageSize: 6 })
  await discoverProjects(db, { status: 'fundraising', category: 'heritage', limit: 13 })
  await discoverProjects(db, { status: 'fundraising', region: 'R7', limit: 13 })
  await discoverProjects(db, { status: 'fundraising', region: '510000', limit: 13 })
  await discoverProjects(db, { status: 'closed', limit: 13 })
  const lunch = await discoverProjects(db, { status: 'fundraising', q: '营养午餐', limit: 13 })
  if (first.length) await discoverProjects(db, { status: 'fundraising', limit: 13, after: { score: first.at(-1)!.rankScore, id: first.at(-1)!.id } })
  await projectRegions(db)
  await projectRegionCodes(db)
  // (Not here: platformTotals, the home page's headline sums over every public project — by design
  // a whole-table aggregate, computed at most once a minute per server.)
  // Project page.
  await getBudgetLines(db, project.id)
  await recentDonations(db, project.id)
  await ledgerSummary(db, project.id)
  await projectFollowerCount(db, project.id)
  await isFollowingProject(db, project.id, ids.userId)
  await resolveShareCode(db, project.id, 'abcdefghij')
  await projectTimeline(db, project.id)
  await approvedSupporterVideos(db, project.id)
  // Transparency tab.
  await balances(db, project.id)
  await budgetVsActual(db, project.id)
  await transparencyFeed(db, project.id)
  await disclosure(db, project)
  // Organisation page and partners directory.
  const org = await getOrganizationBySlug(db, ids.organizationSlug)
  if (!org) throw new Error(`no organisation ${ids.organizationSlug}`)
  await organizationProjects(db, org.id, { includeUnpublished: false })
  await followerCount(db, org.id)
  await organizationTimeline(db, org.id)
  await listPartners(db, { limit: 25 })
  await listPartners(db, { cause: 'heritage', limit: 25 })
  await listPartners(db, { region: 'R3', limit: 25 })
  // The feed of someone following projects.
  await feedFor(db, ids.userId)
  return { lunchResults: lunch.length }
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Actual Total Time'?: number; Plans?: PlanNode[] }

function seqScans(node: PlanNode, large: Set<string>, found: string[] = []) {
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] && large.has(node['Relation Name'])) found.push(node['Relation Name'])
  for (const child of node.Plans ?? []) seqScans(child, large, found)
  return found
}

/**
 * EXPLAINs each recorded query (with `analyze`, also how long it took): the offenders (a sequential
 * scan of a large table) and every query's plan time, slowest first.
 */
export async function explainAll(handle: DatabaseHandle, queries: { query: string; params: unknown[] }[], { analyze = false } = {}) {
  const offenders: string[] = []
  const timings: { ms: number; query: string }[] = []
  const sizes = await handle.raw<{ name: string; rows: number }>(`select relname as name, reltuples::float8 as rows from pg_class where relkind = 'r'`)
  const large = new Set(sizes.filter((t) => LARGE_TABLES.has(t.name) && Number(t.rows) >= LARGE_ROWS).map((t) => t.name))
  for (const { query, params } of queries) {
    const [row] = await handle.raw<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time'?: number }] | string }>(`explain (format json${analyze ? ', analyze' : ''}) ${query}`, params)
    const raw = row!['QUERY PLAN']
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode; 'Execution Time'?: number }]
    const scans = seqScans(plan[0].Plan, large)
    if (scans.length) offenders.push(`${scans.join(', ')} ← ${query.slice(0, 160)}`)
    timings.push({ ms: plan[0]['Execution Time'] ?? 0, query: query.replace(/\s+/g, ' ').slice(0, 140) })
  }
  return { offenders, timings: timings.sort((a, b) => b.ms - a.ms) }
}
