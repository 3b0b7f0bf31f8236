import { expect, test } from 'vitest'
import { isValidUscc, normalizeUscc, usccCheckCharacter } from './uscc'

const REAL_CODES = [
  '91350100M000100Y43', // the worked example widely cited for GB 32100-2015
  '53100000500021676K', // a foundation-type code (5 = civil affairs, 3 = foundation), checked by hand
]

test('accepts codes whose check character is right', () => {
  for (const code of REAL_CODES) expect(isValidUscc(code)).toBe(true)
})

test('rejects a wrong check character', () => {
  expect(isValidUscc('91350100M000100Y44')).toBe(false)
  expect(isValidUscc('53100000500021676X')).toBe(false)
})

test('rejects forbidden letters and wrong lengths', () => {
  expect(isValidUscc('91350100M000100YI3')).toBe(false)
  expect(isValidUscc('91350100M000100Y4')).toBe(false)
  expect(isValidUscc('91350100m000100y43')).toBe(false)
  expect(usccCheckCharacter('9135010OM000100Y')).toBeNull()
})

test('normalises what people type', () => {
  expect(normalizeUscc(' 9135 0100-m000100y43 ')).toBe('91350100M000100Y43')
})
