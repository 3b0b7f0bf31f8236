import { useTranslation } from 'react-i18next'

/** A field people never see and naive bots fill in; validated by `Fields.honeypot`. */
export function Honeypot() {
  const { t } = useTranslation()
  return (
    <div className="honeypot" aria-hidden="true">
      <label>
        {t('auth.website')}
        <input name="website" tabIndex={-1} autoComplete="off" />
      </label>
    </div>
  )
}
