import { data } from '@remix-run/node'
import type { FieldErrors } from './validation'

/**
 * The one shape of a refused form: field errors (i18n keys) with status 400 (429 when throttled),
 * the values to put back into the fields, and values for interpolating the messages.
 */
export function invalid(
  errors: FieldErrors,
  values: Record<string, string> = {},
  options: { status?: number; params?: Record<string, string | number> } = {},
) {
  return data({ errors, values, params: options.params ?? {} }, { status: options.status ?? 400 })
}

/** Text values of a form to echo back after an error (never passwords or files). */
export function echo(formData: FormData, names: string[]) {
  return Object.fromEntries(names.map((name) => [name, String(formData.get(name) ?? '')]))
}
