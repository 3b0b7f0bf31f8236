import { createCookie } from '@remix-run/node'
import { pick } from 'accept-language-parser'
import { fallbackLanguage, isLanguage, languages, type Language } from './config'
import { createI18n } from './instance'
import { resources } from './resources'

/** Remembers an explicit choice for a year; not a tracking cookie, so no consent banner. */
export const languageCookie = createCookie('lang', {
  path: '/',
  httpOnly: true,
  sameSite: 'lax',
  maxAge: 60 * 60 * 24 * 365,
})

/** The cookie's choice, else the best match for Accept-Language ("zh", "zh-TW" → zh-CN), else Chinese. */
export async function detectLanguage(request: Request): Promise<Language> {
  const chosen = await languageCookie.parse(request.headers.get('Cookie'))
  if (isLanguage(chosen)) return chosen
  const header = request.headers.get('Accept-Language')
  if (header) {
    const match = pick([...languages], header, { loose: true })
    if (isLanguage(match)) return match
  }
  return fallbackLanguage
}

// One initialised instance per language, shared by every request: each is fixed to its language
// (nothing calls changeLanguage on it), and creating one per request cost ~1 ms.
const instances = new Map<Language, ReturnType<typeof createI18n>>()
export function i18nForLanguage(language: Language) {
  let instance = instances.get(language)
  if (!instance) {
    instance = createI18n(language, resources[language])
    instances.set(language, instance)
  }
  return instance
}

export async function getFixedT(request: Request) {
  const language = await detectLanguage(request)
  return i18nForLanguage(language).getFixedT(language)
}
