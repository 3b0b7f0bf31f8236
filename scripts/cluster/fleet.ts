/**
 * A fleet on this machine, from real parts: PostgreSQL, N app servers (the production build, each
 * its own process and port), `npm run worker` processes, and Varnish (deploy/varnish/sunlight.vcl)
 * in front of the servers. Used by `npm run test:cluster` and `npm run bench:cluster`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import postgres from 'postgres'

export interface Proc {
  name: string
  url: string
  child: ChildProcess
  log: string
}

export interface Fleet {
  varnish: string
  servers: Proc[]
  workers: Proc[]
  databaseUrl: string
  sql: postgres.Sql
  dir: string
  stop(): Promise<void>
}

const ROOT = resolve(import.meta.dirname, '../..')

export function varnishd(): string | null {
  for (const candidate of ['/usr/sbin/varnishd', '/usr/local/sbin/varnishd', '/usr/bin/varnishd']) if (existsSync(candidate)) return candidate
  try {
    return execFileSync('sh', ['-c', 'command -v varnishd'], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

async function freshDatabase(name: string) {
  const admin = process.env.TEST_DATABASE_URL ?? process.env.CLUSTER_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const url = new URL(admin)
  url.pathname = '/postgres'
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} })
  try {
    await sql.unsafe(`drop database if exists "${name}" with (force)`)
    await sql.unsafe(`create database "${name}"`)
  } finally {
    await sql.end({ timeout: 5 })
  }
  url.pathname = `/${name}`
  return url.toString()
}

export async function waitFor(url: string, { timeoutMs = 60_000 } = {}) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      await response.body?.cancel()
      if (response.ok) return
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`)
}

/**
 * Varnish with the repository's VCL (deploy/varnish/sunlight.vcl) and a site.vcl written for these
 * backends, answering on `port` as the public host 127.0.0.1:<port>; this machine may purge.
 */
export async function startVarnish({ port, backends, dir }: { port: number; backends: number[]; dir: string }): Promise<Proc> {
  const daemon = varnishd()
  if (!daemon) throw new Error('Varnish is not installed (Debian: apt-get install -y varnish varnish-modules); .ci/run installs it')
  const site = [
    'probe sunlight_health { .url = "/healthz"; .interval = 500ms; .timeout = 1s; .window = 3; .threshold = 2; }',
    ...backends.map((backend, i) => `backend app${i} { .host = "127.0.0.1"; .port = "${backend}"; .probe = sunlight_health; .connect_timeout = 1s; .first_byte_timeout = 30s; }`),
    'sub vcl_init {',
    '  new app = directors.round_robin();',
    ...backends.map((_, i) => `  app.add_backend(app${i});`),
    '}',
    'acl purgers { "127.0.0.1"; }',
    'sub sunlight_site {',
    '  set req.backend_hint = app.backend();',
    `  set req.http.Host = "127.0.0.1:${port}";`,
    '  set req.http.X-Forwarded-Proto = "http";',
    '}',
  ].join('\n')
  writeFileSync(join(dir, 'site.vcl'), site)
  const log = join(dir, 'varnish.log')
  const child = spawn(
    daemon,
    ['-F', '-j', 'none', '-n', join(dir, 'varnish'), '-a', `127.0.0.1:${port}`, '-T', 'none', '-f', join(ROOT, 'deploy/varnish/sunlight.vcl'), '-p', `vcl_path=${dir}:${join(ROOT, 'deploy/varnish')}`, '-s', 'malloc,256m'],
    { stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')] },
  )
  const url = `http://127.0.0.1:${port}`
  try {
    await waitFor(`${url}/healthz`, { timeoutMs: 30_000 })
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${(error as Error).message}\n${readFileSync(log, 'utf8').slice(-2000)}`)
  }
  return { name: 'varnish', url, child, log }
}

export async function startFleet({
  servers = 2,
  workers = 1,
  basePort = 4810,
  database = 'sunlight_cluster',
  env = {},
}: { servers?: number; workers?: number; basePort?: number; database?: string; env?: Record<string, string> } = {}): Promise<Fleet> {
  const daemon = varnishd()
  if (!daemon) throw new Error('Varnish is not installed (Debian: apt-get install -y varnish varnish-modules); .ci/run installs it')
  if (!existsSync(join(ROOT, 'server-build/index.js')) || !existsSync(join(ROOT, 'build/index.js'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  const dir = mkdtempSync(join(tmpdir(), 'sunlight-cluster-'))
  const databaseUrl = await freshDatabase(database)
  const varnishPort = basePort
  const varnish = `http://127.0.0.1:${varnishPort}`
  const serverPorts = Array.from({ length: servers }, (_, i) => basePort + 1 + i)
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '10',
    PUBLIC_URL: varnish,
    TRUST_PROXY: 'loopback',
    DEMO_MODE: '1',
    SESSION_SECRET: 'c'.repeat(48),
    CACHE_PURGE_URLS: varnish,
    SANDBOX_WEBHOOK_URL: `${varnish}/webhooks/stripe`,
    LOG_LEVEL: 'warn',
    DATA_DIR: join(dir, 'data'),
    // The fleet checks requests, purges and scheduling: the demo's 28 videos are not packaged as HLS
    // here (ffmpeg would take the machine's cores for a minute and starve the periods being counted).
    VIDEO_STREAMING: 'off',
    ...env,
  }
  const procs: Proc[] = []
  const spawnNode = (name: string, script: string, port: number, extra: Record<string, string>) => {
    const log = join(dir, `${name}.log`)
    const out = openSync(log, 'a')
    const child = spawn(process.execPath, [script], { cwd: ROOT, env: { ...common, PORT: String(port), ...extra }, stdio: ['ignore', out, out] })
    const proc = { name, url: `http://127.0.0.1:${port}`, child, log }
    procs.push(proc)
    return proc
  }
  // The first server migrates and seeds the demo; the others start on the ready database.
  const started: Proc[] = []
  for (const [i, port] of serverPorts.entries()) {
    const proc = spawnNode(`server-${String.fromCharCode(97 + i)}`, 'server-build/index.js', port, {})
    started.push(proc)
    if (i === 0) await waitFor(`${proc.url}/healthz`, { timeoutMs: 120_000 })
  }
  await Promise.all(started.map((proc) => waitFor(`${proc.url}/healthz`)))
  const workerProcs = Array.from({ length: workers }, (_, i) => spawnNode(`worker-${i + 1}`, 'server-build/worker.js', 0, {}))

  procs.push(await startVarnish({ port: varnishPort, backends: serverPorts, dir }))
  const sql = postgres(databaseUrl, { max: 4, onnotice: () => {} })
  // Seeding the demo noted thousands of changed pages; wait until the runners have purged them
  // (both purges), so no test meets a purge of the seed's pages between two reads.
  for (const until = Date.now() + 60_000; Date.now() < until; ) {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from page_changes`
    if (row!.n === 0) break
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return {
    varnish,
    servers: started,
    workers: workerProcs,
    databaseUrl,
    sql,
    dir,
    async stop() {
      await sql.end({ timeout: 5 }).catch(() => {})
      for (const proc of procs) if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGTERM')
      await Promise.all(
        procs.map(
          (proc) =>
            new Promise<void>((done) => {
              if (proc.child.exitCode !== null || proc.child.signalCode !== null) return done()
              const timer = setTimeout(() => {
                proc.child.kill('SIGKILL')
                done()
              }, 15_000)
              proc.child.once('exit', () => {
                clearTimeout(timer)
                done()
              })
            }),
        ),
      )
    },
  }
}
