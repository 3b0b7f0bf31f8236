import { expect, test } from 'vitest'
import { invariantResponse, safeRedirectPath } from './http.server'

test('safeRedirectPath keeps local paths and refuses everything else', () => {
  expect(safeRedirectPath('/projects?category=education#top')).toBe('/projects?category=education#top')
  expect(safeRedirectPath('//evil.example/x')).toBe('/')
  expect(safeRedirectPath('/\\evil.example')).toBe('/')
  expect(safeRedirectPath('https://evil.example')).toBe('/')
  expect(safeRedirectPath('javascript:alert(1)')).toBe('/')
  expect(safeRedirectPath(null, '/home')).toBe('/home')
  expect(safeRedirectPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example')
})

/** Known open-redirect bypasses (OWASP, PortSwigger's URL validation cheat sheet): each must stay on this site. */
const BYPASSES = [
  '//evil.example',
  '///evil.example',
  '////evil.example',
  '/\\evil.example',
  '/\\/evil.example',
  '\\/evil.example',
  '/.//evil.example/steal',
  '/./../..//evil.example',
  '/..//evil.example',
  '/../..//evil.example/x',
  '/%2e%2e//evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n//evil.example',
  '/ //evil.example',
  'https://evil.example',
  'http:evil.example',
  '//evil.example@sunlight.example',
  '/\u3002evil.example',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '',
  '   ',
]

test.each(BYPASSES)('a redirect to %j stays on this site', (target) => {
  const path = safeRedirectPath(target)
  const resolved = new URL(path, 'https://sunlight.example')
  expect(resolved.origin).toBe('https://sunlight.example')
  expect(path.startsWith('//')).toBe(false)
})

test('invariantResponse throws a response with the status', () => {
  let thrown: unknown
  try {
    invariantResponse(false, 403)
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(Response)
  expect((thrown as Response).status).toBe(403)
})
