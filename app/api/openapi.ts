/**
 * The OpenAPI 3.1 description of the public read API, served at /api/v1/openapi.json. Its schemas
 * are strict (`additionalProperties: false`): the contract test (app/api/v1.test.ts) validates every
 * answer against them, so a field the document does not name — a donor's email, say — fails it.
 */

const amount = { type: 'string', pattern: '^-?\\d+$', description: 'An amount in minor units (fen for CNY), as a string.' } as const
const nullableAmount = { type: ['string', 'null'], pattern: '^-?\\d+$' } as const
const dateTime = { type: 'string', format: 'date-time' } as const
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const
const uri = { type: 'string', format: 'uri' } as const
const currency = { type: 'string', pattern: '^[A-Z]{3}$' } as const

const strict = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({ type: 'object', additionalProperties: false, properties, required })

const language = { enum: ['zh-CN', 'en'] } as const

/**
 * Content in both languages (ADR 0021): `content_language` is the language the plain fields are
 * written in; `translations` holds the organisation's own version in the other language, keyed by
 * language, with only the translatable fields it has filled (never machine-translated). A client
 * shows whichever it prefers; a field missing from a translation falls back to the original.
 */
const bilingual = (fields: readonly string[]) => ({
  content_language: { ...language, description: 'The language the content was written in.' },
  translations: {
    type: 'object',
    description: `The content in the other language, keyed by language (${fields.map((f) => `\`${f}\``).join(', ')}); empty when there is none.`,
    propertyNames: language,
    additionalProperties: strict(Object.fromEntries(fields.map((f) => [f, { type: 'string', minLength: 1 }])), []),
  },
})

const image = { oneOf: [{ type: 'null' }, strict({ url: uri, webp: uri })] }

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

const list = (item: string) =>
  strict({
    data: { type: 'array', items: ref(item) },
    next_cursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
    next: { type: ['string', 'null'], description: 'The next page as a path with its query.' },
  })

const Error = strict({ error: strict({ code: { type: 'string' }, message: { type: 'string' } }) })

const ProjectSummary = strict({
  id: { type: 'string', format: 'uuid' },
  slug: { type: 'string' },
  url: uri,
  title: { type: 'string' },
  summary: { type: 'string' },
  ...bilingual(['title', 'summary']),
  category: { type: 'string' },
  region: { type: 'string' },
  status: { enum: ['fundraising', 'closed', 'completed'] },
  currency,
  goal_amount: amount,
  raised_amount: amount,
  donation_count: { type: 'integer', minimum: 0 },
  starts_on: { type: 'string', format: 'date' },
  ends_on: { type: 'string', format: 'date' },
  published_at: nullableDateTime,
  cover_image: image,
  organization: strict({ slug: { type: 'string' }, name: { type: 'string' }, ...bilingual(['name']), verified: { type: 'boolean' } }),
})

const Project = strict({
    ...ProjectSummary.properties,
    ...bilingual(['title', 'summary', 'story']),
    story: { type: 'string', description: 'Markdown.' },
    filing_number: { type: ['string', 'null'], description: 'Public-fundraising filing number (公开募捐备案编号).' },
    budget: { type: 'array', items: strict({ label: { type: 'string' }, ...bilingual(['label']), planned_amount: amount }) },
    budget_note: { type: ['string', 'null'] },
    final_report: { type: ['string', 'null'], description: 'Markdown.' },
    challenges: { type: 'array', items: strict({ slug: { type: 'string' }, hashtag: { type: 'string' }, title: { type: 'string' }, ...bilingual(['title']), status: { enum: ['open', 'closed'] }, url: uri }) },
    links: strict({ updates: uri, ledger_entries: uri, ledger_export: uri, donate: uri }),
})

const OrganizationSummary = strict({
  id: { type: 'string', format: 'uuid' },
  slug: { type: 'string' },
  url: uri,
  name: { type: 'string' },
  unified_social_credit_code: { type: 'string', pattern: '^[0-9A-Z]{18}$', description: '统一社会信用代码 (GB 32100-2015), a public registration number.' },
  verified: { type: 'boolean' },
  suspended: { type: 'boolean' },
  region: { type: 'string' },
  cause_areas: { type: 'array', items: { type: 'string' } },
  description: { type: 'string' },
  ...bilingual(['name', 'description']),
  website: { type: ['string', 'null'] },
  public_fundraising_qualification: { type: 'boolean' },
  approved_at: nullableDateTime,
  logo: image,
})

const Organization = strict({ ...OrganizationSummary.properties, links: strict({ projects: uri, updates: uri }) })

const Update = strict({
  id: { type: 'string', format: 'uuid' },
  url: uri,
  title: { type: 'string' },
  body: { type: 'string', description: 'Markdown.' },
  ...bilingual(['title', 'body']),
  created_at: dateTime,
  edited_at: nullableDateTime,
  project: strict({ slug: { type: 'string' }, title: { type: 'string' }, ...bilingual(['title']) }),
  organization: strict({ slug: { type: 'string' }, name: { type: 'string' }, ...bilingual(['name']) }),
  video: {
    oneOf: [
      { type: 'null' },
      strict({
        mp4: uri,
        hls: { oneOf: [{ type: 'null' }, uri] },
        poster: { oneOf: [{ type: 'null' }, uri] },
        duration_ms: { type: ['integer', 'null'] },
        width: { type: ['integer', 'null'] },
        height: { type: ['integer', 'null'] },
      }),
    ],
  },
  images: { type: 'array', items: strict({ url: uri, webp: uri }) },
  expenses: { type: 'array', items: strict({ id: { type: 'string', format: 'uuid' }, amount, currency, description: { type: 'string' } }) },
})

const LedgerEntry = strict({
  id: { type: 'string', pattern: '^\\d+$' },
  occurred_at: dateTime,
  project_id: { type: 'string', format: 'uuid' },
  kind: { type: 'string' },
  amount,
  currency,
  donation_id: { type: ['string', 'null'], format: 'uuid', description: 'The gift’s opaque id (its receipt’s key), never the donor.' },
  memo: { type: ['string', 'null'] },
  position: { type: ['string', 'null'], pattern: '^\\d+$', description: 'Position in the platform chain once sealed.' },
  prev_hash: { type: ['string', 'null'] },
  hash: { type: ['string', 'null'] },
  project_position: { type: ['string', 'null'], pattern: '^\\d+$' },
  project_hash: { type: ['string', 'null'] },
})

const CampaignSummary = strict({
  slug: { type: 'string' },
  url: uri,
  title: { type: 'string' },
  ...bilingual(['title']),
  status: { enum: ['live', 'closed'] },
  starts_at: dateTime,
  ends_at: dateTime,
  matching_export: uri,
})

const Campaign = strict({
  ...CampaignSummary.properties,
  matched_amount: amount,
  held_amount: amount,
  matched_gifts: { type: 'integer', minimum: 0 },
  pools: {
    type: 'array',
    items: strict({
      sponsor: { type: 'string', description: 'In the giving day’s content_language.' },
      sponsor_translations: {
        type: 'object',
        description: 'The sponsor’s name in the other language, keyed by language, where written.',
        propertyNames: { enum: ['zh-CN', 'en'] },
        additionalProperties: strict({ sponsorName: { type: 'string' } }),
      },
      currency,
      total_amount: amount,
      remaining_amount: amount,
      matched_amount: amount,
      rules: strict({
        ratio_percent: { type: 'integer', minimum: 1 },
        cap_per_gift: nullableAmount,
        cap_per_donor_per_day: nullableAmount,
        cap_per_project: nullableAmount,
        first_gift_per_donor_per_project_only: { type: 'boolean' },
        starts_at: dateTime,
        ends_at: dateTime,
      }),
    }),
  },
  projects: { type: 'array', items: strict({ slug: { type: 'string' }, title: { type: 'string' }, ...bilingual(['title']), url: uri, currency, raised_amount: amount }) },
})

const flows = { received: amount, spent: amount, projects: { type: 'integer', minimum: 0 } }
const Transparency = strict({
  currency,
  totals: strict({ ...flows, entries: { type: 'integer', minimum: 0 } }),
  by_cause: { type: 'array', items: strict({ category: { type: 'string' }, ...flows }) },
  by_organization: { type: 'array', items: strict({ slug: { type: 'string' }, name: { type: 'string' }, ...flows }) },
})

const limit = { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 }, description: 'Items per page.' }
const cursor = { name: 'cursor', in: 'query', required: false, schema: { type: 'string' }, description: 'The `next_cursor` of the previous page.' }
const slug = { name: 'slug', in: 'path', required: true, schema: { type: 'string' } }

const json = (schema: unknown) => ({ 'application/json': { schema } })
const ok = (description: string, schema: unknown) => ({
  description,
  headers: {
    ETag: { schema: { type: 'string' }, description: 'Send it back as If-None-Match for a 304.' },
    'Cache-Control': { schema: { type: 'string' } },
  },
  content: json(schema),
})
const errors = {
  '304': { description: 'Not modified (If-None-Match matched the ETag).' },
  '400': { description: 'A query parameter is not valid.', content: json(ref('Error')) },
  '429': { description: 'Too many requests from this address (see Retry-After).', headers: { 'Retry-After': { schema: { type: 'string' } } }, content: json(ref('Error')) },
}
const notFound = { '404': { description: 'Nothing public has this identifier.', content: json(ref('Error')) } }

const get = (summary: string, parameters: unknown[], response: ReturnType<typeof ok>, extra: Record<string, unknown> = {}) => ({
  get: { summary, parameters, responses: { '200': response, ...errors, ...extra } },
})

export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sunlight public read API',
      version: '1.0.0',
      description:
        'What Sunlight’s public pages show, as JSON: published projects, organisations, updates, ledger entries (with their hash-chain seals) and giving days. ' +
        'No personal data: donors appear only as ledger entries. Amounts are strings of minor units. Lists are cursor-paginated (`limit`, `cursor`). ' +
        'Content comes in the language it was written in (`content_language`) with the organisation’s own version in the other language under `translations`: clients get both and choose. ' +
        'Every answer carries an ETag; GET is open to every origin (CORS); each address may make 600 requests a minute.',
      license: { name: 'Data: CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: `${serverUrl}/api/v1` }],
    paths: {
      '/projects': get(
        'Published projects, newest first',
        [
          { name: 'status', in: 'query', required: false, schema: { enum: ['fundraising', 'closed', 'completed'] } },
          { name: 'category', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'organization', in: 'query', required: false, schema: { type: 'string' }, description: 'An organisation’s slug.' },
          limit,
          cursor,
        ],
        ok('A page of projects.', list('ProjectSummary')),
      ),
      '/projects/{slug}': get('One published project, with its story, budget and links', [slug], ok('The project.', ref('Project')), notFound),
      '/organizations': get('Approved organisations, newest first', [limit, cursor], ok('A page of organisations.', list('OrganizationSummary'))),
      '/organizations/{slug}': get('One organisation', [slug], ok('The organisation.', ref('Organization')), notFound),
      '/updates': get(
        'Published updates, newest first',
        [
          { name: 'project', in: 'query', required: false, schema: { type: 'string' }, description: 'A project’s slug.' },
          { name: 'organization', in: 'query', required: false, schema: { type: 'string' }, description: 'An organisation’s slug.' },
          limit,
          cursor,
        ],
        ok('A page of updates.', list('Update')),
      ),
      '/updates/{id}': get('One published update', [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], ok('The update.', ref('Update')), notFound),
      '/ledger-entries': get(
        'Ledger entries, oldest first, with their seals (as the ledger export)',
        [{ name: 'project', in: 'query', required: false, schema: { type: 'string' }, description: 'A project’s slug; the whole platform without it.' }, limit, cursor],
        ok('A page of entries.', list('LedgerEntry')),
        notFound,
      ),
      '/campaigns': get('Giving days that are live or closed, latest first', [limit, cursor], ok('A page of giving days.', list('CampaignSummary'))),
      '/campaigns/{slug}': get('One giving day: its sponsor pools, rules, matched totals and projects', [slug], ok('The giving day.', ref('Campaign')), notFound),
      '/transparency': get('Platform-wide totals from the ledger: received, spent, per cause and per organisation', [], ok('The totals.', ref('Transparency'))),
    },
    components: {
      schemas: { Error, ProjectSummary, Project, OrganizationSummary, Organization, Update, LedgerEntry, CampaignSummary, Campaign, Transparency },
    },
  }
}
