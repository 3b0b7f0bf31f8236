/**
 * The interface says nothing raw, nothing missing and nothing "undefined" (issue 23): both
 * dictionaries hold the same keys and no empty or raw-key value; every key the code names literally
 * (`t('…')`, a zod message, a `messageKey`) is in both; and every route's page title, also when its
 * loader answered 404, is a real title.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { en } from './locales/en'
import { zhCN } from './locales/zh-CN'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text)
  }
  return out
}

const dictionaries = { en: flatten(en as unknown as Tree), 'zh-CN': flatten(zhCN as unknown as Tree) }
const namespaces = new Set(Object.keys(en))
const PLURAL = /_(zero|one|two|few|many|other)$/

/** A key as i18next looks it up: as written, or as the base of plural forms. */
function has(dictionary: Map<string, string>, key: string) {
  return dictionary.has(key) || dictionary.has(`${key}_other`)
}

test('both dictionaries hold exactly the same keys', () => {
  const enKeys = [...dictionaries.en.keys()]
  const zhKeys = [...dictionaries['zh-CN'].keys()]
  expect(enKeys.filter((key) => !dictionaries['zh-CN'].has(key)), 'in English only').toEqual([])
  expect(zhKeys.filter((key) => !dictionaries.en.has(key)), 'in Chinese only').toEqual([])
})

test('no text is empty, a raw key, or the words "undefined"/"null"', () => {
  for (const [language, dictionary] of Object.entries(dictionaries)) {
    for (const [key, text] of dictionary) {
      expect(text.trim(), `${language} ${key}`).not.toBe('')
      expect(text, `${language} ${key}`).not.toBe(key)
      expect(text, `${language} ${key}`).not.toMatch(/\bundefined\b|\bnull\b|\[object Object\]/)
      // A value that is itself a key path (`project.title`) is a key someone forgot to translate.
      if (/^[a-z][A-Za-z]*(\.[A-Za-z_]+)+$/.test(text) && namespaces.has(text.split('.')[0]!)) throw new Error(`${language} ${key} reads like a key: ${text}`)
    }
  }
})

test('English says "an" before a vowel sound where it names things ("an update", "an organisation")', () => {
  for (const [key, text] of dictionaries.en) {
    expect(text, key).not.toMatch(/\b[Aa] (update|organisation|organization|expense|account|admin|image|email|amount|error|hour|invoice|event|entry|upload|owner|editor|application|answer)\b/)
  }
})

const appDir = fileURLToPath(new URL('..', import.meta.url))
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    // Tests and their helpers (the route inventory names route modules like `admin.videos`) are not the interface.
    if (path.includes(join('app', 'testing'))) return []
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && !path.includes(join('i18n', 'locales')) ? [path] : []
  })
}

/**
 * Keys the code names in full: `t('ns.key')` (and `t("…")`), and any other string literal that is a
 * key path of a dictionary namespace (`'validation.chooseOne'` in a zod schema, `messageKey:
 * 'notify.refunded'`). Keys built at run time (`t(`errors.${message}.title`)`) are not literal and
 * are checked by the type checker's view of the dictionaries instead.
 */
/** Dotted literals in the code that are not dictionary keys: job names, audit actions, event types, a file. */
const NOT_KEYS = new Set(['updates.fanout', 'updates.digests', 'webhooks.deliver', 'transparency.json', 'refund.succeeded', 'auth.reauthenticated', 'project.translation'])

function literalKeys(source: string): string[] {
  const keys = new Set<string>()
  for (const match of source.matchAll(/['"]([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_]+)+)['"]/g)) {
    const key = match[1]!
    if (!namespaces.has(key.split('.')[0]!) || NOT_KEYS.has(key)) continue
    keys.add(key.replace(PLURAL, ''))
  }
  return [...keys]
}

test('every key the code names is in both dictionaries', () => {
  const missing: string[] = []
  let checked = 0
  for (const file of sourceFiles(appDir)) {
    const source = readFileSync(file, 'utf8')
    for (const key of literalKeys(source)) {
      // A literal that names a whole section (`t('category')` never happens; `'project.status'` as a prefix does).
      const isSection = [...dictionaries.en.keys()].some((k) => k.startsWith(`${key}.`))
      if (isSection) continue
      checked++
      for (const [language, dictionary] of Object.entries(dictionaries)) {
        if (!has(dictionary, key)) missing.push(`${relative(appDir, file)}: ${key} (${language})`)
      }
    }
  }
  expect(checked).toBeGreaterThan(500)
  expect(missing).toEqual([])
})

const notFound = { status: 404, statusText: 'Not Found', internal: false, data: 'Not found' }
const routesDir = fileURLToPath(new URL('../routes', import.meta.url))

test('every page title is a title, also when its loader answered 404 or 403', async () => {
  const problems: string[] = []
  let pages = 0
  for (const file of readdirSync(routesDir).filter((name) => name.endsWith('.tsx'))) {
    const mod = (await import(/* @vite-ignore */ join(routesDir, file))) as { meta?: (args: unknown) => { title?: unknown }[] | undefined }
    if (typeof mod.meta !== 'function') continue
    pages++
    // With its data a page's title is its loader's (the loader tests and e2e see those); without it —
    // the loader threw a 404, a 403 — it must still be a title.
    const cases = [
      { name: '404', args: { data: undefined, error: notFound } },
      { name: '403', args: { data: undefined, error: { ...notFound, status: 403, statusText: 'Forbidden' } } },
    ]
    for (const { name, args } of cases) {
      let descriptors: { title?: unknown }[] = []
      try {
        descriptors = mod.meta({ ...args, params: {}, location: { pathname: '/', search: '', hash: '', state: null, key: 'default' }, matches: [] }) ?? []
      } catch (error) {
        problems.push(`${file} (${name}): meta threw ${(error as Error).message}`)
      }
      for (const title of descriptors.filter((d) => 'title' in d).map((d) => d.title)) {
        if (typeof title !== 'string' || !title.trim() || /undefined|null|\[object/.test(title) || /^[a-z][A-Za-z]*(\.[A-Za-z_]+)+$/.test(title)) {
          problems.push(`${file} (${name}): ${String(title)}`)
        }
      }
    }
  }
  expect(pages).toBeGreaterThan(40)
  expect(problems).toEqual([])
})

test('the partners programme has one name: 幸福伙伴, as Kuaishou calls it (shared/context), in the menu, titles and emails', () => {
  const named = [...dictionaries['zh-CN']].filter(([, text]) => text.includes('幸福'))
  expect(named.length).toBeGreaterThan(0)
  for (const [key, text] of named) expect(text, key).not.toMatch(/幸福合伙人/)
  expect(dictionaries['zh-CN'].get('nav.partnersDirectory')).toContain('幸福伙伴')
})
