/**
 * RFC 6238 codes (SHA-1, 6 digits, 30 s) for any step, computed as an authenticator app does: the
 * demo's second-step hint shows the next code not yet used, and tests need the next step's code
 * (a code works once, and the current one may be spent).
 */
import { createHmac, randomBytes } from 'node:crypto'

function base32(secret: string) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0')
  return Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)))
}

/** A new key for a code generator: 160 random bits (RFC 4226's recommendation), in base32. */
export function newTotpSecret(bytes = 20) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  const bits = [...randomBytes(bytes)].map((b) => b.toString(2).padStart(8, '0')).join('')
  return (bits.match(/.{1,5}/g) ?? []).map((chunk) => alphabet[parseInt(chunk.padEnd(5, '0'), 2)]).join('')
}

export const currentStep = (now = Date.now()) => Math.floor(now / 1000 / 30)

export function totpAt(secret: string, step: number) {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', base32(secret)).update(counter).digest()
  const offset = mac[mac.length - 1]! & 0xf
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}
