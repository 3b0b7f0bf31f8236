/**
 * `npm run bench:data`: a realistic, long-tailed data set in PostgreSQL database `sunlight_bench_data`
 * (dropped and created; BENCH_DATABASE_URL names the server) — 10k organisations, 50k projects, 200k
 * users, 1M donations with their ledger entries, 100k updates, ~600k follows — built with set-based
 * INSERT … SELECT generate_series (no round trip per row), then project totals from the ledger, the
 * ledger's hash-chain seals (as the server's job would have made them) and ANALYZE. Gifts follow a long tail: a few projects get most of them (index = 50,000·u³). User 1
 * (bench-user-1@example.org, password "bench passphrase 2026") follows 50 projects, for the feed.
 * Prints the time of each step; ends with one JSON line.
 */
import { sql as dsql } from 'drizzle-orm'
import postgres from 'postgres'
import { openDatabase } from '~db/client.server'
import { postSelected } from '~/ledger/post.server'
import { sealLedger } from '~/ledger/seal.server'
import { hashPassword } from '~/utils/password.server'

import { BENCH_DATA_DB, BENCH_PASSWORD, benchDataUrl } from './data-db'

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const scale = Number(process.env.BENCH_SCALE ?? 1)
const N = { orgs: 10_000 * scale, projects: 50_000 * scale, users: 200_000 * scale, donations: 1_000_000 * scale, updates: 100_000 * scale }


