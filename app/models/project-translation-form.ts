/**
 * The form that adds or corrects a project's version in the other language after it left draft
 * (ADR 0021): the title, summary and story, and each budget line's label. The original is not
 * editable here — it is what was approved. Shared by the browser and the server.
 */
import { z } from 'zod'
import { checkTranslation } from '~/content/translation-form'
import { Fields } from '~/utils/validation'

export const projectTranslationSchema = z
  .object({
    // The form says what it is: a body without it (a stray or hostile post) is refused, never read
    // as "every field emptied".
    intent: z.literal('saveTranslation', { message: 'validation.invalid' }),
    translatedTitle: Fields.optionalText(80),
    translatedSummary: Fields.optionalText(200),
    translatedStory: Fields.optionalText(20_000),
    lines: z
      .array(z.object({ id: z.string().uuid('validation.invalid'), translatedLabel: Fields.optionalText(120) }))
      .max(50)
      .optional(),
  })
  .superRefine(checkTranslation('project'))
