import type { TFunction } from 'i18next'

type Untyped = (key: string, options?: Record<string, unknown>) => string

/** Translates the validation keys an action returned for one field. */
export function translateErrors(t: TFunction, keys: string[] | undefined, values?: Record<string, unknown>) {
  return keys?.map((key) => (t as unknown as Untyped)(key, values))
}
