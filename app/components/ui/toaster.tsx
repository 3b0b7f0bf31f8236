import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Toast } from '~/utils/toast.server'

/**
 * Shows the toast the root loader took from the flash cookie. Rendered on the server too, so it
 * works without JavaScript; with JavaScript it can be dismissed and fades after a while.
 */
export function Toaster({ toast }: { toast: Toast | null }) {
  const { t } = useTranslation()
  // Toast keys come from the server as strings; i18next falls back to the key if one is unknown.
  const translateKey = t as unknown as (key: string, values?: Record<string, string | number>) => string
  const [hidden, setHidden] = useState<string | null>(null)
  useEffect(() => {
    if (!toast) return
    const timer = setTimeout(() => setHidden(toast.id), 8000)
    return () => clearTimeout(timer)
  }, [toast])
  const visible = toast && hidden !== toast.id
  return (
    <div className="toaster" role="status" aria-live="polite" aria-label={t('a11y.notifications')}>
      {visible ? (
        <div className={`toast toast-${toast.type}`}>
          <p>{translateKey(toast.key, toast.values)}</p>
          <button type="button" className="toast-close" onClick={() => setHidden(toast.id)}>
            <span aria-hidden="true">×</span>
            <span className="visually-hidden">{t('toast.dismiss')}</span>
          </button>
        </div>
      ) : null}
    </div>
  )
}
