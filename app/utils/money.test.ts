import { expect, test } from 'vitest'
import { formatMoney, parseMoney, percentOf, readAmount, toDecimalString } from './money'

test('decimal strings are exact, even beyond 2^53', () => {
  expect(toDecimalString(123456n, 'CNY')).toBe('1234.56')
  expect(toDecimalString(5n, 'CNY')).toBe('0.05')
  expect(toDecimalString(-150n, 'CNY')).toBe('-1.50')
  expect(toDecimalString(900719925474099312n, 'CNY')).toBe('9007199254740993.12')
  expect(toDecimalString(500n, 'JPY')).toBe('500')
})

test('formats in both languages, whole amounts without decimals', () => {
  expect(formatMoney(30_000_000n, 'CNY', 'zh-CN')).toBe('¥300,000')
  expect(formatMoney(1250n, 'CNY', 'en')).toBe('¥12.50')
  expect(formatMoney(1_500_000_000n, 'CNY', 'zh-CN', { compact: true })).toBe('¥1500万')
  expect(formatMoney(1_500_000_000n, 'CNY', 'en', { compact: true })).toBe('¥15M')
})

test('parses typed amounts into minor units or refuses them', () => {
  expect(parseMoney('50', 'CNY')).toBe(5000n)
  expect(parseMoney('1,000.5', 'CNY')).toBe(100050n)
  expect(parseMoney(' 0.01 ', 'CNY')).toBe(1n)
  expect(parseMoney('1.001', 'CNY')).toBeNull()
  expect(parseMoney('-5', 'CNY')).toBeNull()
  expect(parseMoney('1e3', 'CNY')).toBeNull()
  expect(parseMoney('', 'CNY')).toBeNull()
})

test('one way to read money: full-width digits, ¥ and 元, thousands commas — and "100,00" refused, never misread', () => {
  const read = (text: string) => readAmount(text, 'CNY')
  expect(read('５０')).toEqual({ ok: true, minor: 5000n })
  expect(read('１，０００．５０')).toEqual({ ok: true, minor: 100050n })
  expect(read('¥50')).toEqual({ ok: true, minor: 5000n })
  expect(read('￥ 88.8')).toEqual({ ok: true, minor: 8880n })
  expect(read('200元')).toEqual({ ok: true, minor: 20000n })
  expect(read('12,345,678')).toEqual({ ok: true, minor: 1234567800n })
  // Ambiguous or wrong: a message, no amount.
  expect(read('100,00')).toEqual({ ok: false, problem: 'amountFormat' })
  expect(read('1.000,50')).toEqual({ ok: false, problem: 'amountFormat' })
  expect(read('1,00,000')).toEqual({ ok: false, problem: 'amountFormat' })
  expect(read('1 000')).toEqual({ ok: false, problem: 'amountFormat' })
  expect(read('1.001')).toEqual({ ok: false, problem: 'amountDecimals' })
  expect(read('abc')).toEqual({ ok: false, problem: 'amount' })
  expect(read('-5')).toEqual({ ok: false, problem: 'amount' })
  expect(read('1e3')).toEqual({ ok: false, problem: 'amount' })
  expect(readAmount('1.5', 'JPY')).toEqual({ ok: false, problem: 'amountDecimals' })
})

test('percent is floored and capped', () => {
  expect(percentOf(2_999n, 10_000n)).toBe(29)
  expect(percentOf(50n, 0n)).toBe(0)
  expect(percentOf(10n ** 12n, 1n)).toBe(999)
})