async function main() {
  const admin = postgres(ADMIN_URL, { onnotice: () => {}, max: 1 })
  await admin.unsafe(`drop database if exists ${BENCH_DATA_DB} with (force)`)
  await admin.unsafe(`create database ${BENCH_DATA_DB}`)
  await admin.end()
  const handle = await openDatabase({ kind: 'postgres', url: benchDataUrl() })
  await handle.migrate()
  const db = handle.db

  const sql = postgres(benchDataUrl(), { onnotice: () => {}, max: 1 })
  const timings: Record<string, number> = {}
  const step = async (name: string, run: () => Promise<unknown>) => {
    const started = performance.now()
    await run()
    timings[name] = Math.round(performance.now() - started) / 1000
    console.log(`${name}: ${timings[name]} s`)
  }
  const passwordHash = await hashPassword(BENCH_PASSWORD)
  const total = performance.now()
  await step('users', () => sql`
    insert into users (email, display_name, password_hash, birth_date, locale, email_verified_at, created_at)
    select 'bench-user-' || g || '@example.org', '捐赠人 ' || g, ${passwordHash}, make_date(1960 + g % 45, 1 + g % 12, 1 + g % 28), case when g % 3 = 0 then 'en' else 'zh-CN' end, now(), now() - (g % 700) * interval '1 day'
    from generate_series(1, ${N.users}) g`)
  await step('organisations', () => sql`
    insert into organizations (slug, name, uscc, region, contact_name, contact_email, status, approved_at, cause_areas, description, has_public_fundraising_qualification)
    select 'org-' || g, '公益机构 ' || g, '91' || lpad(g::text, 16, '0'), (array['北京','上海','四川','湖北','甘肃','云南','广东','内蒙古'])[1 + g % 8], '联系人', 'org-' || g || '@example.org',
      case when g % 50 = 0 then 'pending'::organization_status else 'approved'::organization_status end, now() - (g % 900) * interval '1 day',
      array[(enum_range(null::project_category))[1 + g % 9]], '机构简介 ' || g, g % 4 = 0
    from generate_series(1, ${N.orgs}) g`)
  await step('organisation owners', () => sql`
    insert into organization_members (organization_id, user_id, role)
    select o.id, u.id, 'owner' from organizations o join users u on u.email = 'bench-user-' || (100000 + substr(o.slug, 5)::int) || '@example.org'`)
  await step('projects', () => sql`
    insert into projects (slug, organization_id, title, summary, story, category, region, goal_amount, starts_on, ends_on, status, filing_number, published_at, rank_score, impressions)
    select 'project-' || g, o.id, '公益项目 ' || g || ' · 午餐与图书', '为乡村学校的孩子提供午餐和图书 ' || g, '## 项目故事\n\n项目 ' || g || ' 的故事。',
      (enum_range(null::project_category))[1 + g % 9], (array['北京','上海','四川','湖北','甘肃','云南','广东','内蒙古'])[1 + g % 8],
      (1000 + (g % 200) * 500) * 100, date '2026-01-01' + (g % 200), date '2026-12-31' + (g % 400),
      case when g % 10 < 7 then 'fundraising'::project_status when g % 10 < 9 then 'closed'::project_status else 'completed'::project_status end,
      '5101' || lpad(g::text, 14, '0'), now() - (g % 300) * interval '1 day', random(), (random() * 10000)::bigint
    from generate_series(1, ${N.projects}) g join organizations o on o.slug = 'org-' || (1 + g % ${N.orgs})`)
  await step('budget lines', () => sql`
    insert into budget_lines (project_id, label, planned_amount, position)
    select p.id, l.label, p.goal_amount / 2, l.position from projects p cross join (values ('食材', 0), ('图书', 1)) l(label, position)`)
  // Long tail: project index = 1 + floor(N · u³) — a few projects get most gifts. Random values are drawn
  // in a LATERAL that references g, so PostgreSQL evaluates them once per generated row (a random()
  // inside a join condition may be re-evaluated per candidate row and make counts wrong).
  await step('donations', () => sql`
    insert into donations (project_id, user_id, amount, currency, status, display_name, is_anonymous, message, donor_email, created_at, succeeded_at, gateway, receipt_number, locale)
    select p.id, case when g % 5 < 3 then u.id end, a.amount, 'CNY', 'succeeded', case when g % 4 = 0 then null else '捐赠人 ' || (g % ${N.users}) end, g % 4 = 0,
      case when g % 20 = 0 then '加油！' end, 'bench-user-' || (1 + g % ${N.users}) || '@example.org', t.at, t.at, 'sandbox', 'SL-2026-' || lpad(g::text, 8, '0'), 'zh-CN'
    from generate_series(1, ${N.donations}) g
    cross join lateral (select 1 + floor(${N.projects} * power(random(), 3))::int + 0 * g as idx, now() - random() * interval '180 days' + 0 * g * interval '1 s' as at) t
    cross join lateral (select (array[1000, 2000, 5000, 10000, 20000, 50000, 100000, 500000])[1 + floor(power(random(), 2) * 8)::int + 0 * g] as amount) a
    join projects p on p.slug = 'project-' || t.idx
    left join users u on u.email = 'bench-user-' || (1 + g % ${N.users}) || '@example.org'`)
  // The ledger's trigger derives the projects' totals and summaries in the same statement.
  await step('ledger entries', () =>
    postSelected(db, dsql`select project_id, 'donation'::ledger_entry_kind, amount, currency, id, 'bench:' || id, succeeded_at from donations order by succeeded_at`),
  )
  await step('updates', () => sql`
    insert into project_updates (project_id, organization_id, title, body, created_at)
    select p.id, p.organization_id, '项目进展 ' || g, '本周我们为孩子们送去了午餐。进展 ' || g, now() - random() * interval '180 days'
    from generate_series(1, ${N.updates}) g
    cross join lateral (select 1 + floor(${N.projects} * power(random(), 2))::int + 0 * g as idx) t
    join projects p on p.slug = 'project-' || t.idx`)
  await step('follows', async () => {
    await sql`
      insert into project_follows (project_id, user_id)
      select distinct on (p.id, u.id) p.id, u.id from generate_series(1, ${N.users * 2}) g
      cross join lateral (select 1 + floor(${N.projects} * power(random(), 3))::int + 0 * g as idx) t
      join users u on u.email = 'bench-user-' || (2 + g % (${N.users} - 1)) || '@example.org'
      join projects p on p.slug = 'project-' || t.idx
      on conflict do nothing`
    await sql`
      insert into organization_follows (organization_id, user_id)
      select distinct on (o.id, u.id) o.id, u.id from generate_series(1, ${N.users / 2}) g
      cross join lateral (select 1 + floor(${N.orgs} * power(random(), 2))::int + 0 * g as idx) t
      join users u on u.email = 'bench-user-' || (2 + g % (${N.users} - 1)) || '@example.org'
      join organizations o on o.slug = 'org-' || t.idx
      on conflict do nothing`
    // The feed reader: user 1 follows 50 of the busiest projects.
    await sql`
      insert into project_follows (project_id, user_id)
      select p.id, (select id from users where email = 'bench-user-1@example.org') from projects p where p.slug in (select 'project-' || g from generate_series(1, 50) g)`
  })
  // A live ledger is sealed a minute after each entry (the job every server runs); so is this one.
  await step('hash-chain seals', async () => {
    const app = await openDatabase({ kind: 'postgres', url: benchDataUrl() })
    try {
      while ((await sealLedger(app.db, { settleSeconds: 0 })).sealed > 0);
    } finally {
      await app.close()
    }
  })
  await step('analyze', () => sql`analyze`)
  const seconds = Math.round(performance.now() - total) / 1000
  const [counts] = await sql<Record<string, number>[]>`
    select (select count(*) from organizations)::int as organizations, (select count(*) from projects)::int as projects, (select count(*) from users)::int as users,
      (select count(*) from donations)::int as donations, (select count(*) from ledger_entries)::int as "ledgerEntries", (select count(*) from project_updates)::int as updates,
      (select count(*) from project_follows)::int + (select count(*) from organization_follows)::int as follows`
  await sql.end()
  await handle.close()
  console.log(`total: ${seconds} s`)
  console.log(JSON.stringify({ seconds, ...counts, steps: timings }))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
