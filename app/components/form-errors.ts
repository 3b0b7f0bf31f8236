import type { TFunction } from 'i18next'

type Untyped = (key: string, options?: Record<string, unknown>) => string

/**
 * Translates the validation keys an action (or the browser's validation) gave one field. A key may
 * carry its own values (`key|{"max":"¥50,000"}`, see `withParams` in utils/validation.ts).
 */
export function translateErrors(t: TFunction, keys: string[] | undefined | null, values?: Record<string, unknown>) {
  return keys?.map((entry) => {
    const bar = entry.indexOf('|')
    if (bar === -1) return (t as unknown as Untyped)(entry, values)
    let own: Record<string, unknown> = {}
    try {
      own = JSON.parse(entry.slice(bar + 1)) as Record<string, unknown>
    } catch {
      // A malformed suffix is ignored: the key alone still reads.
    }
    return (t as unknown as Untyped)(entry.slice(0, bar), { ...values, ...own })
  })
}
