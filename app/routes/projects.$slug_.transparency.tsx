/** The transparency tab: raised, spent, unspent; budget vs actual (server-rendered SVG); the feed; disclosure. */
import { langIf } from '~/components/content-language'
import { localize } from '~/content/localized'
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { MoneyFigures } from '~/components/money-figures'
import { ParticipationOffer } from '~/components/participation-offer'
import { ButtonLink } from '~/components/ui/button'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { balances } from '~/ledger/post.server'
import { answerExpense, budgetVsActual, disclosure, ExpenseRefused, questionExpense, transparencyFeed, voidExpense } from '~/models/expenses.server'
import { isUuid } from '~/utils/ids'
import { Button } from '~/components/ui/button'
import { expenses } from '~db/schema'
import { and, eq } from 'drizzle-orm'
import { redirectWithToast } from '~/utils/toast.server'
import { requireUser } from '~/utils/permissions.server'
import { chainHead } from '~/ledger/seal.server'
import { participationView } from '~/models/participation.server'
import { getProjectBySlug, isPublicProject } from '~/models/projects.server'
import { pageKeys, personalPage, publicPageHeaders } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { formatMoney } from '~/utils/money'
import { absoluteUrl } from '~/utils/site.server'
import { getOptionalUser, getOrgRole } from '~/utils/permissions.server'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const row = params.slug ? await getProjectBySlug(db(), params.slug) : null
  invariantResponse(row && isPublicProject(row.project.status), 404, 'Not found')
  const { project } = row
  const user = await getOptionalUser(request)
  const reader = await detectLanguage(request)
  // The project's title and budget lines in the reader's language where the organisation wrote them (ADR 0021).
  const shown = localize(project, ['title'], reader)
  const [balance, lines, feed, cadence, head, role, t, language, participation] = await Promise.all([
    balances(db(), project.id),
    budgetVsActual(db(), project.id, reader),
    transparencyFeed(db(), project.id),
    disclosure(db(), project),
    chainHead(db()),
    user ? getOrgRole(db(), project.organizationId, user.id) : null,
    getFixedT(request),
    detectLanguage(request),
    // Reading how the money is spent may carry a sponsor's offer on a giving day (ADR 0019).
    participationView(db(), { userId: user?.id ?? null, action: 'read_disclosure', itemId: project.id, back: `/projects/${project.slug}/transparency`, language: reader }),
  ])
  const date = dateFormatter(language)
  const when = dateFormatter(language, { withTime: true })
  return data(
    {
      title: `${t('transparency.title')} — ${shown.title}`,
      project: { slug: project.slug, title: shown.title, lang: shown.shownLanguage as string, currency: project.currency },
      balance,
      lines,
      feed: feed.map((item) => {
        const at = when(item.at)
        switch (item.type) {
          case 'gifts':
          case 'refunds':
            return { key: `${item.type}-${item.at.getTime()}`, type: item.type, at: date(item.at), count: item.count, total: item.total }
          case 'status':
            return { key: `status-${item.at.getTime()}-${item.action}`, type: item.type, at, action: item.action, reason: item.reason }
          default: {
            const e = item.expense
            return {
              key: `${item.type}-${e.id}`,
              type: item.type,
              at,
              expense: { id: e.id, amount: e.amount, payee: e.payee, description: e.description, line: e.lineLabel, spentOn: date(`${e.spentOn}T12:00:00+08:00`), voidReason: e.voidReason, voided: Boolean(e.voidedAt), question: e.question, answer: e.answer, evidence: e.evidence.map((m) => ({ url: `/media/${m.mediaId}`, image: m.contentType.startsWith('image/') })) },
            }
          }
        }
      }),
      cadence: { last: date(cadence.lastDisclosure), dueBy: date(cadence.dueBy), overdue: cadence.overdue, finalReportOverdue: cadence.finalReportOverdue, score: cadence.score, parts: cadence.parts, note: cadence.note },
      verifyCommand: `node verify-ledger.mjs ${absoluteUrl(`/projects/${project.slug}/ledger.json`)}`,
      chain: head ? { hash: head.hash, position: String(head.position) } : null,
      canRecord: Boolean(role),
      isAdmin: Boolean(user?.isAdmin),
      participation,
    },
    user ? personalPage : pageKeys(`project-${project.id}`, `org-${project.organizationId}`),
  )
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args)

