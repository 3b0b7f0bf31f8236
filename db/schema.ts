/**
 * The one schema of Sunlight. drizzle-kit turns it into SQL migrations in `db/migrations`, which are
 * applied unchanged to PostgreSQL and to PGlite (docs/decisions/0002-postgresql-and-pglite.md).
 *
 * Money is always an integer number of minor units (`bigint`, fen for CNY) plus an ISO 4217 currency
 * code; it never passes through a float.
 */
import { sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  bigint,
  customType,
  bigserial,
  boolean,
  char,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core'
import type { ContentLanguage, TranslatableField, TranslatableKind, Translations } from '../app/content/localized'
import { moderationActions, organizationStatuses, projectCategories, reportReasons, reportTargets, updateEmailModes } from './enums'

export * from './enums'

export type ModerationVisibility = 'visible' | 'hidden' | 'removed'
export type MessageVisibility = 'visible' | 'held' | 'hidden' | 'removed'

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const money = (name: string) => bigint(name, { mode: 'bigint' })
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

/**
 * Content in both languages (ADR 0021): the language a row was written in, and its version in the
 * other language (app/content/localized.ts reads them).
 */
const contentLanguage = () => text('content_language').$type<ContentLanguage>().notNull().default('zh-CN')
const translations = <K extends TranslatableKind>() =>
  jsonb('translations').$type<Translations<TranslatableField<K>>>().notNull().default({})
const contentLanguageCheck = (table: string, column: AnyPgColumn) =>
  check(`${table}_content_language`, sql`${column} in ('zh-CN', 'en')`)

export const organizationStatus = pgEnum('organization_status', organizationStatuses)

export const memberRole = pgEnum('member_role', ['owner', 'editor'])

export const projectCategory = pgEnum('project_category', projectCategories)

export const projectStatus = pgEnum('project_status', [
  'draft',
  'in_review',
  'fundraising',
  'rejected',
  'closed',
  'completed',
])

export const donationStatus = pgEnum('donation_status', [
  'pending',
  'succeeded',
  'failed',
  'refunded',
  'partially_refunded',
  'disputed',
])

export const donationFrequency = pgEnum('donation_frequency', ['one_time', 'monthly'])

export const ledgerEntryKind = pgEnum('ledger_entry_kind', [
  'donation',
  'refund',
  'dispute',
  'dispute_reversal',
  'expense',
  'expense_reversal',
  /** The platform pays what a refund or dispute took beyond a project's unspent balance (never a negative balance). */
  'platform_cover',
  /** A sponsor pool's match of a gift (giving days, docs/decisions/0013): money in, not a gift (not in donation_count). */
  'match',
  /** A match taken back because its gift was refunded or disputed: the money returns to the pool. */
  'match_reversal',
  /**
   * A sponsor's fixed gift for a signed-in person's qualifying action (sponsor-funded participation,
   * docs/decisions/0019): money in, not a gift (not in donation_count), no payment behind it.
   */
  'sponsor_gift',
])

export const updateEmailMode = pgEnum('update_email_mode', updateEmailModes)

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash'),
    /** The day of birth: the age rule (18 to give) is decided by the date, not the year. */
    birthDate: date('birth_date', { mode: 'string' }),
    locale: text('locale').notNull().default('zh-CN'),
    isAdmin: boolean('is_admin').notNull().default(false),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    /** The privacy-policy version accepted at signup, and when. */
    privacyPolicyVersion: text('privacy_policy_version'),
    privacyAcceptedAt: timestamp('privacy_accepted_at', { withTimezone: true }),
    /** How updates from what the user follows reach their inbox. */
    updateEmails: updateEmailMode('update_emails').notNull().default('each'),
    /** Set when the person deleted their account: the row stays as an empty tombstone (docs/privacy.md). */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`)],
)

/**
 * Server-side sessions. The cookie holds an opaque random token; only its SHA-256 is stored, so a
 * copy of this table cannot be replayed as cookies.
 */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    userAgent: text('user_agent'),
    /** A public handle for "sign out this device" (the token hash never leaves the server). */
    id: uuid('id').notNull().defaultRandom(),
    /** When this session last proved a second factor (a one-time code, a passkey, a recovery code); admins need one. */
    secondFactorAt: timestamp('second_factor_at', { withTimezone: true }),
    /** When the person last proved who they are on this device: sign-in or re-authentication (docs/security.md). */
    verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull().defaultNow(),
    /** Updated at most every few minutes, for the list of signed-in devices. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** The network the session signed in from, never the whole address (203.0.113.0/24, 2001:db8:1::/48). */
    network: text('network'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt), uniqueIndex('sessions_id_key').on(t.id)],
)

/**
 * A time-based one-time code generator (RFC 6238: SHA-1, 6 digits, 30 s, what every authenticator
 * app reads from the QR code). Unconfirmed while enrolling; `lastStep` refuses a code used before.
 */
export const totpFactors = pgTable('totp_factors', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secret: text('secret').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  lastStep: bigint('last_step', { mode: 'number' }),
  createdAt: createdAt(),
})

/** Single-use recovery codes (only their SHA-256: each has 50 bits of randomness). */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
)

/** WebAuthn credentials (passkeys): the public key and what the authenticator said about itself. */
export const passkeys = pgTable(
  'passkeys',
  {
    /** The credential id, base64url. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** COSE public key, base64url. */
    publicKey: text('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: text('transports'),
    deviceType: text('device_type').notNull(),
    backedUp: boolean('backed_up').notNull().default(false),
    name: text('name').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('passkeys_user_idx').on(t.userId)],
)

/** Challenges handed to a browser for WebAuthn, each usable once and for five minutes. */
export const webauthnChallenges = pgTable('webauthn_challenges', {
  challenge: text('challenge').primaryKey(),
  /** Set for enrolment and re-authentication (the signed-in person); null for signing in. */
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  purpose: text('purpose').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
})

/** Browsers an account has signed in from (a random id in a long-lived cookie, hashed): a new one is told by email. */
export const knownDevices = pgTable(
  'known_devices',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    deviceHash: text('device_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.deviceHash] })],
)

export const emailTokenKind = pgEnum('email_token_kind', ['verify_email', 'reset_password', 'invite'])

/** Single-use emailed links (verification, password reset, invitations); only hashes are stored. */
export const emailTokens = pgTable(
  'email_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: emailTokenKind('kind').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    role: memberRole('role'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('email_tokens_user_idx').on(t.userId)],
)

/**
 * Every email, written in the same transaction as its cause. Delivered by SMTP when SMTP_URL is
 * set; otherwise it stays here, readable at /dev/outbox in development and the demo.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Extra headers, e.g. List-Unsubscribe on update emails. */
    headers: jsonb('headers').$type<Record<string, string>>(),
  },
  (t) => [index('outbox_messages_unsent_idx').on(t.createdAt).where(sql`${t.sentAt} is null`)],
)

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** An i18n key and its values, so the notification reads in the reader's language; `byLanguage` holds content names in each language (ADR 0021). */
    messageKey: text('message_key').notNull(),
    values: jsonb('values').$type<Record<string, string | Record<string, Record<string, string>>>>().notNull().default({}),
    link: text('link'),
    readAt: timestamp('read_at', { withTimezone: true }),
    /** The update this notification announces (one per user and update), and when a digest mailed it. */
    updateId: uuid('update_id'),
    digestedAt: timestamp('digested_at', { withTimezone: true }),
    /**
     * What event this notification announces, for those raised from money paths that may run again
     * (a retried webhook, a batch replayed one by one): `match:<id>`, `team-goal:<team>`,
     * `campaign-start:<campaign>`… One per user and key, so a second raise is a no-op.
     */
    dedupeKey: text('dedupe_key'),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_user_created_idx').on(t.userId, t.createdAt),
    uniqueIndex('notifications_user_update_key').on(t.userId, t.updateId),
    uniqueIndex('notifications_user_dedupe_key').on(t.userId, t.dedupeKey),
    index('notifications_digest_idx').on(t.userId).where(sql`${t.updateId} is not null and ${t.digestedAt} is null`),
  ],
)

export const mediaKind = pgEnum('media_kind', ['document', 'image', 'video'])
/** Videos are checked at upload, then posterised (and transcoded when browsers cannot play them) by a job. */
export const mediaStatus = pgEnum('media_status', ['processing', 'ready', 'rejected'])
/** A ready video's HLS renditions (media/hls.server.ts): asked for, stored, or impossible (the MP4 still plays). */
export const mediaHlsStatus = pgEnum('media_hls_status', ['pending', 'ready', 'failed'])

/**
 * Uploaded files. Bytes live in storage under a content-addressed key; this row says what they
 * are (detected from content, never from the name) and who may see them.
 */
export const media = pgTable(
  'media',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: mediaKind('kind').notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    isPublic: boolean('is_public').notNull().default(false),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    organizationId: uuid('organization_id'),
    status: mediaStatus('status').notNull().default('ready'),
    /** An i18n key saying why processing refused the file, shown to the uploader. */
    rejectionReason: text('rejection_reason'),
    posterMediaId: uuid('poster_media_id'),
    durationMs: integer('duration_ms'),
    width: integer('width'),
    height: integer('height'),
    /** Set by moderation: hidden media are not served. */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    /** Null until packaging is asked for; `ready` only once every playlist and segment is stored. */
    hlsStatus: mediaHlsStatus('hls_status'),
    /** The storage prefix of the HLS files (master.m3u8, <rendition>/index.m3u8 …), derived from the sha256. */
    hlsKey: text('hls_key'),
    createdAt: createdAt(),
  },
  (t) => [
    index('media_organization_idx').on(t.organizationId),
    index('media_uploader_idx').on(t.uploadedBy, t.createdAt),
    // The backfill's question, "which ready videos have no HLS yet?", without reading every file.
    index('media_hls_backlog_idx').on(t.createdAt).where(sql`${t.kind} = 'video' and ${t.status} = 'ready' and ${t.hlsStatus} is null`),
  ],
)

/** Append-only record of every admin action (migration 0003 refuses UPDATE and DELETE). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_created_idx').on(t.createdAt),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
    index('audit_log_action_idx').on(t.action, t.createdAt),
  ],
)

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    /** Unified Social Credit Code (统一社会信用代码), GB 32100-2015. */
    uscc: char('uscc', { length: 18 }).notNull().unique(),
    hasPublicFundraisingQualification: boolean('has_public_fundraising_qualification')
      .notNull()
      .default(false),
    causeAreas: projectCategory('cause_areas').array().notNull().default(sql`'{}'`),
    region: text('region').notNull(),
    description: text('description').notNull().default(''),
    contentLanguage: contentLanguage(),
    translations: translations<'organization'>(),
    /** The GB/T 2260 division of `region` (app/regions), what the partners directory filters by. */
    regionCode: text('region_code'),
    website: text('website'),
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    contactPhone: text('contact_phone'),
    logoMediaId: uuid('logo_media_id'),
    certificateMediaId: uuid('certificate_media_id'),
    status: organizationStatus('status').notNull().default('pending'),
    statusReason: text('status_reason'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('organizations_status_name_idx').on(t.status, t.name, t.id),
    // The partners directory filtered by region, in name order.
    index('organizations_status_region_name_idx').on(t.status, t.region, t.name, t.id),
    index('organizations_status_region_code_name_idx').on(t.status, t.regionCode, t.name, t.id),
    index('organizations_status_created_idx').on(t.status, t.createdAt, t.id),
    contentLanguageCheck('organizations', t.contentLanguage),
  ],
)

export const organizationMembers = pgTable(
  'organization_members',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: memberRole('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.userId] }),
    index('organization_members_user_idx').on(t.userId),
  ],
)

/** People who follow an organisation (its page shows the count; the feed issue uses the rows). */
export const organizationFollows = pgTable(
  'organization_follows',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.userId] }),
    index('organization_follows_user_idx').on(t.userId),
  ],
)

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    /** Markdown, rendered without raw HTML. */
    story: text('story').notNull().default(''),
    contentLanguage: contentLanguage(),
    translations: translations<'project'>(),
    /**
     * English words of the title and summary — the original's when it is written in English, else
     * the English version's — for English search by words and prefixes (Chinese is matched by
     * trigrams on the text itself).
     */
    searchEn: tsvector('search_en').generatedAlwaysAs(
      sql`to_tsvector('english'::regconfig, case when content_language = 'en' then title || ' ' || summary else coalesce(translations #>> '{en,title}', '') || ' ' || coalesce(translations #>> '{en,summary}', '') end)`,
    ),
    category: projectCategory('category').notNull(),
    region: text('region').notNull(),
    /**
     * The GB/T 2260 division the place lies in (app/regions: a province, or a prefecture-level city;
     * 000000 nationwide), chosen in the form or read from `region`; what discover filters by.
     */
    regionCode: text('region_code'),
    currency: char('currency', { length: 3 }).notNull().default('CNY'),
    goalAmount: money('goal_amount').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    status: projectStatus('status').notNull().default('draft'),
    statusReason: text('status_reason'),
    /** Public-fundraising filing number (公开募捐备案编号), recorded at approval. */
    filingNumber: text('filing_number'),
    /**
     * Derived from the ledger by its insert trigger (migration 0016), in the same statement as the
     * entries: what the project received (gifts, less refunds and disputes, plus what the platform
     * covered) and how many gifts. No code writes them; `npm run ledger:check` proves them.
     */
    raisedAmount: money('raised_amount').notNull().default(sql`0`),
    donationCount: integer('donation_count').notNull().default(0),
    /** Cover image or video (public once the project is published). */
    coverMediaId: uuid('cover_media_id'),
    /** Why the budget lines do not add up to the goal, when they do not. */
    budgetNote: text('budget_note'),
    /** The final report (Markdown) that completes a closed project. */
    finalReport: text('final_report'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** Times shown on discover (flushed in batches) and the fair-exposure score derived from it. */
    impressions: bigint('impressions', { mode: 'number' }).notNull().default(0),
    rankScore: doublePrecision('rank_score').notNull().default(0),
    /** Moderation: a hidden or removed project is gone from public pages; its members see why. */
    moderationStatus: text('moderation_status').$type<ModerationVisibility>().notNull().default('visible'),
    moderationReason: text('moderation_reason'),
  },
  (t) => [
    index('projects_status_published_idx').on(t.status, t.publishedAt, t.id),
    index('projects_status_rank_idx').on(t.status, t.rankScore.desc(), t.id.desc()),
    index('projects_status_category_rank_idx').on(t.status, t.category, t.rankScore.desc(), t.id.desc()),
    index('projects_status_region_rank_idx').on(t.status, t.region, t.rankScore.desc(), t.id.desc()),
    index('projects_status_region_code_rank_idx').on(t.status, t.regionCode, t.rankScore.desc(), t.id.desc()),
    index('projects_search_trgm_idx').using('gin', sql`(${t.title} || ' ' || ${t.summary}) gin_trgm_ops`),
    index('projects_search_en_idx').using('gin', t.searchEn),
    contentLanguageCheck('projects', t.contentLanguage),
    index('projects_organization_idx').on(t.organizationId),
    check('projects_moderation_status', sql`${t.moderationStatus} in ('visible', 'hidden', 'removed')`),
    check('projects_goal_positive', sql`${t.goalAmount} > 0`),
    check('projects_dates_ordered', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
)

export const budgetLines = pgTable(
  'budget_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
    label: text('label').notNull(),
    contentLanguage: contentLanguage(),
    translations: translations<'budgetLine'>(),
    plannedAmount: money('planned_amount').notNull(),
  },
  (t) => [
    contentLanguageCheck('budget_lines', t.contentLanguage),
    uniqueIndex('budget_lines_project_position_key').on(t.projectId, t.position),
    check('budget_lines_planned_nonnegative', sql`${t.plannedAmount} >= 0`),
  ],
)

/** People who follow a project: its page shows the count; updates reach them (feed issue). */
export const projectFollows = pgTable(
  'project_follows',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index('project_follows_user_idx').on(t.userId, t.createdAt)],
)

/**
 * Attribution codes carried by share links (`?ref=`): one per sharer and project, and one for
 * anonymous sharing. Donations through a link record its code; videos get theirs in the video issue.
 */
export const shareLinks = pgTable(
  'share_links',
  {
    code: text('code').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** Set for a video's own code (an update's or a supporter video's id): one code per video. */
    videoId: uuid('video_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('share_links_project_user_key').on(t.projectId, t.userId).where(sql`${t.videoId} is null`),
    uniqueIndex('share_links_project_anonymous_key').on(t.projectId).where(sql`${t.userId} is null and ${t.videoId} is null`),
    uniqueIndex('share_links_video_key').on(t.videoId),
  ],
)

export const donations = pgTable(
  'donations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    amount: money('amount').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    frequency: donationFrequency('frequency').notNull().default('one_time'),
    status: donationStatus('status').notNull().default('pending'),
    /** Name shown publicly; null with `isAnonymous` means "anonymous". */
    displayName: text('display_name'),
    isAnonymous: boolean('is_anonymous').notNull().default(false),
    message: text('message'),
    /** Contact for receipts; never public. */
    donorEmail: text('donor_email'),
    attributionCode: text('attribution_code'),
    /**
     * The site whose embedded donate widget the gift came through (a hostname, checked by
     * `siteFromReferrer`); the donor's browser says so, so it is a statistic for the organisation,
     * never a reason to move money (ADR 0020).
     */
    referrerSite: text('referrer_site'),
    createdAt: createdAt(),
    succeededAt: timestamp('succeeded_at', { withTimezone: true }),
    /** Which gateway took the payment, and its ids (each unique where set). */
    gateway: text('gateway'),
    checkoutSessionId: text('checkout_session_id').unique(),
    paymentIntentId: text('payment_intent_id').unique(),
    chargeId: text('charge_id').unique(),
    /** Set on a monthly plan's renewals: the paid invoice (one donation per invoice). */
    invoiceId: text('invoice_id').unique(),
    planId: uuid('plan_id'),
    refundedAmount: money('refunded_amount').notNull().default(sql`0`),
    failureReason: text('failure_reason'),
    /** Receipt number (SL-YYYY-NNNNNNNN), given when the gift succeeds. */
    receiptNumber: text('receipt_number').unique(),
    /** Unguessable token for guests: the thank-you and receipt links carry it. */
    accessToken: text('access_token').notNull().default(sql`replace(gen_random_uuid()::text, '-', '')`),
    locale: text('locale').notNull().default('zh-CN'),
    /** The public message's moderation: held by the automatic check, hidden by the organisation or a moderator. */
    messageStatus: text('message_status').$type<MessageVisibility>().notNull().default('visible'),
    /** Who hid the message: a moderator's decision is the moderator's to undo, never the organisation's. */
    messageHiddenBy: text('message_hidden_by').$type<'organization' | 'moderator'>(),
    /**
     * Set when the gateway reported a payment that does not match this gift (amount, currency, the
     * per-gift ceiling): nothing is credited and an admin decides (app/payments/webhook.server.ts).
     */
    heldAt: timestamp('held_at', { withTimezone: true }),
    heldReason: text('held_reason'),
    /**
     * The gateway's fingerprint of the card, when its event carries one (Stripe's
     * `payment_method_details.card.fingerprint`): matching's last-resort donor key and its one-card
     * check. Never shown.
     */
    cardFingerprint: text('card_fingerprint'),
    /** The team (一起捐) the gift was given through: its invite link carried it to the donate form. */
    teamId: uuid('team_id').references((): AnyPgColumn => teams.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('donations_team_idx').on(t.teamId).where(sql`${t.teamId} is not null`),
    check('donations_message_status', sql`${t.messageStatus} in ('visible', 'held', 'hidden', 'removed')`),
    index('donations_project_succeeded_idx').on(t.projectId, t.succeededAt),
    index('donations_user_idx').on(t.userId, t.createdAt),
    index('donations_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending'`),
    index('donations_plan_idx').on(t.planId),
    index('donations_attribution_idx').on(t.attributionCode).where(sql`${t.attributionCode} is not null`),
    check('donations_amount_positive', sql`${t.amount} > 0`),
    check('donations_refund_bounded', sql`${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.amount}`),
  ],
)

export const planStatus = pgEnum('plan_status', ['pending', 'active', 'canceled'])

/** A monthly gift: the Stripe subscription behind it, and the donations its invoices paid. */
export const donationPlans = pgTable(
  'donation_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    amount: money('amount').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    status: planStatus('status').notNull().default('pending'),
    subscriptionId: text('subscription_id').unique(),
    firstDonationId: uuid('first_donation_id'),
    createdAt: createdAt(),
    canceledAt: timestamp('canceled_at', { withTimezone: true }),
  },
  (t) => [index('donation_plans_user_idx').on(t.userId)],
)

/**
 * Every webhook event received, by Stripe's event id (the primary key makes a redelivery a no-op).
 * Stored in the same transaction as its effects; unknown types are stored and acknowledged.
 */
/**
 * Verified Stripe events, stored by the webhook before it answers (the primary key makes a
 * redelivery a no-op) and applied afterwards by the event processor (payments/webhook.server.ts).
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    outcome: text('outcome').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set once the event's effects are committed (or it is given up on as unmatched). */
    processedAt: timestamp('processed_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** The id of the request that delivered it: the log lines of its application carry it too. */
    requestId: text('request_id'),
  },
  (t) => [index('webhook_events_pending_idx').on(t.nextAttemptAt).where(sql`${t.processedAt} is null`)],
)

/** Sandbox gateway: its checkout sessions (Stripe test mode, in-app). */
export const sandboxSessions = pgTable('sandbox_sessions', {
  id: text('id').primaryKey(),
  donationId: uuid('donation_id').notNull(),
  mode: text('mode').notNull(),
  amount: money('amount').notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  status: text('status').notNull().default('open'),
  paymentStatus: text('payment_status').notNull().default('unpaid'),
  paymentIntentId: text('payment_intent_id'),
  chargeId: text('charge_id'),
  subscriptionId: text('subscription_id'),
  customerEmail: text('customer_email'),
  successUrl: text('success_url').notNull(),
  cancelUrl: text('cancel_url').notNull(),
  title: text('title').notNull(),
  refundedAmount: money('refunded_amount').notNull().default(sql`0`),
  lastError: text('last_error'),
  /** The paying test card's fingerprint (one per card number, as Stripe gives one per card); null until paid. */
  cardFingerprint: text('card_fingerprint'),
  createdAt: createdAt(),
})

/**
 * Scratch space for `npm run ledger:check`: the gateway's records of one run, streamed in from the
 * gateway page by page and compared with the donations in SQL, then deleted (app/ledger/check.server.ts).
 */
export const ledgerCheckGatewayRecords = pgTable(
  'ledger_check_gateway_records',
  {
    runId: uuid('run_id').notNull(),
    type: text('type').notNull(),
    ref: text('ref').notNull(),
    amount: money('amount').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.type, t.ref] })],
)

/** Sandbox gateway: the invoices of its monthly plans (what `ledger:check` compares renewals with). */
export const sandboxInvoices = pgTable('sandbox_invoices', {
  id: text('id').primaryKey(),
  subscriptionId: text('subscription_id').notNull(),
  amount: money('amount').notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true }).notNull().defaultNow(),
})

/** Sandbox gateway: signed events waiting to be delivered to the webhook, retried with back-off. */
export const sandboxDeliveries = pgTable(
  'sandbox_deliveries',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    eventId: text('event_id').notNull(),
    payload: text('payload').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    lastStatus: text('last_status'),
    createdAt: createdAt(),
  },
  (t) => [index('sandbox_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.deliveredAt} is null`)],
)

/**
 * The append-only ledger: every movement of money is a new row, signed (+ money in, − money out).
 * UPDATE and DELETE are refused by a trigger (migration 0001); corrections are reversing entries.
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    kind: ledgerEntryKind('kind').notNull(),
    amount: money('amount').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    donationId: uuid('donation_id').references(() => donations.id),
    memo: text('memo'),
    /** What makes this movement unique (e.g. a refund's cumulative total, a dispute id): replays are no-ops. */
    externalRef: text('external_ref').unique(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('ledger_entries_project_idx').on(t.projectId, t.id),
    index('ledger_entries_donation_idx').on(t.donationId),
    // A donation is credited to the ledger at most once, whatever the webhook retries do.
    uniqueIndex('ledger_entries_donation_credit_key')
      .on(t.donationId)
      .where(sql`${t.kind} = 'donation'`),
  ],
)

/**
 * The ledger summed per project, kind and hour (UTC), kept by a statement-level trigger on
 * ledger_entries in the same transaction as each insert (migration 0014), so a project's hourly
 * transparency feed reads its latest hours instead of every entry. Derived data: `npm run
 * ledger:check` proves it (and project_ledger_totals) equal to the entries.
 */
export const projectLedgerHours = pgTable(
  'project_ledger_hours',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    kind: ledgerEntryKind('kind').notNull(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    entries: integer('entries').notNull(),
    amount: money('amount').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.kind, t.hour] }), index('project_ledger_hours_recent_idx').on(t.projectId, t.hour)],
)

