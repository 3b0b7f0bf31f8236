/**
 * Expenses and "where did my money go". An expense is a negative ledger entry against a budget line,
 * with evidence; a void is a reversing entry. Donations fund expenses first-in first-out: on the
 * axis of cumulative net gifts and the axis of cumulative net spending (both in ledger order), a
 * gift covers [before, before + net) and an expense [spentBefore, spentBefore + amount); what a gift
 * paid for is the overlap — a range query on cumulative sums, not a table of allocations.
 */
import { localize, localizeFor } from '~/content/localized'
import type { Language } from '~/i18n/config'
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { queryRows, type Db } from '~db/client.server'
import { budgetLines, expenseEvidence, expenses, media, projectLedgerHours, projects } from '~db/schema'
import { balances, lockProjectMoney, post } from '~/ledger/post.server'

export class ExpenseRefused extends Error {
  override name = 'ExpenseRefused'
  constructor(readonly reason: 'notRunning' | 'overspend' | 'wrongBudgetLine' | 'alreadyVoided' | 'notFound') {
    super(`expense refused: ${reason}`)
  }
}

/** A person's name shown publicly: the family name, then one mask per remaining character (张**, W*** ). */
export function maskPersonalName(name: string) {
  const chars = [...name.trim()]
  if (chars.length <= 1) return '*'
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3))
}

export interface NewExpense {
  projectId: string
  budgetLineId: string
  amount: bigint
  spentOn: string
  payee: string
  payeeIsPerson: boolean
  description: string
  recordedBy: string
  evidenceMediaIds: string[]
  now?: Date
}

/**
 * Records an expense of the acting organisation's project: the expense row and its ledger entry
 * (through the one ledger writer, under the project's money lock) in one transaction. It may spend
 * only what is unspent and not reserved for a refund on its way.
 */
export async function recordExpense(db: Db, input: NewExpense & { organizationId: string }) {
  return db.transaction(async (tx) => {
    await lockProjectMoney(tx, input.projectId).catch(() => {
      throw new ExpenseRefused('notFound')
    })
    const [project] = await tx
      .select()
      .from(projects)
      .where(and(eq(projects.id, input.projectId), eq(projects.organizationId, input.organizationId)))
    if (!project) throw new ExpenseRefused('notFound')
    if (!['fundraising', 'closed', 'completed'].includes(project.status)) throw new ExpenseRefused('notRunning')
    const [line] = await tx.select().from(budgetLines).where(and(eq(budgetLines.id, input.budgetLineId), eq(budgetLines.projectId, project.id)))
    if (!line) throw new ExpenseRefused('wrongBudgetLine')
    const balance = await balances(tx, project.id)
    if (input.amount > balance.available) throw new ExpenseRefused('overspend')
    const [expense] = await tx
      .insert(expenses)
      .values({
        projectId: project.id,
        budgetLineId: line.id,
        amount: input.amount,
        currency: project.currency,
        spentOn: input.spentOn,
        payee: input.payeeIsPerson ? maskPersonalName(input.payee) : input.payee.trim(),
        description: input.description,
        recordedBy: input.recordedBy,
        createdAt: input.now ?? new Date(),
      })
      .returning()
    const { posted } = await post(tx, {
      projectId: project.id,
      currency: project.currency,
      entries: [{ kind: 'expense', amount: -input.amount, memo: `${line.label}: ${expense!.payee}`, externalRef: `expense:${expense!.id}`, occurredAt: input.now ?? new Date() }],
    })
    const entry = posted[0]!
    await tx.update(expenses).set({ ledgerEntryId: entry.id }).where(eq(expenses.id, expense!.id))
    if (input.evidenceMediaIds.length) {
      await tx.insert(expenseEvidence).values(input.evidenceMediaIds.map((mediaId, position) => ({ expenseId: expense!.id, mediaId, position })))
      // Evidence is public with the expense.
      await tx.update(media).set({ isPublic: true }).where(inArray(media.id, input.evidenceMediaIds))
    }
    return { ...expense!, ledgerEntryId: entry.id }
  })
}

