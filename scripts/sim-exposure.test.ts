import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'

const run = promisify(execFile)

interface Outcome {
  gini: number
  headShare: number
  unseen: number
  interestMatch: number
  donations: number
}

test('npm run sim:exposure: the real ranking meets every target against popularity ranking, reproducibly, for projects and videos', { timeout: 240_000 }, async () => {
  const [once, twice] = await Promise.all([run(process.execPath, ['--import', 'tsx', 'scripts/sim-exposure.ts']), run(process.execPath, ['--import', 'tsx', 'scripts/sim-exposure.ts'])])
  const last = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!) as Record<'popularity' | 'fair', Outcome> & { videos: Record<'popularity' | 'fair', Outcome> }
  const result = last(once.stdout)
  expect(last(twice.stdout)).toEqual(result)
  expect(result.fair.headShare).toBeLessThanOrEqual(0.3)
  expect(result.fair.gini).toBeLessThanOrEqual(0.35)
  expect(result.fair.unseen).toBe(0)
  expect(result.fair.interestMatch).toBeGreaterThanOrEqual(result.popularity.interestMatch)
  expect(result.fair.donations).toBeGreaterThanOrEqual(0.85 * result.popularity.donations)
  expect(result.popularity.headShare).toBeGreaterThan(0.9)
  // The /watch feed over videos: the same guarantees (the gifts' cost is reported, not a target).
  expect(result.videos.fair.headShare).toBeLessThanOrEqual(0.3)
  expect(result.videos.fair.gini).toBeLessThanOrEqual(0.35)
  expect(result.videos.fair.unseen).toBe(0)
  expect(result.videos.fair.interestMatch).toBeGreaterThanOrEqual(result.videos.popularity.interestMatch)
  expect(result.videos.popularity.headShare).toBeGreaterThan(0.9)
})
