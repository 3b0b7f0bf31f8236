/**
 * Content in both languages (issue 23, ADR 0021). Each piece of content — a project, an
 * organisation, an update, a budget line, a challenge — is written in one language, its
 * `contentLanguage`, in its ordinary columns (`title`, `summary`, …). A version in the other language
 * lives beside it in `translations`, keyed by language: `{ en: { title, summary } }`. Nothing is
 * machine-translated; an organisation writes (or leaves out) the other version.
 *
 * A page asks `localize(row, fields, reader)`: the reader's language when the content has it,
 * otherwise the original, marked so the page can say "original language". `prefer: 'original'`
 * (the reader's one-tap switch) shows the original even when a translation exists.
 *
 * This module runs in the browser too: it must not import anything server-only.
 */
import { type Language, languages } from '~/i18n/config'

export type ContentLanguage = Language
export const contentLanguages = languages

/** The other language's version of some of a row's text fields. */
export type Translations<F extends string = string> = Partial<Record<Language, Partial<Record<F, string>>>>

/** The translatable fields of each kind of content. */
export const translatableFields = {
  project: ['title', 'summary', 'story'],
  organization: ['name', 'description'],
  update: ['title', 'body'],
  budgetLine: ['label'],
  challenge: ['title', 'brief'],
  campaign: ['title'],
  /** A giving day's sponsor (a matching or participation pool), in its campaign's language. */
  sponsor: ['sponsorName'],
} as const satisfies Record<string, readonly string[]>

export type TranslatableKind = keyof typeof translatableFields
export type TranslatableField<K extends TranslatableKind> = (typeof translatableFields)[K][number]

export interface LocalizedMeta {
  /** The language the fields are shown in. */
  shownLanguage: Language
  /** The language the content was written in. */
  contentLanguage: Language
  /** The reader asked for a language the content does not have, so it shows in its original. */
  untranslated: boolean
  /** A version in another language than the one shown exists (the page offers a switch). */
  canSwitch: boolean
}

type WithContent = { contentLanguage?: string | null; translations?: unknown }

export function isContentLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value)
}

/** The non-empty translated fields for `language`, or undefined when there is no version in it. */
export function translationIn<F extends string>(
  translations: unknown,
  language: Language,
  fields: readonly F[],
): Partial<Record<F, string>> | undefined {
  if (!translations || typeof translations !== 'object') return undefined
  const version = (translations as Record<string, unknown>)[language]
  if (!version || typeof version !== 'object') return undefined
  const out: Partial<Record<F, string>> = {}
  let any = false
  for (const field of fields) {
    const value = (version as Record<string, unknown>)[field]
    if (typeof value === 'string' && value.trim() !== '') {
      out[field] = value
      any = true
    }
  }
  return any ? out : undefined
}

/**
 * `row` with `fields` in the reader's language where the content has them. A translation counts
 * when its first field (the title, name or label) is filled; its other fields fall back to the
 * original one by one (an organisation may translate the title and summary before the long story).
 */
export function localize<R extends WithContent, F extends keyof R & string>(
  row: R,
  fields: readonly F[],
  reader: Language,
  options: { prefer?: 'original' } = {},
): R & LocalizedMeta {
  const contentLanguage = isContentLanguage(row.contentLanguage) ? row.contentLanguage : 'zh-CN'
  const other = languages.find((l) => l !== contentLanguage) as Language
  const translation = translationIn(row.translations, other, fields)
  const hasOther = Boolean(translation && fields[0] && translation[fields[0]])
  const wantsOriginal = options.prefer === 'original'
  if (reader === contentLanguage || wantsOriginal || !hasOther) {
    return {
      ...row,
      shownLanguage: contentLanguage,
      contentLanguage,
      untranslated: reader !== contentLanguage && !hasOther,
      canSwitch: hasOther,
    }
  }
  const shown: R = { ...row }
  for (const field of fields) {
    const value = translation?.[field]
    if (value !== undefined) (shown as Record<string, unknown>)[field] = value
  }
  return { ...shown, shownLanguage: other, contentLanguage, untranslated: false, canSwitch: true }
}

/** Reads the reader's "show the original" choice from a URL (`?original=1`). */
export function prefersOriginal(url: URL | string): boolean {
  const u = typeof url === 'string' ? new URL(url, 'http://x') : url
  return u.searchParams.get('original') === '1'
}

/**
 * `row` in a recipient's stored language — an account's or a gift's `locale`, which may be missing
 * or unknown (then Chinese, the platform's default). For emails, which have no request to ask.
 */
export function localizeFor<R extends WithContent, F extends keyof R & string>(row: R, fields: readonly F[], locale: string | null | undefined) {
  return localize(row, fields, isContentLanguage(locale) ? locale : 'zh-CN')
}

/** Just the meta of a localized row: what a page hands to its "original language" note. */
export function contentMeta(shown: LocalizedMeta): LocalizedMeta {
  return { shownLanguage: shown.shownLanguage, contentLanguage: shown.contentLanguage, untranslated: shown.untranslated, canSwitch: shown.canSwitch }
}

/**
 * A notification's values with its content's names in every language (`byLanguage`): the
 * notifications page shows the reader's, whatever language the event happened in.
 */
export function inEveryLanguage<V extends Record<string, string>>(values: V, named: (language: Language) => Partial<V>) {
  return { ...values, byLanguage: Object.fromEntries(languages.map((language) => [language, named(language)])) as Record<Language, Partial<V>> }
}