/** Members void (with a reason) and answer; admins question. Every text is public. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const row = params.slug ? await getProjectBySlug(db(), params.slug) : null
  invariantResponse(row && isPublicProject(row.project.status), 404, 'Not found')
  const formData = await readForm(request)
  const intent = formData.get('intent')
  const expenseId = String(formData.get('expenseId') ?? '')
  const text = String(formData.get('text') ?? '').normalize('NFC').trim().slice(0, 1000)
  invariantResponse(isUuid(expenseId), 404, 'Not found')
  const [expense] = await db().select({ id: expenses.id }).from(expenses).where(and(eq(expenses.id, expenseId), eq(expenses.projectId, row.project.id)))
  invariantResponse(expense, 404, 'Not found')
  const role = await getOrgRole(db(), row.project.organizationId, user.id)
  const back = `/projects/${row.project.slug}/transparency`
  if (!text) return redirectWithToast(back, { type: 'error', key: 'validation.reasonRequired' })
  try {
    if (intent === 'void' && role) await voidExpense(db(), { expenseId, organizationId: row.project.organizationId, reason: text })
    else if (intent === 'answer' && role) await answerExpense(db(), { expenseId, organizationId: row.project.organizationId, answer: text })
    else if (intent === 'question' && user.isAdmin) await questionExpense(db(), { expenseId, adminId: user.id, question: text })
    else throw new Response('Forbidden', { status: 403 })
  } catch (error) {
    if (error instanceof ExpenseRefused) return redirectWithToast(back, { type: 'error', key: `expenseForm.refused.${error.reason}` })
    throw error
  }
  return redirectWithToast(back, { type: 'success', key: intent === 'void' ? 'transparency.voidDone' : 'transparency.saved' })
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

const BAR_HEIGHT = 14
const ROW = 52

/** Budget vs actual as an SVG drawn on the server: planned (light) and spent (dark) per line. */
function BudgetChart({ lines, money, labels }: { lines: { id: string; label: string; lang: string; planned: bigint; spent: bigint }[]; money: (v: bigint) => string; labels: { planned: string; spent: string; title: string } }) {
  const max = lines.reduce((m, l) => (l.planned > m ? l.planned : l.spent > m ? l.spent : m), 1n)
  const width = (v: bigint) => Math.max(1, Number((v * 580n) / max))
  const height = lines.length * ROW + 24
  return (
    <svg className="budget-chart" viewBox={`0 0 600 ${height}`} role="img" aria-labelledby="budget-chart-title">
      <title id="budget-chart-title">{labels.title}</title>
      {lines.map((l, i) => {
        const y = i * ROW
        return (
          <g key={l.id}>
            <text x="0" y={y + 12} className="chart-label" lang={l.lang}>
              {l.label}
            </text>
            <rect x="0" y={y + 18} width={width(l.planned)} height={BAR_HEIGHT} className="bar-planned">
              <title>{`${labels.planned}: ${money(l.planned)}`}</title>
            </rect>
            <rect x="0" y={y + 18 + BAR_HEIGHT} width={width(l.spent)} height={BAR_HEIGHT} className={l.spent > l.planned ? 'bar-spent bar-over' : 'bar-spent'}>
              <title>{`${labels.spent}: ${money(l.spent)}`}</title>
            </rect>
          </g>
        )
      })}
    </svg>
  )
}

