import type { Language } from './config'
import { en, type Translation } from './locales/en'
import { zhCN } from './locales/zh-CN'

/** Only the server imports both; the browser receives its one language from the root loader. */
export const resources: Record<Language, Translation> = { 'zh-CN': zhCN, en }