/** The ledger summed per project and kind, kept by the same trigger: a balance is a handful of rows. */
export const projectLedgerTotals = pgTable(
  'project_ledger_totals',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    kind: ledgerEntryKind('kind').notNull(),
    entries: integer('entries').notNull(),
    amount: money('amount').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.kind] })],
)

/**
 * The hash chain over the ledger (docs/ledger.md): one row per entry, in id order, written by the
 * sealing job (not on the donation path). hash = SHA-256(previous hash + the entry's canonical text).
 * Append-only like the ledger; `npm run ledger:verify` and tools/verify-ledger.mjs recompute it.
 */
export const ledgerSeals = pgTable(
  'ledger_seals',
  {
    entryId: bigint('entry_id', { mode: 'bigint' }).primaryKey(),
    position: bigint('position', { mode: 'bigint' }).notNull().unique(),
    hash: text('hash').notNull(),
    sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull().defaultNow(),
    /** The global chain's hash before this entry, so an entry is checkable without its neighbours. */
    prevHash: text('prev_hash').notNull(),
    /**
     * The project's own chain: project_hash(k) = SHA-256(project_hash(k−1) ‖ hash), so one project's
     * export verifies on its own and still names a missing or slipped-in entry (docs/ledger.md).
     */
    projectId: uuid('project_id').notNull(),
    projectPosition: bigint('project_position', { mode: 'bigint' }).notNull(),
    projectHash: text('project_hash').notNull(),
  },
  (t) => [uniqueIndex('ledger_seals_project_position_key').on(t.projectId, t.projectPosition)],
)

