import { expect, test } from 'vitest'
import { fieldErrorCount } from './field'

test('the error summary counts fields to fix, not the form-wide message', () => {
  expect(fieldErrorCount({ title: ['validation.required'], body: ['validation.tooLong'], form: ['errors.generic'] })).toBe(2)
  expect(fieldErrorCount({ form: ['errors.generic'] })).toBe(0)
  expect(fieldErrorCount({})).toBe(0)
  expect(fieldErrorCount(undefined)).toBe(0)
})
