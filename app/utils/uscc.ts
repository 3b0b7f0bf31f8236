/**
 * Unified Social Credit Code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * alphabet (no I, O, Z, S, V); the last is a check character computed from the first 17 with
 * weights 3^i mod 31. https://openstd.samr.gov.cn/bzgk/gb/newGbInfo?hcno=24691C25985C1073D3A7C85629378AC0
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/

/** The check character for the first 17 characters, or null if they use a forbidden character. */
export function usccCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]!)
    if (value < 0) return null
    sum += value * WEIGHTS[i]!
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!
}

export function isValidUscc(code: string): boolean {
  if (!USCC_PATTERN.test(code)) return false
  return usccCheckCharacter(code.slice(0, 17)) === code[17]
}

/** Upper-cases and strips spaces, as people type codes from certificates. */
export function normalizeUscc(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase()
}
