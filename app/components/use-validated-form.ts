/**
 * Forms through one schema layer (STYLE.md, "Validation and errors"): the same zod schema checks a
 * form in the browser (Conform, before it is sent) and on the server (`readSubmission`). Errors are
 * i18n keys, translated where they are shown; on a failed submit Conform moves focus to the first
 * invalid field. Without JavaScript the server's answer shows the same errors.
 */
import { useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { z } from 'zod'

export function useValidatedForm<S extends z.ZodType>(schema: S, lastResult: SubmissionResult<string[]> | null | undefined, options: { id?: string } = {}) {
  // Field names are the schema's output keys (a preprocessed schema's input is `unknown`).
  return useForm<{ [K in keyof z.output<S>]: unknown } & Record<string, unknown>, z.output<S>, string[]>({
    id: options.id,
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
}
