/**
 * One way to validate a form: a zod schema whose messages are i18n keys (`validation.*`), used on
 * the server (and usable in the browser: no `.server`). The page translates the keys, so errors
 * read in the reader's language.
 */
import { z } from 'zod'
import { projectCategories } from '~db/enums'
import { chinaToday } from './age'
import { readAmount } from './money'
import { isValidUscc, normalizeUscc } from './uscc'

export type FieldErrors = Record<string, string[]>

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors }

/** Validates FormData (repeated keys become arrays) against a schema; errors keyed by field. */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.infer<S>> {
  const input: Record<string, unknown> = {}
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key)
    input[key] = values.length > 1 ? values : values[0]
  }
  const result = schema.safeParse(input)
  if (result.success) return { ok: true, data: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : 'form'
    const message = issue.message.startsWith('validation.') ? issue.message : 'validation.invalid'
    errors[field] = [...new Set([...(errors[field] ?? []), message])]
  }
  return { ok: false, errors }
}

/**
 * Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): nothing
 * typed into a form needs them, and an unclosed override in a name reverses the amount and date shown
 * after it on a public page. Stripped from every text field.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g
/** Characters that take no space and mean nothing in a title or a story: zero-width space, the direction marks, word joiner, BOM. */
const INVISIBLE = /[\u200B\u200E\u200F\u2060\uFEFF]/g
/** What is left is only spaces (any kind: JS's \s covers no-break and ideographic ones) and joiners: nothing a reader sees. */
const NOTHING_VISIBLE = /^(?:\s|\u200C|\u200D|\uFE0E|\uFE0F)*$/u
export const cleanText = (value: string) => {
  const cleaned = value.normalize('NFC').replace(BIDI_CONTROLS, '').replace(INVISIBLE, '').trim()
  return NOTHING_VISIBLE.test(cleaned) ? '' : cleaned
}

const text = (max: number) =>
  z
    .string({ message: 'validation.required' })
    .transform(cleanText)
    .pipe(z.string().min(1, 'validation.required').max(max, 'validation.tooLong'))

const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined ? undefined : cleanText(value) || undefined))
    .pipe(z.string().max(max, 'validation.tooLong').optional())

export const Fields = {
  text,
  optionalText,
  email: z
    .string({ message: 'validation.required' })
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.string().min(1, 'validation.required').max(254, 'validation.tooLong').email('validation.email')),
  /** At least 10 characters, not a well-known password, not one character repeated. */
  newPassword: z
    .string({ message: 'validation.required' })
    .min(10, 'validation.passwordTooShort')
    .max(200, 'validation.tooLong')
    .refine((value) => !COMMON_PASSWORDS.has(value.toLowerCase()), 'validation.passwordCommon')
    .refine((value) => new Set(value).size >= 4, 'validation.passwordCommon'),
  password: z.string({ message: 'validation.required' }).min(1, 'validation.required').max(200, 'validation.tooLong'),
  displayName: text(60),
  /** A day of birth: a real date, not in the future, after 1900. */
  birthDate: z
    .string({ message: 'validation.birthDate' })
    .refine((value) => isCalendarDate(value) && value >= '1900-01-01' && value <= chinaToday(), 'validation.birthDate'),
  checkbox: z
    .string()
    .optional()
    .transform((value) => value === 'on' || value === 'true' || value === '1'),
  uscc: z
    .string({ message: 'validation.required' })
    .transform(normalizeUscc)
    .pipe(
      z
        .string()
        .length(18, 'validation.usccLength')
        .regex(/^[0-9A-HJ-NPQRTUWXY]+$/, 'validation.usccCharacters')
        .refine(isValidUscc, 'validation.usccCheck'),
    ),
  url: z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined)
    .pipe(
      z
        .string()
        .max(300, 'validation.tooLong')
        .refine((value) => /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(value), 'validation.url')
        .optional(),
    ),
  phone: z
    .string()
    .optional()
    .transform((value) => value?.replace(/[\s-]/g, '') || undefined)
    .pipe(z.string().regex(/^\+?\d{5,20}$/, 'validation.phone').optional()),
  categories: z
    .union([z.string(), z.array(z.string())], { message: 'validation.chooseOne' })
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.enum(projectCategories, { message: 'validation.invalid' })).min(1, 'validation.chooseOne').max(9)),
  /** A hidden field that people leave empty and naive bots fill in. */
  honeypot: z
    .string()
    .optional()
    .refine((value) => !value, 'validation.invalid'),
}

/** A YYYY-MM-DD that is a real day of the calendar (2026-02-30 is not). */
export function isCalendarDate(value: string) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return false
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/**
 * A date field: a real calendar day between `min` and `max` (YYYY-MM-DD, China time's today by
 * default), so that "2026-02-30" or a year 9999 is a message next to the field, never a 500.
 */
export function DateSchema({ min = '2000-01-01', max }: { min?: string; max?: () => string } = {}) {
  return z
    .string({ message: 'validation.required' })
    .trim()
    .min(1, { message: 'validation.required', abort: true })
    .refine(isCalendarDate, { message: 'validation.date', abort: true })
    .refine((value) => value >= min && value <= (max ? max() : '2100-12-31'), 'validation.dateRange')
}

/**
 * Money typed by a person, in one currency: the one way forms read amounts (utils/money.ts,
 * `readAmount`), read into minor units, within `limits` when given. Messages are i18n keys; the
 * range message carries its bounds for the page to show.
 */
export function AmountSchema(currency: string, limits?: { min: bigint; max: bigint; format: (minor: bigint) => string }) {
  return z
    .string({ message: 'validation.required' })
    .trim()
    .min(1, 'validation.required')
    .transform((value, ctx) => {
      const read = readAmount(value, currency)
      if (!read.ok) {
        ctx.addIssue({ code: 'custom', message: `validation.${read.problem}` })
        return z.NEVER
      }
      if (limits && (read.minor < limits.min || read.minor > limits.max)) {
        ctx.addIssue({ code: 'custom', message: withParams('validation.amountBetween', { min: limits.format(limits.min), max: limits.format(limits.max) }) })
        return z.NEVER
      }
      return read.minor
    })
}

/** An error message that carries values for its translation: `key|{"min":"¥1"}` (translateErrors reads it). */
export function withParams(key: string, params: Record<string, string | number>) {
  return `${key}|${JSON.stringify(params)}`
}

// A few of the most common passwords in public breach lists (incl. Chinese favourites).
const COMMON_PASSWORDS = new Set([
  '1234567890', '12345678910', '0123456789', 'password123', 'password1234', 'qwertyuiop', '1q2w3e4r5t',
  'iloveyou123', 'woaini1314', 'woaini520', 'a123456789', 'abc1234567', 'qwerty12345', '1qaz2wsx3edc',
  'aa12345678', 'passw0rd123', '5201314520', 'zxcvbnm123', '11111111111', '88888888888',
])
