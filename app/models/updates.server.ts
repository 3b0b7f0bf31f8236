/**
 * Project updates: what an organisation posts about its work (text, a video, images, linked
 * expenses), the timelines on project and organisation pages, the follower feed, and the fan-out of
 * notifications and emails, which runs as a job so posting never waits for followers.
 */
import { screen } from '~/moderation/terms.server'
import { blockedMediaFlags, flagForReview } from './moderation.server'
import { and, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { expenses, media, notifications, organizationFollows, organizations, projectFollows, projects, projectUpdates, shareLinks, updateRevisions, users } from '~db/schema'
import { defineJob, enqueue } from '~/jobs/queue.server'
import { queueMail } from '~/mail/mailer.server'
import { updateDigestMail, updateMail } from '~/mail/messages.server'
import { getEnv } from '~/utils/env.server'
import { renderMarkdown } from '~/utils/markdown.server'
import { localize } from '~/content/localized'
import { isLanguage, languages, type Language } from '~/i18n/config'
import { unsubscribeLink } from '~/utils/unsubscribe.server'
import type { ContentLanguage, Translations } from '~/content/localized'
import { cleanTranslations } from '~/content/translation-input'

/** An update can be corrected for a day after posting; every earlier version is kept. */
export const EDIT_WINDOW_MS = 24 * 60 * 60 * 1000
export const FEED_PAGE = 20

export interface UpdateInput {
  title: string
  body: string
  /** The language it is written in (the column's default when not said), and its other-language version (ADR 0021). */
  contentLanguage?: ContentLanguage
  translations?: Translations
  videoMediaId?: string | null
  imageMediaIds?: string[]
  expenseIds?: string[]
}

const CODE_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz'
export function newVideoCode() {
  const bytes = crypto.getRandomValues(new Uint8Array(10))
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('')
}

/** Posts an update; followers hear of it through the `updates.fanout` job enqueued in the same transaction. */
export async function postUpdate(db: Db, input: UpdateInput & { projectId: string; organizationId: string; authorId: string }) {
  const contentLanguage = input.contentLanguage ?? 'zh-CN'
  const translations = cleanTranslations('update', contentLanguage, input.translations)
  return db.transaction(async (tx) => {
    const flags = [...screen(input.title, input.body, ...translatedText(translations)), ...(await blockedMediaFlags(tx, [input.videoMediaId, ...(input.imageMediaIds ?? [])].filter((m): m is string => Boolean(m))))]
    const [row] = await tx
      .insert(projectUpdates)
      .values({
        projectId: input.projectId,
        organizationId: input.organizationId,
        authorId: input.authorId,
        title: input.title,
        body: input.body,
        contentLanguage,
        translations,
        videoMediaId: input.videoMediaId ?? null,
        imageMediaIds: input.imageMediaIds ?? [],
        expenseIds: input.expenseIds ?? [],
        // Flagged by the automatic pass: held for a moderator, published (and fanned out) on restore.
        status: flags.length ? 'held' : 'published',
      })
      .returning({ id: projectUpdates.id })
    const id = row!.id
    if (flags.length) await flagForReview(tx, { type: 'update', id, organizationId: input.organizationId, projectId: input.projectId }, flags)
    if (input.videoMediaId) await attachVideoCode(tx, { id, projectId: input.projectId, authorId: input.authorId })
    await enqueue(tx, FANOUT, { updateId: id }, { dedupeKey: `updates.fanout:${id}` })
    return id
  })
}

/**
 * Gives a video update its own attribution code (a share_links row naming the update as the
 * video): donations through its button are credited to it. Also how the demo seed's video updates
 * get theirs.
 */
export async function attachVideoCode(tx: Db, update: { id: string; projectId: string; authorId: string | null }) {
  const code = newVideoCode()
  await tx.insert(shareLinks).values({ code, projectId: update.projectId, userId: update.authorId, videoId: update.id })
  await tx.update(projectUpdates).set({ shareCode: code }).where(eq(projectUpdates.id, update.id))
  return code
}

export type EditRefusal = 'notFound' | 'windowClosed'

/** Every string of an update's other-language versions, screened like its original. */
function translatedText(translations: Translations) {
  return Object.values(translations).flatMap((version) => Object.values(version ?? {}).filter((v): v is string => typeof v === 'string'))
}

/**
 * Corrects an update's title and body — and its language and other-language version, when given —
 * within the edit window, keeping the previous version (with its translations) as a revision.
 * Scoped to the organisation when one is given: another organisation's update is not found.
 */
export async function editUpdate(
  db: Db,
  input: { updateId: string; organizationId?: string; editorId: string; title: string; body: string; contentLanguage?: ContentLanguage; translations?: Translations; now?: Date },
): Promise<{ ok: true } | { ok: false; reason: EditRefusal }> {
  const now = input.now ?? new Date()
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(projectUpdates)
      .where(and(eq(projectUpdates.id, input.updateId), input.organizationId ? eq(projectUpdates.organizationId, input.organizationId) : undefined))
      .for('update')
    if (!current || current.status === 'removed') return { ok: false, reason: 'notFound' }
    if (now.getTime() - current.createdAt.getTime() > EDIT_WINDOW_MS) return { ok: false, reason: 'windowClosed' }
    const contentLanguage = input.contentLanguage ?? current.contentLanguage
    const translations = input.translations !== undefined || input.contentLanguage !== undefined ? cleanTranslations('update', contentLanguage, input.translations) : current.translations
    const same =
      current.title === input.title && current.body === input.body && current.contentLanguage === contentLanguage && JSON.stringify(current.translations) === JSON.stringify(translations)
    if (same) return { ok: true }
    await tx.insert(updateRevisions).values({
      updateId: current.id,
      title: current.title,
      body: current.body,
      contentLanguage: current.contentLanguage,
      translations: current.translations,
      editedBy: input.editorId,
    })
    // A correction is screened like a new post: flagged text takes a published update back to review.
    const flags = screen(input.title, input.body, ...translatedText(translations))
    const held = flags.length > 0 && current.status === 'published'
    await tx
      .update(projectUpdates)
      .set({ title: input.title, body: input.body, contentLanguage, translations, editedAt: now, ...(held ? { status: 'held' as const } : {}) })
      .where(eq(projectUpdates.id, current.id))
    if (flags.length) await flagForReview(tx, { type: 'update', id: current.id, organizationId: current.organizationId, projectId: current.projectId }, flags, now)
    return { ok: true }
  })
}

