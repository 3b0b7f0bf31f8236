import { createHash, randomBytes } from 'node:crypto'

/** A random, URL-safe secret (256 bits) and the hash under which it is stored. */
export function newToken() {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: hashToken(token) }
}

export function hashToken(token: string) {
  return createHash('sha256').update(token).digest('base64url')
}