/** Voids an expense of the acting organisation with a reason: a reversing ledger entry; the expense stays, marked void. */
export async function voidExpense(db: Db, input: { expenseId: string; organizationId: string; reason: string; now?: Date }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ expense: expenses })
      .from(expenses)
      .innerJoin(projects, eq(projects.id, expenses.projectId))
      .where(and(eq(expenses.id, input.expenseId), eq(projects.organizationId, input.organizationId)))
    if (!row) throw new ExpenseRefused('notFound')
    await lockProjectMoney(tx, row.expense.projectId)
    const [expense] = await tx.select().from(expenses).where(eq(expenses.id, input.expenseId)).for('update')
    if (!expense) throw new ExpenseRefused('notFound')
    if (expense.voidedAt) throw new ExpenseRefused('alreadyVoided')
    const now = input.now ?? new Date()
    await post(tx, { projectId: expense.projectId, currency: expense.currency, entries: [{ kind: 'expense_reversal', amount: expense.amount, memo: `void: ${input.reason}`.slice(0, 300), externalRef: `expense:${expense.id}:void`, occurredAt: now }] })
    await tx.update(expenses).set({ voidedAt: now, voidReason: input.reason }).where(eq(expenses.id, expense.id))
  })
}

export async function projectExpenses(db: Db, projectId: string) {
  const rows = await db
    .select({ expense: expenses, line: { label: budgetLines.label } })
    .from(expenses)
    .innerJoin(budgetLines, eq(budgetLines.id, expenses.budgetLineId))
    .where(eq(expenses.projectId, projectId))
    .orderBy(asc(expenses.createdAt))
  const evidence = rows.length
    ? await db
        .select({ expenseId: expenseEvidence.expenseId, mediaId: expenseEvidence.mediaId, contentType: media.contentType })
        .from(expenseEvidence)
        .innerJoin(media, eq(media.id, expenseEvidence.mediaId))
        .where(inArray(expenseEvidence.expenseId, rows.map((r) => r.expense.id)))
        .orderBy(asc(expenseEvidence.position))
    : []
  return rows.map((r) => ({ ...r.expense, lineLabel: r.line.label, evidence: evidence.filter((e) => e.expenseId === r.expense.id) }))
}

/** Planned and actually spent (voids excluded) per budget line. */
/**
 * Each budget line with what was spent on it. With a reader's language, the label in it where the
 * organisation wrote one (ADR 0021) and `lang`, the language it is shown in; otherwise the original.
 */
export async function budgetVsActual(db: Db, projectId: string, language?: Language) {
  const rows = await queryRows<{ id: string; label: string; planned: string; spent: string; content_language: string; translations: unknown }>(
    db,
    sql`select b.id, b.label, b.content_language, b.translations, b.planned_amount::text as planned,
               coalesce(sum(e.amount) filter (where e.voided_at is null), 0)::text as spent
        from ${budgetLines} b left join ${expenses} e on e.budget_line_id = b.id
        where b.project_id = ${projectId}
        group by b.id order by b.position`,
  )
  return rows.map((r) => {
    const shown = localize({ label: r.label, contentLanguage: r.content_language, translations: r.translations }, ['label'], language ?? (r.content_language as Language))
    return { id: r.id, label: shown.label, lang: shown.shownLanguage as string, planned: BigInt(r.planned), spent: BigInt(r.spent) }
  })
}

/** Expenses not voided, for the disclosure cadence. */
export async function lastDisclosure(db: Db, projectId: string) {
  const [row] = await db
    .select({ at: sql<string | null>`max(${expenses.createdAt})::text` })
    .from(expenses)
    .where(and(eq(expenses.projectId, projectId), isNull(expenses.voidedAt)))
  return row?.at ? new Date(row.at) : null
}

export const DISCLOSURE_DAYS = 90
/** Money held this long with no spending recorded earns no spending-disclosure credit. */
export const SPENDING_GRACE_DAYS = 30
/** An expense at or above this amount (¥5,000) without evidence costs evidence points of its own. */
export const EVIDENCE_THRESHOLD: Record<string, bigint> = { CNY: 500_000n }

