/**
 * Outgoing webhooks (issue 23; docs/webhooks.md): an organisation registers endpoints and Sunlight
 * posts its gifts, refunds, disputes, expenses and published updates to them, signed as Stripe signs
 * its own (`Sunlight-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` with the
 * endpoint's `whsec_` secret — Stripe's SDK `webhooks.constructEvent` verifies it as it is).
 *
 * Money events are read from the sealed ledger, the one record of money: the platform chain's
 * position is each endpoint's cursor, and positions are given out in order by one sealer after the
 * entries settled, so a cursor never skips an entry that commits late. Every event is one delivery
 * row per endpoint (unique per endpoint and event id), tried until a 2xx, with back-off, then given up
 * after the last retry; every attempt is logged with the receiver's answer for the console.
 * A receiver may see an event twice (a crash between sending and recording): it dedupes by the id.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { lookup as dnsLookup } from 'node:dns'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { BlockList, isIP, type LookupFunction } from 'node:net'
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '~db/schema'
import { absoluteUrl } from '~/utils/site.server'
import { getEnv } from '~/utils/env.server'
import { logger } from '~/utils/logger.server'

export const WEBHOOK_EVENTS = ['gift.succeeded', 'gift.disputed', 'refund.succeeded', 'expense.recorded', 'expense.voided', 'update.published'] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

const EVENT_OF_KIND: Record<string, WebhookEvent> = {
  donation: 'gift.succeeded',
  dispute: 'gift.disputed',
  refund: 'refund.succeeded',
  expense: 'expense.recorded',
  expense_reversal: 'expense.voided',
}

/** Waits after the 1st, 2nd … failed attempt; after the last, the delivery has failed. */
export const RETRY_AFTER_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 24 * 3_600_000]
export const MAX_ATTEMPTS = RETRY_AFTER_MS.length + 1
const TIMEOUT_MS = 10_000
/** How long a claimed delivery is someone's: if its sender died, it is tried again after this. */
const LEASE_MS = 2 * 60_000
export const MAX_ENDPOINTS = 5

export type Endpoint = typeof webhookEndpoints.$inferSelect

export type UrlRefusal = 'invalid' | 'scheme' | 'credentials' | 'private'

/** Is this a URL an endpoint may have? https (http only where private addresses are allowed: tests, the demo). */
export function checkEndpointUrl(raw: string, allowPrivate = privateAllowed()): { ok: true; url: string } | { ok: false; reason: UrlRefusal } {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return { ok: false, reason: 'invalid' }
  }
  if (raw.length > 2_000) return { ok: false, reason: 'invalid' }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return { ok: false, reason: 'scheme' }
  if (url.username || url.password) return { ok: false, reason: 'credentials' }
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && blocked(host)))) return { ok: false, reason: 'private' }
  url.hash = ''
  return { ok: true, url: url.toString() }
}

function privateAllowed() {
  const env = getEnv()
  return env.WEBHOOKS_ALLOW_PRIVATE || env.NODE_ENV !== 'production' || env.DEMO_MODE
}

const privateRanges = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  privateRanges.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  privateRanges.addSubnet(net, prefix, 'ipv6')

function blocked(address: string) {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return privateRanges.check(mapped[1]!, 'ipv4')
  return privateRanges.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')
}

/** DNS lookup that refuses private addresses at connect time (no rebinding between check and connect). */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0)
    const list = addresses as unknown as Array<{ address: string; family: number }>
    const bad = list.find((a) => blocked(a.address))
    if (bad) return callback(Object.assign(new Error(`${hostname} resolves to a private address (${bad.address})`), { code: 'EPRIVATE' }), '', 0)
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list)
    callback(null, list[0]!.address, list[0]!.family)
  })
}

