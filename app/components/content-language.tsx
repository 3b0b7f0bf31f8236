import { Link, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { languageNames, isLanguage } from '~/i18n/config'

/** What a page says about the language its content is shown in (`localize`'s meta, ADR 0021). */
export interface ContentLanguage {
  shownLanguage: string
  contentLanguage: string
  untranslated: boolean
  canSwitch: boolean
}

const nameOf = (language: string) => (isLanguage(language) ? languageNames[language] : language)

/** The `lang` attribute for content shown in another language than the page's (for screen readers). */
export function langIf(shown: string | undefined, page: string) {
  return shown && shown !== page ? shown : undefined
}

/**
 * Under a page's title: "Original language: 中文" when the content has no version in the reader's
 * language, or a plain link "Show original (中文)" when a translation is shown — and, on the
 * original, the link back. `?original=1` is the switch: a link, so it works without JavaScript.
 */
export function ContentLanguageNote({ content }: { content: ContentLanguage }) {
  const { t, i18n } = useTranslation()
  const location = useLocation()
  const reader = i18n.language
  const params = new URLSearchParams(location.search)
  const showingOriginal = params.get('original') === '1'
  const toggled = new URLSearchParams(params)
  if (showingOriginal) toggled.delete('original')
  else toggled.set('original', '1')
  toggled.delete('before')
  const query = toggled.toString()
  const href = `${location.pathname}${query ? `?${query}` : ''}`
  const original = nameOf(content.contentLanguage)
  if (content.untranslated) {
    return (
      <p className="content-language small muted">
        <span className="tag">{t('content.originalTag')}</span> {t('content.originalLanguage', { language: original })}
      </p>
    )
  }
  if (content.shownLanguage !== content.contentLanguage) {
    return (
      <p className="content-language small muted">
        {t('content.translated', { language: nameOf(content.shownLanguage) })}{' '}
        <Link to={href} rel="nofollow" preventScrollReset>
          {t('content.showOriginal', { language: original })}
        </Link>
      </p>
    )
  }
  if (showingOriginal && content.canSwitch && reader !== content.contentLanguage) {
    return (
      <p className="content-language small muted">
        <span className="tag">{t('content.originalTag')}</span> {t('content.originalLanguage', { language: original })}{' '}
        <Link to={href} rel="nofollow" preventScrollReset>
          {t('content.showTranslation', { language: nameOf(reader) })}
        </Link>
      </p>
    )
  }
  return null
}