export function canEditUntil(createdAt: Date) {
  return new Date(createdAt.getTime() + EDIT_WINDOW_MS)
}

export async function getUpdate(db: Db, id: string) {
  const [row] = await db.select().from(projectUpdates).where(eq(projectUpdates.id, id))
  return row ?? null
}

export function updateRevisionsOf(db: Db, updateId: string) {
  return db
    .select({
      id: updateRevisions.id,
      title: updateRevisions.title,
      body: updateRevisions.body,
      contentLanguage: updateRevisions.contentLanguage,
      translations: updateRevisions.translations,
      createdAt: updateRevisions.createdAt,
      editedBy: users.displayName,
    })
    .from(updateRevisions)
    .leftJoin(users, eq(users.id, updateRevisions.editedBy))
    .where(eq(updateRevisions.updateId, updateId))
    .orderBy(desc(updateRevisions.id))
}

// ── Reading: timelines and the feed ────────────────────────────────────────────────────────────

export interface UpdateCursor {
  at: Date
  id: string
}

export function encodeCursor(cursor: UpdateCursor) {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`).toString('base64url')
}

export function decodeCursor(value: string | null): UpdateCursor | undefined {
  if (!value || value.length > 120) return undefined
  const [iso, id] = Buffer.from(value, 'base64url').toString().split('|')
  const at = new Date(iso ?? '')
  if (Number.isNaN(at.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id)) return undefined
  return { at, id }
}

const itemColumns = {
  id: projectUpdates.id,
  title: projectUpdates.title,
  body: projectUpdates.body,
  contentLanguage: projectUpdates.contentLanguage,
  translations: projectUpdates.translations,
  createdAt: projectUpdates.createdAt,
  editedAt: projectUpdates.editedAt,
  shareCode: projectUpdates.shareCode,
  imageMediaIds: projectUpdates.imageMediaIds,
  expenseIds: projectUpdates.expenseIds,
  projectSlug: projects.slug,
  projectTitle: projects.title,
  projectStatus: projects.status,
  projectContentLanguage: projects.contentLanguage,
  projectTranslations: projects.translations,
  organizationSlug: organizations.slug,
  organizationName: organizations.name,
  organizationContentLanguage: organizations.contentLanguage,
  organizationTranslations: organizations.translations,
  videoId: media.id,
  videoStatus: media.status,
  videoRejection: media.rejectionReason,
  videoPosterId: media.posterMediaId,
  videoDurationMs: media.durationMs,
  videoWidth: media.width,
  videoHeight: media.height,
  videoHls: media.hlsStatus,
  videoHidden: media.hiddenAt,
}

async function readItems(db: Db, where: SQL | undefined, cursor: UpdateCursor | undefined, limit: number) {
  const rows = await db
    .select(itemColumns)
    .from(projectUpdates)
    .innerJoin(projects, eq(projects.id, projectUpdates.projectId))
    .innerJoin(organizations, eq(organizations.id, projectUpdates.organizationId))
    .leftJoin(media, eq(media.id, projectUpdates.videoMediaId))
    .where(
      and(
        eq(projectUpdates.status, 'published'),
        eq(projects.moderationStatus, 'visible'),
        where,
        cursor ? sql`(${projectUpdates.createdAt}, ${projectUpdates.id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(projectUpdates.createdAt), desc(projectUpdates.id))
    .limit(limit + 1)
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  const next = rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null
  // Linked expenses, in one query for the page.
  const expenseIds = [...new Set(page.flatMap((r) => r.expenseIds))]
  const linked = expenseIds.length
    ? await db.select({ id: expenses.id, amount: expenses.amount, currency: expenses.currency, description: expenses.description, voidedAt: expenses.voidedAt }).from(expenses).where(inArray(expenses.id, expenseIds))
    : []
  const byId = new Map(linked.map((e) => [e.id, e]))
  return {
    items: page.map((r) => ({
      id: r.id,
      title: r.title,
      body: r.body,
      bodyHtml: renderMarkdown(r.body),
      contentLanguage: r.contentLanguage,
      translations: r.translations,
      createdAt: r.createdAt,
      editedAt: r.editedAt,
      project: { slug: r.projectSlug, title: r.projectTitle, fundraising: r.projectStatus === 'fundraising', contentLanguage: r.projectContentLanguage, translations: r.projectTranslations },
      organization: { slug: r.organizationSlug, name: r.organizationName, contentLanguage: r.organizationContentLanguage, translations: r.organizationTranslations },
      shareCode: r.shareCode,
      imageIds: r.imageMediaIds,
      video:
        r.videoId && !r.videoHidden
          ? {
              id: r.videoId,
              status: r.videoStatus!,
              rejection: r.videoRejection,
              posterId: r.videoPosterId,
              durationMs: r.videoDurationMs,
              width: r.videoWidth,
              height: r.videoHeight,
              hls: r.videoHls === 'ready',
            }
          : null,
      expenses: r.expenseIds.flatMap((id) => {
        const e = byId.get(id)
        return e && !e.voidedAt ? [{ id: e.id, amount: e.amount, currency: e.currency, description: e.description }] : []
      }),
    })),
    next,
  }
}

export type UpdateItem = Awaited<ReturnType<typeof readItems>>['items'][number]

export function projectTimeline(db: Db, projectId: string, cursor?: UpdateCursor, limit = 10) {
  return readItems(db, eq(projectUpdates.projectId, projectId), cursor, limit)
}

export function organizationTimeline(db: Db, organizationId: string, cursor?: UpdateCursor, limit = 10) {
  return readItems(db, eq(projectUpdates.organizationId, organizationId), cursor, limit)
}

/**
 * Updates from the projects and organisations a user follows, newest first. Each followed project
 * or organisation gives at most a page of its newest visible updates through its own index, and
 * the page is chosen among those: the work grows with what the reader follows, not with the
 * number of updates on the platform.
 */
export function feedFor(db: Db, userId: string, cursor?: UpdateCursor, limit = FEED_PAGE) {
  const newest = (column: SQL) => sql`
    select u.id, u.created_at from ${projectUpdates} u
    where ${column} and u.status = 'published'
      and exists (select 1 from ${projects} p where p.id = u.project_id and p.moderation_status = 'visible')
      ${cursor ? sql`and (u.created_at, u.id) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)` : sql``}
    order by u.created_at desc, u.id desc limit ${limit + 1}`
  // The page among those candidates (already filtered as readItems filters), so only it is joined.
  const candidates = sql`
    select id from (
      select c.id, c.created_at from ${projectFollows} f cross join lateral (${newest(sql`u.project_id = f.project_id`)}) c where f.user_id = ${userId}
      union
      select c.id, c.created_at from ${organizationFollows} f cross join lateral (${newest(sql`u.organization_id = f.organization_id`)}) c where f.user_id = ${userId}
    ) page order by created_at desc, id desc limit ${limit + 1}`
  return readItems(db, sql`${projectUpdates.id} in (${candidates})`, cursor, limit)
}

