import { pino } from 'pino'

/** Structured JSON logs on stdout; the level comes from LOG_LEVEL. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'sunlight' },
  redact: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.passwordHash'],
})
