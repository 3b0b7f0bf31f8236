/**
 * The application form's action end to end (multipart in, database and storage out): bad input
 * gets field errors and stores nothing — no organisation, no media row, no file on disk.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { count } from 'drizzle-orm'
import { setupTestDatabase } from '~db/testing/test-database'

const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-apply-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
const { db } = handle
const { action } = await import('./organizations.apply')
const { createUser } = await import('~/models/users.server')
const { startSession } = await import('~/utils/session.server')
const { media, organizations } = await import('~db/schema')
const { usccCheckCharacter } = await import('~/utils/uscc')

const applicant = await createUser(db, { email: 'applicant@example.org', displayName: '申请人', password: 'a long test passphrase', birthDate: '1980-01-01', locale: 'zh-CN' })
const cookie = (await startSession(db, new Request('http://localhost/'), applicant.id)).split(';')[0]!

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')
/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4096, 0x90)])
const first17 = '53510100MJ0000099'
const GOOD_USCC = first17 + usccCheckCharacter(first17)
const BAD_USCC = first17 + (usccCheckCharacter(first17) === '0' ? '1' : '0')

function submission(overrides: Record<string, string | { name: string; body: Buffer; type?: string } | null> = {}) {
  const fields: Record<string, string | { name: string; body: Buffer; type?: string } | null> = {
    name: '成都市慈善总会',
    uscc: GOOD_USCC,
    qualification: 'on',
    causeAreas: 'disaster_relief',
    region: '四川省成都市',
    description: '依法登记的慈善组织。',
    contactName: '李老师',
    contactEmail: 'contact@example.org',
    certificate: { name: 'certificate.pdf', body: PDF, type: 'application/pdf' },
    logo: { name: 'logo.png', body: PNG, type: 'image/png' },
    ...overrides,
  }
  const body = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    if (value === null) continue
    if (typeof value === 'string') body.append(name, value)
    else body.append(name, new Blob([new Uint8Array(value.body)], { type: value.type ?? 'application/octet-stream' }), value.name)
  }
  const request = new Request('http://localhost/organizations/apply', { method: 'POST', body, headers: { Cookie: cookie, 'Accept-Language': 'zh-CN' } })
  return action({ request, params: {}, context: { clientIp: '127.0.0.1', cspNonce: '' } })
}

async function stored() {
  const [orgs] = await db.select({ n: count() }).from(organizations)
  const [files] = await db.select({ n: count() }).from(media)
  // Files only (stored files have an extension; temporary ones are bare uuids).
  const filesIn = (dir: string, stored: boolean) => {
    try {
      return readdirSync(join(dataDir, dir), { recursive: true }).filter((f) => (stored ? String(f).includes('.') : true)).length
    } catch {
      return 0
    }
  }
  return { organizations: orgs!.n, media: files!.n, storedFiles: filesIn('media', true), tempFiles: filesIn('uploads-tmp', false) }
}

/** The refusal as the page reads it (Conform's reply): field errors by name, form errors under "form". */
function errorsOf(result: unknown) {
  const r = result as { data?: { error?: Record<string, string[] | null> }; init?: { status?: number } }
  const errors: Record<string, string[]> = {}
  for (const [name, list] of Object.entries(r.data?.error ?? {})) if (list?.length) errors[name === '' ? 'form' : name] = list
  return { status: r.init?.status, errors }
}

const NOTHING = { organizations: 0, media: 0, storedFiles: 0, tempFiles: 0 }

test.each([
  ['a wrong USCC check character', { uscc: BAD_USCC }, { uscc: ['validation.usccCheck'] }],
  ['an executable renamed .pdf', { certificate: { name: 'certificate.pdf', body: EXE, type: 'application/pdf' } }, { certificate: ['validation.fileType'] }],
  ['an oversize certificate', { certificate: { name: 'big.pdf', body: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)]), type: 'application/pdf' } }, { certificate: ['validation.fileTooLarge'] }],
  ['no certificate', { certificate: null }, { certificate: ['validation.fileRequired'] }],
  ['no cause area', { causeAreas: null }, { causeAreas: ['validation.chooseOne'] }],
  ['a PDF as the logo', { logo: { name: 'logo.png', body: PDF, type: 'image/png' } }, { logo: ['validation.fileType'] }],
  ['a bad website', { homepage: 'javascript:alert(1)' }, { homepage: ['validation.url'] }],
  ['a filled honeypot', { website: 'http://spam.example' }, { website: ['validation.invalid'] }],
] as const)('%s: a field error and nothing stored', async (_label, overrides, expectedErrors) => {
  const result = errorsOf(await submission(overrides as Record<string, string>))
  expect(result.status).toBe(400)
  expect(result.errors).toEqual(expectedErrors)
  expect(await stored()).toEqual(NOTHING)
})

test('a body declared larger than the limit is refused before it is read', async () => {
  const request = new Request('http://localhost/organizations/apply', {
    method: 'POST',
    body: 'x',
    headers: { Cookie: cookie, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(50 * 1024 * 1024) },
  })
  const result = errorsOf(await action({ request, params: {}, context: {} }))
  expect(result).toEqual({ status: 413, errors: { form: ['validation.formTooLarge'] } })
  expect(await stored()).toEqual(NOTHING)
})

test('a good application is stored once; the same code again is refused with a field error', async () => {
  const ok = (await submission()) as Response
  expect(ok.status).toBe(302)
  expect(ok.headers.get('Location')).toBe(`/organizations/org-${GOOD_USCC.toLowerCase()}`)
  expect(await stored()).toEqual({ organizations: 1, media: 2, storedFiles: 2, tempFiles: 0 })
  const again = errorsOf(await submission({ name: '另一个名字' }))
  expect(again).toEqual({ status: 400, errors: { uscc: ['validation.usccTaken'] } })
  expect((await stored()).organizations).toBe(1)
})