/** One published update as a timeline item. */
export async function projectTimelineItem(db: Db, updateId: string) {
  const { items } = await readItems(db, eq(projectUpdates.id, updateId), undefined, 1)
  return items[0] ?? null
}

/** How many updates a project has, for the tab label. */
export async function updateCount(db: Db, projectId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(projectUpdates)
    .where(and(eq(projectUpdates.projectId, projectId), eq(projectUpdates.status, 'published')))
  return row?.n ?? 0
}

// ── Fan-out: notifications and emails ──────────────────────────────────────────────────────────

/**
 * Notifies every follower of the project or its organisation once (a unique index on user and
 * update makes a rerun harmless) and queues an email for those who want one per update.
 */
export async function fanOutUpdate(db: Db, updateId: string) {
  await db.transaction(async (tx) => {
    const [update] = await tx
      .select({
        id: projectUpdates.id,
        title: projectUpdates.title,
        contentLanguage: projectUpdates.contentLanguage,
        translations: projectUpdates.translations,
        status: projectUpdates.status,
        authorId: projectUpdates.authorId,
        projectId: projectUpdates.projectId,
        organizationId: projectUpdates.organizationId,
        projectSlug: projects.slug,
        project: { title: projects.title, contentLanguage: projects.contentLanguage, translations: projects.translations },
        organization: { name: organizations.name, contentLanguage: organizations.contentLanguage, translations: organizations.translations },
      })
      .from(projectUpdates)
      .innerJoin(projects, eq(projects.id, projectUpdates.projectId))
      .innerJoin(organizations, eq(organizations.id, projectUpdates.organizationId))
      .where(eq(projectUpdates.id, updateId))
    if (!update || update.status !== 'published') return
    const link = `/projects/${update.projectSlug}#update-${update.id}`
    // What the notification and email say, in each reader's language where the organisation wrote it (ADR 0021).
    const byLanguage = Object.fromEntries(languages.map((language) => [language, { title: localize(update, ['title'], language).title, project: localize(update.project, ['title'], language).title, organization: localize(update.organization, ['name'], language).name }])) as Record<Language, { title: string; project: string; organization: string }>
    const original = { title: update.title, project: update.project.title, organization: update.organization.name }
    const inserted = await queryRows<{ user_id: string }>(
      tx,
      sql`insert into notifications (user_id, message_key, "values", link, update_id)
          select f.user_id, 'notify.update', ${JSON.stringify({ ...original, byLanguage })}::jsonb, ${link}, ${update.id}::uuid
          from (select user_id from project_follows where project_id = ${update.projectId}::uuid
                union select user_id from organization_follows where organization_id = ${update.organizationId}::uuid) f
          where f.user_id is distinct from ${update.authorId}::uuid
          on conflict (user_id, update_id) do nothing
          returning user_id`,
    )
    if (inserted.length === 0) return
    const recipients = await tx
      .select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale })
      .from(users)
      .where(and(inArray(users.id, inserted.map((r) => r.user_id)), eq(users.updateEmails, 'each'), sql`${users.emailVerifiedAt} is not null`))
    const origin = publicBase()
    for (const user of recipients) {
      const unsubscribe = unsubscribeLink(origin, user.id)
      await queueMail(tx, updateMail(user, { ...(byLanguage[isLanguage(user.locale) ? user.locale : 'zh-CN'] ?? original), link: origin + link, unsubscribe }))
    }
  })
}

