import { Form, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { languageNames, languages, type Language } from '~/i18n/config'

/**
 * A plain form, so switching works without JavaScript: POST /language remembers the choice in a
 * cookie and comes back to the same page.
 */
export function LanguageSwitch({ current }: { current: Language }) {
  const { t } = useTranslation()
  const location = useLocation()
  const other = languages.find((language) => language !== current)!
  return (
    <Form method="post" action="/language" className="language-switch" reloadDocument>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <input type="hidden" name="language" value={other} />
      <button
        type="submit"
        className="btn btn-ghost btn-sm"
        aria-label={t('language.switchTo', { language: languageNames[other] })}
      >
        {/* The icon is drawn by CSS so that the visible text is the name's own words (WCAG 2.5.3). */}
        <span aria-hidden="true" className="language-icon" />
        <span lang={other}>{languageNames[other]}</span>
      </button>
    </Form>
  )
}
