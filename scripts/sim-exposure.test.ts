import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'

const run = promisify(execFile)

test('npm run sim:exposure: the real ranking meets every target against popularity ranking, reproducibly', { timeout: 60_000 }, async () => {
  const once = await run(process.execPath, ['--import', 'tsx', 'scripts/sim-exposure.ts'])
  const twice = await run(process.execPath, ['--import', 'tsx', 'scripts/sim-exposure.ts'])
  const last = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!) as Record<'popularity' | 'fair', { gini: number; headShare: number; unseen: number; interestMatch: number; donations: number }>
  const result = last(once.stdout)
  expect(last(twice.stdout)).toEqual(result)
  expect(result.fair.headShare).toBeLessThanOrEqual(0.3)
  expect(result.fair.gini).toBeLessThanOrEqual(0.35)
  expect(result.fair.unseen).toBe(0)
  expect(result.fair.interestMatch).toBeGreaterThanOrEqual(result.popularity.interestMatch)
  expect(result.fair.donations).toBeGreaterThanOrEqual(0.85 * result.popularity.donations)
  expect(result.popularity.headShare).toBeGreaterThan(0.9)
})
