import { expect, test } from 'vitest'
import fc from 'fast-check'
import { siteFromReferrer } from './referrer-site'

test('an embedding page address becomes its host', () => {
  expect(siteFromReferrer('https://www.example.org/about/us?utm=1#top')).toBe('www.example.org')
  expect(siteFromReferrer('http://EXAMPLE.org.')).toBe('example.org')
  expect(siteFromReferrer('http://127.0.0.1:4537/widget.html')).toBe('127.0.0.1:4537')
  expect(siteFromReferrer('https://example.org:443/')).toBe('example.org')
})

test('a bare host is accepted, with its port', () => {
  expect(siteFromReferrer('charity.example.cn')).toBe('charity.example.cn')
  expect(siteFromReferrer('localhost:8080')).toBe('localhost:8080')
  expect(siteFromReferrer('  shop.example.com ')).toBe('shop.example.com')
})

test('internationalised names are stored in their ASCII form', () => {
  expect(siteFromReferrer('https://阳光.中国/')).toBe('xn--54qy39n.xn--fiqs8s')
})

test('anything that is not an http(s) site is no site', () => {
  for (const bad of [
    null,
    undefined,
    '',
    '   ',
    'javascript:alert(1)',
    'data:text/html,hi',
    'ftp://example.org/',
    'https://user:secret@example.org/',
    'example.org/path',
    'someone@example.org',
    'exa mple.org',
    'https://-bad-.example.org/',
    'https://example..org/',
    'https://[::1]/',
    'https://999.1.1.1/',
    `https://${'a'.repeat(64)}.org/`,
    `${'abc.'.repeat(70)}org`,
    '<script>alert(1)</script>',
    'https://example.org\\@evil.org/',
  ]) {
    expect(siteFromReferrer(bad), String(bad)).toBeNull()
  }
})

test('whatever it is given, the answer is null or a short host of safe characters', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.domain()), (input) => {
      const site = siteFromReferrer(input)
      if (site === null) return
      expect(site.length).toBeLessThanOrEqual(259)
      expect(site).toMatch(/^[a-z0-9.-]+(:\d{1,5})?$/)
    }),
  )
})

test('a real domain survives unchanged', () => {
  fc.assert(fc.property(fc.domain(), (domain) => {
      expect(siteFromReferrer(`https://${domain}/page`)).toBe(domain.toLowerCase())
    }))
})
