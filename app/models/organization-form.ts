/**
 * The organisation's own words — name, description, region — as its application and its profile
 * editor take them (shared by page and action: no `.server`): the name and description in the
 * language they are written in and optionally in the other (ADR 0021); the region as typed and as
 * a GB/T 2260 division from the list.
 */
import { z } from 'zod'
import { checkTranslation, translatedName, translationShape } from '~/content/translation-form'
import { regionByCode } from '~/regions/regions'
import { Fields } from '~/utils/validation'

export const ORGANIZATION_LIMITS = { name: 120, description: 2000 } as const

export const OrganizationProfileFields = {
  name: Fields.text(ORGANIZATION_LIMITS.name),
  description: Fields.text(ORGANIZATION_LIMITS.description),
  region: Fields.text(60),
  // A division from the list, or none (then it is read from the place typed).
  regionCode: z
    .string()
    .optional()
    .refine((code) => !code || regionByCode(code) !== null, 'validation.chooseOne'),
  ...translationShape('organization', ORGANIZATION_LIMITS),
}

export const checkOrganizationTranslation = checkTranslation('organization')

export const OrganizationProfileSchema = z.object(OrganizationProfileFields).superRefine(checkOrganizationTranslation)

export const PROFILE_FIELDS = ['name', 'description', 'region', 'regionCode', 'contentLanguage', translatedName('name'), translatedName('description')]