export async function createEndpoint(db: Db, input: { organizationId: string; userId: string; url: string; events: WebhookEvent[] }) {
  const [position] = await queryRows<{ p: string | null }>(db, sql`select max(position)::text as p from ledger_seals`)
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      organizationId: input.organizationId,
      url: input.url,
      events: input.events,
      secret: `whsec_${randomBytes(24).toString('base64url')}`,
      afterPosition: BigInt(position?.p ?? '0'),
      createdBy: input.userId,
    })
    .returning()
  return row!
}

export function endpointsOf(db: Db, organizationId: string) {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.organizationId, organizationId)).orderBy(webhookEndpoints.createdAt)
}

/** Pauses or resumes an endpoint of this organisation; resumed, it starts from now (what happened while paused is not sent). */
export async function setEndpointPaused(db: Db, input: { organizationId: string; endpointId: string; paused: boolean }) {
  const [position] = await queryRows<{ p: string | null }>(db, sql`select max(position)::text as p from ledger_seals`)
  const rows = await db
    .update(webhookEndpoints)
    .set(input.paused ? { disabledAt: new Date() } : { disabledAt: null, afterPosition: BigInt(position?.p ?? '0') })
    .where(and(eq(webhookEndpoints.id, input.endpointId), eq(webhookEndpoints.organizationId, input.organizationId)))
    .returning({ id: webhookEndpoints.id })
  return rows.length === 1
}

export async function deleteEndpoint(db: Db, input: { organizationId: string; endpointId: string }) {
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, input.endpointId), eq(webhookEndpoints.organizationId, input.organizationId)))
    .returning({ id: webhookEndpoints.id })
  return rows.length === 1
}

/** A `ping` to one of this organisation's endpoints, to try a receiver. */
export async function sendTestEvent(db: Db, input: { organizationId: string; endpointId: string; now?: Date }) {
  const [endpoint] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, input.endpointId), eq(webhookEndpoints.organizationId, input.organizationId)))
  if (!endpoint) return false
  const id = `evt_ping_${randomBytes(9).toString('base64url')}`
  const created = (input.now ?? new Date()).toISOString()
  await db.insert(webhookDeliveries).values({ endpointId: endpoint.id, eventId: id, eventType: 'ping', nextAttemptAt: input.now ?? new Date(), payload: JSON.stringify({ id, type: 'ping', created, data: { endpoint: endpoint.id } }) })
  return true
}

/** The latest deliveries to this organisation's endpoints, each with its attempts. */
export async function deliveriesOf(db: Db, organizationId: string, limit = 30) {
  const rows = await db
    .select({
      id: webhookDeliveries.id,
      endpointId: webhookDeliveries.endpointId,
      url: webhookEndpoints.url,
      eventId: webhookDeliveries.eventId,
      eventType: webhookDeliveries.eventType,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookEndpoints.organizationId, organizationId))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit)
  const attempts = rows.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(webhookAttempts.id)
    : []
  return rows.map((r) => ({ ...r, tries: attempts.filter((a) => a.deliveryId === r.id) }))
}

type Json = Record<string, unknown>

const project = (slug: string, title: string) => ({ slug, title, url: absoluteUrl(`/projects/${slug}`) })

/**
 * Turns what happened since each endpoint's cursor into deliveries: sealed ledger entries of the
 * organisation's projects (up to `batch` positions a run) and its updates published in the last week.
 */
