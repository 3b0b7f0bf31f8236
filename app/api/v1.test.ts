/**
 * The read API's contract (issue 23): on the seeded demo plus a giving day, every endpoint the
 * OpenAPI document names answers what the document says (each body validated against its schema,
 * which forbids undocumented fields), every list paginates to the end with its cursors without a
 * repeat, nothing personal appears in any answer, and nothing unpublished is reachable. Also: ETags
 * and 304s, CORS, JSON errors for bad parameters and unknown addresses, and the rate limit.
 */
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { queryRows } from '~db/client.server'
import { setupTestDatabase } from '~db/testing/test-database'

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { seedDemo } = await import('~seeds/seed.server')
const { organizations, projects } = await import('~db/schema')
const { createCampaign, addPool, advanceCampaign } = await import('~/models/campaigns.server')
const { openApiDocument } = await import('./openapi')
const { isApiPreflight } = await import('~/utils/request-gate.server')

const now = new Date('2026-11-30T08:00:00Z')
await seedDemo(db, { now })

// A giving day (the demo may or may not seed one): one pool, live; and one still a draft, never shown.
const [admin] = await queryRows<{ id: string }>(db, sql`select id from users where is_admin limit 1`)
const live = await createCampaign(db, { adminId: admin!.id, slug: 'api-giving-day', title: '99公益日', startsAt: new Date('2026-11-29T00:00:00Z'), endsAt: new Date('2026-12-09T00:00:00Z') })
await addPool(db, { adminId: admin!.id, campaignId: live.id, sponsorName: '腾讯公益慈善基金会', totalAmount: 10_000_000n, rules: { ratioPercent: 50, capPerGift: 5_000n } })
await advanceCampaign(db, { adminId: admin!.id, campaignId: live.id, to: 'live' })
await createCampaign(db, { adminId: admin!.id, slug: 'api-draft-day', title: 'draft', startsAt: new Date('2027-01-01T00:00:00Z'), endsAt: new Date('2027-01-02T00:00:00Z') })

// Unpublished things that must stay out: a draft project of an approved organisation, a pending organisation.
const [approved] = await db.select().from(organizations).where(sql`${organizations.status} = 'approved'`).limit(1)
await db.insert(projects).values({ slug: 'api-secret-draft', organizationId: approved!.id, title: '草稿项目', summary: 's', category: 'education', region: '北京', goalAmount: 100_000n, startsOn: '2026-01-01', endsOn: '2099-12-31', status: 'draft' })
await db.insert(organizations).values({ slug: 'api-pending-org', name: '待审核机构', uscc: '980000000000000099', region: '北京', contactName: '联系人甲', contactEmail: 'pending-contact@example.org', status: 'pending' })

const doc = openApiDocument('http://localhost:3000')
const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats(ajv)
ajv.addSchema({ $id: 'openapi', components: doc.components, paths: doc.paths })

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')
function validatorFor(path: string, status = '200') {
  const validate = ajv.compile({ $ref: `openapi#/paths/${pointer(path)}/get/responses/${status}/content/${pointer('application/json')}/schema` })
  return (body: unknown) => {
    const ok = validate(body)
    if (!ok) throw new Error(`${path} ${status}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 400)}`)
  }
}

const routes = {
  '/openapi.json': () => import('~/routes/api.v1.openapi[.]json'),
  '/projects': () => import('~/routes/api.v1.projects'),
  '/projects/{slug}': () => import('~/routes/api.v1.projects_.$slug'),
  '/organizations': () => import('~/routes/api.v1.organizations'),
  '/organizations/{slug}': () => import('~/routes/api.v1.organizations_.$slug'),
  '/updates': () => import('~/routes/api.v1.updates'),
  '/updates/{id}': () => import('~/routes/api.v1.updates_.$id'),
  '/ledger-entries': () => import('~/routes/api.v1.ledger-entries'),
  '/campaigns': () => import('~/routes/api.v1.campaigns'),
  '/campaigns/{slug}': () => import('~/routes/api.v1.campaigns_.$slug'),
  '/transparency': () => import('~/routes/api.v1.transparency'),
  '/*': () => import('~/routes/api.v1.$'),
}

