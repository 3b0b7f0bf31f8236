import { expect, test } from 'vitest'
import { englishQuery, likePattern } from './search'

test('an English query is the words typed, each a prefix, all required', () => {
  expect(englishQuery('lunch')).toBe('lunch:*')
  expect(englishQuery('Free Lun')).toBe('free:* & lun:*')
  expect(englishQuery('  stray-animal  rescue ')).toBe('stray:* & animal:* & rescue:*')
})

test("tsquery's operators and quotes in what a reader types are dropped, never interpreted", () => {
  expect(englishQuery("lunch & !school | (kitchen):* <-> 'x'")).toBe('lunch:* & school:* & kitchen:* & x:*')
  expect(englishQuery('&|!():*<->')).toBeNull()
  expect(englishQuery("o'brien")).toBe('o:* & brien:*')
  expect(englishQuery('')).toBeNull()
})

test('Chinese leaves no English words (the trigram search handles it); mixed input keeps the English', () => {
  expect(englishQuery('免费午餐')).toBeNull()
  expect(englishQuery('午餐 lunch')).toBe('lunch:*')
  expect(englishQuery('café')).toBe('caf:*')
})

test('at most eight words are searched', () => {
  expect(englishQuery('a b c d e f g h i j')!.split(' & ')).toHaveLength(8)
})

test('LIKE wildcards in a search term are escaped', () => {
  expect(likePattern('100%_\\')).toBe('%100\\%\\_\\\\%')
})
