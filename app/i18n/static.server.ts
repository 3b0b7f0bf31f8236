import { createHash } from 'node:crypto'
import type { Language } from './config'
import { resources } from './resources'

/**
 * Each language's dictionary as one static file, named by its content's hash, so that a page carries
 * only the file's address and browsers and caches keep the file until the dictionary changes
 * (issues 20 and 21: the inline dictionary was 25 KB of every document).
 */
type Dictionary = { body: string; hash: string; href: string }
const dictionaries = new Map<Language, Dictionary>()

export function dictionaryFor(language: Language): Dictionary {
  let dictionary = dictionaries.get(language)
  if (!dictionary) {
    const body = JSON.stringify(resources[language])
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
    dictionary = { body, hash, href: `/i18n/${language}.${hash}.json` }
    dictionaries.set(language, dictionary)
  }
  return dictionary
}
