/**
 * Search terms as the database takes them (ADR 0021): Chinese by trigram `ilike` on the text as
 * today, English by words and prefixes against the English search vector (`projects.search_en`).
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm'

/** LIKE pattern for a search term, with its wildcards escaped. */
export function likePattern(term: string) {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

const MAX_WORDS = 8

/**
 * A `to_tsquery('english', …)` text from what a reader typed: its words (letters and digits only,
 * so tsquery's operators — & | ! ( ) : * < - > and quotes — are dropped, never interpreted), each a
 * prefix, all required. "Free Lun" → "free:* & lun:*". Null when no word is left (no English filter).
 */
export function englishQuery(input: string): string | null {
  const words = input
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && /[a-z0-9]/.test(word))
    .map((word) => word.replace(/[^a-z0-9]/g, ''))
    .filter((word) => word !== '')
    .slice(0, MAX_WORDS)
  return words.length ? words.map((word) => `${word}:*`).join(' & ') : null
}

/**
 * The condition for a reader's search `q`: the text (Chinese, or anything, by substring) or, when
 * `q` has English words, the English search vector by words and prefixes. Parenthesised.
 */
export function textSearchCondition(q: string, text: SQLWrapper, searchEn?: SQLWrapper): SQL {
  const like = sql`${text} ilike ${likePattern(q)}`
  const english = searchEn ? englishQuery(q) : null
  return english ? sql`(${like} or ${searchEn} @@ to_tsquery('english', ${english}))` : sql`(${like})`
}
