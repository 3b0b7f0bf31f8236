import { expect, test } from 'vitest'
import { z } from 'zod'
import { Fields, cleanText, parseForm } from './validation'

function form(entries: [string, string][]) {
  const data = new FormData()
  for (const [key, value] of entries) data.append(key, value)
  return data
}

test('field errors are i18n keys, keyed by field', () => {
  const schema = z.object({ email: Fields.email, password: Fields.newPassword, uscc: Fields.uscc })
  const result = parseForm(schema, form([['email', 'nope'], ['password', 'short'], ['uscc', '91350100M000100Y44']]))
  expect(result).toEqual({
    ok: false,
    errors: {
      email: ['validation.email'],
      password: ['validation.passwordTooShort'],
      uscc: ['validation.usccCheck'],
    },
  })
})

test('values are normalised: trimmed, lower-cased emails, typed USCCs', () => {
  const schema = z.object({ email: Fields.email, uscc: Fields.uscc, name: Fields.displayName })
  const result = parseForm(schema, form([['email', ' Li@Example.COM '], ['uscc', '9135 0100-m000100y43'], ['name', ' 李想 ']]))
  expect(result).toEqual({ ok: true, data: { email: 'li@example.com', uscc: '91350100M000100Y43', name: '李想' } })
})

test('common and repetitive passwords are refused', () => {
  for (const weak of ['woaini1314', 'aaaaaaaaaaaa', 'ababababab']) {
    expect(Fields.newPassword.safeParse(weak).success, weak).toBe(false)
  }
  expect(Fields.newPassword.safeParse('correct horse battery').success).toBe(true)
})

test('repeated keys become arrays; missing and huge values are reported', () => {
  const schema = z.object({ causes: Fields.categories, name: Fields.displayName })
  expect(parseForm(schema, form([['causes', 'education'], ['causes', 'heritage'], ['name', 'x']]))).toEqual({
    ok: true,
    data: { causes: ['education', 'heritage'], name: 'x' },
  })
  expect(parseForm(schema, form([['causes', 'casino'], ['name', 'x'.repeat(61)]]))).toEqual({
    ok: false,
    errors: { causes: ['validation.invalid'], name: ['validation.tooLong'] },
  })
  expect(parseForm(schema, form([]))).toMatchObject({ ok: false, errors: { causes: ['validation.chooseOne'], name: ['validation.required'] } })
})

test('text fields drop bidirectional override and isolate controls, which would reverse what a page shows after a name', () => {
  expect(cleanText('Bob\u202E')).toBe('Bob')
  expect(cleanText(' \u2067مرحبا\u2069 ')).toBe('مرحبا')
  const name = Fields.optionalText(60).safeParse('\u202E\u202D')
  expect(name.success && name.data).toBeUndefined()
  // Arabic and Hebrew need no controls and are kept as typed.
  expect(Fields.text(60).safeParse('שלום عالم').data).toBe('שלום عالم')
})

test('text made only of invisible characters is empty: a required field says so, an optional one is left out', () => {
  // Zero-width space, no-break space, ideographic space, left-to-right mark: nothing a reader would see.
  const invisible = '\u200B\u00A0\u3000\u200E'
  expect(cleanText(invisible)).toBe('')
  expect(cleanText('\uFEFFFree\u200B Lunch\u2060')).toBe('Free Lunch')
  // Joiners inside an emoji sequence stay: they are part of what is shown.
  expect(cleanText('👩\u200D👧')).toBe('👩\u200D👧')
  expect(Fields.text(80).safeParse(invisible).error?.issues.map((i) => i.message)).toEqual(['validation.required'])
  const optional = Fields.optionalText(80).safeParse(invisible)
  expect(optional.success && optional.data).toBeUndefined()
})
