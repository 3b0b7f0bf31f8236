// Bundles server/index.ts, server/worker.ts and the ledger export's thread into server-build/; npm
// packages stay external.
import { build } from 'esbuild'

await build({
  entryPoints: ['server/index.ts', 'server/worker.ts', { in: 'app/ledger/export-worker.ts', out: 'export-worker' }],
  outdir: 'server-build',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})
