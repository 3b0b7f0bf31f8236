import { LRUCache } from 'lru-cache'
import QRCode from 'qrcode'

// A share link's QR code never changes; drawing one costs ~1 ms, so the busiest links are kept.
const drawn = new LRUCache<string, string>({ max: 2_000 })

/** An SVG QR code for a share link (medium error correction, one-module margin). */
export async function qrSvg(url: string) {
  let svg = drawn.get(url)
  if (svg === undefined) {
    svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
    drawn.set(url, svg)
  }
  return svg
}
