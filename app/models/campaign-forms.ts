/**
 * The giving-day forms' schemas (issue 22), used in the browser and on the server through Conform.
 * Times are typed in China time (a `datetime-local` field, read as UTC+08:00 — China has no daylight
 * saving); money through the one reader of amounts (utils/money.ts). Messages are i18n keys.
 */
import { z } from 'zod'
import { readAmount } from '~/utils/money'
import { Fields, isCalendarDate, withParams } from '~/utils/validation'
import { isContentLanguage, type Translations } from '~/content/localized'
import { checkTranslation, translationShape } from '~/content/translation-form'
import { otherLanguage } from '~/content/translation-input'

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/

/** A `datetime-local` value as the instant it names in China time; within 2000–2100. */
export function chinaDateTime(value: string): Date | null {
  const match = LOCAL.exec(value.trim())
  if (!match || !isCalendarDate(match[1]!) || Number(match[2]) > 23 || Number(match[3]) > 59) return null
  if (match[1]! < '2000-01-01' || match[1]! > '2100-12-31') return null
  return new Date(`${match[1]}T${match[2]}:${match[3]}:00+08:00`)
}

/** The value a `datetime-local` field shows for an instant, in China time. */
export function toChinaLocal(at: Date | string) {
  return new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16)
}

const DateTimeField = z
  .string({ message: 'validation.required' })
  .trim()
  .min(1, 'validation.required')
  .transform((value, ctx) => {
    const at = chinaDateTime(value)
    if (!at) {
      ctx.addIssue({ code: 'custom', message: 'validation.dateTime' })
      return z.NEVER
    }
    return at
  })

const OptionalDateTimeField = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value?.trim()) return null
    const at = chinaDateTime(value)
    if (!at) {
      ctx.addIssue({ code: 'custom', message: 'validation.dateTime' })
      return z.NEVER
    }
    return at
  })

/** An amount of yuan, at least one fen; empty means "no cap" when `optional`. */
function money(optional: boolean) {
  return z
    .string({ message: 'validation.required' })
    .optional()
    .transform((value, ctx) => {
      const text = value?.trim() ?? ''
      if (!text) {
        if (optional) return null
        ctx.addIssue({ code: 'custom', message: 'validation.required' })
        return z.NEVER
      }
      const read = readAmount(text, 'CNY')
      if (!read.ok) {
        ctx.addIssue({ code: 'custom', message: `validation.${read.problem}` })
        return z.NEVER
      }
      if (read.minor < 1n || read.minor > 100_000_000_000n) {
        ctx.addIssue({ code: 'custom', message: withParams('validation.amountBetween', { min: '¥0.01', max: '¥1,000,000,000' }) })
        return z.NEVER
      }
      return read.minor
    })
}

function wholeNumber(min: number, max: number) {
  return z
    .string({ message: 'validation.required' })
    .trim()
    .min(1, 'validation.required')
    .refine((value) => /^\d{1,5}$/.test(value) && Number(value) >= min && Number(value) <= max, withParams('validation.wholeNumberBetween', { min, max }))
    .transform(Number)
}

const Slug = z
  .string({ message: 'validation.required' })
  .trim()
  .toLowerCase()
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]{0,58}[a-z0-9]$/, 'validation.slug'))

const window = <T extends { startsAt: Date; endsAt: Date }>(value: T) => value.endsAt > value.startsAt

// A giving day's title in the language it was written in and, optionally, the other (ADR 0021); its
// sponsors' names are in the campaign's language, with the other language's beside them.
const campaignTranslation = translationShape('campaign', { title: 120 })
const sponsorTranslation = { translatedSponsorName: translationShape('sponsor', { sponsorName: 120 }).translatedSponsorName }

export const CampaignCreateSchema = z
  .object({ slug: Slug, title: Fields.text(120), startsAt: DateTimeField, endsAt: DateTimeField, ...campaignTranslation })
  .refine(window, { path: ['endsAt'], message: 'campaignAdmin.problem.endsBeforeStart' })
  .superRefine(checkTranslation('campaign'))

export const CampaignUpdateSchema = z
  .object({ intent: z.literal('update'), title: Fields.text(120), startsAt: DateTimeField, endsAt: DateTimeField, ...campaignTranslation })
  .refine(window, { path: ['endsAt'], message: 'campaignAdmin.problem.endsBeforeStart' })
  .superRefine(checkTranslation('campaign'))

/** A sponsor's name in the campaign's other language, as the pools store it (`{}` when none). */
export function sponsorTranslations(translatedSponsorName: string | undefined | null, campaignLanguage: string): Translations<'sponsorName'> {
  if (!translatedSponsorName) return {}
  return { [otherLanguage(isContentLanguage(campaignLanguage) ? campaignLanguage : 'zh-CN')]: { sponsorName: translatedSponsorName } }
}

export const PoolSchema = z
  .object({
    intent: z.literal('pool'),
    sponsorName: Fields.text(120),
    ...sponsorTranslation,
    // Required: never null past the check.
    totalAmount: money(false).transform((v) => v!),
    ratioPercent: wholeNumber(1, 1000),
    capPerGift: money(true),
    capPerDonorDay: money(true),
    capPerProject: money(true),
    firstGiftOnly: Fields.checkbox,
    cardDailyLimit: wholeNumber(1, 100),
    startsAt: OptionalDateTimeField,
    endsAt: OptionalDateTimeField,
  })
  .refine((v) => !v.startsAt || !v.endsAt || v.endsAt > v.startsAt, { path: ['endsAt'], message: 'campaignAdmin.problem.endsBeforeStart' })

/** What a participation pool's sponsor pays for (ADR 0019): the same list as the database enum. */
export const PARTICIPATION_ACTIONS = ['watch_update', 'read_disclosure', 'share_visit'] as const

/**
 * A sponsor-funded participation pool (ADR 0019), added or edited by an admin: who pays, how much per
 * qualifying action, for which actions, at most how many a person a day, the whole budget (a whole
 * number of actions) and the window (the campaign's when left empty).
 */
export const ParticipationPoolSchema = z
  .object({
    intent: z.enum(['participation-add', 'participation-edit']),
    poolId: z.uuid().optional(),
    sponsorName: Fields.text(120),
    ...sponsorTranslation,
    amountPerAction: money(false).transform((v) => v!),
    totalAmount: money(false).transform((v) => v!),
    actions: z.array(z.enum(PARTICIPATION_ACTIONS), { message: 'campaignAdmin.problem.noActions' }).min(1, 'campaignAdmin.problem.noActions'),
    capPerPersonDay: wholeNumber(1, 1000),
    startsAt: OptionalDateTimeField,
    endsAt: OptionalDateTimeField,
  })
  .refine((v) => !v.startsAt || !v.endsAt || v.endsAt > v.startsAt, { path: ['endsAt'], message: 'campaignAdmin.problem.endsBeforeStart' })
  .refine((v) => v.totalAmount % v.amountPerAction === 0n, { path: ['totalAmount'], message: 'campaignAdmin.problem.notWholeActions' })
