/**
 * One-click unsubscribe links for update emails: the link names the user and carries an HMAC of
 * the id under the session secret, so it works without signing in and cannot be forged for others.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { sessionSecret } from './env.server'
import { isUuid } from './ids'

export function unsubscribeToken(userId: string) {
  return createHmac('sha256', sessionSecret()).update(`unsubscribe:${userId}`).digest('base64url')
}

export function unsubscribeLink(origin: string, userId: string) {
  return `${origin}/unsubscribe?u=${userId}&t=${unsubscribeToken(userId)}`
}

/** The user id the link is for, or null when it was altered. */
export function verifyUnsubscribe(userId: string | null, token: string | null) {
  if (!userId || !token || !isUuid(userId)) return null
  const expected = Buffer.from(unsubscribeToken(userId))
  const given = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null
}
