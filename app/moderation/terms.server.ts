/** The term list the automatic pass uses: MODERATION_TERMS_FILE when set (read once), else the built-in one. */
import { readFileSync } from 'node:fs'
import { getEnv } from '~/utils/env.server'
import { DEFAULT_TERMS, parseTermList, screenText, type ScreenFlag } from './screen'

let terms: readonly string[] | undefined

export function moderationTerms(): readonly string[] {
  if (terms) return terms
  const file = getEnv().MODERATION_TERMS_FILE
  terms = file ? parseTermList(readFileSync(file, 'utf8')) : DEFAULT_TERMS
  return terms
}

/** Screens every piece of submitted text of one item together. */
export function screen(...texts: (string | null | undefined)[]): ScreenFlag[] {
  return screenText(texts.filter(Boolean).join('\n'), moderationTerms())
}
