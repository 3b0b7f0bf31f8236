// Bundles server/index.ts and server/worker.ts into server-build/; npm packages stay external.
import { build } from 'esbuild'

await build({
  entryPoints: ['server/index.ts', 'server/worker.ts'],
  outdir: 'server-build',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})
