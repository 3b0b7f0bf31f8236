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
  if (typeof target !== 'string' || target.length > 2_000 || !target.startsWith('/')) return fallback
  // Browsers drop tabs and newlines in URLs and treat a backslash as a slash: decide on what they will see.
  const seen = target.replace(/[\t\n\r]/g, '').replace(/\\/g, '/')
  if (seen.startsWith('//')) return fallback
  try {
    const url = new URL(seen, 'http://sunlight.invalid')
    if (url.origin !== 'http://sunlight.invalid') return fallback
    const path = url.pathname + url.search + url.hash
    // Dot segments collapse while resolving (`/.//evil.example` becomes `//evil.example`): check the result too.
    if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback
    return path
  } catch {
    return fallback
  }
}