/**
 * Secrets this installation made for itself at first start (the sandbox's webhook signing secret),
 * kept with its data so that every server of one installation shares them and no constant in the
 * code can verify anything.
 */
export const installationSecrets = pgTable('installation_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
})

export const refundStatus = pgEnum('refund_status', ['requested', 'succeeded', 'failed'])

/**
 * A refund asked of the gateway, reserved against the project's unspent balance from the moment it
 * is asked until the gateway's event posts it (or the gateway refuses it), so two refunds, or a
 * refund and an expense, cannot together spend the same money (app/ledger/post.server.ts).
 */
export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    donationId: uuid('donation_id')
      .notNull()
      .references(() => donations.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    amount: money('amount').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    /** The refunded total of the gift once this refund is through: the gateway's idempotency key. */
    cumulative: money('cumulative').notNull(),
    status: refundStatus('status').notNull().default('requested'),
    /** An admin chose to refund beyond the unspent balance: the platform covers the shortfall, in the ledger. */
    platformCovers: boolean('platform_covers').notNull().default(false),
    reason: text('reason').notNull(),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    gatewayRefundId: text('gateway_refund_id'),
    failure: text('failure'),
    createdAt: createdAt(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('refunds_donation_cumulative_key').on(t.donationId, t.cumulative),
    index('refunds_open_idx').on(t.projectId).where(sql`${t.status} = 'requested'`),
    check('refunds_amount_positive', sql`${t.amount} > 0`),
  ],
)

