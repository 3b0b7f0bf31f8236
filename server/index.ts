/**
 * The production HTTP server, the one HTTP entry: Express in front of Remix. It starts the
 * application (environment, database, migrations, demo seed, and the background runner unless
 * BACKGROUND=off) before it listens, answers Stripe's webhook on the raw body, serves hashed assets
 * with immutable caching, compresses, logs every request as JSON, sets security headers, and drains
 * in-flight requests and stops the app on SIGTERM. Public pages are cached by Varnish in front
 * (deploy/varnish), not here.
 *
 * Built by scripts/build-server.mjs into server-build/index.js; the app lives in build/index.js.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, watch } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import { broadcastDevReady, type ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import { pino } from 'pino'
import { pinoHttp } from 'pino-http'
import type * as AppModule from '../app/entry.server'

// The server's view of the app, checked by the type checker against the app's real exports.
type AppLifecycle = Pick<
  typeof AppModule,
  | 'startup'
  | 'shutdown'
  | 'health'
  | 'ready'
  | 'metricsText'
  | 'observeRequest'
  | 'handleWebhookBody'
  | 'MAX_WEBHOOK_BODY'
  | 'gateMiddleware'
  | 'contentSecurityPolicy'
  | 'acceptableRequestId'
  | 'newRequestId'
  | 'withRequestId'
  | 'maskEmails'
  | 'networkOf'
>

const ROOT = resolve(process.env.SUNLIGHT_ROOT ?? process.cwd())
const BUILD_PATH = join(ROOT, 'build', 'index.js')
const DRAIN_TIMEOUT_MS = 10_000

/** The webhook body reader's refusals (too large, an encoding it cannot read) are the sender's: 4xx, as JSON. */
const webhookBodyRefused: express.ErrorRequestHandler = (error: { status?: number }, _req, res, next) => {
  const status = error.status && error.status >= 400 && error.status < 500 ? error.status : null
  if (!status) return next(error)
  res.setHeader('Connection', 'close')
  res.status(status).set('Cache-Control', 'no-store').json({ error: status === 413 ? 'payload too large' : 'unreadable body' })
}

async function importBuild(): Promise<ServerBuild> {
  // A query string defeats the ESM cache when the development build changes.
  return import(`${pathToFileURL(BUILD_PATH).href}?t=${Date.now()}`)
}