const bodies: string[] = []
async function call(route: keyof typeof routes, url: string, { params = {}, headers = {}, ip = '10.9.0.1' }: { params?: Record<string, string>; headers?: Record<string, string>; ip?: string } = {}) {
  const { loader } = await routes[route]()
  const response = (await loader({ request: new Request(`http://localhost/api/v1${url}`, { headers }), params, context: { clientIp: ip } })) as Response
  const text = response.status === 304 ? '' : await response.text()
  bodies.push(text)
  return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as unknown) : null }
}

/** Every page of a list, following next_cursor; checks each page against the document. */
async function walk(route: '/projects' | '/organizations' | '/updates' | '/ledger-entries' | '/campaigns', query = '', limit = 3) {
  const validate = validatorFor(route)
  const items: Array<Record<string, unknown>> = []
  let cursor: string | null = null
  for (let pages = 0; pages < 500; pages++) {
    const separator = query ? '&' : ''
    const answer = await call(route, `${route}?${query}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    expect(answer.status, answer.text).toBe(200)
    validate(answer.json)
    const page = answer.json as { data: Array<Record<string, unknown>>; next_cursor: string | null; next: string | null }
    expect(page.data.length).toBeLessThanOrEqual(limit)
    items.push(...page.data)
    cursor = page.next_cursor
    if (!cursor) return items
    expect(page.next).toContain(`cursor=${encodeURIComponent(cursor)}`)
  }
  throw new Error(`${route}: no last page`)
}

const keyOf = (item: Record<string, unknown>) => String(item.slug ?? item.id)

test('the OpenAPI document is served, is OpenAPI 3.1, and its every schema compiles', async () => {
  const answer = await call('/openapi.json', '/openapi.json')
  expect(answer.status).toBe(200)
  const served = answer.json as typeof doc
  expect(served.openapi).toBe('3.1.0')
  expect(Object.keys(served.paths).sort()).toEqual(Object.keys(routes).filter((r) => r !== '/openapi.json' && r !== '/*').sort())
  for (const name of Object.keys(served.components.schemas)) expect(() => ajv.getSchema(`openapi#/components/schemas/${name}`), name).not.toThrow()
})

test('projects: every page matches the document, the list ends, no repeats, each project in detail too; drafts stay out', async () => {
  const all = await walk('/projects')
  const slugs = all.map(keyOf)
  expect(new Set(slugs).size).toBe(slugs.length)
  const [published] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from projects p join organizations o on o.id = p.organization_id
        where p.status in ('fundraising', 'closed', 'completed') and p.moderation_status = 'visible' and o.status in ('approved', 'suspended')`,
  )
  expect(all).toHaveLength(published!.n)
  expect(slugs).toContain('free-lunch-draw-to-life')
  expect(slugs).not.toContain('api-secret-draft')
  const validate = validatorFor('/projects/{slug}')
  for (const slug of slugs) {
    const answer = await call('/projects/{slug}', `/projects/${slug}`, { params: { slug } })
    expect(answer.status).toBe(200)
    validate(answer.json)
  }
  expect((await call('/projects/{slug}', '/projects/api-secret-draft', { params: { slug: 'api-secret-draft' } })).status).toBe(404)
  // Filters: by status and by organisation, each item obeying it.
  for (const project of await walk('/projects', 'status=fundraising', 5)) expect(project.status).toBe('fundraising')
  for (const project of await walk('/projects', 'organization=free-lunch', 5)) expect((project.organization as { slug: string }).slug).toBe('free-lunch')
})

test('organisations, updates, ledger entries, giving days and transparency: the document, pagination, details', async () => {
  const orgs = await walk('/organizations', '', 2)
  expect(orgs.map(keyOf)).not.toContain('api-pending-org')
  for (const org of orgs) validatorFor('/organizations/{slug}')((await call('/organizations/{slug}', `/organizations/${org.slug}`, { params: { slug: String(org.slug) } })).json)
  expect((await call('/organizations/{slug}', '/organizations/api-pending-org', { params: { slug: 'api-pending-org' } })).status).toBe(404)

  const updates = await walk('/updates', '', 7)
  expect(updates.length).toBeGreaterThan(10)
  expect(updates.some((u) => u.video !== null)).toBe(true)
  expect(new Set(updates.map(keyOf)).size).toBe(updates.length)
  const one = await call('/updates/{id}', `/updates/${updates[0]!.id}`, { params: { id: String(updates[0]!.id) } })
  validatorFor('/updates/{id}')(one.json)
  expect((await call('/updates/{id}', '/updates/not-a-uuid', { params: { id: 'not-a-uuid' } })).status).toBe(404)
  for (const update of await walk('/updates', 'project=free-lunch-draw-to-life', 4)) expect((update.project as { slug: string }).slug).toBe('free-lunch-draw-to-life')

  const entries = await walk('/ledger-entries', 'project=free-lunch-draw-to-life', 50)
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ledger_entries l join projects p on p.id = l.project_id where p.slug = 'free-lunch-draw-to-life'`)
  expect(entries).toHaveLength(count!.n)
  const ids = entries.map((e) => BigInt(String(e.id)))
  expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true)
  expect((await call('/ledger-entries', '/ledger-entries?project=api-secret-draft')).status).toBe(404)

  const days = await walk('/campaigns', '', 1)
  expect(days.map(keyOf)).toContain('api-giving-day')
  expect(days.map(keyOf)).not.toContain('api-draft-day')
  const day = await call('/campaigns/{slug}', '/campaigns/api-giving-day', { params: { slug: 'api-giving-day' } })
  validatorFor('/campaigns/{slug}')(day.json)
  expect((day.json as { pools: Array<{ sponsor: string; rules: { ratio_percent: number } }> }).pools).toEqual([expect.objectContaining({ sponsor: '腾讯公益慈善基金会', rules: expect.objectContaining({ ratio_percent: 50 }) })])
  expect((await call('/campaigns/{slug}', '/campaigns/api-draft-day', { params: { slug: 'api-draft-day' } })).status).toBe(404)

  const totals = await call('/transparency', '/transparency')
  validatorFor('/transparency')(totals.json)
})

