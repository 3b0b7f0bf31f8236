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

/** Pages other sites frame (the donate widget, ADR 0020) are told their language by the snippet. */
export const EMBED_PATH = /^\/embed\//

/**
 * The cookie's choice, else the best match for Accept-Language ("zh", "zh-TW" → zh-CN), else Chinese.
 * An embedded widget takes `?lang=` first: the embedding site knows its page's language.
 */
export async function detectLanguage(request: Request): Promise<Language> {
  const url = new URL(request.url)
  if (EMBED_PATH.test(url.pathname)) {
    const asked = url.searchParams.get('lang')
    if (isLanguage(asked)) return asked
    if (asked === 'zh' || asked === 'zh-Hans') return 'zh-CN'
  }
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