async function main() {
  if (!existsSync(BUILD_PATH)) {
    console.error('No build found: run `npm run build` first (npm start does it for you).')
    process.exit(1)
  }
  let build = await importBuild()
  const app = build.entry.module as unknown as AppLifecycle

  let started: Awaited<ReturnType<AppLifecycle['startup']>>
  try {
    started = await app.startup({ role: 'web' })
  } catch (error) {
    if (error instanceof Error && error.name === 'StartupError') {
      console.error(`Sunlight cannot start: ${error.message}`)
      process.exit(1)
    }
    throw error
  }
  const { env } = started
  const production = env.NODE_ENV === 'production'
  const logger = pino({ level: env.LOG_LEVEL, base: { service: 'sunlight' } })

  const server = express()
  server.disable('x-powered-by')
  // Behind a cache or load balancer the client's address, host and scheme come from X-Forwarded-*,
  // but only from the peers TRUST_PROXY names; anyone else's X-Forwarded-* headers are removed, so
  // no client can choose the host a page is rendered (or cached) for.
  server.set('trust proxy', env.TRUST_PROXY)
  const trusted = server.get('trust proxy fn') as (address: string, hop: number) => boolean
  server.use((req, _res, next) => {
    if (!trusted(req.socket.remoteAddress ?? '', 0)) {
      for (const header of ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded']) delete req.headers[header]
    }
    next()
  })
  // One request id from the edge on (a trusted proxy's X-Request-Id, else a new one): in every log
  // line of the request, the jobs it enqueues and the events it stores, and in the answer's header.
  server.use((req, res, next) => {
    const fromEdge = trusted(req.socket.remoteAddress ?? '', 0) ? app.acceptableRequestId(req.headers['x-request-id']) : null
    const requestId = fromEdge ?? app.newRequestId()
    req.headers['x-request-id'] = requestId
    res.setHeader('X-Request-Id', requestId)
    app.withRequestId(requestId, next)
  })
  // Every answer counted and timed by route pattern (app/runtime/metrics.server.ts).
  server.use((req, res, next) => {
    const started = process.hrtime.bigint()
    res.on('finish', () => app.observeRequest(req.method, req.path, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9))
    next()
  })
  // Stripe's webhook, Stripe's documented way: the raw body (its signature is over the exact bytes),
  // before anything parses or rewrites it; a machine-to-machine endpoint authenticated by that
  // signature, so none of the browser machinery below (logging, compression, CSP, CSRF, Remix) runs.
  server.post(
    '/webhooks/stripe',
    express.raw({ type: () => true, limit: app.MAX_WEBHOOK_BODY }),
    (req: express.Request, res: express.Response) => {
      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : ''
      // Written directly: Express's res.json would also compute an ETag nobody asks a webhook for.
      const reply = (status: number, body: unknown) => {
        const text = JSON.stringify(body)
        res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' }).end(text)
      }
      const signature = req.headers['stripe-signature']
      app.handleWebhookBody(raw, typeof signature === 'string' ? signature : null).then(
        (result) => reply(result.status, result.body),
        (error: unknown) => {
          logger.error({ err: error }, 'webhook failed')
          reply(500, { error: 'temporarily unavailable' })
        },
      )
    },
    // The body reader's refusals (too large, an encoding it cannot read) are the sender's: 4xx, as JSON.
    webhookBodyRefused,
  )

  // The one door (app/utils/request-gate.server.ts): methods, Host, the address's encoding, form sizes.
  server.use(app.gateMiddleware())

  server.get('/healthz', async (_req, res) => {
    const database = await app.health()
    res.setHeader('Cache-Control', 'no-store')
    res.status(database.ok ? 200 : 503).json({ status: database.ok ? 'ok' : 'unavailable', database })
  })
  // Readiness (docs/operations.md): the database answers, migrations ran, Stripe's events are being applied.
  server.get('/readyz', async (_req, res) => {
    const state = await app.ready().catch((error: unknown) => ({ ready: false, reasons: [(error as Error).message] }))
    res.setHeader('Cache-Control', 'no-store')
    res.status(state.ready ? 200 : 503).json({ status: state.ready ? 'ready' : 'not ready', reasons: state.reasons })
  })
  const sendMetrics = async (res: express.Response) => {
    try {
      const metrics = await app.metricsText()
      res.setHeader('Cache-Control', 'no-store')
      res.type(metrics.contentType).send(metrics.body)
    } catch (error) {
      logger.error({ err: error }, 'metrics')
      res.status(503).type('text/plain').send('metrics unavailable')
    }
  }
  // Metrics on the main port only for a scraper holding METRICS_TOKEN; everyone else: not found.
  server.get('/metrics', (req, res, next) => {
    const token = env.METRICS_TOKEN
    const given = req.get('authorization')?.replace(/^Bearer\s+/i, '') ?? ''
    if (!token || given.length !== token.length || !timingSafeEqual(Buffer.from(given), Buffer.from(token))) return next()
    void sendMetrics(res)
  })

  server.use(compression())
  // Remix fingerprints everything under /build: cache it forever.
  server.use('/build', express.static(join(ROOT, 'public', 'build'), { immutable: true, maxAge: '1y', index: false }))
  server.use(express.static(join(ROOT, 'public'), { maxAge: '1h', index: false }))

  server.use(
    pinoHttp({
      logger,
      quietReqLogger: true,
      genReqId: (req) => String(req.headers['x-request-id'] ?? ''),
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: {
        // No personal data: the network, never the address; email addresses in a URL masked.
        req: (req) => ({ method: req.method, url: app.maskEmails(String(req.url)), network: app.networkOf(String(req.remoteAddress ?? '')), ua: req.headers['user-agent'] }),
        res: (res) => ({ status: res.statusCode }),
      },
    }),
  )

  // A fresh nonce for every response; a page a shared cache may keep replaces this policy with one
  // naming its scripts by hash (app/entry.server.tsx), so cached pages carry no per-response secret.
  server.use((_req, res, next) => {
    const nonce = randomBytes(16).toString('base64')
    res.locals.cspNonce = nonce
    res.setHeader('Content-Security-Policy', app.contentSecurityPolicy({ nonce }))
    next()
  })
  server.use(
    helmet({
      // Set below from the app's one policy (app/utils/csp.server.ts).
      contentSecurityPolicy: false,
      // HSTS only where the site is really served over HTTPS in production.
      strictTransportSecurity:
        production && env.PUBLIC_URL?.startsWith('https://') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      crossOriginEmbedderPolicy: false,
      xFrameOptions: { action: 'deny' },
    }),
  )

  // Nothing may be framed (X-Frame-Options for old browsers, CSP frame-ancestors for the rest) except
  // a response whose CSP names who may frame it — only the embeddable donate widget's (ADR 0020):
  // there X-Frame-Options would contradict the policy, so it is dropped as the headers leave.
  server.use((_req, res, next) => {
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => express.Response
    res.writeHead = ((...args: unknown[]) => {
      const policy = String(res.getHeader('Content-Security-Policy') ?? '')
      const ancestors = /(?:^|;)\s*frame-ancestors\s+([^;]*)/.exec(policy)?.[1]?.trim()
      if (ancestors && ancestors !== "'none'") res.removeHeader('X-Frame-Options')
      return writeHead(...args)
    }) as typeof res.writeHead
    next()
  })

  // A route that sets one of these itself (e.g. /media's sandboxing CSP, an invitation page's
  // no-referrer) replaces helmet's default instead of sending the header twice.
  const routeOverrides = new Set(['content-security-policy', 'x-content-type-options', 'referrer-policy'])
  server.use((_req, res, next) => {
    const append = res.append.bind(res)
    res.append = (field: string, value?: string | string[]) => {
      if (value !== undefined && routeOverrides.has(field.toLowerCase())) {
        res.setHeader(field, value)
        return res
      }
      return append(field, value)
    }
    next()
  })

  // Cross-site request forgery: a state-changing request from another origin is refused outright
  // (SameSite=Lax cookies already keep sessions out of them; this also covers anonymous forms).
  // Stripe's webhook is exempt: it is authenticated by its signature, not by a browser.
  const publicHost = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).host : null
  server.use((req, res, next) => {
    // Exempt: Stripe's signed webhook, and RFC 8058 one-click unsubscribe POSTs from mail providers
    // (authenticated by the HMAC in the link, changing only the link owner's email setting).
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || req.path === '/webhooks/stripe') return next()
    if (req.path === '/unsubscribe') {
      // The mail provider's Origin means nothing here; Remix would refuse a foreign one with a 500.
      delete req.headers.origin
      return next()
    }
    const origin = req.get('origin')
    if (!origin || origin === 'null') return origin === 'null' ? res.status(403).type('text/plain').send('Cross-origin request refused') : next()
    let host: string
    try {
      host = new URL(origin).host
    } catch {
      return res.status(403).type('text/plain').send('Cross-origin request refused')
    }
    // The host the browser sees: a trusted proxy's X-Forwarded-Host (untrusted ones were removed above), else Host.
    const seen = req.get('x-forwarded-host')?.split(',')[0]?.trim() || req.get('host')
    if (host !== seen && host !== publicHost) return res.status(403).type('text/plain').send('Cross-origin request refused')
    // Checked here, once: Remix's own comparison would see the internal host behind a proxy and answer 500.
    delete req.headers.origin
    next()
  })

  // Backpressure for streamed answers (the ledger exports): Remix's Express adapter writes a body's
  // chunks without waiting for the socket, so a 1M-row export was held in memory whenever the client
  // read slower than the database. Each write's answer is noted (through compression, which reports
  // its own buffer), and a streaming route asks `room()` before producing more: it waits for 'drain',
  // and says false once the client has gone, so the export stops querying.
  server.use((_req, res, next) => {
    const write = res.write.bind(res) as (...args: unknown[]) => boolean
    res.write = ((...args: unknown[]) => {
      const ok = write(...args)
      if (!ok) res.locals.full = true
      return ok
    }) as typeof res.write
    // One listener each for the whole answer (a listener per wait piled up on compression's stream).
    const wake = () => (res.locals.wake as (() => void) | undefined)?.()
    res.on('drain', () => {
      res.locals.full = false
      wake()
    })
    res.on('close', wake)
    next()
  })

  server.all(
    '*',
    createRequestHandler({
      // A function makes Remix re-derive its routes and static handler on every request, which
      // only development's rebuilds need; production hands over the build once.
      build: production ? build : async () => build,
      mode: env.NODE_ENV,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip, room: roomFor(res) }),
    }),
  )

  const http: Server = server.listen(env.PORT, env.HOST)
  http.on('listening', () => {
    const address = http.address()
    const port = typeof address === 'object' && address ? address.port : env.PORT
    const url = env.PUBLIC_URL ?? `http://localhost:${port}`
    logger.info({ port, backend: started.backend, seeded: started.seeded, background: started.background }, 'listening')
    console.log(`\n☀  Sunlight is running at ${url}  (database: ${started.backend}${started.seeded ? ', demo data seeded' : ''})`)
    if (started.logins.length > 0) {
      console.log('\n   Demo logins (password for all):')
      for (const login of started.logins) console.log(`   ${login.email.padEnd(28)} ${login.password}   ${login.role}`)
      console.log('')
    }
    if (!production) broadcastDevReady(build)
  })
  // Metrics on their own port (METRICS_PORT), bound to HOST, for a scraper inside the network.
  const metricsServer = env.METRICS_PORT
    ? createServer((req, res) => {
        if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found')
        app.metricsText().then(
          (metrics) => res.writeHead(200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' }).end(metrics.body),
          (error: unknown) => {
            logger.error({ err: error }, 'metrics')
            res.writeHead(503, { 'Content-Type': 'text/plain' }).end('metrics unavailable')
          },
        )
      }).listen(env.METRICS_PORT, env.HOST)
    : null
  http.keepAliveTimeout = 65_000 // Longer than common load balancers' idle timeout.
  // No request waits forever: headers must arrive within 15 s, a whole request (a 500 MB video
  // upload included) within 30 minutes, and a connection that goes silent for a minute is closed.
  http.headersTimeout = 15_000
  http.requestTimeout = 30 * 60_000
  http.timeout = 60_000

  if (!production && process.env.REMIX_DEV_ORIGIN) {
    watch(join(ROOT, 'build'), { persistent: false }, async (_event, file) => {
      if (file !== 'index.js') return
      build = await importBuild()
      broadcastDevReady(build)
    })
  }

  let stopping = false
  async function stop(signal: string) {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'draining requests')
    const forced = setTimeout(() => {
      logger.warn('drain timed out; closing remaining connections')
      http.closeAllConnections()
    }, DRAIN_TIMEOUT_MS)
    forced.unref()
    // Stop accepting, let in-flight requests finish, then close idle keep-alive sockets.
    metricsServer?.close()
    await new Promise<void>((done) => {
      http.close(() => done())
      http.closeIdleConnections()
    })
    await app.shutdown()
    logger.info('stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})

/** Resolves when the answer's buffer has room again: true, or false once the client is gone. */
function roomFor(res: express.Response) {
  return async () => {
    while (res.locals.full && !res.destroyed && !res.writableEnded) {
      await new Promise<void>((resolve) => (res.locals.wake = resolve))
    }
    return !res.destroyed && !res.writableEnded
  }
}
