/**
 * The environment, as one zod schema checked at start-up. A bad value stops the process with one
 * line naming the variable (see `EnvError`); nothing else in the app reads `process.env`.
 * `.env.example` documents every variable.
 */
import { z } from 'zod'

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === '1' || value === 'true' || value === 'yes')

const postgresUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value)
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== ''
    } catch {
      return false
    }
  }, 'must be a URL like postgres://user:password@host:5432/database')

const httpUrl = z
  .string()
  .refine((value) => /^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value), 'must be an http(s) URL')
  .transform((value) => value.replace(/\/+$/, ''))

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: z.coerce
      .number({ message: 'must be a port number' })
      .int('must be a port number')
      .min(0, 'must be between 0 and 65535')
      .max(65535, 'must be between 0 and 65535')
      .default(3000),
    /** The site's public address: every absolute link uses it. Required in production (outside the demo). */
    PUBLIC_URL: httpUrl.optional(),
    /**
     * Which peers may set X-Forwarded-For/-Host/-Proto (Express's `trust proxy`): a comma-separated
     * list of addresses, subnets or the names loopback, linklocal, uniquelocal (`loopback` behind a
     * cache or proxy on the same machine). Default: none — the demo has nothing in front of it, and a
     * client's own X-Forwarded-For must not choose the address rate limits count.
     */
    TRUST_PROXY: z
      .string()
      .default('')
      .transform((value) => value.split(',').map((v) => v.trim()).filter(Boolean)),
    DATABASE_URL: z
      .string()
      .optional()
      .transform((value) => (value === '' ? undefined : value))
      .pipe(postgresUrl.optional()),
    DATA_DIR: z.string().min(1).default('./data'),
    /** Connections per server to PostgreSQL; more lets concurrent commits share WAL flushes. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must look like sk_test_… or sk_live_…')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/=]+$/, 'must look like whsec_…')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    /** Where the stripe SDK sends API calls (tests point it at a local fake); Stripe's own by default. */
    STRIPE_API_BASE: httpUrl.optional(),
    /** Payment methods offered by Stripe Checkout for one-time gifts (monthly gifts are card-only). */
    STRIPE_PAYMENT_METHODS: z
      .string()
      .default('card')
      .transform((value) => value.split(',').map((m) => m.trim()).filter(Boolean))
      .pipe(z.array(z.enum(['card', 'alipay', 'wechat_pay'], { message: 'must be a comma-separated list of card, alipay, wechat_pay' })).min(1)),
    /** Where the sandbox delivers its events; this server's own webhook on loopback by default. */
    SANDBOX_WEBHOOK_URL: httpUrl.optional(),
    /** Allows the sandbox gateway in production without DEMO_MODE (a staging site, say). */
    PAYMENTS_SANDBOX: booleanFlag,
    /** S3-compatible object storage for media; local disk under DATA_DIR/media when unset. */
    S3_BUCKET: z.string().min(3).optional().or(z.literal('').transform(() => undefined)),
    S3_REGION: z.string().min(1).default('us-east-1'),
    /** An S3-compatible endpoint (MinIO, R2, OSS …); AWS's own when unset. */
    S3_ENDPOINT: httpUrl.optional(),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    /** Path-style addressing (bucket in the path), which most S3-compatible servers need. */
    S3_FORCE_PATH_STYLE: booleanFlag,
    /**
     * How many loops of each background runner apply stored Stripe events (default 4 on PostgreSQL,
     * 1 on PGlite). For a web tier that only ingests, use BACKGROUND=off.
     */
    EVENT_PROCESSOR_LANES: z.coerce.number().int().min(0).max(32).optional(),
    /**
     * `on` (default): plain paid checkouts are credited a batch at a time, set-based (ADR 0016).
     * `off`: every stored event is applied alone, the one-by-one path — a switch for operators and
     * the baseline `npm run bench:pipeline` compares with.
     */
    EVENT_BATCHES: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
    /**
     * Whether this server also runs the background runner (jobs, periodic work, Stripe events, mail,
     * sandbox deliveries, cache purges). `off` for a web tier in front of `npm run worker` processes;
     * either way each job and each period's work runs once across the fleet.
     */
    BACKGROUND: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
    /**
     * Whether ready videos are also packaged as HLS (media/hls.server.ts: ffmpeg, a few CPU-seconds
     * a clip). `off` for an installation without CPU to spare: every video plays as its faststart MP4.
     */
    VIDEO_STREAMING: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
    /**
     * The Varnish instances in front (comma-separated, e.g. http://127.0.0.1:6081) that the runner
     * purges of the pages each committed change touched. Unset: no cache in front, nothing to purge.
     */
    CACHE_PURGE_URLS: z
      .string()
      .default('')
      .transform((value) => value.split(',').map((v) => v.trim()).filter(Boolean))
      .pipe(z.array(httpUrl)),
    /** Metrics (Prometheus text) on their own port, bound to HOST; unset: not served on a port. */
    METRICS_PORT: z.literal('').transform(() => undefined).or(z.coerce.number().int().min(1).max(65535)).optional(),
    /** Metrics at /metrics on the main port for a scraper sending `Authorization: Bearer <token>`; unset: not served there. */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional().or(z.literal('').transform(() => undefined)),
    /** Seconds a stored Stripe event may wait unapplied before admins are alerted and /readyz says not ready. */
    WEBHOOK_LAG_ALERT_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
    /** For tests of the fleet only: every periodic job runs this often instead of its own period. */
    SCHEDULE_PERIOD_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/\S+$/, 'must look like smtp://user:password@host:587')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    MAIL_FROM: z.string().min(3).default('Sunlight 阳光公益 <no-reply@sunlight.local>'),
    /**
     * A UTF-8 file with one term per line (# comments) that the automatic moderation pass flags,
     * replacing the built-in list (app/moderation/screen.ts).
     */
    MODERATION_TERMS_FILE: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** `npm start` sets it: seeds an empty database, prints demo logins, allows the sandbox. */
    DEMO_MODE: booleanFlag,
    /**
     * Lets organisations' outgoing webhooks reach private and loopback addresses. Off in production
     * (a webhook must not become a way into the platform's own network); on in development, tests
     * and the demo, whose receivers run on this machine.
     */
    WEBHOOKS_ALLOW_PRIVATE: booleanFlag,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.DEMO_MODE && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'is required in production (at least 32 random characters)',
      })
    }
    if (env.NODE_ENV === 'production' && !env.DEMO_MODE && !env.PUBLIC_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'is required in production: the address people reach the site at, e.g. https://sunlight.example (links in emails, share links and QR codes use it)',
      })
    }
    if (env.NODE_ENV === 'production' && !env.STRIPE_SECRET_KEY && !env.DEMO_MODE && !env.PAYMENTS_SANDBOX) {
      ctx.addIssue({
        code: 'custom',
        path: ['STRIPE_SECRET_KEY'],
        message: 'is required in production; the test-mode sandbox runs there only with DEMO_MODE=1 or PAYMENTS_SANDBOX=1',
      })
    }
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['STRIPE_WEBHOOK_SECRET'], message: 'is required with STRIPE_SECRET_KEY (whsec_… from the Stripe dashboard)' })
    }
  })

