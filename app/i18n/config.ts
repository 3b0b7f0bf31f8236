/**
 * Languages of the UI. Every string a person reads goes through i18next with these resources
 * (docs/decisions/0003-i18n.md); content that organisations write is shown as they wrote it.
 */
export const languages = ['zh-CN', 'en'] as const
export type Language = (typeof languages)[number]
export const fallbackLanguage: Language = 'zh-CN'
export const defaultNamespace = 'translation'

export const languageNames: Record<Language, string> = { 'zh-CN': '中文', en: 'English' }

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value)
}
