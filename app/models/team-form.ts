/** The "start a team" form's one schema, in the browser (Conform) and on the server. */
import { z } from 'zod'
import { AmountSchema, Fields } from '~/utils/validation'

/** A team's goal, in minor units: from ¥10 to ¥10,000,000 (a team of many gifts may aim above one gift's ceiling). */
export const TEAM_GOAL_LIMITS: Record<string, { min: bigint; max: bigint }> = { CNY: { min: 1_000n, max: 1_000_000_000n } }

export function teamSchema(currency: string, format: (minor: bigint) => string) {
  const limits = TEAM_GOAL_LIMITS[currency] ?? TEAM_GOAL_LIMITS.CNY!
  return z.object({
    name: Fields.text(60),
    goal: AmountSchema(currency, { ...limits, format }),
    message: Fields.optionalText(500),
    showStarter: Fields.checkbox,
    /** A running giving day's slug, or empty for none. */
    campaign: z
      .string()
      .max(80, 'validation.tooLong')
      .optional()
      .transform((value) => value?.trim() || undefined),
    website: Fields.honeypot,
  })
}
