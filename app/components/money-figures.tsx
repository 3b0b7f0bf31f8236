import { useTranslation } from 'react-i18next'
import { formatMoney } from '~/utils/money'

/** Received, spent and not yet spent: the three figures every transparency view leads with. */
export function MoneyFigures({ received, spent, currency, large = false }: { received: bigint; spent: bigint; currency: string; large?: boolean }) {
  const { t, i18n } = useTranslation()
  const money = (v: bigint) => formatMoney(v, currency, i18n.language)
  return (
    <dl className={large ? 'figures figures-large' : 'figures'}>
      <div>
        <dt>{t('project.received')}</dt>
        <dd>{money(received)}</dd>
      </div>
      <div>
        <dt>{t('project.spent')}</dt>
        <dd>{money(spent)}</dd>
      </div>
      <div>
        <dt>{t('project.unspent')}</dt>
        <dd>{money(received - spent)}</dd>
      </div>
    </dl>
  )
}