export type Env = z.infer<typeof EnvSchema>

export class EnvError extends Error {
  override name = 'EnvError'
}

/** Parses an environment; throws an `EnvError` whose message is one line naming the variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const name = issue.path.join('.') || 'environment'
  throw new EnvError(`Invalid environment variable ${name}: ${issue.message}`)
}

let current: Env | undefined

/** The environment of this process, parsed once. */
export function getEnv(): Env {
  current ??= parseEnv(process.env)
  return current
}

let installationSessionSecret: string | undefined

/** At start-up, without SESSION_SECRET: the secret this installation made for itself (kept in its database). */
export function setInstallationSessionSecret(secret: string) {
  installationSessionSecret = secret
}

/**
 * What signs cookies and one-click links: SESSION_SECRET (required in production), else the
 * installation's own secret, loaded at start-up. Only a test run, which starts no server, falls back
 * to a fixed value; anything else without a secret is a programming error, not a silent default.
 */
export function sessionSecret(env: Env = getEnv()): string {
  const secret = env.SESSION_SECRET ?? installationSessionSecret
  if (secret) return secret
  if (env.NODE_ENV === 'test') return 'sunlight-test-secret-only-in-test-runs'
  throw new Error('No session secret: set SESSION_SECRET, or start the server (it loads the installation secret).')
}

/** Cookies get `Secure` (and the `__Host-` prefix) when the public address is HTTPS. */
export function isSecureDeployment(env: Env = getEnv()): boolean {
  return env.PUBLIC_URL?.startsWith('https://') ?? false
}

/** The only environment values that reach the browser. */
export function getPublicEnv(env: Env = getEnv()) {
  return { mode: env.NODE_ENV, demo: env.DEMO_MODE, sandboxPayments: !env.STRIPE_SECRET_KEY }
}
