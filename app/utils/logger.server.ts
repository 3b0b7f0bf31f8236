import { destination as pinoDestination, pino } from 'pino'
import { currentRequestId } from './request-context.server'

/**
 * Structured JSON logs on stdout; the level comes from LOG_LEVEL. Every line carries the id of the
 * request, job or event it belongs to (request-context.server.ts). No personal data: email
 * addresses anywhere in a line are masked (`l***@example.org`), fields that name a person are
 * replaced, and passwords, cookies and authorization headers are removed (docs/operations.md).
 */
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g
const PERSONAL_KEYS = new Set(['displayName', 'display_name', 'name', 'customer_name', 'customerName', 'donorName', 'message', 'birthDate', 'birth_date', 'phone', 'address'])

export function maskEmails(text: string) {
  return text.replace(EMAIL, '$1***@$2')
}

function mask(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskEmails(value)
  if (depth > 6 || value === null || typeof value !== 'object') return value
  if (value instanceof Error) return { type: value.name, message: maskEmails(value.message), stack: value.stack ? maskEmails(value.stack) : undefined }
  if (Array.isArray(value)) return value.map((v) => mask(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) out[key] = PERSONAL_KEYS.has(key) && v != null ? '[personal]' : mask(v, depth + 1)
  return out
}

/** Lines written while a test listens (`logTap.lines = []`), besides stdout. */
export const logTap: { lines: string[] | null } = { lines: null }

const destination = pinoDestination({ fd: 1, sync: true })
export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? 'info',
    base: { service: 'sunlight' },
    redact: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.passwordHash', '*.token'],
    mixin: () => {
      const requestId = currentRequestId()
      return requestId ? { reqId: requestId } : {}
    },
    formatters: { log: (object) => mask(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? maskEmails(a) : a)) as Parameters<typeof method>,
        )
      },
    },
  },
  {
    write(line: string) {
      logTap.lines?.push(line)
      destination.write(line)
    },
  },
)
