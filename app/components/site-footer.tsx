import { useTranslation } from 'react-i18next'

export function SiteFooter() {
  const { t } = useTranslation()
  return (
    <footer className="site-footer">
      <div className="container footer-grid">
        <div>
          <p className="footer-brand">
            {t('app.name')} · {t('app.tagline')}
          </p>
          <p className="muted">{t('footer.about')}</p>
        </div>
        <p className="muted small">{t('footer.rights', { year: new Date().getFullYear() })}</p>
      </div>
    </footer>
  )
}