/**
 * Spending, recorded by the organisation against a budget line with evidence. The money movement is
 * the ledger entry (kind expense, negative); a void adds a reversing entry and never deletes.
 */
export const expenses = pgTable(
  'expenses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    budgetLineId: uuid('budget_line_id')
      .notNull()
      .references(() => budgetLines.id),
    amount: money('amount').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    spentOn: date('spent_on').notNull(),
    /** As shown publicly: an organisation's name, or a person's name masked (张**). */
    payee: text('payee').notNull(),
    description: text('description').notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    ledgerEntryId: bigint('ledger_entry_id', { mode: 'bigint' }),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    voidReason: text('void_reason'),
    /** An admin's public question about the expense, and the organisation's public answer. */
    question: text('question'),
    questionedAt: timestamp('questioned_at', { withTimezone: true }),
    answer: text('answer'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('expenses_project_idx').on(t.projectId, t.createdAt),
    index('expenses_budget_line_idx').on(t.budgetLineId),
    check('expenses_amount_positive', sql`${t.amount} > 0`),
  ],
)

export const expenseEvidence = pgTable(
  'expense_evidence',
  {
    expenseId: uuid('expense_id')
      .notNull()
      .references(() => expenses.id, { onDelete: 'cascade' }),
    mediaId: uuid('media_id').notNull(),
    position: smallint('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.expenseId, t.position] })],
)

/**
 * Background work (docs/decisions/0004-job-queue.md): claimed with FOR UPDATE SKIP LOCKED, retried
 * with back-off, done rows kept a while for inspection. `dedupeKey` makes an enqueue idempotent.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    dedupeKey: text('dedupe_key'),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('jobs_due_idx').on(t.runAt).where(sql`${t.doneAt} is null and ${t.failedAt} is null`),
    uniqueIndex('jobs_dedupe_key').on(t.dedupeKey),
  ],
)

/**
 * What public pages a committed change touched, as surrogate keys (`project-<id>`, `org-<id>`,
 * `home` …). Written only by triggers (migration 0018) in the transaction of the change, so a key
 * becomes visible exactly when its change commits; the background runner deletes the rows and
 * purges the keys from Varnish (docs/scaling.md). Unlogged: a crash loses at most a purge, and the
 * page's s-maxage bounds how stale that leaves it.
 */
export const pageChanges = pgTable(
  'page_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    createdAt: createdAt(),
    /** Not purged before this time: a second purge waits for renders that began before the change. */
    purgeAfter: timestamp('purge_after', { withTimezone: true }).notNull().defaultNow(),
    /** The first purge of a change: it queues the second one (migration 0019). */
    first: boolean('first').notNull().default(true),
  },
  (table) => [index('page_changes_due_idx').on(table.purgeAfter, table.id)],
)

/**
 * Rate-limit counters shared by every app server on PostgreSQL (rate-limiter-flexible's
 * RateLimiterPostgres layout: its key includes the limiter's prefix; `expire` in epoch ms).
 */
export const rateLimits = pgTable('rate_limits', {
  key: varchar('key', { length: 255 }).primaryKey(),
  points: integer('points').notNull().default(0),
  expire: bigint('expire', { mode: 'number' }),
})

/** `held`: the automatic first pass flagged it; it waits for a moderator instead of publishing. */
export const updateStatus = pgEnum('update_status', ['published', 'hidden', 'removed', 'held'])

/** An organisation's update on a project: text, optionally a video and images, optionally linked expenses. */
export const projectUpdates = pgTable(
  'project_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    body: text('body').notNull(),
    contentLanguage: contentLanguage(),
    translations: translations<'update'>(),
    videoMediaId: uuid('video_media_id'),
    imageMediaIds: jsonb('image_media_ids').$type<string[]>().notNull().default([]),
    expenseIds: jsonb('expense_ids').$type<string[]>().notNull().default([]),
    /** The attribution code donations through this update's video carry (a share_links row). */
    shareCode: text('share_code'),
    status: updateStatus('status').notNull().default('published'),
    /** Why moderation held, hid or removed it: shown to the organisation. */
    moderationReason: text('moderation_reason'),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('project_updates_project_idx').on(t.projectId, t.createdAt, t.id),
    index('project_updates_organization_idx').on(t.organizationId, t.createdAt, t.id),
    contentLanguageCheck('project_updates', t.contentLanguage),
  ],
)

