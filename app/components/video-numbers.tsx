/** Each video's numbers for the people behind it (creators, organisation members). */
import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { VideoNumbers } from '~/models/videos.server'
import { formatMoney } from '~/utils/money'


export function VideoNumbersTable({ rows, showTitles = false }: { rows: VideoNumbers[]; showTitles?: boolean }) {
  const { t, i18n } = useTranslation()
  const number = new Intl.NumberFormat(i18n.language)
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 })
  return (
    <div className="table-scroll">
      <table className="numbers-table">
        <thead>
          <tr>
            {showTitles ? <th scope="col">{t('watch.numbers.video')}</th> : null}
            <th scope="col">{t('watch.numbers.impressions')}</th>
            <th scope="col">{t('watch.numbers.plays')}</th>
            <th scope="col">{t('watch.numbers.completion')}</th>
            <th scope="col">{t('watch.numbers.shares')}</th>
            <th scope="col">{t('watch.numbers.gifts')}</th>
            <th scope="col">{t('watch.numbers.raised')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              {showTitles ? (
                <th scope="row">
                  {r.status === 'approved' || r.status === 'published' ? <Link to={`/watch/${r.id}`}>{r.title}</Link> : r.title}
                  <span className="small muted block">
                    {r.projectTitle}
                    {r.status !== 'approved' && r.status !== 'published' ? ` · ${t(`watch.status.${r.status}` as 'watch.status.pending')}` : null}
                  </span>
                </th>
              ) : null}
              <td>{number.format(r.impressions)}</td>
              <td>{number.format(r.plays)}</td>
              <td>{r.plays ? percent.format(r.completions / r.plays) : '—'}</td>
              <td>{number.format(r.shares)}</td>
              <td>{number.format(r.gifts)}</td>
              <td>{formatMoney(r.raised, r.currency, i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