export async function collectEvents(db: Db, { batch = 5_000 }: { batch?: number } = {}) {
  const endpoints = await db.select().from(webhookEndpoints).where(isNull(webhookEndpoints.disabledAt))
  if (endpoints.length === 0) return 0
  const from = endpoints.reduce((min, e) => (e.afterPosition < min ? e.afterPosition : min), endpoints[0]!.afterPosition)
  const [top] = await queryRows<{ p: string | null }>(db, sql`select max(position)::text as p from ledger_seals`)
  const upTo = BigInt(top?.p ?? '0') < from + BigInt(batch) ? BigInt(top?.p ?? '0') : from + BigInt(batch)
  const kinds = Object.keys(EVENT_OF_KIND)
  const entries =
    upTo > from
      ? await queryRows<{ position: string; id: string; kind: string; amount: string; currency: string; donation_id: string | null; memo: string | null; occurred_at: string; hash: string; organization_id: string; slug: string; title: string }>(
          db,
          sql`select s.position::text as position, l.id::text as id, l.kind::text as kind, l.amount::text as amount, trim(l.currency) as currency, l.donation_id, l.memo,
                     to_char(l.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as occurred_at, s.hash, p.organization_id, p.slug, p.title
              from ledger_seals s join ledger_entries l on l.id = s.entry_id join projects p on p.id = l.project_id
              where s.position > ${from} and s.position <= ${upTo} and l.kind::text in (${sql.join(
                kinds.map((k) => sql`${k}`),
                sql`, `,
              )})
              order by s.position`,
        )
      : []
  const updates = await queryRows<{ id: string; title: string; organization_id: string; slug: string; project_title: string; created_at: string }>(
    db,
    sql`select u.id, u.title, u.organization_id, p.slug, p.title as project_title, to_char(u.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at
        from project_updates u join projects p on p.id = u.project_id
        where u.status = 'published' and p.moderation_status = 'visible' and u.created_at > now() - interval '7 days'
          and u.organization_id in (${sql.join(
            [...new Set(endpoints.map((e) => e.organizationId))].map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
  )
  const rows: Array<typeof webhookDeliveries.$inferInsert> = []
  for (const endpoint of endpoints) {
    for (const entry of entries) {
      const type = EVENT_OF_KIND[entry.kind]!
      if (entry.organization_id !== endpoint.organizationId || BigInt(entry.position) <= endpoint.afterPosition || !endpoint.events.includes(type)) continue
      const id = `evt_ledger_${entry.position}`
      const data: Json = {
        project: project(entry.slug, entry.title),
        amount: entry.amount.replace(/^-/, ''),
        currency: entry.currency,
        ledger_entry: { id: entry.id, position: entry.position, hash: entry.hash, memo: entry.memo },
      }
      if (entry.donation_id) data.gift = { id: entry.donation_id }
      rows.push({ endpointId: endpoint.id, eventId: id, eventType: type, payload: JSON.stringify({ id, type, created: entry.occurred_at, data }) })
    }
    if (endpoint.events.includes('update.published')) {
      for (const update of updates) {
        if (update.organization_id !== endpoint.organizationId || new Date(update.created_at) < endpoint.createdAt) continue
        const id = `evt_update_${update.id}`
        const data = { update: { id: update.id, title: update.title, url: absoluteUrl(`/updates/${update.id}`) }, project: project(update.slug, update.project_title) }
        rows.push({ endpointId: endpoint.id, eventId: id, eventType: 'update.published', payload: JSON.stringify({ id, type: 'update.published', created: update.created_at, data }) })
      }
    }
  }
  let added = 0
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) {
      const inserted = await tx
        .insert(webhookDeliveries)
        .values(rows.slice(i, i + 500))
        .onConflictDoNothing()
        .returning({ id: webhookDeliveries.id })
      added += inserted.length
    }
    if (upTo > from) {
      await tx
        .update(webhookEndpoints)
        .set({ afterPosition: sql`greatest(${webhookEndpoints.afterPosition}, ${upTo})` })
        .where(
          and(
            isNull(webhookEndpoints.disabledAt),
            inArray(
              webhookEndpoints.id,
              endpoints.map((e) => e.id),
            ),
          ),
        )
    }
  })
  return added
}

export function signature(secret: string, payload: string, at: Date) {
  const t = Math.floor(at.getTime() / 1000)
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`
}

export interface PostResult {
  status: number | null
  excerpt: string
}

/** Posts one payload; never follows a redirect; gives up after 10 s; refuses private addresses unless allowed. */
export function postPayload(url: string, payload: string, headers: Record<string, string>, { allowPrivate = privateAllowed() }: { allowPrivate?: boolean } = {}): Promise<PostResult> {
  const checked = checkEndpointUrl(url, allowPrivate)
  if (!checked.ok) return Promise.resolve({ status: null, excerpt: `address not allowed (${checked.reason})` })
  const target = new URL(checked.url)
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload), 'User-Agent': 'Sunlight-Webhooks/1', ...headers },
        timeout: TIMEOUT_MS,
        lookup: allowPrivate ? undefined : guardedLookup,
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          if (size < 1024) chunks.push(chunk)
          size += chunk.length
          if (size > 64 * 1024) response.destroy()
        })
        const done = () => resolve({ status: response.statusCode ?? null, excerpt: Buffer.concat(chunks).toString('utf8').slice(0, 1024) })
        response.on('end', done)
        response.on('close', done)
        response.on('error', done)
      },
    )
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)))
    request.on('error', (error: Error & { code?: string }) => resolve({ status: null, excerpt: error.message.slice(0, 300) }))
    request.end(payload)
  })
}

