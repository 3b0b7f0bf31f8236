import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'

const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-upload-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
const { MB, parseUploadForm, promote, RULES, storageKey } = await import('./upload.server')
const { getStorage, uploadTempDir } = await import('./storage.server')

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)])

function multipart(parts: { name: string; filename?: string; type?: string; body: Buffer | string }[]) {
  const form = new FormData()
  for (const part of parts) {
    if (part.filename) form.append(part.name, new Blob([new Uint8Array(Buffer.from(part.body))], { type: part.type ?? 'application/octet-stream' }), part.filename)
    else form.append(part.name, String(part.body))
  }
  return new Request('http://localhost/upload', { method: 'POST', body: form })
}

function tempFiles() {
  try {
    return readdirSync(uploadTempDir())
  } catch {
    return []
  }
}

test('a real PDF is staged with its detected type, hash and size, then promoted by content', async () => {
  const parsed = await parseUploadForm(multipart([{ name: 'name', body: '免费午餐' }, { name: 'certificate', filename: 'cert.jpg', type: 'image/jpeg', body: PDF }]), { certificate: RULES.certificate })
  expect(parsed.ok).toBe(true)
  if (!parsed.ok) return
  expect(parsed.formData.get('name')).toBe('免费午餐')
  const outcome = parsed.uploads.get('certificate')!
  expect(outcome.ok).toBe(true)
  if (!outcome.ok) return
  // Declared as a JPEG named .jpg; identified by its bytes as a PDF.
  expect(outcome.file).toMatchObject({ contentType: 'application/pdf', extension: 'pdf', byteSize: PDF.length })
  const key = await promote(outcome.file)
  expect(key).toBe(storageKey(outcome.file))
  expect(await getStorage().size(key)).toBe(PDF.length)
  expect(tempFiles()).toEqual([])
})

test('an executable renamed .pdf is refused and leaves nothing behind', async () => {
  const parsed = await parseUploadForm(multipart([{ name: 'certificate', filename: 'cert.pdf', type: 'application/pdf', body: EXE }]), { certificate: RULES.certificate })
  expect(parsed.ok && parsed.uploads.get('certificate')).toEqual({ ok: false, error: 'validation.fileType' })
  expect(tempFiles()).toEqual([])
})

test('an oversize file is cut off while streaming and leaves nothing behind', async () => {
  const big = Buffer.concat([PNG, Buffer.alloc(10 * MB, 7)])
  const parsed = await parseUploadForm(multipart([{ name: 'logo', filename: 'logo.png', type: 'image/png', body: big }]), { logo: RULES.logo })
  expect(parsed.ok && parsed.uploads.get('logo')).toEqual({ ok: false, error: 'validation.fileTooLarge' })
  expect(tempFiles()).toEqual([])
})

test('an empty file and a file of the wrong kind for the field are refused', async () => {
  const empty = await parseUploadForm(multipart([{ name: 'logo', filename: 'logo.png', body: Buffer.alloc(0) }]), { logo: RULES.logo })
  expect(empty.ok && empty.uploads.get('logo')).toEqual({ ok: false, error: 'validation.fileEmpty' })
  const pdfAsLogo = await parseUploadForm(multipart([{ name: 'logo', filename: 'logo.png', body: PDF }]), { logo: RULES.logo })
  expect(pdfAsLogo.ok && pdfAsLogo.uploads.get('logo')).toEqual({ ok: false, error: 'validation.fileType' })
  expect(tempFiles()).toEqual([])
})

test('a text field larger than 64 KB makes the whole form invalid, not a crash', async () => {
  const parsed = await parseUploadForm(multipart([{ name: 'description', body: 'x'.repeat(70 * 1024) }]), { logo: RULES.logo })
  expect(parsed.ok).toBe(false)
})

/** A PNG whose header claims `width`×`height` (image-size reads the header; nothing is decoded). */
function pngClaiming(width: number, height: number) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  const length = Buffer.alloc(4)
  length.writeUInt32BE(13)
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), length, Buffer.from('IHDR'), ihdr, Buffer.alloc(4), Buffer.from('0000000049454e44ae426082', 'hex')])
}

/** A minimal baseline JPEG (10×10 in its SOF0 header) carrying `comment` in a COM segment. */
function jpegWithComment(comment: string) {
  const com = Buffer.from(comment)
  const comLength = Buffer.alloc(2)
  comLength.writeUInt16BE(com.length + 2)
  const app0 = Buffer.from('ffe000104a46494600010100000100010000', 'hex')
  const sof0 = Buffer.from('ffc0001108000a000a03012200021101031101', 'hex')
  return Buffer.concat([Buffer.from('ffd8', 'hex'), app0, Buffer.from('fffe', 'hex'), comLength, com, sof0, Buffer.from('ffd9', 'hex')])
}

test('decompression bombs and unreadable images are refused by their header, without decoding', async () => {
  const cases: [string, Buffer, string][] = [
    ['gigapixel PNG header', pngClaiming(100_000, 100_000), 'validation.imageTooLarge'],
    ['one side too long', pngClaiming(20_000, 10), 'validation.imageTooLarge'],
    ['PNG cut inside its header', pngClaiming(10, 10).subarray(0, 20), 'validation.imageUnreadable'],
  ]
  for (const [label, body, error] of cases) {
    const parsed = await parseUploadForm(multipart([{ name: 'logo', filename: 'logo.png', type: 'image/png', body }]), { logo: RULES.logo })
    expect(parsed.ok && parsed.uploads.get('logo'), label).toEqual({ ok: false, error })
  }
  const fine = await parseUploadForm(multipart([{ name: 'logo', filename: 'logo.png', body: pngClaiming(4_000, 3_000) }]), { logo: RULES.logo })
  expect(fine.ok && fine.uploads.get('logo')).toMatchObject({ ok: true, file: { contentType: 'image/png' } })
  expect(tempFiles().length).toBeLessThanOrEqual(1)
})

test('polyglots: an image that is also HTML stays an image; HTML, SVG and GIF scripts are refused', async () => {
  const polyglot = jpegWithComment('<html><body><script>alert(document.cookie)</script></body></html>')
  const asImage = await parseUploadForm(multipart([{ name: 'logo', filename: 'logo.html', type: 'text/html', body: polyglot }]), { logo: RULES.logo })
  // Stored and later served as image/jpeg with nosniff and a sandbox CSP (media.$id), never as HTML.
  expect(asImage.ok && asImage.uploads.get('logo')).toMatchObject({ ok: true, file: { contentType: 'image/jpeg', extension: 'jpg' } })
  const refused: [string, Buffer | string][] = [
    ['HTML named .png', '<!doctype html><html><script>alert(1)</script></html>'],
    ['SVG with a script', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['GIF/JavaScript polyglot', Buffer.concat([Buffer.from('GIF89a/*'), Buffer.alloc(16, 0), Buffer.from('*/=alert(1)//')])],
  ]
  for (const [label, body] of refused) {
    const parsed = await parseUploadForm(multipart([{ name: 'logo', filename: 'logo.png', type: 'image/png', body }]), { logo: RULES.logo })
    expect(parsed.ok && parsed.uploads.get('logo'), label).toEqual({ ok: false, error: 'validation.fileType' })
  }
})
