import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'

const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-upload-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
const { MB, parseUploadForm, promote, RULES, storageKey } = await import('./upload.server')
const { getStorage, uploadTempDir } = await import('./storage.server')

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 1)])
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
