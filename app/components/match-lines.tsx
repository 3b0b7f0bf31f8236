import { useTranslation } from 'react-i18next'
import { formatMoney } from '~/utils/money'

export interface MatchLine {
  sponsor: string
  currency: string
  amount: bigint
  status: 'paid' | 'held' | 'reversed' | 'released' | 'unmatched'
  campaign: { slug: string; title: string }
}

/**
 * What sponsors did with a gift, in the donor's words (issue 22): "your ¥50 was matched with ¥25 by
 * …", held for review, or returned to the pool with a refund. Released matches are not the donor's
 * concern beyond the hold they saw; they are left out, as unmatched decisions are.
 */
export function MatchLines({ gift, currency, matches }: { gift: bigint; currency: string; matches: MatchLine[] }) {
  const { t, i18n } = useTranslation()
  const money = (v: bigint, c = currency) => formatMoney(v, c, i18n.language)
  const shown = matches.filter((m) => m.status === 'paid' || m.status === 'held' || m.status === 'reversed')
  if (!shown.length) return null
  return (
    <ul className="match-lines">
      {shown.map((m, i) => (
        <li key={`${m.campaign.slug}-${m.sponsor}-${i}`}>
          {m.status === 'paid'
            ? t('campaigns.matchPaid', { gift: money(gift), amount: money(m.amount, m.currency), sponsor: m.sponsor, campaign: m.campaign.title })
            : m.status === 'held'
              ? t('campaigns.matchHeld', { amount: money(m.amount, m.currency), sponsor: m.sponsor, campaign: m.campaign.title })
              : t('campaigns.matchReturned', { sponsor: m.sponsor, campaign: m.campaign.title })}
        </li>
      ))}
    </ul>
  )
}
