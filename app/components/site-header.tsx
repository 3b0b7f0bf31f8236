import { Link, NavLink } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { Language } from '~/i18n/config'
import { LanguageSwitch } from './language-switch'

export function SiteHeader({
  language,
  user,
  campaign,
}: {
  language: Language
  user: { displayName: string; isAdmin: boolean; unread: number } | null
  /** A giving day running or coming: the navigation leads to it. */
  campaign: { slug: string; title: string } | null
}) {
  const { t } = useTranslation()
  return (
    <header className="site-header">
      <div className="container header-row">
        <Link to="/" className="brand">
          <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <circle cx="16" cy="16" r="7" />
            <g strokeWidth="2.5" strokeLinecap="round">
              <path d="M16 2v4M16 26v4M2 16h4M26 16h4M6.1 6.1l2.8 2.8M23.1 23.1l2.8 2.8M6.1 25.9l2.8-2.8M23.1 8.9l2.8-2.8" />
            </g>
          </svg>
          <span className="brand-name">{t('app.name')}</span>
        </Link>
        <nav aria-label={t('a11y.mainNav')} className="main-nav">
          {/* Videos first: on a phone they are how people meet projects (issue 21). */}
          <NavLink to="/watch">{t('nav.watch')}</NavLink>
          {campaign ? (
            <NavLink to={`/campaigns/${campaign.slug}`} className="nav-campaign">
              {t('nav.campaign')}
            </NavLink>
          ) : null}
          <NavLink to="/discover">{t('nav.discover')}</NavLink>
          <NavLink to="/partners">{t('nav.partnersDirectory')}</NavLink>
          <NavLink to="/transparency">{t('nav.transparency')}</NavLink>
          {user ? <NavLink to="/feed">{t('nav.feed')}</NavLink> : null}
          {user?.isAdmin ? <NavLink to="/admin">{t('nav.admin')}</NavLink> : null}
        </nav>
        <div className="header-actions">
          <LanguageSwitch current={language} />
          {user ? (
            <Link to={user.unread ? '/account#notifications' : '/account'} className="btn btn-secondary btn-sm">
              {t('nav.account')}
              {user.unread ? (
                <>
                  <span className="count-badge" aria-hidden="true">
                    {user.unread}
                  </span>
                  <span className="visually-hidden">{t('accountPage.unread', { count: user.unread })}</span>
                </>
              ) : null}
            </Link>
          ) : (
            <Link to="/login" className="btn btn-secondary btn-sm">
              {t('nav.logIn')}
            </Link>
          )}
        </div>
      </div>
    </header>
  )
}
