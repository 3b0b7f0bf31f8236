/**
 * What a model stores as a row's version in the other language (ADR 0021): only the kind's
 * translatable fields, trimmed, empty ones dropped, and never a "translation" into the language the
 * row was written in. One implementation for every kind, so a form, a seed or a test cannot store
 * a shape the pages would misread. Runs in the browser too (no server-only imports).
 */
import { contentLanguages, isContentLanguage, translatableFields, type ContentLanguage, type TranslatableField, type TranslatableKind, type Translations } from './localized'

export type TranslationProblem = 'sameLanguage' | 'untitled' | 'unknownLanguage'

export class InvalidTranslationError extends Error {
  override name = 'InvalidTranslationError'
  constructor(readonly problem: TranslationProblem) {
    super(`translation refused: ${problem}`)
  }
}

export function otherLanguage(language: ContentLanguage): ContentLanguage {
  return contentLanguages.find((l) => l !== language) as ContentLanguage
}

/**
 * The translations to store for a row written in `contentLanguage`: throws InvalidTranslationError
 * for a version in the original's own language, in a language Sunlight does not have, or with text
 * but no title (name, label) — the first field is what makes a translation count.
 */
export function cleanTranslations<K extends TranslatableKind>(
  kind: K,
  contentLanguage: ContentLanguage,
  translations: Translations | null | undefined,
): Translations<TranslatableField<K>> {
  const fields = translatableFields[kind] as readonly TranslatableField<K>[]
  const out: Translations<TranslatableField<K>> = {}
  for (const [language, version] of Object.entries(translations ?? {})) {
    if (!isContentLanguage(language)) throw new InvalidTranslationError('unknownLanguage')
    const kept: Partial<Record<TranslatableField<K>, string>> = {}
    for (const field of fields) {
      const value = (version as Record<string, unknown> | undefined)?.[field]
      const text = typeof value === 'string' ? value.normalize('NFC').trim() : ''
      if (text) kept[field] = text
    }
    if (Object.keys(kept).length === 0) continue
    if (language === contentLanguage) throw new InvalidTranslationError('sameLanguage')
    if (!kept[fields[0]!]) throw new InvalidTranslationError('untitled')
    out[language] = kept
  }
  return out
}