function publicBase() {
  const env = getEnv()
  return env.PUBLIC_URL ?? `http://localhost:${env.PORT}`
}

/**
 * One email per user who chose the daily digest, listing the update notifications not yet mailed,
 * sent once the oldest of them is a day old. Marks them digested in the same transaction.
 */
export async function sendUpdateDigests(db: Db, now = new Date()) {
  const dayAgo = new Date(now.getTime() - 24 * 3600_000)
  const due = await db
    .selectDistinct({ userId: notifications.userId })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(sql`${notifications.updateId} is not null`, isNull(notifications.digestedAt), lt(notifications.createdAt, dayAgo), eq(users.updateEmails, 'daily')))
    .limit(500)
  const origin = publicBase()
  let sent = 0
  for (const { userId } of due) {
    await db.transaction(async (tx) => {
      const items = await tx
        .update(notifications)
        .set({ digestedAt: now })
        .where(and(eq(notifications.userId, userId), sql`${notifications.updateId} is not null`, isNull(notifications.digestedAt)))
        .returning({ values: notifications.values, link: notifications.link })
      const [user] = await tx.select().from(users).where(eq(users.id, userId))
      if (!user || items.length === 0 || !user.emailVerifiedAt) return
      await queueMail(tx, updateDigestMail(user, items.map((i) => ({ ...notificationValuesIn(i.values, user.locale), link: origin + (i.link ?? '/feed') })), { feed: `${origin}/feed`, unsubscribe: unsubscribeLink(origin, user.id) }))
      sent++
    })
  }
  // Those who turned email off still get their notifications marked, so a later switch to daily does not flood them.
  await db.execute(sql`update notifications n set digested_at = ${now.toISOString()}::timestamptz from users u
    where u.id = n.user_id and u.update_emails <> 'daily' and n.update_id is not null and n.digested_at is null and n.created_at < ${dayAgo.toISOString()}::timestamptz`)
  return sent
}

