import { expect, test } from 'vitest'
import { EnvError, parseEnv } from './env.server'

test('defaults make a working demo environment', () => {
  const env = parseEnv({})
  expect(env).toMatchObject({ NODE_ENV: 'development', PORT: 3000, DATA_DIR: './data', DEMO_MODE: false })
  expect(env.DATABASE_URL).toBeUndefined()
})

test('a malformed DATABASE_URL is named in one line', () => {
  for (const bad of ['localhost:5432/sunlight', 'mysql://root@localhost/db', 'postgres://']) {
    const error = (() => {
      try {
        parseEnv({ DATABASE_URL: bad })
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(EnvError)
    expect((error as Error).message).toMatch(/^Invalid environment variable DATABASE_URL: must be a URL like postgres:\/\//)
    expect((error as Error).message).not.toContain('\n')
  }
  expect(parseEnv({ DATABASE_URL: 'postgresql://u:p@db.internal:5432/sunlight' }).DATABASE_URL).toBe(
    'postgresql://u:p@db.internal:5432/sunlight',
  )
})

test('other bad values name their variable', () => {
  expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/^Invalid environment variable PORT/)
  expect(() => parseEnv({ PORT: '70000' })).toThrow(/PORT: must be between 0 and 65535/)
  expect(() => parseEnv({ STRIPE_SECRET_KEY: 'pk_test_123' })).toThrow(/STRIPE_SECRET_KEY/)
  expect(() => parseEnv({ SMTP_URL: 'mail.example.com' })).toThrow(/SMTP_URL/)
  expect(() => parseEnv({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/)
})

test('production needs a session secret unless it is the demo', () => {
  expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET: is required in production/)
  expect(parseEnv({ NODE_ENV: 'production', DEMO_MODE: '1' }).DEMO_MODE).toBe(true)
  expect(() => parseEnv({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).toThrow(/at least 32/)
})

test('production needs its public address (links and cache keys use it), except the demo; proxies are trusted only as named', () => {
  const secret = 'x'.repeat(40)
  expect(() => parseEnv({ NODE_ENV: 'production', SESSION_SECRET: secret, PAYMENTS_SANDBOX: '1' })).toThrow(/PUBLIC_URL: is required in production/)
  expect(parseEnv({ NODE_ENV: 'production', DEMO_MODE: '1' }).PUBLIC_URL).toBeUndefined()
  expect(parseEnv({}).TRUST_PROXY).toEqual([])
  expect(parseEnv({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.5' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '192.168.1.5'])
})

test('payments: production needs Stripe keys unless the sandbox is allowed; a key needs its webhook secret', () => {
  const secret = 'x'.repeat(40)
  const url = 'https://sunlight.example'
  expect(() => parseEnv({ NODE_ENV: 'production', SESSION_SECRET: secret, PUBLIC_URL: url })).toThrow(/STRIPE_SECRET_KEY: is required in production/)
  expect(parseEnv({ NODE_ENV: 'production', SESSION_SECRET: secret, PUBLIC_URL: url, PAYMENTS_SANDBOX: '1' }).PAYMENTS_SANDBOX).toBe(true)
  expect(() => parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc' })).toThrow(/STRIPE_WEBHOOK_SECRET: is required/)
  expect(parseEnv({ STRIPE_PAYMENT_METHODS: 'card, alipay,wechat_pay' }).STRIPE_PAYMENT_METHODS).toEqual(['card', 'alipay', 'wechat_pay'])
  expect(() => parseEnv({ STRIPE_PAYMENT_METHODS: 'card,paypal' })).toThrow(/STRIPE_PAYMENT_METHODS/)
})
