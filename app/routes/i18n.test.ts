/**
 * The interface's dictionaries as static files (app/i18n/static.server.ts): the page names the current
 * file, the file is the language's whole dictionary, cached for good under its hash; an old hash still
 * answers briefly; anything else is not found.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { expect, test } from 'vitest'
import { languages } from '~/i18n/config'
import { resources } from '~/i18n/resources'
import { dictionaryFor } from '~/i18n/static.server'
import { loader } from './i18n.$file'

const get = (file: string) => loader({ params: { file }, request: new Request(`http://x/i18n/${file}`), context: {} } as LoaderFunctionArgs)

test('each language has its own file, named by the hash of what it holds', async () => {
  const zh = dictionaryFor('zh-CN')
  const en = dictionaryFor('en')
  expect(zh.href).toMatch(/^\/i18n\/zh-CN\.[0-9a-f]{12}\.json$/)
  expect(en.href).toMatch(/^\/i18n\/en\.[0-9a-f]{12}\.json$/)
  expect(zh.hash).not.toBe(en.hash)
  for (const language of languages) {
    const response = get(dictionaryFor(language).href.slice('/i18n/'.length))
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8')
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
    expect(await response.json()).toEqual(resources[language])
  }
})

test('a page from before a deploy gets the current dictionary, cached only briefly', async () => {
  const response = get('en.000000000000.json')
  expect(response.status).toBe(200)
  expect(response.headers.get('Cache-Control')).toBe('public, max-age=60')
  expect(await response.json()).toEqual(resources.en)
})

test('anything else is not found', () => {
  for (const file of ['fr.000000000000.json', 'en.json', 'en.ZZZZZZZZZZZZ.json', '../en.ts', 'en.000000000000.json.map', '']) {
    expect(get(file).status, file).toBe(404)
  }
})
