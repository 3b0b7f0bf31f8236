/**
 * Links that act without signing in (one-click unsubscribe, cancelling a guest's monthly gift) carry
 * an HMAC of what they do under the session secret, so they work from an email and cannot be forged
 * for anything else.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { sessionSecret } from './env.server'

export function signedToken(purpose: string) {
  return createHmac('sha256', sessionSecret()).update(purpose).digest('base64url')
}

export function verifySignedToken(purpose: string, token: string | null | undefined) {
  if (!token) return false
  const expected = Buffer.from(signedToken(purpose))
  const given = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
