import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { configDefaults, defineConfig } from 'vitest/config'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^~db\//, replacement: here('./db/') },
      { find: /^~seeds\//, replacement: here('./seeds/') },
      { find: /^~\//, replacement: here('./app/') },
    ],
  },
  test: {
    include: ['app/**/*.test.{ts,tsx}', 'db/**/*.test.ts', 'seeds/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Files that need a second connection to the same database (PGlite has one) run in the
    // PostgreSQL pass only.
    exclude: process.env.TEST_DATABASE_URL ? configDefaults.exclude : [...configDefaults.exclude, '**/*.postgres.test.ts'],
    environment: 'node',
    globalSetup: ['./db/testing/global-setup.ts'],
    setupFiles: ['./db/testing/setup-file.ts'],
    pool: 'forks',
    // Two cores: one worker per core; each test file gets its own database.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // Files a test stores (the demo seed's evidence scans, uploads) go to a scratch directory, not ./data.
    env: { LOG_LEVEL: 'silent', DATA_DIR: mkdtempSync(join(tmpdir(), 'sunlight-vitest-')) },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
})
