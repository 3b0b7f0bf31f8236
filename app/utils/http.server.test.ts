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
