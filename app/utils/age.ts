/**
 * The age rule: people under 18 may follow projects but not pay (DESIGN.md, "Trust and safety").
 * Decided by the day of birth in China time — someone born on 2008-12-01 is 17 until 2026-12-01.
 */
export const ADULT_AGE = 18

/** Today's date in China time, as YYYY-MM-DD. */
export function chinaToday(now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** Whole years between a birth date (YYYY-MM-DD) and `now`. */
export function ageOn(birthDate: string, now = new Date()) {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = chinaToday(now).split('-').map(Number) as [number, number, number]
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
}

/** Under 18 (an account without a birth date is not judged here: signup always asks for one). */
export function isMinor(birthDate: string | null | undefined, now = new Date()) {
  return Boolean(birthDate) && ageOn(birthDate!, now) < ADULT_AGE
}
