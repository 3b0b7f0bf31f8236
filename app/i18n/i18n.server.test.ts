import { expect, test } from 'vitest'
import { detectLanguage, getFixedT, languageCookie } from './i18n.server'
import { en } from './locales/en'
import { zhCN } from './locales/zh-CN'

function request(headers: Record<string, string>) {
  return new Request('http://localhost/', { headers })
}

test('Accept-Language picks the language, loosely', async () => {
  expect(await detectLanguage(request({ 'Accept-Language': 'en-GB,en;q=0.9' }))).toBe('en')
  expect(await detectLanguage(request({ 'Accept-Language': 'zh-TW,zh;q=0.9,en;q=0.5' }))).toBe('zh-CN')
  expect(await detectLanguage(request({ 'Accept-Language': 'fr-FR,en;q=0.4' }))).toBe('en')
})

test('Chinese is the default when nothing matches', async () => {
  expect(await detectLanguage(request({}))).toBe('zh-CN')
  expect(await detectLanguage(request({ 'Accept-Language': 'de' }))).toBe('zh-CN')
})

test('the cookie wins over the header, and junk in it is ignored', async () => {
  const cookie = await languageCookie.serialize('en')
  const chosen = request({ Cookie: cookie, 'Accept-Language': 'zh-CN' })
  expect(await detectLanguage(chosen)).toBe('en')
  const junk = await languageCookie.serialize('<script>')
  expect(await detectLanguage(request({ Cookie: junk, 'Accept-Language': 'en' }))).toBe('en')
})

test('both languages translate every key, with plurals and interpolation', async () => {
  const t = await getFixedT(request({ 'Accept-Language': 'en' }))
  expect(t('project.donations', { count: 1 })).toBe('1 donation')
  expect(t('project.donations', { count: 3 })).toBe('3 donations')
  const zh = await getFixedT(request({ 'Accept-Language': 'zh-CN' }))
  expect(zh('project.donations', { count: 3 })).toBe('3 人次捐款')
  expect(zh('errors.notFound.title')).toBe(zhCN.errors.notFound.title)
})

test('no translation is left empty or untranslated in Chinese', () => {
  const flat = (value: unknown, prefix = ''): [string, string][] =>
    typeof value === 'string'
      ? [[prefix, value]]
      : Object.entries(value as object).flatMap(([k, v]) => flat(v, prefix ? `${prefix}.${k}` : k))
  const english = new Map(flat(en))
  for (const [key, value] of flat(zhCN)) {
    expect(value.trim(), key).not.toBe('')
    // Brand-neutral strings may coincide; whole sentences must not.
    if (value.length > 12) expect(value, key).not.toBe(english.get(key))
  }
})

test('an embedded widget takes ?lang= first; no other page does', async () => {
  const at = (url: string, headers: Record<string, string> = {}) => detectLanguage(new Request(url, { headers }))
  expect(await at('http://localhost/embed/projects/x?lang=en', { 'Accept-Language': 'zh-CN' })).toBe('en')
  expect(await at('http://localhost/embed/projects/x?lang=zh', { 'Accept-Language': 'en' })).toBe('zh-CN')
  expect(await at('http://localhost/embed/projects/x?lang=fr', { 'Accept-Language': 'en' })).toBe('en')
  expect(await at('http://localhost/projects/x?lang=en', { 'Accept-Language': 'zh-CN' })).toBe('zh-CN')
})
