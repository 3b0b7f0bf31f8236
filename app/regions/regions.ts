/**
 * Regions as data (GB/T 2260): the 34 provincial-level divisions and the prefecture-level cities
 * Sunlight's projects name, with Chinese and English names (`gb2260.json`; the npm lists of all
 * divisions carry no English names). A project keeps the place its organisation typed (`region`, e.g.
 * 河南省太康县) and the division it lies in (`region_code`), which discover filters by.
 */
import data from './gb2260.json'

export interface Region {
  code: string
  zh: string
  short: string
  en: string
  /** The province of a city; null for a province and for nationwide. */
  parent: string | null
}

const nationwide: Region = { ...data.nationwide, parent: null }
const list: Region[] = [nationwide]
for (const province of data.provinces) {
  list.push({ code: province.code, zh: province.zh, short: province.short, en: province.en, parent: null })
  for (const city of province.cities ?? []) list.push({ ...city, parent: province.code })
}

export const REGIONS: readonly Region[] = list
const byCode = new Map(list.map((region) => [region.code, region]))

export const NATIONWIDE = nationwide.code

export function regionByCode(code: string | null | undefined): Region | null {
  return code ? (byCode.get(code) ?? null) : null
}

/** "凉山彝族自治州, 四川省" / "Liangshan, Sichuan": a city with its province, in the reader's language. */
export function regionName(code: string | null | undefined, language: string): string | null {
  const region = regionByCode(code)
  if (!region) return null
  const name = (r: Region) => (language.startsWith('zh') ? r.zh : r.en)
  const parent = regionByCode(region.parent)
  return parent ? (language.startsWith('zh') ? `${name(parent)}${name(region)}` : `${name(region)}, ${name(parent)}`) : name(region)
}

/**
 * The division a free-text place lies in: the most specific city named, else the province, else
 * nationwide for 全国/全国性, else null. "四川·凉山" → 513400, "河南省太康县" → 410000, "北京" → 110000.
 */
export function regionFromText(text: string | null | undefined): string | null {
  const place = (text ?? '').trim()
  if (!place) return null
  if (/^全国/.test(place) || /^nation/i.test(place)) return NATIONWIDE
  const province = list.find((r) => r.parent === null && r.code !== NATIONWIDE && (place.startsWith(r.short) || place.toLowerCase().startsWith(r.en.toLowerCase())))
  const cities = list.filter((r) => r.parent !== null && (province ? r.parent === province.code : true))
  const city = cities.find((r) => place.includes(r.short) || place.toLowerCase().includes(r.en.toLowerCase()))
  return city?.code ?? province?.code ?? null
}

/** A division and every division inside it (a province's cities), for a filter by province. */
export function regionAndInside(code: string): string[] {
  return list.filter((r) => r.code === code || r.parent === code).map((r) => r.code)
}
