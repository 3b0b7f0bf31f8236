import { useTranslation } from 'react-i18next'
import type { ReportTarget } from '~db/enums'

/** "Report" on every reportable item: one click to the report form (which works signed out and without JavaScript). */
export function ReportLink({ type, id, label }: { type: ReportTarget; id: string; label?: string }) {
  const { t } = useTranslation()
  return (
    <a className="report-link" href={`/report?type=${type}&id=${id}`} rel="nofollow">
      {label ?? t('report.link')}
    </a>
  )
}
