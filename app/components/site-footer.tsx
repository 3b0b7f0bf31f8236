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
        <nav aria-label={t('a11y.footerNav')} className="footer-links">
          <a href="/ledger.csv">{t('footer.ledger')} (CSV)</a>
          <a href="/ledger.json">{t('footer.openData')} (JSON)</a>
          <a href="/partners">{t('nav.partnersDirectory')}</a>
          <a href="/enforcement">{t('footer.enforcement')}</a>
          <a href="/privacy">{t('footer.privacy')}</a>
        </nav>
        <p className="muted small">{t('footer.rights', { year: new Date().getFullYear() })}</p>
      </div>
    </footer>
  )
}
