/**
 * Dates are formatted on the server, in the reader's language and China Standard Time, so the
 * browser's ICU data cannot make the hydrated page differ from the server's.
 */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai'

export function dateFormatter(language: string, { withTime = false }: { withTime?: boolean } = {}) {
  const format = new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: DISPLAY_TIME_ZONE,
  })
  return (value: Date | string | null | undefined) => (value ? format.format(new Date(value)) : '')
}
