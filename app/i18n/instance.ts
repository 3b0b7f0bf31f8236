import { createInstance, type i18n as I18n, type Resource } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { defaultNamespace, fallbackLanguage, type Language } from './config'

/** One i18next instance per request on the server, one per page load in the browser. */
export function createI18n(language: Language, translation: Resource[string][string]): I18n {
  const instance = createInstance()
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: fallbackLanguage,
    defaultNS: defaultNamespace,
    resources: { [language]: { [defaultNamespace]: translation } },
    interpolation: { escapeValue: false }, // React escapes.
    initImmediate: false,
    returnNull: false,
    showSupportNotice: false,
  })
  return instance
}
