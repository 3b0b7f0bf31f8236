/** The donor dashboard: gifts with receipts, monthly plans (cancel; renew now in test mode), annual receipts. */
import { langIf } from '~/components/content-language'
import { localize } from '~/content/localized'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Button } from '~/components/ui/button'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { cancelPlan, donationsOf, planForCancel, plansOf } from '~/models/donations.server'
import { traceGift } from '~/ledger/trace.server'
import { getGateway } from '~/payments/gateway.server'
import { SandboxGateway } from '~/payments/sandbox.server'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { getEnv } from '~/utils/env.server'
import { formatMoney } from '~/utils/money'
import { requireUser } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const [gifts, plans, t, language, gateway] = await Promise.all([donationsOf(db(), { userId: user.id }), plansOf(db(), { userId: user.id }), getFixedT(request), detectLanguage(request), getGateway()])
  const date = dateFormatter(language, { withTime: true })
  // Where each confirmed gift went so far (FIFO within its project): spent and unspent parts.
  const traced = new Map(
    await Promise.all(
      gifts
        .filter((g) => g.donation.receiptNumber)
        .slice(0, 50)
        .map(async (g) => [g.donation.id, await traceGift(db(), g.donation.id)] as const),
    ),
  )
  // Projects and organisations named in the reader's language where the organisation wrote it (ADR 0021).
  const titled = (p: { slug: string; title: string; contentLanguage: string; translations: unknown }) => {
    const shown = localize(p, ['title'], language)
    return { slug: p.slug, title: shown.title, lang: shown.shownLanguage as string }
  }
  const annual = new Map<string, { year: number; slug: string; name: string; lang: string }>()
  for (const g of gifts) {
    if (!g.donation.succeededAt || g.donation.status === 'failed' || g.donation.status === 'pending') continue
    const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Shanghai' }).format(g.donation.succeededAt))
    const org = localize(g.organization, ['name'], language)
    annual.set(`${year}/${g.organization.slug}`, { year, slug: g.organization.slug, name: org.name, lang: org.shownLanguage })
  }
  return data(
    {
      title: `${t('myDonations.title')} — ${t('app.name')}`,
      gifts: gifts.map((g) => ({
        id: g.donation.id,
        amount: g.donation.amount,
        refunded: g.donation.refundedAmount,
        currency: g.donation.currency,
        status: g.donation.status,
        frequency: g.donation.frequency,
        receiptNumber: g.donation.receiptNumber,
        spent: traced.get(g.donation.id) ? traced.get(g.donation.id)!.net - traced.get(g.donation.id)!.unspent : null,
        at: date(g.donation.succeededAt ?? g.donation.createdAt),
        project: titled(g.project),
      })),
      plans: plans.map((p) => ({ id: p.plan.id, amount: p.plan.amount, currency: p.plan.currency, status: p.plan.status, project: titled(p.project), since: date(p.plan.createdAt) })),
      annual: [...annual.values()].sort((a, b) => b.year - a.year || a.name.localeCompare(b.name)),
      testMode: gateway instanceof SandboxGateway && getEnv().DEMO_MODE,
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const formData = await readForm(request)
  const intent = formData.get('intent')
  const row = await planForCancel(db(), { planId: String(formData.get('planId') ?? ''), userId: user.id })
  const plan = row?.plan
  invariantResponse(plan && plan.status === 'active' && plan.subscriptionId, 404, 'Not found')
  const gateway = await getGateway()
  if (intent === 'cancel') {
    await cancelPlan(db(), gateway, plan)
    return redirectWithToast('/account/donations', { type: 'success', key: 'myDonations.canceled' })
  }
  // A test-mode control: only the demo has it, never a staging site running the sandbox.
  if (intent === 'renew' && gateway instanceof SandboxGateway && getEnv().DEMO_MODE) {
    await gateway.renewNow(plan.subscriptionId)
    return redirectWithToast('/account/donations', { type: 'info', key: 'myDonations.renewed' })
  }
  throw new Response('Unknown intent', { status: 400 })
}

export default function MyDonations() {
  const { gifts, plans, annual, testMode } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const money = (v: bigint, c: string) => formatMoney(v, c, i18n.language)
  return (
    <section className="container section" aria-labelledby="my-donations-title">
      <h1 id="my-donations-title">{t('myDonations.title')}</h1>
      {gifts.length === 0 ? (
        <p className="muted">{t('myDonations.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('receipt.date')}</th>
                <th scope="col">{t('receipt.project')}</th>
                <th scope="col" className="num">
                  {t('receipt.amount')}
                </th>
                <th scope="col">{t('receipt.status')}</th>
                <th scope="col" className="num">
                  {t('myDonations.spentSoFar')}
                </th>
                <th scope="col">{t('myDonations.receipt')}</th>
              </tr>
            </thead>
            <tbody>
              {gifts.map((g) => (
                <tr key={g.id}>
                  <td className="nowrap">{g.at}</td>
                  <td>
                    <Link to={`/projects/${g.project.slug}`} lang={langIf(g.project.lang, i18n.language)}>
                      {g.project.title}
                    </Link>
                  </td>
                  <td className="num">
                    {money(g.amount, g.currency)}
                    {g.refunded > 0n ? ` (−${money(g.refunded, g.currency)})` : ''}
                  </td>
                  <td>{t(`myDonations.status.${g.status}`)}</td>
                  <td className="num">{g.spent === null ? '—' : money(g.spent, g.currency)}</td>
                  <td>{g.receiptNumber ? <Link to={`/receipts/${g.id}`}>{g.receiptNumber}</Link> : g.status === 'pending' ? <Link to={`/donations/${g.id}`}>{t('myDonations.status.pending')}</Link> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('myDonations.plans')}</h2>
      {plans.length === 0 ? <p className="muted">{t('myDonations.noPlans')}</p> : (
        <ul className="member-list" role="list">
          {plans.map((p) => (
            <li key={p.id} className="member-row">
              <span>
                <Link to={`/projects/${p.project.slug}`} lang={langIf(p.project.lang, i18n.language)}>
                  {p.project.title}
                </Link>{' '}
                · {money(p.amount, p.currency)} / {t('donate.monthly')} · <span className="muted">{t(`myDonations.planStatus.${p.status}`)}</span>
              </span>
              {p.status === 'active' ? (
                <span className="button-row inline">
                  {testMode ? (
                    <Form method="post">
                      <input type="hidden" name="planId" value={p.id} />
                      <Button type="submit" name="intent" value="renew" variant="secondary" size="sm">
                        {t('myDonations.renewNow')}
                      </Button>
                    </Form>
                  ) : null}
                  <Form method="post">
                    <input type="hidden" name="planId" value={p.id} />
                    <Button type="submit" name="intent" value="cancel" variant="danger" size="sm">
                      {t('myDonations.cancel')}
                    </Button>
                  </Form>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      {annual.length ? (
        <>
          <h2>{t('myDonations.annual')}</h2>
          <ul>
            {annual.map((a) => (
              <li key={`${a.year}/${a.slug}`}>
                <Link to={`/account/receipts/${a.year}/${a.slug}`}>{t('myDonations.annualFor', { year: a.year, organization: a.name })}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
