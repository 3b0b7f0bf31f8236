#!/usr/bin/env node
// `npm start`: builds if the build is missing or older than the sources, then runs the production
// server as the seeded demo on the embedded defaults (PGlite, sandbox payments, local storage and
// mail outbox). Set DATABASE_URL etc. to run against real services instead.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 11)) {
  console.error(`Sunlight needs Node.js 20.11 or newer; this is ${process.version}.`)
  process.exit(1)
}

const SOURCES = ['app', 'db', 'seeds', 'server', 'remix.config.js', 'package-lock.json']
const OUTPUTS = ['build/index.js', 'server-build/index.js']

function newest(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let latest = stat.mtimeMs
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)))
  return latest
}

const builtAt = Math.min(...OUTPUTS.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)))
if (builtAt === 0 || Math.max(...SOURCES.map(newest)) > builtAt) {
  console.log('Building Sunlight (first start or sources changed)…')
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const child = spawn(process.execPath, ['server-build/index.js'], {
  stdio: 'inherit',
  env: { NODE_ENV: 'production', DEMO_MODE: '1', ...process.env },
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