/**
 * An update notification's words in a reader's language: those stored for it (fan-out stores each
 * language's), else the original (notifications from before content had two languages).
 */
export function notificationValuesIn(values: Record<string, unknown>, language: string): { title: string; project: string } {
  const inLanguage = (values.byLanguage as Record<string, { title?: string; project?: string }> | undefined)?.[language]
  const pick = (key: 'title' | 'project') => inLanguage?.[key] ?? (typeof values[key] === 'string' ? (values[key] as string) : '')
  return { title: pick('title'), project: pick('project') }
}

export const FANOUT = 'updates.fanout'
defineJob<{ updateId: string }>(FANOUT, { run: (db, { updateId }) => fanOutUpdate(db, updateId) })

/**
 * The serialisable card data of timeline items, dates formatted for the reader, their text in the
 * reader's language where written in it (ADR 0021; `original`: the reader asked for the original).
 * `content` says which language each shows, for the `lang` attribute and the "original" mark.
 */
export function toCards(items: UpdateItem[], options: { format: (date: Date) => string; canEdit?: boolean; now?: Date; language?: Language; original?: boolean }) {
  const now = options.now ?? new Date()
  const language = options.language ?? 'zh-CN'
  const prefer = options.original ? ('original' as const) : undefined
  return items.map((item) => {
    const shown = localize(item, ['title', 'body'], language, { prefer })
    const project = localize(item.project, ['title'], language)
    const organization = localize(item.organization, ['name'], language)
    return {
      id: item.id,
      title: shown.title,
      bodyHtml: shown.body === item.body ? item.bodyHtml : renderMarkdown(shown.body),
      content: { shownLanguage: shown.shownLanguage, contentLanguage: shown.contentLanguage, untranslated: shown.untranslated, canSwitch: shown.canSwitch },
      at: options.format(item.createdAt),
      edited: Boolean(item.editedAt),
      editable: Boolean(options.canEdit) && now.getTime() - item.createdAt.getTime() <= EDIT_WINDOW_MS,
      project: { slug: project.slug, title: project.title, fundraising: project.fundraising, lang: project.shownLanguage },
      organization: { slug: organization.slug, name: organization.name, lang: organization.shownLanguage },
      shareCode: item.shareCode,
      imageIds: item.imageIds,
      video: item.video,
      expenses: item.expenses,
    }
  })
}