test('nothing personal in any answer: no account email or name, no contact, no donor name, message, email or payment reference', async () => {
  // Walk everything once more so `bodies` holds every kind of answer.
  for (const route of ['/projects', '/organizations', '/updates', '/ledger-entries', '/campaigns'] as const) await walk(route, '', 100)
  const secrets = await queryRows<{ value: string }>(
    db,
    sql`select email as value from users union select display_name from users
        union select contact_email from organizations union select contact_name from organizations union select contact_phone from organizations where contact_phone is not null
        union select donor_email from donations where donor_email is not null union select display_name from donations where display_name is not null
        union select message from donations where message is not null and length(message) > 3
        union select checkout_session_id from donations where checkout_session_id is not null union select payment_intent_id from donations where payment_intent_id is not null
        union select access_token from donations union select card_fingerprint from donations where card_fingerprint is not null`,
  )
  // Display names shorter than three characters (匿名, 小王) are too common to test as text; a name that is
  // also published content (an organisation's account named as the organisation) is not a secret.
  const published = (
    await queryRows<{ text: string }>(
      db,
      sql`select string_agg(t, ' ') as text from (select name || ' ' || description as t from organizations
          union all select title || ' ' || summary || ' ' || story from projects union all select title || ' ' || body from project_updates) x`,
    )
  )[0]!.text
  const needles = secrets.map((s) => s.value).filter((v) => v.length >= 3 && !published.includes(v))
  expect(needles.length).toBeGreaterThan(20)
  const everything = bodies.join('\n')
  for (const needle of needles) expect(everything.includes(needle), `an answer contains ${JSON.stringify(needle)}`).toBe(false)
})

