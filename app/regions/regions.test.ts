import { expect, test } from 'vitest'
import { NATIONWIDE, REGIONS, regionAndInside, regionByCode, regionFromText, regionName } from './regions'

test('the 34 provincial-level divisions, each with a six-digit code ending 0000 and both names', () => {
  const provinces = REGIONS.filter((r) => r.parent === null && r.code !== NATIONWIDE)
  expect(provinces).toHaveLength(34)
  for (const region of REGIONS) {
    expect(region.code).toMatch(/^\d{6}$/)
    expect(region.zh.length).toBeGreaterThan(0)
    expect(region.en).toMatch(/^[A-Z]/)
    if (region.parent) expect(region.code.slice(0, 2)).toBe(region.parent.slice(0, 2))
    else if (region.code !== NATIONWIDE) expect(region.code).toMatch(/0000$/)
  }
  expect(new Set(REGIONS.map((r) => r.code)).size).toBe(REGIONS.length)
})

test('free text is read as the most specific division it names', () => {
  expect(regionFromText('四川·凉山')).toBe('513400')
  expect(regionFromText('四川省成都市')).toBe('510100')
  expect(regionFromText('河南省太康县')).toBe('410000')
  expect(regionFromText('河南·周口')).toBe('411600')
  expect(regionFromText('内蒙古·巴彦淖尔')).toBe('150800')
  expect(regionFromText('北京')).toBe('110000')
  expect(regionFromText('广东·深圳')).toBe('440300')
  expect(regionFromText('全国')).toBe(NATIONWIDE)
  expect(regionFromText('Sichuan')).toBe('510000')
  expect(regionFromText('')).toBeNull()
  expect(regionFromText('Atlantis')).toBeNull()
})

test('names in the reader’s language; a province’s filter covers its cities', () => {
  expect(regionName('513400', 'zh-CN')).toBe('四川省凉山彝族自治州')
  expect(regionName('513400', 'en')).toBe('Liangshan, Sichuan')
  expect(regionName('110000', 'en')).toBe('Beijing')
  expect(regionName('999999', 'en')).toBeNull()
  expect(regionAndInside('510000').sort()).toEqual(['510000', '510100', '513400'])
  expect(regionByCode('440300')?.parent).toBe('440000')
})
