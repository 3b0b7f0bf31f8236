import { describe, expect, it } from 'vitest'
import { flagSeverity, normalise, parseTermList, screenText } from './screen'

describe('screenText', () => {
  it('lets ordinary charity text through, in both languages', () => {
    expect(screenText('今天我们给二郎庙村小学送去了 120 份午餐，孩子们吃得很开心。详见 https://example.org/report')).toEqual([])
    expect(screenText('We delivered 40 warm packs to Liangshan this week. Thank you, everyone!')).toEqual([])
  })

  it('finds listed terms through spacing, case and full-width forms', () => {
    expect(screenText('请 私下 转账 给我')).toContainEqual({ kind: 'term', detail: '私下转账' })
    expect(screenText('Best ＣＡＳＩＮＯ bonus')).toContainEqual({ kind: 'term', detail: 'casino' })
  })

  it('uses a configured list instead of the built-in one', () => {
    const terms = parseTermList('# our list\n假冒\n\n  fake charity  # English too\n')
    expect(terms).toEqual(['假冒', 'fake charity'])
    expect(screenText('这是假冒的项目', terms)).toEqual([{ kind: 'term', detail: '假冒' }])
    expect(screenText('博彩', terms)).toEqual([])
  })

  it('flags link spam: more than three links, or a link shortener', () => {
    const many = Array.from({ length: 4 }, (_, i) => `https://spam${i}.example/x`).join(' ')
    expect(screenText(many)).toContainEqual({ kind: 'links', detail: '4' })
    expect(screenText('see https://bit.ly/3xYz')).toContainEqual({ kind: 'shortener', detail: 'bit.ly' })
    expect(screenText('three is fine: https://a.example https://b.example https://c.example')).toEqual([])
  })

  it('flags repetition and off-platform contact requests', () => {
    expect(screenText('捐款捐款捐款捐款捐款捐款').map((f) => f.kind)).toContain('repetition')
    expect(screenText('!!!!!!!!!!!!').map((f) => f.kind)).toContain('repetition')
    expect(screenText('有意者加微信：abc12345 详谈').map((f) => f.kind)).toContain('contact')
    expect(screenText('good, good work')).toEqual([])
  })

  it('ranks a blocked file above a term above a link', () => {
    expect(flagSeverity([])).toBe(0)
    expect(flagSeverity([{ kind: 'links', detail: '5' }])).toBe(1)
    expect(flagSeverity([{ kind: 'links', detail: '5' }, { kind: 'term', detail: 'x' }])).toBe(2)
    expect(flagSeverity([{ kind: 'blockedMedia', detail: 'ab' }])).toBe(4)
  })

  it('normalises without losing Chinese', () => {
    expect(normalise(' 阳光 公益 ')).toBe('阳光公益')
  })
})
