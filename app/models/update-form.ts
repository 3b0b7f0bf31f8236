/**
 * The update form, for a new update and a correction (shared by the page and the action: no
 * `.server`): a title and body in the language the update is written in, and optionally the
 * other language's beside them (ADR 0021).
 */
import { z } from 'zod'
import { checkTranslation, translatedName, translationShape } from '~/content/translation-form'
import { Fields } from '~/utils/validation'

export const UPDATE_LIMITS = { title: 120, body: 10_000 } as const

export const UpdateSchema = z
  .object({
    title: Fields.text(UPDATE_LIMITS.title),
    body: Fields.text(UPDATE_LIMITS.body),
    ...translationShape('update', UPDATE_LIMITS),
  })
  .superRefine(checkTranslation('update'))

/** The text fields an update form puts back after an error. */
export const UPDATE_FIELDS = ['title', 'body', 'contentLanguage', translatedName('title'), translatedName('body')]
