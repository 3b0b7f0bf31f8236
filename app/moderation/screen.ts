/**
 * The automatic first pass over submitted text: a configurable term list, link spam and repetition.
 * Pure and synchronous, so every submission path can run it inside its own transaction. A flagged
 * item is not refused — it waits for a moderator instead of publishing (docs/moderation.md).
 */

export type ScreenFlag =
  | { kind: 'term'; detail: string }
  | { kind: 'links'; detail: string }
  | { kind: 'shortener'; detail: string }
  | { kind: 'repetition'; detail: string }
  | { kind: 'contact'; detail: string }
  | { kind: 'blockedMedia'; detail: string }

/**
 * The built-in terms: solicitations that move donors off the platform (the commonest charity fraud),
 * gambling and adult spam. Deployments replace it with MODERATION_TERMS_FILE.
 */
export const DEFAULT_TERMS = [
  '私下转账',
  '转账到个人',
  '加微信转账',
  '个人收款码',
  '代开发票',
  '刷单',
  '博彩',
  '赌博',
  '六合彩',
  '色情',
  '裸聊',
  '贷款秒批',
  'casino',
  'gambling',
  'betting tips',
  'crypto giveaway',
  'send money to my personal account',
  'porn',
]

/** Link shorteners hide where a link goes; in charity text they are a spam signal on their own. */
const SHORTENERS = ['bit.ly', 't.cn', 'tinyurl.com', 'goo.gl', 'is.gd', 'ow.ly', 'dwz.cn', 'url.cn', 'suo.im', 'cutt.ly']

const MAX_LINKS = 3
const URL_PATTERN = /\bhttps?:\/\/[^\s<>()]+|\bwww\.[^\s<>()]+/gi
/** One character 10+ times, or a 2–20 character run repeated 5+ times back to back. */
const REPEATED_CHAR = /(.)\1{9,}/u
const REPEATED_RUN = /(.{2,20}?)\1{4,}/su
/** A WeChat id or QQ number offered for "contact me privately" — moving money off-platform. */
const CONTACT = /(?:微信|vx|wx|wechat|qq)\s*[:：号]?\s*[a-z0-9_-]{5,}/i

/** Lower case, full-width folded (NFKC) and without spaces, so "博 彩" and "ＣＡＳＩＮＯ" still match. */
export function normalise(text: string) {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\u200b-\u200d\ufeff]+/g, '')
}

export function parseTermList(source: string): string[] {
  return source
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean)
}

/** Everything the pass found in `text` (empty when it is clean). */
export function screenText(text: string, terms: readonly string[] = DEFAULT_TERMS): ScreenFlag[] {
  const flags: ScreenFlag[] = []
  const flat = normalise(text)
  for (const term of terms) {
    const needle = normalise(term)
    if (needle && flat.includes(needle)) flags.push({ kind: 'term', detail: term })
  }
  const links = text.match(URL_PATTERN) ?? []
  if (links.length > MAX_LINKS) flags.push({ kind: 'links', detail: String(links.length) })
  for (const link of links) {
    const host = link.replace(/^https?:\/\//i, '').split(/[/?#]/)[0]!.toLowerCase()
    const shortener = SHORTENERS.find((s) => host === s || host.endsWith(`.${s}`))
    if (shortener) {
      flags.push({ kind: 'shortener', detail: shortener })
      break
    }
  }
  const repeated = REPEATED_CHAR.exec(flat) ?? REPEATED_RUN.exec(flat)
  if (repeated) flags.push({ kind: 'repetition', detail: repeated[1]!.slice(0, 20) })
  const contact = CONTACT.exec(text.normalize('NFKC'))
  if (contact) flags.push({ kind: 'contact', detail: contact[0].slice(0, 40) })
  return flags
}

/** How urgent a flagged item is in the queue (reports add their own severity; see severityOf). */
export function flagSeverity(flags: readonly ScreenFlag[]): number {
  let severity = 0
  for (const flag of flags) {
    const value = flag.kind === 'blockedMedia' ? 4 : flag.kind === 'term' || flag.kind === 'contact' ? 2 : 1
    severity = Math.max(severity, value)
  }
  return severity
}
