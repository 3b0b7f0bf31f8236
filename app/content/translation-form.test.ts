/**
 * The editors' side of content in two languages: the other version is optional, needs its title
 * (name, label) once any of its text is filled, keeps the original's limits, and is never in the
 * original's own language — in the form schema and again in what a model stores.
 */
import { expect, test } from 'vitest'
import { z } from 'zod'
import { parseProjectForm } from '~/models/project-form'
import { parseForm } from '~/utils/validation'
import { checkTranslation, translatedValues, translationShape, translationsFrom } from './translation-form'
import { cleanTranslations, InvalidTranslationError } from './translation-input'

function projectForm(fields: Record<string, string>, lines: { label: string; amount: string; translated?: string }[] = []) {
  const data = new FormData()
  const all = { title: '免费午餐', summary: '让孩子吃饱', story: '故事', category: 'education', region: '四川·凉山', goal: '1000', startsOn: '2026-01-01', endsOn: '2099-12-31', budgetNote: '', ...fields }
  for (const [name, value] of Object.entries(all)) data.set(name, value)
  for (const line of lines) {
    data.append('lineLabel', line.label)
    data.append('lineAmount', line.amount)
    data.append('lineLabelTranslated', line.translated ?? '')
  }
  return data
}

test('a project with no other version is stored with its language and no translations', () => {
  const parsed = parseProjectForm(projectForm({ contentLanguage: 'zh-CN' }))
  expect(parsed.ok).toBe(true)
  if (!parsed.ok) return
  expect(parsed.project.contentLanguage).toBe('zh-CN')
  expect(parsed.project.translations).toEqual({})
})

test("the other version goes under the language the original is not, with each budget line's label", () => {
  const parsed = parseProjectForm(
    projectForm({ contentLanguage: 'zh-CN', translatedTitle: ' Free Lunch ', translatedSummary: 'Children eat well', translatedStory: '' }, [
      { label: '食材', amount: '800', translated: 'Food' },
      { label: '厨具', amount: '200' },
    ]),
  )
  expect(parsed.ok).toBe(true)
  if (!parsed.ok) return
  expect(parsed.project.translations).toEqual({ en: { title: 'Free Lunch', summary: 'Children eat well' } })
  expect(parsed.project.budgetLines.map((l) => l.translations)).toEqual([{ en: { label: 'Food' } }, {}])

  const english = parseProjectForm(projectForm({ contentLanguage: 'en', title: 'Free Lunch', translatedTitle: '免费午餐' }))
  expect(english.ok && english.project.translations).toEqual({ 'zh-CN': { title: '免费午餐' } })
})

test('a form without the "Written in" choice takes the language it is given (the editor\'s, or the stored one)', () => {
  const parsed = parseProjectForm(projectForm({ translatedTitle: '免费午餐' }), 'en')
  expect(parsed.ok && parsed.project.contentLanguage).toBe('en')
  expect(parsed.ok && parsed.project.translations).toEqual({ 'zh-CN': { title: '免费午餐' } })
})

test('a translation with a summary or story but no title is refused, next to the title', () => {
  const parsed = parseProjectForm(projectForm({ contentLanguage: 'zh-CN', translatedSummary: 'Children eat well' }))
  expect(parsed.ok).toBe(false)
  expect(!parsed.ok && parsed.errors.translatedTitle).toEqual(['validation.translationNeeds.project'])
})

test('a translation named in the original\'s own language is refused', () => {
  const parsed = parseProjectForm(projectForm({ contentLanguage: 'zh-CN', translationLanguage: 'zh-CN', translatedTitle: '午餐' }))
  expect(parsed.ok).toBe(false)
  expect(!parsed.ok && parsed.errors.translationLanguage).toEqual(['validation.translationSameLanguage'])
  const unknown = parseProjectForm(projectForm({ contentLanguage: 'fr' }))
  expect(!unknown.ok && unknown.errors.contentLanguage).toEqual(['validation.chooseOne'])
})

test('the other version has the original fields\' limits', () => {
  expect(parseProjectForm(projectForm({ translatedTitle: 'x'.repeat(80) })).ok).toBe(true)
  const long = parseProjectForm(projectForm({ translatedTitle: 'x'.repeat(81), translatedSummary: 'y'.repeat(201) }))
  expect(!long.ok && long.errors).toMatchObject({ translatedTitle: ['validation.tooLong'], translatedSummary: ['validation.tooLong'] })
  const line = parseProjectForm(projectForm({}, [{ label: '食材', amount: '1000', translated: 'f'.repeat(121) }]))
  expect(!line.ok && line.errors.budget).toEqual(['validation.tooLong'])
})

test('every kind uses the same checks: an update needs its title, an organisation its name', () => {
  const UpdateSchema = z.object({ ...translationShape('update', { title: 120, body: 10_000 }) }).superRefine(checkTranslation('update'))
  const form = (fields: Record<string, string>) => {
    const data = new FormData()
    for (const [k, v] of Object.entries(fields)) data.set(k, v)
    return data
  }
  const untitled = parseForm(UpdateSchema, form({ translatedBody: 'We served 300 meals.' }))
  expect(!untitled.ok && untitled.errors.translatedTitle).toEqual(['validation.translationNeeds.update'])
  const tooLong = parseForm(UpdateSchema, form({ translatedTitle: 'x'.repeat(121) }))
  expect(!tooLong.ok && tooLong.errors.translatedTitle).toEqual(['validation.tooLong'])
  const ok = parseForm(UpdateSchema, form({ translatedTitle: 'Week one', translatedBody: '' }))
  expect(ok.ok && translationsFrom('update', ok.data, 'zh-CN')).toEqual({ en: { title: 'Week one' } })

  const OrgSchema = z.object({ ...translationShape('organization', { name: 120, description: 2000 }) }).superRefine(checkTranslation('organization'))
  const nameless = parseForm(OrgSchema, form({ translatedDescription: 'A foundation' }))
  expect(!nameless.ok && nameless.errors.translatedName).toEqual(['validation.translationNeeds.organization'])
})

test('what a model stores: only the kind\'s fields, empty ones dropped; same language or untitled refused', () => {
  expect(cleanTranslations('update', 'zh-CN', { en: { title: ' Week one ', body: '', extra: 'x' } as never })).toEqual({ en: { title: 'Week one' } })
  expect(cleanTranslations('update', 'zh-CN', { en: { title: '', body: '  ' } })).toEqual({})
  expect(() => cleanTranslations('update', 'zh-CN', { 'zh-CN': { title: '第一周' } })).toThrow(InvalidTranslationError)
  expect(() => cleanTranslations('update', 'zh-CN', { en: { body: 'no title' } })).toThrow(/untitled/)
  expect(() => cleanTranslations('update', 'zh-CN', { fr: { title: 'Semaine' } } as never)).toThrow(/unknownLanguage/)
})

test('an edit form is filled with the stored other version', () => {
  expect(translatedValues('project', 'zh-CN', { en: { title: 'Free Lunch' } })).toEqual({ translatedTitle: 'Free Lunch', translatedSummary: '', translatedStory: '' })
  expect(translatedValues('budgetLine', 'en', {})).toEqual({ translatedLabel: '' })
})
