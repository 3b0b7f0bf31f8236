/**
 * One-click unsubscribe links for update emails: the link names the user and carries an HMAC of
 * the id under the session secret, so it works without signing in and cannot be forged for others.
 */
import { isUuid } from './ids'
import { signedToken, verifySignedToken } from './signed-tokens.server'

export function unsubscribeToken(userId: string) {
  return signedToken(`unsubscribe:${userId}`)
}

export function unsubscribeLink(origin: string, userId: string) {
  return `${origin}/unsubscribe?u=${userId}&t=${unsubscribeToken(userId)}`
}

/** The user id the link is for, or null when it was altered. */
export function verifyUnsubscribe(userId: string | null, token: string | null) {
  if (!userId || !isUuid(userId)) return null
  return verifySignedToken(`unsubscribe:${userId}`, token) ? userId : null
}
