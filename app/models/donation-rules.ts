/** What a gift may be, shared by the donate page (in the browser) and the server's checks. */

/** Per-currency limits for one gift, in minor units. */
export const AMOUNT_LIMITS: Record<string, { min: bigint; max: bigint }> = {
  CNY: { min: 100n, max: 5_000_000n },
}
export const PRESET_AMOUNTS: Record<string, bigint[]> = { CNY: [2_000n, 5_000n, 10_000n, 20_000n] }

export type Refusal = 'projectNotFundraising' | 'organizationSuspended' | 'amountOutOfRange' | 'minor' | 'emailRequired' | 'adultRequired'
