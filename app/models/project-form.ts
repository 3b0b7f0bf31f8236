/**
 * The project editor's form: parsed and validated the same way for a new draft and an edit.
 * Amounts are typed in yuan and become fen (bigint); budget rows arrive as repeated fields.
 */
import { z } from 'zod'
import type { ContentLanguage } from '~/content/localized'
import { checkTranslation, translatedName, translationShape, translationsFrom } from '~/content/translation-form'
import { otherLanguage } from '~/content/translation-input'
import { projectCategories } from '~db/enums'
import { regionByCode } from '~/regions/regions'
import { parseMoney } from '~/utils/money'
import { Fields, parseForm, type FieldErrors } from '~/utils/validation'
import type { ProjectInput } from './project-lifecycle.server'

const MAX_GOAL = 100_000_000n * 100n

const isoDate = z
  .string({ message: 'validation.date' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'validation.date')

const ProjectFormSchema = z
  .object({
    title: Fields.text(80),
    summary: Fields.text(200),
    story: Fields.text(20_000),
    category: z.enum(projectCategories, { message: 'validation.chooseOne' }),
    region: Fields.text(60),
    // A division from the list, or none (then it is read from the place typed above).
    regionCode: z
      .string()
      .optional()
      .refine((code) => !code || regionByCode(code) !== null, 'validation.chooseOne'),
    goal: z.string({ message: 'validation.required' }),
    startsOn: isoDate,
    endsOn: isoDate,
    budgetNote: Fields.optionalText(1000),
    // The other language's version, with the original's limits (ADR 0021).
    ...translationShape('project', { title: 80, summary: 200, story: 20_000 }),
  })
  .refine((v) => v.endsOn >= v.startsOn, { message: 'validation.dateOrder', path: ['endsOn'] })
  .superRefine(checkTranslation('project'))

const TRANSLATED_FIELDS = ['title', 'summary', 'story'].map(translatedName)
export const FORM_FIELDS = ['title', 'summary', 'story', 'category', 'region', 'regionCode', 'goal', 'startsOn', 'endsOn', 'budgetNote', 'contentLanguage', ...TRANSLATED_FIELDS] as const

function amount(input: string): { ok: true; value: bigint } | { ok: false; error: string } {
  const value = parseMoney(input, 'CNY')
  if (value === null) return { ok: false, error: 'validation.amount' }
  if (value < 100n || value > MAX_GOAL) return { ok: false, error: 'validation.amountRange' }
  return { ok: true, value }
}

/**
 * Reads the project editor's form. `language` is the editor's interface language: the content's
 * language when the form does not say (a form sent without the "Written in" choice).
 */
export function parseProjectForm(formData: FormData, language: ContentLanguage = 'zh-CN'): { ok: true; project: Omit<ProjectInput, 'coverMediaId'> } | { ok: false; errors: FieldErrors } {
  const parsed = parseForm(ProjectFormSchema, formData)
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors }
  const goal = amount(String(formData.get('goal') ?? ''))
  if (!goal.ok) errors.goal = [goal.error]

  const labels = formData.getAll('lineLabel').map((v) => String(v).normalize('NFC').trim())
  const amounts = formData.getAll('lineAmount').map((v) => String(v).trim())
  const translatedLabels = formData.getAll('lineLabelTranslated').map((v) => String(v).normalize('NFC').trim())
  const contentLanguage: ContentLanguage = parsed.ok && parsed.data.contentLanguage ? parsed.data.contentLanguage : language
  const lines: ProjectInput['budgetLines'] = []
  for (let i = 0; i < Math.max(labels.length, amounts.length, translatedLabels.length) && i < 50; i++) {
    const label = labels[i] ?? ''
    const raw = amounts[i] ?? ''
    const translated = translatedLabels[i] ?? ''
    if (!label && !raw && !translated) continue
    const planned = parseMoney(raw, 'CNY')
    if (!label || label.length > 120 || planned === null || planned > MAX_GOAL) {
      errors.budget = ['validation.budgetRow']
      continue
    }
    if (translated.length > 120) {
      errors.budget = ['validation.tooLong']
      continue
    }
    lines.push({ label, plannedAmount: planned, contentLanguage, translations: translated ? { [otherLanguage(contentLanguage)]: { label: translated } } : {} })
  }
  if (!parsed.ok || !goal.ok || Object.keys(errors).length) return { ok: false, errors }
  const { data } = parsed
  return {
    ok: true,
    project: {
      title: data.title,
      summary: data.summary,
      story: data.story,
      category: data.category,
      region: data.region,
      regionCode: data.regionCode || null,
      currency: 'CNY',
      goalAmount: goal.value,
      startsOn: data.startsOn,
      endsOn: data.endsOn,
      budgetLines: lines,
      budgetNote: data.budgetNote,
      contentLanguage,
      translations: translationsFrom('project', data, contentLanguage),
    },
  }
}

/** The values to put back into the form after an error (budget rows included). */
export function echoProjectForm(formData: FormData) {
  return {
    fields: Object.fromEntries(FORM_FIELDS.map((name) => [name, String(formData.get(name) ?? '')])) as Record<(typeof FORM_FIELDS)[number], string>,
    lines: formData.getAll('lineLabel').map((label, i) => ({
      label: String(label),
      amount: String(formData.getAll('lineAmount')[i] ?? ''),
      translatedLabel: String(formData.getAll('lineLabelTranslated')[i] ?? ''),
    })),
  }
}
