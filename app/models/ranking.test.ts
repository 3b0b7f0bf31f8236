import { expect, test } from 'vitest'
import { gini, headShare, personalize, rankAll, RANKING } from './ranking'

const stats = (id: string, impressions: number, donationCount: number) => ({ id, impressions, donationCount, daysLeft: 30, progress: 0.2 })

test('gini and head share measure concentration', () => {
  expect(gini([5, 5, 5, 5])).toBe(0)
  expect(gini([0, 0, 0, 12])).toBeCloseTo(0.75)
  expect(headShare(Array.from({ length: 10 }, () => 1), 0.1)).toBeCloseTo(0.1)
  expect(headShare([91, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0.1)).toBeCloseTo(0.91)
})

test('more donations rank higher at equal exposure; more exposure ranks lower at equal donations', () => {
  const scores = rankAll([stats('a', 100, 10), stats('b', 100, 2), stats('c', 300, 10), stats('d', 100, 10)])
  expect(scores.get('a')!).toBeGreaterThan(scores.get('b')!)
  expect(scores.get('a')!).toBeGreaterThan(scores.get('c')!)
})

test('a project under the exposure floor outranks every project above it', () => {
  const scores = rankAll([stats('famous', 1000, 500), stats('new', 0, 0), stats('mid', 600, 20)])
  expect(scores.get('new')!).toBeGreaterThan(scores.get('famous')!)
  expect(scores.get('new')!).toBeGreaterThanOrEqual(RANKING.EXPLORE)
})

test('while the most-shown tenth holds more than the cap, it is pushed down', () => {
  const items = Array.from({ length: 20 }, (_, i) => stats(`p${i}`, i < 2 ? 1000 : 100, i < 2 ? 1000 : 1))
  const scores = rankAll(items)
  // p0 and p1 hold 2000 of 3800 impressions (53% > 27%): however many donations they have, they drop below the rest.
  const order = [...scores.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id)
  expect(order.slice(-2).sort()).toEqual(['p0', 'p1'])
})

test('the first page prefers the reader’s interests among the pool, and keeps rank order otherwise', () => {
  const pool = [
    { id: '1', category: 'heritage', region: '北京', rankScore: 10 },
    { id: '2', category: 'education', region: '河南', rankScore: 9 },
    { id: '3', category: 'animal_protection', region: '江苏', rankScore: 8 },
    { id: '4', category: 'education', region: '北京', rankScore: 4 },
  ]
  expect(personalize(pool, null, 2).map((p) => p.id)).toEqual(['1', '2'])
  const interests = { categories: new Set(['education']), regions: new Set(['北京']) }
  expect(personalize(pool, interests, 2).map((p) => p.id)).toEqual(['2', '4'])
})