test('ETag and 304, CORS for reading, and the preflight', async () => {
  const first = await call('/projects/{slug}', '/projects/free-lunch-draw-to-life', { params: { slug: 'free-lunch-draw-to-life' } })
  const etag = first.headers.get('ETag')!
  expect(etag).toMatch(/^"[\w-]+"$/)
  expect(first.headers.get('Access-Control-Allow-Origin')).toBe('*')
  expect(first.headers.get('Cache-Control')).toMatch(/^public, max-age=\d+$/)
  const again = await call('/projects/{slug}', '/projects/free-lunch-draw-to-life', { params: { slug: 'free-lunch-draw-to-life' }, headers: { 'If-None-Match': etag } })
  expect(again.status).toBe(304)
  expect(again.headers.get('ETag')).toBe(etag)
  const changed = await call('/projects/{slug}', '/projects/free-lunch-draw-to-life', { params: { slug: 'free-lunch-draw-to-life' }, headers: { 'If-None-Match': '"something-else"' } })
  expect(changed.status).toBe(200)
  expect(isApiPreflight({ method: 'OPTIONS', url: '/api/v1/projects?limit=5' })).toBe(true)
  expect(isApiPreflight({ method: 'OPTIONS', url: '/projects/free-lunch-draw-to-life' })).toBe(false)
})

