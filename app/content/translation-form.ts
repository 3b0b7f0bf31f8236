/**
 * The form side of content in two languages (ADR 0021), shared by every editor of content and used
 * on the server and in the browser (no `.server`). A form carries `contentLanguage` ("Written in:
 * 中文 / English") and, beside each original field, the same field in the other language named
 * `translated<Field>` (`title` → `translatedTitle`). The other version is optional; with any of its
 * text filled its title (name, label) is required; its limits are the original's.
 */
import { z } from 'zod'
import { Fields } from '~/utils/validation'
import { contentLanguages, translatableFields, type ContentLanguage, type TranslatableField, type TranslatableKind, type Translations } from './localized'
import { otherLanguage } from './translation-input'

export type TranslatedName<F extends string> = `translated${Capitalize<F>}`

export function translatedName<F extends string>(field: F): TranslatedName<F> {
  return `translated${field.charAt(0).toUpperCase()}${field.slice(1)}` as TranslatedName<F>
}

const LanguageField = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined)
  .pipe(z.enum(contentLanguages, { message: 'validation.chooseOne' }).optional())

/**
 * The fields a kind's form adds: `contentLanguage`, an optional `translationLanguage` (the other
 * version's language when a client names it), and `translated<Field>` with the original's limit.
 */
export function translationShape<K extends TranslatableKind>(kind: K, limits: Record<TranslatableField<K>, number>) {
  const shape: Record<string, z.ZodType> = { contentLanguage: LanguageField, translationLanguage: LanguageField }
  for (const field of translatableFields[kind] as readonly TranslatableField<K>[]) shape[translatedName(field)] = Fields.optionalText(limits[field])
  return shape as { contentLanguage: typeof LanguageField; translationLanguage: typeof LanguageField } & {
    [F in TranslatableField<K> as TranslatedName<F>]: ReturnType<typeof Fields.optionalText>
  }
}

/**
 * The checks across fields (for `.superRefine`): the other version in the original's own language
 * is refused, and so is a version with text but no title.
 */
export function checkTranslation(kind: TranslatableKind) {
  const fields = translatableFields[kind] as readonly string[]
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    if (value.translationLanguage && value.contentLanguage && value.translationLanguage === value.contentLanguage)
      ctx.addIssue({ code: 'custom', message: 'validation.translationSameLanguage', path: ['translationLanguage'] })
    const [first, ...rest] = fields
    if (!value[translatedName(first!)] && rest.some((field) => value[translatedName(field)]))
      ctx.addIssue({ code: 'custom', message: `validation.translationNeeds.${kind}`, path: [translatedName(first!)] })
  }
}

/** The parsed form's other version as `translations` (`{}` when it has none). */
export function translationsFrom<K extends TranslatableKind>(kind: K, value: Record<string, unknown>, contentLanguage: ContentLanguage): Translations<TranslatableField<K>> {
  const version: Partial<Record<TranslatableField<K>, string>> = {}
  for (const field of translatableFields[kind] as readonly TranslatableField<K>[]) {
    const text = value[translatedName(field)]
    if (typeof text === 'string' && text) version[field] = text
  }
  if (Object.keys(version).length === 0) return {}
  const language = (value.translationLanguage as ContentLanguage | undefined) ?? otherLanguage(contentLanguage)
  return { [language]: version } as Translations<TranslatableField<K>>
}

/** The form's values for a stored row's other version (`translatedTitle: …`), for an edit form. */
export function translatedValues(kind: TranslatableKind, contentLanguage: ContentLanguage, translations: unknown): Record<string, string> {
  const version = ((translations ?? {}) as Record<string, Record<string, unknown> | undefined>)[otherLanguage(contentLanguage)] ?? {}
  return Object.fromEntries((translatableFields[kind] as readonly string[]).map((field) => [translatedName(field), typeof version[field] === 'string' ? (version[field] as string) : '']))
}