/** Sends the deliveries that are due (claimed with a lease, so two runners never send one twice at once). */
export async function deliverDue(db: Db, { limit = 20, now = () => new Date(), post = postPayload }: { limit?: number; now?: () => Date; post?: typeof postPayload } = {}) {
  const started = now()
  const claimed = await queryRows<{ id: string; endpoint_id: string; event_id: string; event_type: string; payload: string; attempts: number }>(
    db,
    sql`update webhook_deliveries set next_attempt_at = ${new Date(started.getTime() + LEASE_MS).toISOString()}::timestamptz
        where id in (select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
                     where d.status = 'pending' and d.next_attempt_at <= ${started.toISOString()}::timestamptz and e.disabled_at is null
                     order by d.next_attempt_at limit ${limit} for update of d skip locked)
        returning id::text as id, endpoint_id, event_id, event_type, payload, attempts`,
  )
  if (claimed.length === 0) return { sent: 0, delivered: 0 }
  const endpoints = new Map(
    (
      await db
        .select()
        .from(webhookEndpoints)
        .where(inArray(webhookEndpoints.id, [...new Set(claimed.map((c) => c.endpoint_id))]))
    ).map((e) => [e.id, e]),
  )
  let delivered = 0
  const queue = [...claimed]
  async function worker() {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const endpoint = endpoints.get(next.endpoint_id)
      if (!endpoint) continue
      const at = now()
      const t0 = Date.now()
      const result = await post(endpoint.url, next.payload, { 'Sunlight-Signature': signature(endpoint.secret, next.payload, at), 'Sunlight-Event-Id': next.event_id, 'Sunlight-Event-Type': next.event_type })
      const ok = result.status !== null && result.status >= 200 && result.status < 300
      const attempts = next.attempts + 1
      const wait = RETRY_AFTER_MS[attempts - 1]
      await db.transaction(async (tx) => {
        await tx.insert(webhookAttempts).values({ deliveryId: BigInt(next!.id), at, responseStatus: result.status, responseExcerpt: result.excerpt, durationMs: Date.now() - t0 })
        await tx
          .update(webhookDeliveries)
          .set(
            ok
              ? { status: 'delivered', attempts, deliveredAt: at }
              : wait === undefined
                ? { status: 'failed', attempts }
                : { attempts, nextAttemptAt: new Date(at.getTime() + wait) },
          )
          .where(eq(webhookDeliveries.id, BigInt(next!.id)))
      })
      if (ok) delivered++
      else logger.info({ endpoint: endpoint.id, event: next.event_id, status: result.status, attempts }, 'webhook delivery failed')
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()])
  return { sent: claimed.length, delivered }
}

/** The periodic task: collect what happened, send what is due. */
export async function runWebhooks(db: Db) {
  await collectEvents(db)
  for (let round = 0; round < 10; round++) {
    const { sent } = await deliverDue(db, { limit: 50 })
    if (sent < 50) break
  }
}
