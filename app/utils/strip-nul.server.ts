/**
 * React 18.3's Node server renderer (react-dom/server, `writeChunk`) flushes its whole 2,048-byte
 * view when a string does not fit — including the one or two bytes a multi-byte character left
 * unwritten at its end — and writes that character again at the start of the next view. Where a
 * Chinese character or "¥" meets the boundary, the page gets stray NUL bytes (found by an
 * exploratory tester at offsets 2046/2047 mod 2048). React 19 writes only what was written.
 *
 * A document never needs NUL (the one door refuses it in every input), so the bytes are removed on
 * the way out; nothing else changes.
 */
import { Transform, type TransformCallback } from 'node:stream'

export function withoutNul(chunk: Buffer): Buffer {
  let at = chunk.indexOf(0)
  if (at === -1) return chunk
  const parts: Buffer[] = []
  let start = 0
  while (at !== -1) {
    if (at > start) parts.push(chunk.subarray(start, at))
    start = at + 1
    at = chunk.indexOf(0, start)
  }
  if (start < chunk.length) parts.push(chunk.subarray(start))
  return Buffer.concat(parts)
}

export class StripNul extends Transform {
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    done(null, withoutNul(chunk))
  }
}
