/**
 * Query discipline: with 50,000 projects, 200,000 donations and their ledger entries loaded, every
 * query the discover, project, transparency, organisation and partner pages run is EXPLAINed, and a
 * sequential scan of a large table fails the test. `npm run bench:plans` repeats it on the
 * 1M-donation data set of `npm run bench:data`.
 */
import { expect, test } from 'vitest'
import { sql } from 'drizzle-orm'
import { setupTestDatabase, testBackend } from '~db/testing/test-database'
import { postSelected } from '~/ledger/post.server'
import { explainAll, runPageQueries } from './query-plans.server'

const handle = await setupTestDatabase()
const PROJECTS = 50_000
const DONATIONS = 200_000

await handle.raw(`insert into users (email, display_name) select 'u' || g || '@example.org', 'User ' || g from generate_series(1, 20000) g`)
await handle.raw(`insert into organizations (slug, name, uscc, region, contact_name, contact_email, status, cause_areas)
  select 'org-' || g, '机构 ' || g, '94' || lpad(g::text, 16, '0'), 'R' || (g % 30), 'c', 'c@example.org',
         (case when g % 10 = 0 then 'pending' else 'approved' end)::organization_status, array[(array['education','heritage','environment'])[1 + g % 3]]::project_category[]
  from generate_series(1, 5000) g`)
await handle.raw(`insert into projects (slug, organization_id, title, summary, category, region, region_code, goal_amount, starts_on, ends_on, status, rank_score, published_at, raised_amount, donation_count)
  select 'p-' || g, (select id from organizations where slug = 'org-' || (1 + g % 5000)),
         'Project ' || g || case when g % 500 = 1 then ' 营养午餐' else '' end, 'Summary of project ' || g,
         (array['education','disaster_relief','rare_disease','serious_illness','environment','animal_protection','heritage','rural_development','charity_culture'])[1 + g % 9]::project_category,
         'R' || (g % 30), (array['110000','510000','510100','513400','440300','000000'])[1 + g % 6], 1000000, '2026-01-01', '2099-12-31',
         (case when g % 5 = 0 then 'closed' else 'fundraising' end)::project_status, random(), now() - make_interval(secs => g), 0, 0
  from generate_series(1, ${PROJECTS}) g`)
await handle.raw(`insert into budget_lines (project_id, position, label, planned_amount) select id, 0, 'line', 1000000 from projects`)
await handle.raw(`insert into donations (project_id, amount, currency, status, succeeded_at, donor_email, display_name)
  select (select id from projects where slug = 'p-' || (1 + g % ${PROJECTS})), 5000, 'CNY', 'succeeded', now() - make_interval(secs => g), 'd@example.org', 'D'
  from generate_series(1, ${DONATIONS}) g`)
await postSelected(handle.db, sql`select project_id, 'donation'::ledger_entry_kind, amount, currency, id, 'donation:' || id, succeeded_at from donations`)
await handle.raw(`insert into expenses (project_id, budget_line_id, amount, currency, spent_on, payee, description)
  select b.project_id, b.id, 1000, 'CNY', '2026-06-01', 'Supplier', 'Supplies' from budget_lines b join projects p on p.id = b.project_id where p.slug like '%3'`)
await handle.raw(`insert into project_follows (project_id, user_id) select p.id, u.id from (select id, row_number() over () as n from projects limit 20000) p join (select id, row_number() over () as n from users) u on u.n = p.n`)
await handle.raw('analyze')

test(`every page query uses an index at ${PROJECTS.toLocaleString('en')} projects and ${DONATIONS.toLocaleString('en')} donations (${testBackend()})`, { timeout: 120_000 }, async () => {
  const { db, queries } = handle.recording()
  const [top] = await handle.raw<{ slug: string }>(`select slug from projects where status = 'fundraising' order by rank_score desc limit 1`)
  const [follower] = await handle.raw<{ id: string }>(`select user_id as id from project_follows limit 1`)
  const { lunchResults } = await runPageQueries(db, { projectSlug: top!.slug, organizationSlug: 'org-42', userId: follower!.id })
  expect(lunchResults).toBeGreaterThan(0)
  expect(queries.length).toBeGreaterThan(30)
  const { offenders } = await explainAll(handle, queries)
  expect(offenders).toEqual([])
})

test('the check can fail: a query that must read a whole large table is named', async () => {
  const { db, queries } = handle.recording()
  await db.execute(sql`select count(*) from donations where donor_email like '%@example.org'`)
  const { offenders } = await explainAll(handle, queries)
  expect(offenders).toEqual([expect.stringMatching(/^donations ← select count/)])
})