/** Earlier versions of an update, one row per edit. */
export const updateRevisions = pgTable(
  'update_revisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    updateId: uuid('update_id')
      .notNull()
      .references(() => projectUpdates.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** The version replaced was in this language, with this other-language version (ADR 0021). */
    contentLanguage: contentLanguage(),
    translations: translations<'update'>(),
    editedBy: uuid('edited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('update_revisions_update_idx').on(t.updateId, t.id), contentLanguageCheck('update_revisions', t.contentLanguage)],
)

export const supporterVideoStatus = pgEnum('supporter_video_status', ['pending', 'approved', 'rejected', 'hidden', 'removed'])

/** A supporter's or creator's video for a fundraising project, shown once an admin approves it. */
export const supporterVideos = pgTable(
  'supporter_videos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    mediaId: uuid('media_id').notNull(),
    shareCode: text('share_code').notNull(),
    status: supporterVideoStatus('status').notNull().default('pending'),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    rejectionReason: text('rejection_reason'),
    /** The challenge (话题) the video was made for, if any. */
    challengeId: uuid('challenge_id').references(() => challenges.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('supporter_videos_challenge_idx').on(t.challengeId, t.status).where(sql`${t.challengeId} is not null`),
    index('supporter_videos_project_idx').on(t.projectId, t.status, t.createdAt),
    index('supporter_videos_user_idx').on(t.userId, t.createdAt),
    index('supporter_videos_project_day_idx').on(t.projectId, t.createdAt),
    index('supporter_videos_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending'`),
  ],
)

// ── Trust and safety (docs/moderation.md) ─────────────────────────────────────────────────────

export const reportTarget = pgEnum('report_target', reportTargets)

export const reportReason = pgEnum('report_reason', reportReasons)

export const moderationAction = pgEnum('moderation_action', moderationActions)

/**
 * One case per reported or flagged item while it is open: reports pile onto it, the queue orders
 * cases by severity then age, and a moderator's decision closes it (a later report opens a new one).
 */
export const moderationCases = pgTable(
  'moderation_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    targetType: reportTarget('target_type').notNull(),
    targetId: uuid('target_id').notNull(),
    /** The organisation the item belongs to, for context and for "suspend". */
    organizationId: uuid('organization_id').references(() => organizations.id),
    projectId: uuid('project_id').references(() => projects.id),
    isOpen: boolean('is_open').notNull().default(true),
    severity: smallint('severity').notNull(),
    /** Set when the automatic first pass opened or joined the case: what it found. */
    autoFlags: jsonb('auto_flags').$type<{ kind: string; detail?: string }[]>().notNull().default([]),
    reportCount: integer('report_count').notNull().default(0),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    decision: moderationAction('decision'),
    /** The moderator's reason: shown to the author and, for hide/remove/suspend, in the public log. */
    decisionReason: text('decision_reason'),
    decisionCategory: reportReason('decision_category'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('moderation_cases_open_target_key').on(t.targetType, t.targetId).where(sql`${t.isOpen}`),
    index('moderation_cases_queue_idx').on(t.severity.desc(), t.openedAt).where(sql`${t.isOpen}`),
    index('moderation_cases_decided_idx').on(t.decidedAt),
    index('moderation_cases_target_idx').on(t.targetType, t.targetId),
  ],
)

/** A person's report: signed in (told the outcome in-app and by email) or not (optionally leaving an email). */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => moderationCases.id),
    reason: reportReason('reason').notNull(),
    details: text('details'),
    reporterId: uuid('reporter_id').references(() => users.id, { onDelete: 'set null' }),
    reporterEmail: text('reporter_email'),
    locale: text('locale').notNull().default('zh-CN'),
    createdAt: createdAt(),
    /** When the reporter was told the outcome. */
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
  },
  (t) => [
    index('reports_case_idx').on(t.caseId),
    uniqueIndex('reports_case_reporter_key').on(t.caseId, t.reporterId).where(sql`${t.reporterId} is not null`),
    index('reports_reporter_idx').on(t.reporterId),
  ],
)

/**
 * The public enforcement log: what was hidden, removed or suspended and why — by construction it
 * holds no personal data (no names, no text of the item, only its kind and the project or organisation).
 */
export const enforcementActions = pgTable(
  'enforcement_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => moderationCases.id),
    targetType: reportTarget('target_type').notNull(),
    action: moderationAction('action').notNull(),
    category: reportReason('category').notNull(),
    publicReason: text('public_reason').notNull(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    projectId: uuid('project_id').references(() => projects.id),
    createdAt: createdAt(),
  },
  (t) => [index('enforcement_actions_created_idx').on(t.createdAt)],
)

/** Content removed by moderation, by hash: the same bytes uploaded again are held for review. */
export const blockedMedia = pgTable('blocked_media', {
  sha256: text('sha256').primaryKey(),
  caseId: uuid('case_id'),
  createdAt: createdAt(),
})

/**
 * What the operators' checks last found (docs/operations.md): the scheduled ledger check, backups,
 * the webhook lag. One row per check; `alertedAt` keeps a standing problem from alerting admins
 * more than once an hour.
 */
export const operationsStatus = pgTable('operations_status', {
  key: text('key').primaryKey(),
  ok: boolean('ok').notNull(),
  detail: text('detail').notNull().default(''),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  alertedAt: timestamp('alerted_at', { withTimezone: true }),
})

// ── Video first (docs/video.md) ────────────────────────────────────────────────────────────────

export const challengeStatus = pgEnum('challenge_status', ['open', 'closed'])

/**
 * A creative challenge (话题) an organisation or an admin opens for a project, like ByteDance's
 * #点画成真: supporters join by uploading a video tagged to it, moderated as supporter videos are.
 */
export const challenges = pgTable(
  'challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    /** The hashtag without '#', e.g. 点画成真. */
    tag: text('tag').notNull(),
    title: text('title').notNull(),
    /** Markdown, rendered without raw HTML. */
    brief: text('brief').notNull(),
    contentLanguage: contentLanguage(),
    translations: translations<'challenge'>(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    status: challengeStatus('status').notNull().default('open'),
    endsOn: date('ends_on'),
    createdAt: createdAt(),
  },
  (t) => [
    index('challenges_project_idx').on(t.projectId),
    index('challenges_organization_idx').on(t.organizationId),
    contentLanguageCheck('challenges', t.contentLanguage),
  ],
)

/**
 * Attention per video (an update's video or a supporter's), in aggregate: each count is of distinct
 * viewers per day (video_views), added in batches. `rankScore` is the fair-exposure order of /watch.
 * `videoId` is the update's or the supporter video's id (the same as share_links.video_id).
 */
export const videoStats = pgTable(
  'video_stats',
  {
    videoId: uuid('video_id').primaryKey(),
    impressions: bigint('impressions', { mode: 'number' }).notNull().default(0),
    plays: bigint('plays', { mode: 'number' }).notNull().default(0),
    completions: bigint('completions', { mode: 'number' }).notNull().default(0),
    shares: bigint('shares', { mode: 'number' }).notNull().default(0),
    rankScore: doublePrecision('rank_score').notNull().default(0),
  },
  (t) => [index('video_stats_rank_idx').on(t.rankScore.desc(), t.videoId.desc())],
)

/**
 * Who has been counted for a video today: one row per viewer (account or browser) per video per
 * day, so a reload, a replay or a second tab counts nothing more. Kept two days, then pruned.
 * `network` is a keyed hash of the viewer's address prefix (per day), to cap cookie-less repeats.
 */
export const videoViews = pgTable(
  'video_views',
  {
    videoId: uuid('video_id').notNull(),
    viewer: text('viewer').notNull(),
    day: date('day').notNull(),
    network: text('network').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
    playedAt: timestamp('played_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    sharedAt: timestamp('shared_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.videoId, t.viewer, t.day] }), index('video_views_network_idx').on(t.videoId, t.day, t.network), index('video_views_day_idx').on(t.day)],
)

// ── Giving days: campaigns and sponsor matching (docs/decisions/0013-matching-on-the-ledger.md) ──

export const campaignStatus = pgEnum('campaign_status', ['draft', 'live', 'closed'])
export const campaignProjectStatus = pgEnum('campaign_project_status', ['applied', 'approved', 'rejected'])
/**
 * `paid`: posted to the ledger. `held`: reserved from the pool, waiting for an admin (anti-gaming).
 * `reversed`: its gift was refunded or disputed in full. `released`: an admin returned a held match to
 * the pool. `unmatched`: the gift was in the campaign but the rules gave nothing (the reason says why).
 */
export const matchStatus = pgEnum('match_status', ['paid', 'held', 'reversed', 'released', 'unmatched'])
/** What happened to a pool, in the order it happened (the public export replays these). */
export const matchEventKind = pgEnum('match_event_kind', ['decided', 'paid', 'released', 'reversed'])

/** A giving day (like Tencent's 99 Giving Day): a window in which sponsor pools match gifts. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: campaignStatus('status').notNull().default('draft'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    /** When the followers of its projects were told it started (once: the announcing UPDATE is guarded by it). */
    startAnnouncedAt: timestamp('start_announced_at', { withTimezone: true }),
    /** Its title's language and the other version (ADR 0021); its pools' sponsor names are in the same language. */
    contentLanguage: contentLanguage(),
    translations: translations<'campaign'>(),
  },
  (t) => [check('campaigns_window_ordered', sql`${t.endsAt} > ${t.startsAt}`), contentLanguageCheck('campaigns', t.contentLanguage)],
)

/**
 * A sponsor's pledge and its published rules. `committedAmount` is what is matched (paid or held,
 * less reversals): changed only under the row's lock, in the same transaction as the match, and the
 * database refuses it above `totalAmount` — a pool is never over-spent.
 */
export const sponsorPools = pgTable(
  'sponsor_pools',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    sponsorName: text('sponsor_name').notNull(),
    /** The sponsor's name in the campaign's other language (ADR 0021). */
    translations: translations<'sponsor'>(),
    currency: char('currency', { length: 3 }).notNull().default('CNY'),
    totalAmount: money('total_amount').notNull(),
    committedAmount: money('committed_amount').notNull().default(sql`0`),
    /** The match as a percentage of the gift: 100 = 1:1, 50 = half. */
    ratioPercent: integer('ratio_percent').notNull(),
    /** Caps on the match (not on the gift), in minor units; null = no cap. */
    capPerGift: money('cap_per_gift'),
    capPerDonorDay: money('cap_per_donor_day'),
    capPerProject: money('cap_per_project'),
    /** Only a donor's first gift to a project in this pool is matched. */
    firstGiftOnly: boolean('first_gift_only').notNull().default(false),
    /** The pool's own window, within the campaign's. */
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** Anti-gaming: a card that already had this many gifts matched from the pool today is held for review. */
    cardDailyLimit: integer('card_daily_limit').notNull().default(3),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('sponsor_pools_campaign_idx').on(t.campaignId),
    check('sponsor_pools_total_positive', sql`${t.totalAmount} > 0`),
    check('sponsor_pools_never_overspent', sql`${t.committedAmount} >= 0 and ${t.committedAmount} <= ${t.totalAmount}`),
    check('sponsor_pools_ratio', sql`${t.ratioPercent} > 0 and ${t.ratioPercent} <= 1000`),
    check('sponsor_pools_caps_positive', sql`coalesce(${t.capPerGift}, 1) > 0 and coalesce(${t.capPerDonorDay}, 1) > 0 and coalesce(${t.capPerProject}, 1) > 0`),
    check('sponsor_pools_window_ordered', sql`${t.endsAt} > ${t.startsAt}`),
    check('sponsor_pools_card_limit', sql`${t.cardDailyLimit} > 0`),
  ],
)

/** A project's participation in a campaign: an organisation applies, an admin approves. */
export const campaignProjects = pgTable(
  'campaign_projects',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    status: campaignProjectStatus('status').notNull().default('applied'),
    appliedBy: uuid('applied_by').references(() => users.id, { onDelete: 'set null' }),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.projectId] }), index('campaign_projects_project_idx').on(t.projectId)],
)

/**
 * One decision per pool and gift (UNIQUE), in the order the pool's lock was taken. `donorKey` and
 * `cardKey` are SHA-256 of "user:<id>" / "email:<address>" / "card:<fingerprint>", never the values;
 * the public export shows them only as keyed hashes. `amount` is what the rules gave; `reversedAmount`
 * what refunds and disputes took back (the match's net is the difference).
 */
export const matches = pgTable(
  'matches',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    poolId: uuid('pool_id')
      .notNull()
      .references(() => sponsorPools.id),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    donationId: uuid('donation_id')
      .notNull()
      .references(() => donations.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    donorKey: text('donor_key').notNull(),
    cardKey: text('card_key'),
    giftAmount: money('gift_amount').notNull(),
    /** When the gateway took the gift, and that day in China time (the day of the per-day caps). */
    givenAt: timestamp('given_at', { withTimezone: true }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    amount: money('amount').notNull(),
    reversedAmount: money('reversed_amount').notNull().default(sql`0`),
    status: matchStatus('status').notNull(),
    /** Which rule limited the match (cap_per_gift, pool …) or why it is held (donor_in_organisation …). */
    reason: text('reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('matches_pool_donation_key').on(t.poolId, t.donationId),
    index('matches_pool_donor_day_idx').on(t.poolId, t.donorKey, t.day),
    index('matches_pool_project_idx').on(t.poolId, t.projectId, t.donorKey),
    index('matches_pool_card_day_idx').on(t.poolId, t.cardKey, t.day).where(sql`${t.cardKey} is not null`),
    index('matches_campaign_donor_idx').on(t.campaignId, t.donorKey),
    index('matches_donation_idx').on(t.donationId),
    index('matches_held_idx').on(t.decidedAt).where(sql`${t.status} = 'held'`),
    check('matches_amounts', sql`${t.amount} >= 0 and ${t.reversedAmount} >= 0 and ${t.reversedAmount} <= ${t.amount}`),
  ],
)

/**
 * Every change to a pool, in order (ids are taken under the pool's lock): a decision, a held match
 * paid or released, a reversal. Append-only (migration 0024). The public export lists these so that
 * anyone can replay every match from the rules (tools/verify-matching.mjs).
 */
export const matchEvents = pgTable(
  'match_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    poolId: uuid('pool_id')
      .notNull()
      .references(() => sponsorPools.id),
    matchId: bigint('match_id', { mode: 'bigint' })
      .notNull()
      .references(() => matches.id),
    kind: matchEventKind('kind').notNull(),
    /** decided: the match; paid: what was posted; released / reversed: what returned to the pool. */
    amount: money('amount').notNull(),
    /** decided: paid, held or unmatched. */
    outcome: matchStatus('outcome'),
    reason: text('reason'),
    /** reversed: what of the gift is left after its refunds and disputes. */
    giftRemaining: money('gift_remaining'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('match_events_pool_idx').on(t.poolId, t.id)],
)

// ── Sponsor-funded participation (docs/decisions/0019-sponsor-funded-participation.md) ──

/**
 * What a signed-in person does that a participation pool pays for: watching an update's video to its
 * end (the server's own clock), reading a disclosure (a project's spending page, kept open long
 * enough by the server's clock), a share link that brings a new visitor.
 */
export const participationActions = ['watch_update', 'read_disclosure', 'share_visit'] as const
export const participationAction = pgEnum('participation_action', participationActions)

/**
 * A sponsor's pledge that pays a fixed amount to a project for each qualifying action (like
 * 圆梦精灵). Its own table, not a kind of matching pool: matching reads every sponsor_pools row of a
 * campaign and replays them from their ratio rules. `committedAmount` grows only under the row's
 * lock, and the database refuses it above `totalAmount` — never over-spent. The total is a whole
 * number of actions, so a spent pool is at exactly zero.
 */
export const participationPools = pgTable(
  'participation_pools',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    sponsorName: text('sponsor_name').notNull(),
    /** The sponsor's name in the campaign's other language (ADR 0021). */
    translations: translations<'sponsor'>(),
    currency: char('currency', { length: 3 }).notNull().default('CNY'),
    totalAmount: money('total_amount').notNull(),
    committedAmount: money('committed_amount').notNull().default(sql`0`),
    /** What each qualifying action gives, in minor units (10 = ¥0.10). */
    amountPerAction: money('amount_per_action').notNull(),
    actions: participationAction('actions').array().notNull(),
    /** How many actions one person may be paid for from this pool per day (China time). */
    capPerPersonDay: integer('cap_per_person_day').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('participation_pools_campaign_idx').on(t.campaignId),
    check('participation_pools_amounts', sql`${t.amountPerAction} > 0 and ${t.totalAmount} > 0 and ${t.totalAmount} % ${t.amountPerAction} = 0`),
    check('participation_pools_never_overspent', sql`${t.committedAmount} >= 0 and ${t.committedAmount} <= ${t.totalAmount}`),
    check('participation_pools_cap', sql`${t.capPerPersonDay} > 0`),
    check('participation_pools_actions', sql`cardinality(${t.actions}) > 0`),
    check('participation_pools_window_ordered', sql`${t.endsAt} > ${t.startsAt}`),
  ],
)

/**
 * One paid action: who (the account — never shown publicly), what, which item (an update's id, a
 * project's id, a visitor's account), which pool, how much. One per person, action, project and item
 * in a campaign (UNIQUE), and
 * the `sponsor_gift` ledger entry `sponsor_gift:<id>` carries the money.
 */
export const participations = pgTable(
  'participations',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    poolId: uuid('pool_id')
      .notNull()
      .references(() => participationPools.id),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    action: participationAction('action').notNull(),
    itemId: uuid('item_id').notNull(),
    amount: money('amount').notNull(),
    /** The day in China time (the day of the per-person cap). */
    day: date('day', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('participations_one_per_item_key').on(t.campaignId, t.userId, t.action, t.projectId, t.itemId),
    index('participations_pool_user_day_idx').on(t.poolId, t.userId, t.day),
    index('participations_user_idx').on(t.userId, t.id),
    index('participations_project_idx').on(t.projectId),
    check('participations_amount_positive', sql`${t.amount} > 0`),
  ],
)

/**
 * An organisation's outgoing webhook endpoints (issue 23): where Sunlight posts its gifts, refunds,
 * expenses and updates, signed with the endpoint's secret (docs/webhooks.md). Events come from the
 * sealed ledger (its chain position is the cursor, so an event is never missed or sent twice) and
 * from published updates.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** The signing secret (`whsec_…`), shown to the organisation's owners. */
    secret: text('secret').notNull(),
    events: text('events').array().notNull(),
    /** The last platform chain position turned into deliveries (entries sealed before the endpoint existed are not sent). */
    afterPosition: bigint('after_position', { mode: 'bigint' }).notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [index('webhook_endpoints_organization_idx').on(t.organizationId)],
)

/** One event for one endpoint: the exact bytes signed and sent, and where its delivery stands. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: text('payload').notNull(),
    /** pending (to be tried at next_attempt_at), delivered (a 2xx), failed (gave up after the last retry). */
    status: text('status').$type<'pending' | 'delivered' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_key').on(t.endpointId, t.eventId),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id),
    check('webhook_deliveries_status', sql`${t.status} in ('pending', 'delivered', 'failed')`),
  ],
)

/** Every attempt at a delivery, with what the receiver answered (shown in the organisation's console). */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    deliveryId: bigint('delivery_id', { mode: 'bigint' })
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The HTTP status, or null when no answer came (refused, timed out, address not allowed). */
    responseStatus: integer('response_status'),
    /** The first 1 KB of the answer's body, or the reason there was none. */
    responseExcerpt: text('response_excerpt').notNull().default(''),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
)

/**
 * Team giving (一起捐): a donor's team for one fundraising project, with a name and a goal, optionally
 * inside a running campaign the project takes part in. Gifts given through its invite link carry its
 * id (`donations.team_id`); what it raised is always computed from those gifts once credited, never
 * stored. `goalReachedAt` is set once, by the credit that takes it past its goal.
 */
export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    campaignId: uuid('campaign_id').references(() => campaigns.id),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    goalAmount: money('goal_amount').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    message: text('message'),
    /** The starter's own choice to be named on the team's page (by consent: off unless they tick it). */
    showStarter: boolean('show_starter').notNull().default(false),
    goalReachedAt: timestamp('goal_reached_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('teams_project_idx').on(t.projectId, t.createdAt),
    index('teams_campaign_idx').on(t.campaignId).where(sql`${t.campaignId} is not null`),
    index('teams_creator_idx').on(t.createdBy),
    check('teams_goal_positive', sql`${t.goalAmount} > 0`),
  ],
)