export interface TransparencyScore {
  /** 0–100, or null when it is too early to judge (nothing raised, or the first gift is under 30 days old and nothing spent yet). */
  score: number | null
  parts: { spending: number; evidence: number; timeliness: number; budget: number }
  /** Why there is no score, or what capped it. */
  note: 'nothingRaised' | 'tooEarly' | 'noSpending' | 'finalReportOverdue' | null
}

/**
 * Disclosure cadence and the transparency score (docs/transparency.md). A score rewards disclosure,
 * not silence:
 *   overdue      — fundraising or closed, and no spending disclosed for 90 days (publication counts
 *                  as the first disclosure); or closed for 90 days without a final report
 *   spending 30  — the project has recorded spending; 0 when it has held money for over 30 days and
 *                  recorded none (Charity Law Art. 79: donors are told how their money is used)
 *   evidence 30  — the share of the amount spent backed by evidence, less 5 for every expense of
 *                  ¥5,000 or more without any
 *   timeliness 25 — 1 up to 90 days since the last spending disclosure, falling to 0 at 180
 *   budget 15    — the share of the amount spent within its budget line's plan
 *   A closed project whose final report is overdue scores at most 30. No score yet when nothing was
 *   raised, or the first gift is under 30 days old and nothing is spent yet.
 */
export async function disclosure(db: Db, project: { id: string; status: string; publishedAt: Date | null; closedAt: Date | null; currency?: string }, now = new Date()) {
  const [lines, list, money, [first]] = await Promise.all([
    budgetVsActual(db, project.id),
    projectExpenses(db, project.id),
    balances(db, project.id),
    queryRows<{ at: string }>(db, sql`select (extract(epoch from occurred_at) * 1000)::bigint::text as at from ledger_entries where project_id = ${project.id} and kind = 'donation' order by id limit 1`),
  ])
  const live = list.filter((e) => !e.voidedAt)
  const lastExpense = live.reduce<Date | null>((latest, e) => (!latest || e.createdAt > latest ? e.createdAt : latest), null)
  const last = lastExpense ?? project.publishedAt
  const days = last ? (now.getTime() - last.getTime()) / 86_400_000 : 0
  const running = project.status === 'fundraising' || project.status === 'closed'
  const finalReportOverdue = project.status === 'closed' && project.closedAt !== null && now.getTime() - project.closedAt.getTime() > DISCLOSURE_DAYS * 86_400_000
  const overdue = (running && days > DISCLOSURE_DAYS) || finalReportOverdue
  const dueBy = last ? new Date(last.getTime() + DISCLOSURE_DAYS * 86_400_000) : null
  const heldDays = first ? (now.getTime() - Number(first.at)) / 86_400_000 : 0
  const transparency = scoreTransparency({ live, lines, received: money.received, heldDays, days, finalReportOverdue, threshold: EVIDENCE_THRESHOLD[project.currency ?? 'CNY'] ?? 500_000n })
  return { lastDisclosure: last, overdue, finalReportOverdue, dueBy, ...transparency }
}

function scoreTransparency(input: {
  live: { amount: bigint; evidence: unknown[] }[]
  lines: { planned: bigint; spent: bigint }[]
  received: bigint
  heldDays: number
  days: number
  finalReportOverdue: boolean
  threshold: bigint
}): TransparencyScore {
  const none = { spending: 0, evidence: 0, timeliness: 0, budget: 0 }
  const spent = input.live.reduce((s, e) => s + e.amount, 0n)
  if (input.received <= 0n && spent === 0n) return { score: null, parts: none, note: 'nothingRaised' }
  if (spent === 0n && input.heldDays < SPENDING_GRACE_DAYS && !input.finalReportOverdue) return { score: null, parts: none, note: 'tooEarly' }
  const timeliness = Math.round(25 * (input.days <= DISCLOSURE_DAYS ? 1 : Math.max(0, 1 - (input.days - DISCLOSURE_DAYS) / DISCLOSURE_DAYS)))
  let parts = { ...none, timeliness }
  if (spent > 0n) {
    const evidenced = input.live.filter((e) => e.evidence.length > 0).reduce((s, e) => s + e.amount, 0n)
    const bigWithout = input.live.filter((e) => e.evidence.length === 0 && e.amount >= input.threshold).length
    const over = input.lines.reduce((s, l) => s + (l.spent > l.planned ? l.spent - l.planned : 0n), 0n)
    parts = {
      spending: 30,
      evidence: Math.max(0, Math.round(30 * (Number(evidenced) / Number(spent))) - 5 * bigWithout),
      timeliness,
      budget: Math.round(15 * (1 - Number(over) / Number(spent))),
    }
  }
  const total = parts.spending + parts.evidence + parts.timeliness + parts.budget
  if (input.finalReportOverdue) return { score: Math.min(total, 30), parts, note: 'finalReportOverdue' }
  return { score: total, parts, note: spent === 0n ? 'noSpending' : null }
}

