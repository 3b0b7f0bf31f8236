/**
 * Query discipline: with 50,000 projects, 200,000 donations and their ledger entries loaded, every
 * query the discover, project, transparency, organisation and partner pages run is EXPLAINed, and a
 * sequential scan of a large table fails the test. (The benchmarks issue repeats this at 1M rows.)
 */
import { expect, test } from 'vitest'
import { setupTestDatabase, testBackend } from '~db/testing/test-database'
import { budgetVsActual, projectBalance } from './expenses.server'
import { followerCount, getOrganizationBySlug, listPartners, organizationProjects } from './organizations.server'
import { getBudgetLines } from './project-lifecycle.server'
import { discoverProjects, getProjectBySlug, isFollowingProject, ledgerSummary, projectFollowerCount, recentDonations, resolveShareCode } from './projects.server'

const handle = await setupTestDatabase()
const LARGE = new Set(['projects', 'donations', 'ledger_entries', 'users', 'project_follows', 'budget_lines', 'organizations', 'expenses'])
const PROJECTS = 50_000
const DONATIONS = 200_000

await handle.raw(`insert into users (email, display_name) select 'u' || g || '@example.org', 'User ' || g from generate_series(1, 20000) g`)
await handle.raw(`insert into organizations (slug, name, uscc, region, contact_name, contact_email, status, cause_areas)
  select 'org-' || g, '机构 ' || g, '94' || lpad(g::text, 16, '0'), 'R' || (g % 30), 'c', 'c@example.org',
         (case when g % 10 = 0 then 'pending' else 'approved' end)::organization_status, array[(array['education','heritage','environment'])[1 + g % 3]]::project_category[]
  from generate_series(1, 5000) g`)
await handle.raw(`insert into projects (slug, organization_id, title, summary, category, region, goal_amount, starts_on, ends_on, status, rank_score, published_at, raised_amount, donation_count)
  select 'p-' || g, (select id from organizations where slug = 'org-' || (1 + g % 5000)),
         'Project ' || g || case when g % 500 = 1 then ' 营养午餐' else '' end, 'Summary of project ' || g,
         (array['education','disaster_relief','rare_disease','serious_illness','environment','animal_protection','heritage','rural_development','charity_culture'])[1 + g % 9]::project_category,
         'R' || (g % 30), 1000000, '2026-01-01', '2099-12-31',
         (case when g % 5 = 0 then 'closed' else 'fundraising' end)::project_status, random(), now() - make_interval(secs => g), 0, 0
  from generate_series(1, ${PROJECTS}) g`)
await handle.raw(`insert into budget_lines (project_id, position, label, planned_amount) select id, 0, 'line', 1000000 from projects`)
await handle.raw(`insert into donations (project_id, amount, currency, status, succeeded_at, donor_email, display_name)
  select (select id from projects where slug = 'p-' || (1 + g % ${PROJECTS})), 5000, 'CNY', 'succeeded', now() - make_interval(secs => g), 'd@example.org', 'D'
  from generate_series(1, ${DONATIONS}) g`)
await handle.raw(`insert into ledger_entries (project_id, kind, amount, currency, donation_id, occurred_at) select project_id, 'donation', amount, currency, id, succeeded_at from donations`)
await handle.raw(`insert into expenses (project_id, budget_line_id, amount, currency, spent_on, payee, description)
  select b.project_id, b.id, 1000, 'CNY', '2026-06-01', 'Supplier', 'Supplies' from budget_lines b join projects p on p.id = b.project_id where p.slug like '%3'`)
await handle.raw(`insert into project_follows (project_id, user_id) select p.id, u.id from (select id, row_number() over () as n from projects limit 20000) p join (select id, row_number() over () as n from users) u on u.n = p.n`)
await handle.raw('analyze')

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] }

function seqScans(node: PlanNode, found: string[] = []) {
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] && LARGE.has(node['Relation Name'])) found.push(node['Relation Name'])
  for (const child of node.Plans ?? []) seqScans(child, found)
  return found
}

test(`every page query uses an index at ${PROJECTS.toLocaleString('en')} projects and ${DONATIONS.toLocaleString('en')} donations (${testBackend()})`, { timeout: 120_000 }, async () => {
  const { db, queries } = handle.recording()
  const [top] = await handle.raw<{ id: string; slug: string }>(`select id, slug from projects where status = 'fundraising' order by rank_score desc limit 1`)
  const [someone] = await handle.raw<{ id: string }>(`select id from users limit 1`)
  const { id: projectId, slug } = top!
  const userId = someone!.id

  // Discover: default, filtered, searched (Chinese), next page.
  const first = await discoverProjects(db, { status: 'fundraising', limit: 37 })
  await discoverProjects(db, { status: 'fundraising', category: 'heritage', limit: 13 })
  await discoverProjects(db, { status: 'fundraising', region: 'R7', limit: 13 })
  await discoverProjects(db, { status: 'closed', limit: 13 })
  const lunch = await discoverProjects(db, { status: 'fundraising', q: '营养午餐', limit: 13 })
  expect(lunch.length).toBeGreaterThan(0)
  await discoverProjects(db, { status: 'fundraising', limit: 13, after: { score: first.at(-1)!.rankScore, id: first.at(-1)!.id } })
  // Project page and transparency tab.
  await getProjectBySlug(db, slug)
  await getBudgetLines(db, projectId)
  await recentDonations(db, projectId)
  await ledgerSummary(db, projectId)
  await projectFollowerCount(db, projectId)
  await isFollowingProject(db, projectId, userId)
  await resolveShareCode(db, projectId, 'abcdefghij')
  await projectBalance(db, projectId)
  await budgetVsActual(db, projectId)
  // Organisation page and partners directory.
  const org = await getOrganizationBySlug(db, 'org-42')
  await organizationProjects(db, org!.id, { includeUnpublished: false })
  await followerCount(db, org!.id)
  await listPartners(db, { limit: 25 })
  await listPartners(db, { cause: 'heritage', limit: 25 })
  await listPartners(db, { region: 'R3', limit: 25 })

  expect(queries.length).toBeGreaterThan(20)
  const offenders: string[] = []
  for (const { query, params } of queries) {
    const [row] = await handle.raw<{ 'QUERY PLAN': [{ Plan: PlanNode }] | string }>(`explain (format json) ${query}`, params)
    const raw = row!['QUERY PLAN']
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }]
    const scans = seqScans(plan[0].Plan)
    if (scans.length) offenders.push(`${scans.join(', ')} ← ${query.slice(0, 160)}`)
  }
  expect(offenders).toEqual([])
})
