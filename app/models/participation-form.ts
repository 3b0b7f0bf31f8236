/** The form that claims a sponsor's gift for taking part (ADR 0019): the same schema on both sides. */
import { z } from 'zod'

const common = {
  /** Where a browser without JavaScript goes back to. */
  back: z.string().max(2000).optional(),
  /** Set by the page's script: answer with data instead of a redirect. */
  mode: z.literal('fetch').optional(),
}

export const ParticipateSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.enum(['watch_update', 'read_disclosure']),
    item: z.uuid(),
    /** The disclosure page's signed opening time (read_disclosure only). */
    token: z.string().max(200).optional(),
    ...common,
  }),
  /** A visit through someone's share link (`?ref=`): the project page sends it after it loaded. */
  z.object({ intent: z.literal('share_visit'), ref: z.string().regex(/^[a-z0-9]{6,20}$/), ...common }),
])
