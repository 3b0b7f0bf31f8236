import { useTranslation } from 'react-i18next'

/** An admin page's history of audited actions on one target, newest first. */
export function AuditHistory({ entries }: { entries: { id: string; action: string; reason: string | null; actor: string; at: string }[] }) {
  const { t } = useTranslation()
  return (
    <>
      <h2>{t('admin.history')}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t('admin.noHistory')}</p>
      ) : (
        <ol className="history" role="list">
          {entries.map((h) => (
            <li key={h.id}>
              <span className="muted small">{h.at}</span> · <strong>{h.action}</strong> · {h.actor}
              {h.reason ? <> — {h.reason}</> : null}
            </li>
          ))}
        </ol>
      )}
    </>
  )
}
