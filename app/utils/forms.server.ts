import type { Submission } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { MAX_FORM_BYTES } from './request-gate.server'
import type { FieldErrors } from './validation'

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data']

/** A refusal of the whole body, before any field is read: thrown, answered by the route's error boundary. */
function refuse(status: 400 | 413 | 415, message: string) {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
}

/**
 * The one way an action reads a form (STYLE.md, "one way"): the body must be what a form sends
 * (URL-encoded or multipart, else 415), at most MAX_FORM_BYTES without a file (else 413), and
 * decodable (else 400); a text field with a NUL or another control character is refused (400).
 * Routes that take files use `parseUploadForm` (media/upload.server.ts), which streams them.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get('Content-Type') ?? '').toLowerCase()
  if (!FORM_TYPES.some((accepted) => type.startsWith(accepted))) {
    throw refuse(415, 'This address takes a form: send it as application/x-www-form-urlencoded or multipart/form-data.')
  }
  const body = await readLimited(request, MAX_FORM_BYTES)
  if (!body) throw refuse(413, `The form is too large (at most ${MAX_FORM_BYTES / 1024} KB without a file).`)
  let formData: FormData
  try {
    formData = await new Response(body, { headers: { 'Content-Type': request.headers.get('Content-Type')! } }).formData()
  } catch {
    throw refuse(400, 'The form could not be read: its body is malformed.')
  }
  for (const value of formData.values()) {
    // eslint-disable-next-line no-control-regex
    if (typeof value === 'string' && /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(value)) throw refuse(400, 'The form contains a control character (such as NUL) that no field accepts.')
  }
  return formData
}

/** The request's body, or null when it is longer than `max` bytes (reading stops there). */
async function readLimited(request: Request, max: number) {
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => {})
      return null
    }
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}

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

/** Reads the form through the one door and validates it with the same schema the page uses. */
export async function readSubmission<S extends z.ZodType>(request: Request, schema: S) {
  const formData = await readForm(request)
  return { formData, submission: parseWithZod(formData, { schema }) }
}

/**
 * The one shape of a refused submission (Conform's reply): field and form errors as i18n keys, the
 * typed values (passwords never) to put back, status 400 unless said otherwise.
 */
export function rejectSubmission(
  submission: Submission<unknown>,
  options: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; status?: number } = {},
) {
  return data(submission.reply({ formErrors: options.formErrors, fieldErrors: options.fieldErrors, hideFields: ['password', 'newPassword', 'currentPassword', 'confirmPassword'] }), {
    status: options.status ?? 400,
  })
}
