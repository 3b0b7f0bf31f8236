import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { eq } from 'drizzle-orm'
import { afterAll, expect, test } from 'vitest'
import { openDatabase } from '~db/client.server'
import { auditLog, users } from '~db/schema'

const run = promisify(execFile)
const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-admin-create-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

function adminCreate(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'scripts/admin-create.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'development' },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  )
}

test('npm run admin:create makes an existing account an admin, audited; an unknown address changes nothing', { timeout: 60_000 }, async () => {
  expect(await adminCreate()).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage') })
  expect(await adminCreate('nobody@example.org')).toMatchObject({ code: 1, stderr: expect.stringContaining('No account uses nobody@example.org') })

  let handle = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') })
  await handle.db.insert(users).values({ email: 'Reviewer@Example.org', displayName: 'Reviewer' })
  await handle.close()

  expect(await adminCreate('reviewer@example.org')).toMatchObject({ code: 0, stdout: expect.stringContaining('is now an admin') })
  handle = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') })
  const [user] = await handle.db.select().from(users).where(eq(users.email, 'Reviewer@Example.org'))
  expect(user!.isAdmin).toBe(true)
  const entries = await handle.db.select().from(auditLog).where(eq(auditLog.targetId, user!.id))
  expect(entries.map((e) => e.action)).toEqual(['user.make_admin'])
  await handle.close()
})
