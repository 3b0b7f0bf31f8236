import { RemixBrowser } from '@remix-run/react'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import { fallbackLanguage, isLanguage } from '~/i18n/config'
import { createI18n } from '~/i18n/instance'

// The server rendered the page in one language; start from exactly its strings: the language's
// dictionary file the page preloads (app/i18n/static.server.ts), or, on a page rendered without the
// root's data, the strings it carries inline.
const language = isLanguage(document.documentElement.lang) ? document.documentElement.lang : fallbackLanguage

async function dictionary(): Promise<Record<string, unknown> | null> {
  const embedded = document.getElementById('i18n-resources')?.textContent
  if (embedded) return JSON.parse(embedded)
  const href = document.querySelector<HTMLLinkElement>('link[data-i18n]')?.getAttribute('href')
  if (!href) return null
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const response = await fetch(href)
      if (response.ok) return await response.json()
    } catch {
      // The network failed; try once more below.
    }
  }
  return null
}

void dictionary().then((translation) => {
  // Without its strings the page stays as the server rendered it: links and forms work without JavaScript.
  if (!translation) return
  const i18n = createI18n(language, translation)
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
})
