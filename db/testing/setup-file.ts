/**
 * Per-file test setup: an unexpected console.error or console.warn fails the test that caused it
 * (STYLE.md). A test that expects one spies on the console itself.
 */
import { afterEach, beforeEach, expect, vi } from 'vitest'

let unexpected: string[] = []

beforeEach(() => {
  unexpected = []
  for (const method of ['error', 'warn'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      unexpected.push(`console.${method}: ${args.map(String).join(' ')}`)
    })
  }
})

afterEach(() => {
  vi.restoreAllMocks()
  expect(unexpected, 'unexpected console output').toEqual([])
})