test('bad parameters and unknown addresses are JSON errors with a message; never 5xx', async () => {
  const cases: Array<[keyof typeof routes, string, number, string]> = [
    ['/projects', '/projects?limit=0', 400, 'bad_limit'],
    ['/projects', '/projects?limit=101', 400, 'bad_limit'],
    ['/projects', '/projects?limit=ten', 400, 'bad_limit'],
    ['/projects', '/projects?cursor=%E4%B8%AD', 400, 'bad_cursor'],
    ['/projects', `/projects?cursor=${Buffer.from('yesterday|1').toString('base64url')}`, 400, 'bad_cursor'],
    ['/projects', '/projects?status=draft', 400, 'bad_status'],
    ['/projects', '/projects?category=cats', 400, 'bad_category'],
    ['/ledger-entries', '/ledger-entries?cursor=-1', 400, 'bad_cursor'],
    ['/ledger-entries', '/ledger-entries?cursor=99999999999999999999', 400, 'bad_cursor'],
    ['/updates', `/updates?cursor=${Buffer.from("2026-01-01T00:00:00Z|' or 1=1 --").toString('base64url')}`, 400, 'bad_cursor'],
    ['/*', '/donors', 404, 'not_found'],
  ]
  for (const [route, url, status, code] of cases) {
    const answer = await call(route, url, { params: { '*': url.slice(1) } })
    expect([url, answer.status]).toEqual([url, status])
    expect(answer.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect((answer.json as { error: { code: string; message: string } }).error).toEqual({ code, message: expect.stringMatching(/\w{3}/) })
  }
})

test('content in both languages: each project, organisation, update, budget line and giving-day project carries its language and only its translatable fields in the other one', async () => {
  type Bilingual = { content_language: string; translations: Record<string, Record<string, string>> }
  const [seeded] = await queryRows<{ title: string; en_title: string; en_story: string; content_language: string }>(
    db,
    sql`select title, translations #>> '{en,title}' as en_title, translations #>> '{en,story}' as en_story, content_language from projects where slug = 'free-lunch-draw-to-life'`,
  )
  expect(seeded!.content_language).toBe('zh-CN')
  expect(seeded!.en_title).toMatch(/[A-Za-z]{3}/)
  const project = (await call('/projects/{slug}', '/projects/free-lunch-draw-to-life', { params: { slug: 'free-lunch-draw-to-life' } })).json as Bilingual & {
    title: string
    organization: Bilingual
    budget: Array<Bilingual & { label: string }>
  }
  expect(project).toMatchObject({ title: seeded!.title, content_language: 'zh-CN', translations: { en: { title: seeded!.en_title, story: seeded!.en_story } } })
  expect(Object.keys(project.translations)).toEqual(['en'])
  expect(project.organization.content_language).toBe('zh-CN')
  expect(project.organization.translations.en?.name).toMatch(/[A-Za-z]{3}/)
  expect(project.budget.length).toBeGreaterThan(0)
  for (const line of project.budget) expect(line.translations.en?.label ?? line.content_language === 'en').toBeTruthy()

  // The list carries the card's fields only: no story in a summary's translation.
  const listed = ((await call('/projects', '/projects?organization=free-lunch&limit=100')).json as { data: Array<Bilingual & { slug: string }> }).data.find((p) => p.slug === 'free-lunch-draw-to-life')!
  expect(Object.keys(listed.translations.en ?? {}).sort()).toEqual(['summary', 'title'])

  const org = (await call('/organizations/{slug}', '/organizations/free-lunch', { params: { slug: 'free-lunch' } })).json as Bilingual
  expect(Object.keys(org.translations.en ?? {}).sort()).toEqual(['description', 'name'])

  const updates = ((await call('/updates', '/updates?project=free-lunch-draw-to-life&limit=100')).json as { data: Array<Bilingual & { id: string; project: Bilingual }> }).data
  expect(updates.length).toBeGreaterThan(0)
  const [first] = await queryRows<{ en: Record<string, string> }>(db, sql`select translations -> 'en' as en from project_updates where id = ${updates[0]!.id}`)
  expect(updates[0]!.translations.en).toEqual(first!.en)
  expect(updates[0]!.project.translations.en).toEqual({ title: seeded!.en_title })

  // A content row written in English carries its Chinese version under zh-CN, never under en.
  await db.execute(sql`update projects set content_language = 'en', title = 'Written in English', translations = '{"zh-CN": {"title": "英文写的"}, "en": {"title": "stale"}}' where slug = 'free-lunch-draw-to-life'`)
  const english = (await call('/projects/{slug}', '/projects/free-lunch-draw-to-life', { params: { slug: 'free-lunch-draw-to-life' } })).json as Bilingual & { title: string }
  validatorFor('/projects/{slug}')(english)
  expect(english).toMatchObject({ title: 'Written in English', content_language: 'en', translations: { 'zh-CN': { title: '英文写的' } } })
  expect(english.translations.en).toBeUndefined()
  await db.execute(sql`update projects set content_language = 'zh-CN', title = ${seeded!.title}, translations = jsonb_set(translations - 'zh-CN', '{en,title}', to_jsonb(${seeded!.en_title}::text)) where slug = 'free-lunch-draw-to-life'`)

  const day = (await call('/campaigns/{slug}', '/campaigns/api-giving-day', { params: { slug: 'api-giving-day' } })).json as { projects: Bilingual[] }
  for (const p of day.projects) expect(['zh-CN', 'en']).toContain(p.content_language)

  // The document forbids what is not a translatable field or a language, so the contract test would catch it.
  const validate = validatorFor('/projects/{slug}')
  expect(() => validate({ ...project, translations: { en: { goal_amount: '1' } } })).toThrow()
  expect(() => validate({ ...project, translations: { fr: { title: 'x' } } })).toThrow()
  expect(() => validate({ ...project, content_language: 'fr' })).toThrow()
})

test('each address may make 600 requests a minute; the next is 429 with Retry-After, others are unaffected', async () => {
  for (let i = 0; i < 600; i++) expect((await call('/*', '/nothing', { ip: '10.77.0.1' })).status).toBe(404)
  const refused = await call('/*', '/nothing', { ip: '10.77.0.1' })
  expect(refused.status).toBe(429)
  expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0)
  expect((refused.json as { error: { code: string } }).error.code).toBe('rate_limited')
  expect((await call('/*', '/nothing', { ip: '10.77.0.2' })).status).toBe(404)
})
