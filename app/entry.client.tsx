import { RemixBrowser } from '@remix-run/react'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import { fallbackLanguage, isLanguage } from '~/i18n/config'
import { createI18n } from '~/i18n/instance'

// The server rendered the page in one language and embedded its strings; start from exactly those.
const language = isLanguage(document.documentElement.lang) ? document.documentElement.lang : fallbackLanguage
const embedded = document.getElementById('i18n-resources')?.textContent
const i18n = createI18n(language, embedded ? JSON.parse(embedded) : {})

startTransition(() => {
  hydrateRoot(
    document,
    <I18nextProvider i18n={i18n}>
      <StrictMode>
        <RemixBrowser />
      </StrictMode>
    </I18nextProvider>,
  )
})