/**
 * The transparency feed: gifts and refunds summed per day (China time, anonymous; the last
 * `days` days that had any), every expense and void, and status changes — newest first.
 */
/** The project's status changes its public timeline shows (a translation added or an admin's note are not events for donors). */
export const PUBLIC_PROJECT_CHANGES = ['submit', 'approve', 'reject', 'close', 'complete'] as const

export async function transparencyFeed(db: Db, projectId: string, days = 30) {
  const money = await queryRows<{ day: string; kind: string; n: number; total: string }>(
    db,
    sql`select (extract(epoch from date_trunc('day', hour at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai') * 1000)::bigint::text as day,
               kind::text as kind, sum(entries)::int as n, sum(amount)::text as total
        from ${projectLedgerHours} where project_id = ${projectId} and kind in ('donation', 'refund')
        group by 1, 2 order by 1 desc limit ${days * 2}`,
  )
  const changes = await queryRows<{ at: string; action: string; reason: string | null }>(
    db,
    sql`select (extract(epoch from created_at) * 1000)::bigint::text as at, action, reason from audit_log
        where target_type = 'project' and target_id = ${projectId} and action in ${sql.raw(`(${PUBLIC_PROJECT_CHANGES.map((a) => `'project.${a}'`).join(', ')})`)}
        order by id desc limit 50`,
  )
  const list = await projectExpenses(db, projectId)
  type Item =
    | { type: 'gifts' | 'refunds'; at: Date; count: number; total: bigint }
    | { type: 'expense'; at: Date; expense: (typeof list)[number] }
    | { type: 'void'; at: Date; expense: (typeof list)[number] }
    | { type: 'status'; at: Date; action: (typeof PUBLIC_PROJECT_CHANGES)[number]; reason: string | null }
  const items: Item[] = [
    ...money.map((m) => ({ type: m.kind === 'donation' ? ('gifts' as const) : ('refunds' as const), at: new Date(Number(m.day)), count: m.n, total: BigInt(m.total) })),
    ...list.map((e) => ({ type: 'expense' as const, at: e.createdAt, expense: e })),
    ...list.filter((e) => e.voidedAt).map((e) => ({ type: 'void' as const, at: e.voidedAt!, expense: e })),
    ...changes.map((c) => ({ type: 'status' as const, at: new Date(Number(c.at)), action: c.action.slice('project.'.length) as (typeof PUBLIC_PROJECT_CHANGES)[number], reason: c.reason })),
  ]
  return items.sort((a, b) => b.at.getTime() - a.at.getTime())
}

export const REMINDER_DAYS_BEFORE = 10

/**
 * Emails the owners of projects whose next disclosure falls due within 10 days (once per 30 days
 * per project), and notifies them in the app. Run daily by the server.
 */
