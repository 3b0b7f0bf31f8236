import { expect, test } from 'vitest'
import { localize, prefersOriginal, translationIn } from './localized'

const project = {
  title: '免费午餐',
  summary: '为乡村学校提供午餐',
  story: '长故事',
  contentLanguage: 'zh-CN',
  translations: { en: { title: 'Free Lunch', summary: 'Hot lunches for village schools', story: '' } },
}
const fields = ['title', 'summary', 'story'] as const

test('a reader of the other language gets the translation, field by field over the original', () => {
  const shown = localize(project, fields, 'en')
  expect(shown).toMatchObject({ title: 'Free Lunch', summary: 'Hot lunches for village schools', story: '长故事' })
  expect(shown).toMatchObject({ shownLanguage: 'en', contentLanguage: 'zh-CN', untranslated: false, canSwitch: true })
})

test('a reader of the original language gets the original, and may switch to the translation', () => {
  expect(localize(project, fields, 'zh-CN')).toMatchObject({ title: '免费午餐', shownLanguage: 'zh-CN', untranslated: false, canSwitch: true })
})

test('"show the original" wins over the translation', () => {
  expect(localize(project, fields, 'en', { prefer: 'original' })).toMatchObject({ title: '免费午餐', shownLanguage: 'zh-CN', untranslated: false, canSwitch: true })
})

test('content with no version in the reader\'s language is shown in its original, marked', () => {
  const only = { ...project, translations: {} }
  expect(localize(only, fields, 'en')).toMatchObject({ title: '免费午餐', shownLanguage: 'zh-CN', untranslated: true, canSwitch: false })
  // A version without its title does not count: a page would mix languages in its heading.
  const noTitle = { ...project, translations: { en: { summary: 'Only a summary' } } }
  expect(localize(noTitle, fields, 'en')).toMatchObject({ title: '免费午餐', summary: '为乡村学校提供午餐', untranslated: true })
})

test('English originals read in Chinese the same way', () => {
  const en = { title: 'Stray rescue', summary: 's', story: '', contentLanguage: 'en', translations: { 'zh-CN': { title: '流浪动物救助' } } }
  expect(localize(en, fields, 'zh-CN')).toMatchObject({ title: '流浪动物救助', summary: 's', shownLanguage: 'zh-CN' })
  expect(localize(en, fields, 'en')).toMatchObject({ title: 'Stray rescue', shownLanguage: 'en' })
})

test('malformed stored translations are ignored, not trusted', () => {
  expect(translationIn('nonsense', 'en', fields)).toBeUndefined()
  expect(translationIn({ en: { title: 42, summary: '  ' } }, 'en', fields)).toBeUndefined()
  expect(localize({ ...project, contentLanguage: 'xx', translations: null }, fields, 'en')).toMatchObject({ title: '免费午餐', contentLanguage: 'zh-CN' })
})

test('prefersOriginal reads ?original=1', () => {
  expect(prefersOriginal('/projects/x?original=1')).toBe(true)
  expect(prefersOriginal('/projects/x')).toBe(false)
})
