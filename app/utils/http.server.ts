/** Throws a response with a status when a condition fails: loaders use it for 404s and 403s. */
export function invariantResponse(
  condition: unknown,
  status: 400 | 403 | 404 | 405 | 409 = 404,
  message = '',
): asserts condition {
  if (!condition) throw new Response(message, { status })
}

/**
 * A redirect target from user input, kept on this site: relative paths only, no "//host" or
 * "/\host" tricks (open redirects), defaulting to the home page.
 */
export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = '/') {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
    return fallback
  }
  try {
    const url = new URL(target, 'http://sunlight.invalid')
    if (url.origin !== 'http://sunlight.invalid') return fallback
    return url.pathname + url.search + url.hash
  } catch {
    return fallback
  }
}
