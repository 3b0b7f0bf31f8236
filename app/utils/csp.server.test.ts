import { createHash } from 'node:crypto'
import { expect, test } from 'vitest'
import { contentSecurityPolicy, inlineScriptHashes } from './csp.server'

test('inline scripts are named by the SHA-256 of their exact text; scripts with src and empty ones are not', () => {
  const context = 'window.__remixContext = {"url":"/projects/免费午餐"};'
  const html = `<html><head><script src="/build/entry.js"></script></head><body><script>${context}</script><script type="module" async>import "/build/root.js";</script><script></script><script>${context}</script></body></html>`
  const hash = (text: string) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`
  expect(inlineScriptHashes(html)).toEqual([hash(context), hash('import "/build/root.js";')])
})

test('the policy: hashes and the site’s own files for shared pages, a nonce and strict-dynamic for the rest', () => {
  const shared = contentSecurityPolicy({ hashes: ['sha256-abc='] })
  expect(shared).toContain("script-src 'self' 'sha256-abc='")
  expect(shared).not.toContain('nonce')
  const personal = contentSecurityPolicy({ nonce: 'n0nce' })
  expect(personal).toContain("script-src 'strict-dynamic' 'nonce-n0nce'")
  for (const policy of [shared, personal]) {
    expect(policy).toContain("object-src 'none'")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).toContain("script-src-attr 'none'")
  }
})

test('a route that may be framed names its ancestors; nothing else changes', () => {
  const framed = contentSecurityPolicy({ hashes: ['sha256-abc='] }, { frameAncestors: ['*'] })
  expect(framed).toContain('frame-ancestors *')
  expect(framed).not.toContain("frame-ancestors 'none'")
  expect(framed.replace('frame-ancestors *', "frame-ancestors 'none'")).toBe(contentSecurityPolicy({ hashes: ['sha256-abc='] }))
  expect(contentSecurityPolicy({ nonce: 'n' }, { frameAncestors: [] })).toContain("frame-ancestors 'none'")
})
