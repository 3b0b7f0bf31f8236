import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { MoneyFigures } from '~/components/money-figures'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { chainHead } from '~/ledger/seal.server'
import { platformTransparency } from '~/models/transparency.server'
import { langIf } from '~/components/content-language'
import { pageKeys, publicPageHeaders } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { formatMoney } from '~/utils/money'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await detectLanguage(request)
  const [platform, head, t] = await Promise.all([platformTransparency(db(), language), chainHead(db()), getFixedT(request)])
  return data({ title: `${t('transparency.platformTitle')} — ${t('app.name')}`, ...platform, chain: head ? { hash: head.hash, position: String(head.position) } : null }, pageKeys('transparency'))
}

export const headers: HeadersFunction = (args) => publicPageHeaders(args, 60)

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export default function PlatformTransparency() {
  const { currency, totals, byCause, byOrganization, chain } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const money = (v: bigint) => formatMoney(v, currency, i18n.language)
  return (
    <section className="container section" aria-labelledby="platform-title">
      <h1 id="platform-title">{t('transparency.platformTitle')}</h1>
      <p className="lead">{t('transparency.platformLead')}</p>
      <MoneyFigures received={totals.received} spent={totals.spent} currency={currency} large />
      <p className="small">
        {t('project.ledgerEntries', { count: totals.entries })} · <a href="/ledger.csv">CSV</a> · <a href="/ledger.json">JSON</a> · <a href="/api/v1/transparency">API</a>
      </p>
      {chain ? (
        <p className="small mono">
          {t('transparency.chainHead', { position: chain.position })}: {chain.hash}
        </p>
      ) : null}
      <h2>{t('transparency.byCause')}</h2>
      <Table first={t('transparency.byCause')} rows={byCause.map((c) => ({ key: c.category, label: t(`category.${c.category}` as 'category.education'), ...c }))} money={money} />
      <h2>{t('transparency.byOrganization')}</h2>
      <Table first={t('receipt.organization')} rows={byOrganization.map((o) => ({ key: o.slug, label: o.name, lang: o.lang, href: `/organizations/${o.slug}`, ...o }))} money={money} />
    </section>
  )
}

function Table({ rows, money, first }: { first: string; rows: { key: string; label: string; lang?: string; href?: string; received: bigint; spent: bigint; projects: number }[]; money: (v: bigint) => string }) {
  const { t, i18n } = useTranslation()
  return (
    <div className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col" className="num">
              {t('transparency.projects')}
            </th>
            <th scope="col" className="num">
              {t('project.received')}
            </th>
            <th scope="col" className="num">
              {t('project.spent')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td lang={langIf(r.lang, i18n.language)}>{r.href ? <Link to={r.href}>{r.label}</Link> : r.label}</td>
              <td className="num">{r.projects}</td>
              <td className="num">{money(r.received)}</td>
              <td className="num">{money(r.spent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