export async function sendDisclosureReminders(db: Db, now = new Date()) {
  const due = await queryRows<{ id: string; slug: string; title: string; content_language: string; translations: unknown; last: string }>(
    db,
    sql`select p.id, p.slug, p.title, p.content_language, p.translations,
               (extract(epoch from coalesce((select max(e.created_at) from ${expenses} e where e.project_id = p.id and e.voided_at is null), p.published_at)) * 1000)::bigint::text as last
        from ${projects} p
        where p.status in ('fundraising', 'closed') and p.published_at is not null
          and coalesce((select max(e.created_at) from ${expenses} e where e.project_id = p.id and e.voided_at is null), p.published_at)
              between ${new Date(now.getTime() - DISCLOSURE_DAYS * 86_400_000).toISOString()}::timestamptz
                  and ${new Date(now.getTime() - (DISCLOSURE_DAYS - REMINDER_DAYS_BEFORE) * 86_400_000).toISOString()}::timestamptz
          and not exists (select 1 from notifications n where n.message_key = 'notify.disclosureDue' and n.link = '/projects/' || p.slug || '/transparency'
                          and n.created_at > ${new Date(now.getTime() - 30 * 86_400_000).toISOString()}::timestamptz)`,
  )
  const { queueMail } = await import('~/mail/mailer.server')
  const { disclosureReminderMail } = await import('~/mail/messages.server')
  let sent = 0
  for (const project of due) {
    const owners = await queryRows<{ id: string; email: string; display_name: string; locale: string }>(
      db,
      sql`select u.id, u.email, u.display_name, u.locale from organization_members m join users u on u.id = m.user_id
          join projects p on p.organization_id = m.organization_id where p.id = ${project.id} and m.role = 'owner'`,
    )
    const dueBy = new Date(Number(project.last) + DISCLOSURE_DAYS * 86_400_000)
    await db.transaction(async (tx) => {
      for (const owner of owners) {
        const { title } = localizeFor({ title: project.title, contentLanguage: project.content_language, translations: project.translations }, ['title'], owner.locale)
        await queueMail(tx, disclosureReminderMail({ email: owner.email, displayName: owner.display_name, locale: owner.locale }, { title, dueBy, link: `/projects/${project.slug}/transparency` }))
        await tx.execute(sql`insert into notifications (user_id, message_key, "values", link) values (${owner.id}, 'notify.disclosureDue', ${JSON.stringify({ title: project.title })}::jsonb, ${`/projects/${project.slug}/transparency`})`)
        sent++
      }
    })
  }
  return sent
}

/** An admin questions an expense publicly (audited); the organisation's members are notified. */
export async function questionExpense(db: Db, input: { expenseId: string; adminId: string; question: string; now?: Date }) {
  const { auditLog, notifications, organizationMembers } = await import('~db/schema')
  return db.transaction(async (tx) => {
    const [expense] = await tx
      .update(expenses)
      .set({ question: input.question, questionedAt: input.now ?? new Date(), answer: null, answeredAt: null })
      .where(eq(expenses.id, input.expenseId))
      .returning()
    if (!expense) throw new ExpenseRefused('notFound')
    await tx.insert(auditLog).values({ actorId: input.adminId, action: 'expense.question', targetType: 'expense', targetId: expense.id, reason: input.question })
    const [project] = await tx.select({ slug: projects.slug, title: projects.title, organizationId: projects.organizationId }).from(projects).where(eq(projects.id, expense.projectId))
    const members = await tx.select({ userId: organizationMembers.userId }).from(organizationMembers).where(eq(organizationMembers.organizationId, project!.organizationId))
    if (members.length)
      await tx.insert(notifications).values(members.map((m) => ({ userId: m.userId, messageKey: 'notify.expenseQuestioned', values: { title: project!.title }, link: `/projects/${project!.slug}/transparency` })))
    return expense
  })
}

/** The organisation answers a question about one of its expenses publicly. */
export async function answerExpense(db: Db, input: { expenseId: string; organizationId: string; answer: string; now?: Date }) {
  const [expense] = await db
    .update(expenses)
    .set({ answer: input.answer, answeredAt: input.now ?? new Date() })
    .where(
      and(
        eq(expenses.id, input.expenseId),
        sql`${expenses.question} is not null`,
        sql`${expenses.projectId} in (select id from ${projects} where ${projects.organizationId} = ${input.organizationId})`,
      ),
    )
    .returning()
  if (!expense) throw new ExpenseRefused('notFound')
  return expense
}
