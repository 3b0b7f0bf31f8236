/**
 * Money is an integer number of minor units (bigint) plus an ISO 4217 currency code. These helpers
 * format and convert it without ever passing through a float.
 */

// Intl constructors are expensive (tens of microseconds each): keep one per distinct configuration.
const digitsCache = new Map<string, number>()
const formatters = new Map<string, Intl.NumberFormat>()

/** Minor-unit digits of a currency (CNY 2, JPY 0), as Intl knows them. */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency)
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
    digitsCache.set(currency, digits)
  }
  return digits
}

/** The exact decimal string of an amount: 123456n CNY → "1234.56". */
export function toDecimalString(minor: bigint, currency: string): string {
  const digits = minorDigits(currency)
  const negative = minor < 0n
  const abs = negative ? -minor : minor
  if (digits === 0) return `${negative ? '-' : ''}${abs}`
  const scale = 10n ** BigInt(digits)
  const whole = abs / scale
  const fraction = (abs % scale).toString().padStart(digits, '0')
  return `${negative ? '-' : ''}${whole}.${fraction}`
}

/**
 * Formats for people: whole amounts without decimals (¥300,000), others exactly (¥12.50).
 * Intl formats the decimal string exactly (ECMA-402 "Intl.NumberFormat v3"), so no precision is lost.
 */
export function formatMoney(
  minor: bigint,
  currency: string,
  locale: string,
  options: { compact?: boolean } = {},
): string {
  const digits = minorDigits(currency)
  const whole = minor % 10n ** BigInt(digits) === 0n
  const key = `${locale}|${currency}|${whole}|${Boolean(options.compact)}`
  let formatter = formatters.get(key)
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: whole || options.compact ? 0 : digits,
      maximumFractionDigits: options.compact ? 1 : digits,
      notation: options.compact ? 'compact' : 'standard',
    })
    formatters.set(key, formatter)
  }
  return formatter.format(toDecimalString(minor, currency) as Intl.StringNumericLiteral)
}

/** Why a typed amount is refused (an i18n key under `validation.`), for the form to say. */
export type AmountProblem = 'amount' | 'amountFormat' | 'amountDecimals'

/**
 * Parses what a person typed into minor units — the one way money is read (forms and tests use it
 * through `AmountSchema`). Deliberate about what people type in China and elsewhere:
 *   full-width digits and punctuation (５０．５ → 50.5), a leading ¥ or ￥ and a trailing 元,
 *   a decimal point, and commas only as thousands separators (1,000.50; 1，000).
 * Anything ambiguous is refused, never guessed: "100,00" (a European decimal comma, or a typo?),
 * "1.000,50", "1 000", exponents, signs, more decimals than the currency has.
 */
export function readAmount(input: string, currency: string): { ok: true; minor: bigint } | { ok: false; problem: AmountProblem } {
  const digits = minorDigits(currency)
  const text = input
    .normalize('NFKC') // full-width digits, ．，￥ become their ASCII forms
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/\s*(元|圆|块|RMB|CNY)$/i, '')
  if (!text) return { ok: false, problem: 'amount' }
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) return { ok: false, problem: /^[\d.,\s]+$/.test(text) ? 'amountFormat' : 'amount' }
  const whole = match[1]!.replace(/,/g, '')
  const fraction = match[2] ?? ''
  if (whole.length > 15) return { ok: false, problem: 'amount' }
  if (fraction.length > digits) return { ok: false, problem: 'amountDecimals' }
  return { ok: true, minor: BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0') }
}

/** Parses what a person typed into minor units, or null (see `readAmount` for the rules). */
export function parseMoney(input: string, currency: string): bigint | null {
  const read = readAmount(input, currency)
  return read.ok ? read.minor : null
}

/** Whole percent of a goal reached, floored, capped at 999 for display. */
export function percentOf(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0
  const percent = (part * 100n) / whole
  return Number(percent > 999n ? 999n : percent < 0n ? 0n : percent)
}
