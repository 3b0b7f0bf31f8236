/** The form that claims a sponsor's gift for taking part (ADR 0019): the same schema on both sides. */
import { z } from 'zod'

export const ParticipateSchema = z.object({
  intent: z.enum(['watch_update', 'read_disclosure']),
  item: z.uuid(),
  /** The disclosure page's signed opening time (read_disclosure only). */
  token: z.string().max(200).optional(),
  /** Where a browser without JavaScript goes back to. */
  back: z.string().max(2000).optional(),
  /** Set by the page's script: answer with data instead of a redirect. */
  mode: z.literal('fetch').optional(),
})
