/**
 * The values of the schema's enums as plain constants, so that pages and forms (which run in the
 * browser) can use them without importing db/schema.ts — and with it drizzle — into the client
 * bundle. db/schema.ts builds its pgEnums from these; `npm test` checks no client chunk has drizzle.
 */

export const organizationStatuses = ['pending', 'approved', 'rejected', 'suspended'] as const
export type OrganizationStatus = (typeof organizationStatuses)[number]

/** The categories of DESIGN.md, in the order the discover page shows them. */
export const projectCategories = [
  'education',
  'disaster_relief',
  'rare_disease',
  'serious_illness',
  'environment',
  'animal_protection',
  'heritage',
  'rural_development',
  'charity_culture',
] as const
export type ProjectCategory = (typeof projectCategories)[number]

export const updateEmailModes = ['each', 'daily', 'off'] as const

export const reportTargets = ['project', 'update', 'supporter_video', 'donation_message', 'organization'] as const
export type ReportTarget = (typeof reportTargets)[number]

export const reportReasons = ['fraud', 'spam', 'harassment', 'hate', 'violence', 'sexual', 'privacy', 'misinformation', 'other'] as const
export type ReportReason = (typeof reportReasons)[number]

export const moderationActions = ['dismiss', 'hide', 'restore', 'remove', 'warn', 'suspend'] as const
export type ModerationAction = (typeof moderationActions)[number]