export default function Transparency() {
  const { project, balance, lines, feed, cadence, chain, canRecord, isAdmin, verifyCommand, participation } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const money = (v: bigint) => formatMoney(v, project.currency, i18n.language)
  return (
    <section className="container section" aria-labelledby="transparency-title">
      <p className="small">
        <Link to={`/projects/${project.slug}`}>
          ← <span lang={langIf(project.lang, i18n.language)}>{project.title}</span>
        </Link>
      </p>
      <h1 id="transparency-title">{t('transparency.title')}</h1>
      <MoneyFigures received={balance.received} spent={balance.spent} currency={project.currency} large />
      {participation ? <ParticipationOffer view={participation} /> : null}
      <p className={cadence.overdue || cadence.note === 'noSpending' ? 'notice notice-warning' : 'notice'}>
        {cadence.score === null ? t(`transparency.unscored.${cadence.note === 'nothingRaised' ? 'nothingRaised' : 'tooEarly'}`) : t('transparency.score', { score: cadence.score })} ·{' '}
        {t('transparency.lastDisclosure', { date: cadence.last || '—' })}
        {cadence.overdue ? ` · ${cadence.finalReportOverdue ? t('transparency.finalReportOverdue') : t('transparency.overdue')}` : cadence.dueBy ? ` · ${t('transparency.nextDue', { date: cadence.dueBy })}` : ''}
      </p>
      {cadence.score !== null ? (
        <details className="score-parts small">
          <summary>{cadence.note === 'noSpending' ? t('transparency.noSpending') : t('transparency.scoreHow')}</summary>
          <ul>
            <li>{t('transparency.parts.spending', { points: cadence.parts.spending })}</li>
            <li>{t('transparency.parts.evidence', { points: cadence.parts.evidence })}</li>
            <li>{t('transparency.parts.timeliness', { points: cadence.parts.timeliness })}</li>
            <li>{t('transparency.parts.budget', { points: cadence.parts.budget })}</li>
            {cadence.note === 'finalReportOverdue' ? <li>{t('transparency.parts.capped')}</li> : null}
          </ul>
        </details>
      ) : null}
      {canRecord ? (
        <p>
          <ButtonLink to={`/projects/${project.slug}/expenses/new`}>{t('transparency.record')}</ButtonLink>
        </p>
      ) : null}

      <h2>{t('transparency.budgetVsActual')}</h2>
      <p className="chart-legend small">
        <span className="legend legend-planned" aria-hidden="true" /> {t('project.budgetPlanned')} <span className="legend legend-spent" aria-hidden="true" /> {t('project.spent')}
      </p>
      <BudgetChart lines={lines} money={money} labels={{ planned: t('project.budgetPlanned'), spent: t('project.spent'), title: t('transparency.budgetVsActual') }} />
      <table className="data-table budget-table">
        <thead>
          <tr>
            <th scope="col">{t('project.budgetLine')}</th>
            <th scope="col" className="num">
              {t('project.budgetPlanned')}
            </th>
            <th scope="col" className="num">
              {t('project.spent')}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id}>
              <td lang={langIf(l.lang, i18n.language)}>{l.label}</td>
              <td className="num">{money(l.planned)}</td>
              <td className="num">{money(l.spent)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('transparency.feed')}</h2>
      {feed.length === 0 ? <p className="muted">{t('transparency.empty')}</p> : null}
      <ol className="feed" role="list">
        {feed.map((item) => (
          <li key={item.key} id={item.expense ? `expense-${item.expense.id}` : undefined} className={`feed-item feed-${item.type}`}>
            <span className="muted small">{item.at}</span>{' '}
            {item.type === 'gifts' ? t('transparency.gifts', { count: item.count, total: money(item.total!) }) : null}
            {item.type === 'refunds' ? t('transparency.refunds', { count: item.count, total: money(-item.total!) }) : null}
            {item.type === 'status' ? `${t('transparency.status')}: ${t(`transparency.statusChange.${item.action}`)}${item.reason ? ` — ${item.reason}` : ''}` : null}
            {(item.type === 'expense' || item.type === 'void') && item.expense ? (
              <div>
                <strong>{item.type === 'void' ? t('transparency.voided', { reason: item.expense.voidReason ?? '' }) : t('transparency.expense', { amount: money(item.expense.amount) })}</strong> · {item.expense.line} · {item.expense.payee} · {item.expense.spentOn}
                <p className="small">{item.expense.description}</p>
                {item.type === 'expense' && item.expense.question ? <p className="notice notice-warning small">{t('transparency.questioned', { question: item.expense.question })}</p> : null}
                {item.type === 'expense' && item.expense.answer ? <p className="notice small">{t('transparency.answered', { answer: item.expense.answer })}</p> : null}
                {item.type === 'expense' && !item.expense.voided && canRecord ? (
                  <ExpenseAction id={item.expense.id} intent="void" label={t('transparency.voidReason')} submit={t('transparency.void')} />
                ) : null}
                {item.type === 'expense' && item.expense.question && canRecord ? (
                  <ExpenseAction id={item.expense.id} intent="answer" label={t('transparency.answerLabel')} submit={t('transparency.answer')} />
                ) : null}
                {item.type === 'expense' && isAdmin && !item.expense.voided ? (
                  <ExpenseAction id={item.expense.id} intent="question" label={t('transparency.questionLabel')} submit={t('transparency.question')} />
                ) : null}
                {item.type === 'expense' && item.expense.evidence.length ? (
                  <ul className="evidence" role="list" aria-label={t('transparency.evidence')}>
                    {item.expense.evidence.map((e, i) => (
                      <li key={e.url}>
                        <a href={e.url}>{e.image ? <img src={e.url} alt={t('transparency.evidenceN', { n: i + 1 })} width={96} height={96} loading="lazy" /> : t('transparency.evidenceN', { n: i + 1 })}</a>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
          </li>
        ))}
      </ol>

      <h2>{t('transparency.verify')}</h2>
      <p className="small">
        {t('transparency.verifyLead')} <a href={`/projects/${project.slug}/ledger.csv`}>CSV</a> · <a href={`/projects/${project.slug}/ledger.json`}>JSON</a> · <a href="/ledger.json">{t('transparency.platformLedger')}</a>
      </p>
      <pre className="command small">
        <code>{verifyCommand}</code>
      </pre>
      <p className="small">
        <a href="/verify-ledger.mjs">{t('transparency.downloadVerifier')}</a>
      </p>
      {chain ? (
        <p className="small mono break">
          {t('transparency.chainHead', { position: chain.position })}: {chain.hash}
        </p>
      ) : null}
    </section>
  )
}

function ExpenseAction({ id, intent, label, submit }: { id: string; intent: string; label: string; submit: string }) {
  return (
    <details className="expense-action">
      <summary>{submit}</summary>
      <Form method="post" className="inline-form">
        <input type="hidden" name="expenseId" value={id} />
        <label className="field">
          <span>{label}</span>
          <input name="text" required maxLength={1000} />
        </label>
        <Button type="submit" name="intent" value={intent} variant={intent === 'void' ? 'danger' : 'secondary'} size="sm">
          {submit}
        </Button>
      </Form>
    </details>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
