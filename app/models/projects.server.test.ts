import { and, count, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { ledgerEntries, media, projects } from '~db/schema'
import { setupTestDatabase, testBackend } from '~db/testing/test-database'
import { demoProjects } from '~seeds/demo-data'
import { seedDemo } from '~seeds/seed.server'
import { refreshRankScores } from './exposure.server'
import { daysLeft, discoverProjects, localizeCard, platformTotals, projectCover } from './projects.server'

const { db } = await setupTestDatabase()
const now = new Date('2026-11-23T08:00:00Z')
const first = await seedDemo(db, { now })

test(`the demo seed runs once and is idempotent (${testBackend()})`, async () => {
  expect(first.seeded).toBe(true)
  const again = await seedDemo(db, { now })
  expect(again.seeded).toBe(false)
  const [row] = await db.select({ n: count() }).from(projects)
  expect(row!.n).toBe(demoProjects.length)
})

test('discover lists every fundraising project in rank order, filters, searches Chinese and English, and pages without overlap', async () => {
  await refreshRankScores(db, now)
  const expected = demoProjects.filter((p) => p.status === 'fundraising').map((p) => p.slug).sort()
  const all = await discoverProjects(db, { status: 'fundraising', limit: 50 })
  expect(all.map((p) => p.slug).sort()).toEqual(expected)
  expect(all.map((p) => p.rankScore)).toEqual([...all.map((p) => p.rankScore)].sort((a, b) => b - a))
  expect(all.every((p) => p.organization.verified)).toBe(true)

  const education = await discoverProjects(db, { status: 'fundraising', category: 'education', limit: 50 })
  expect(education.length).toBeGreaterThan(0)
  expect(education.every((p) => p.category === 'education')).toBe(true)

  const lunch = await discoverProjects(db, { status: 'fundraising', q: '午餐', limit: 50 })
  expect(lunch.map((p) => p.slug)).toContain('erlangmiao-village-school')
  expect(lunch.every((p) => `${p.title}${p.summary}`.includes('午餐'))).toBe(true)
  expect(await discoverProjects(db, { status: 'fundraising', q: '100%_', limit: 50 })).toEqual([])

  // English by words and prefixes, against the English versions (the originals are Chinese).
  const slugs = async (q: string) => (await discoverProjects(db, { status: 'fundraising', q, limit: 50 })).map((p) => p.slug).sort()
  expect(await slugs('lunch')).toEqual(['erlangmiao-village-school', 'free-lunch-draw-to-life'])
  expect(await slugs('Free Lun')).toEqual(['free-lunch-draw-to-life'])
  expect(await slugs('library')).toEqual(['ancient-book-restoration'])
  expect(await slugs('libraries')).toEqual(['ancient-book-restoration'])
  expect(await slugs('stray animals')).toEqual(['stray-animal-rescue'])
  expect(await slugs('lunch kangaroo')).toEqual([])
  // Operators typed are only punctuation: no error, the words still match.
  expect(await slugs("lunch & !(free) | :* <-> '")).toEqual(['free-lunch-draw-to-life'])
  expect(await slugs('&|!():*')).toEqual([])
  // Chinese still by substring, in the original text (a Chinese query has no English words).
  expect(await slugs('图书馆')).toEqual(['ancient-book-restoration'])

  const first = await discoverProjects(db, { status: 'fundraising', limit: 3 })
  const last = first.at(-1)!
  const second = await discoverProjects(db, { status: 'fundraising', limit: 50, after: { score: last.rankScore, id: last.id } })
  expect([...first, ...second].map((p) => p.id)).toEqual(all.map((p) => p.id))
})

test('cached totals equal the ledger, and the platform totals add them up', async () => {
  const listed = await discoverProjects(db, { status: 'fundraising', limit: 50 })
  for (const project of listed) {
    const [ledger] = await db
      .select({ n: count() })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.projectId, project.id), eq(ledgerEntries.kind, 'donation')))
    expect(ledger!.n).toBe(project.donationCount)
    expect(project.raisedAmount > 0n).toBe(true)
  }
  const totals = await platformTotals(db)
  const all = await db.select({ raised: projects.raisedAmount, n: projects.donationCount, status: projects.status }).from(projects)
  const live = all.filter((p) => ['fundraising', 'closed', 'completed'].includes(p.status))
  expect(totals.raised).toBe(live.reduce((sum, p) => sum + p.raised, 0n))
  expect(totals.donations).toBe(live.reduce((sum, p) => sum + p.n, 0))
  expect(totals.fundraisingProjects).toBe(demoProjects.filter((p) => p.status === 'fundraising').length)
  expect(totals.partners).toBe(6)
})

test('days left count whole days to the end date in China time', () => {
  expect(daysLeft('2026-11-23', new Date('2026-11-23T10:00:00+08:00'))).toBe(0)
  expect(daysLeft('2026-11-25', new Date('2026-11-23T10:00:00+08:00'))).toBe(2)
  expect(daysLeft('2026-11-22', new Date('2026-11-23T10:00:00+08:00'))).toBeNull()
})

test('a suspended organisation’s projects leave the fundraising lists at once, and come back when it is reinstated', async () => {
  const { organizations } = await import('~db/schema')
  const { eq } = await import('drizzle-orm')
  const [lunch] = await db.select().from(projects).where(eq(projects.slug, 'free-lunch-draw-to-life'))
  const listed = async () => (await discoverProjects(db, { status: 'fundraising', limit: 100 })).map((p) => p.slug)
  expect(await listed()).toContain('free-lunch-draw-to-life')
  await db.update(organizations).set({ status: 'suspended' }).where(eq(organizations.id, lunch!.organizationId))
  expect(await listed()).not.toContain('free-lunch-draw-to-life')
  expect(await listed()).not.toContain('erlangmiao-village-school')
  await db.update(organizations).set({ status: 'approved' }).where(eq(organizations.id, lunch!.organizationId))
  expect(await listed()).toContain('free-lunch-draw-to-life')
})

test('a card shows a cover only when it is a public, ready image not taken down; the project page lets members preview a private one', async () => {
  const [card] = await discoverProjects(db, { status: 'fundraising', limit: 1 })
  const image = (values: Partial<typeof media.$inferInsert>) =>
    db.insert(media).values({ kind: 'image', storageKey: 'co/ve/r.png', contentType: 'image/png', byteSize: 1, sha256: 'c'.repeat(64), isPublic: true, ...values }).returning().then((rows) => rows[0]!)
  const coverOf = async () => (await discoverProjects(db, { status: 'fundraising', limit: 50 })).find((p) => p.id === card!.id)!.coverMediaId
  // The demo seeds a cover for every project: start from a project without one.
  await db.update(projects).set({ coverMediaId: null }).where(eq(projects.id, card!.id))
  expect(await coverOf()).toBeNull()
  const cases: [Partial<typeof media.$inferInsert>, boolean, boolean][] = [
    [{}, true, true],
    [{ isPublic: false }, false, true],
    [{ hiddenAt: new Date() }, false, false],
    [{ kind: 'document', contentType: 'application/pdf' }, false, false],
  ]
  for (const [values, shown, preview] of cases) {
    const cover = await image(values)
    await db.update(projects).set({ coverMediaId: cover.id }).where(eq(projects.id, card!.id))
    expect(await coverOf(), JSON.stringify(values)).toBe(shown ? cover.id : null)
    expect(await projectCover(db, cover.id, { member: false })).toBe(shown ? cover.id : null)
    expect(await projectCover(db, cover.id, { member: true })).toBe(preview ? cover.id : null)
  }
  await db.update(projects).set({ coverMediaId: null }).where(eq(projects.id, card!.id))
})

test('a card reads in the reader’s language where the content has it, the original (marked by its language) where not, and names its region from the code', async () => {
  const [card] = (await discoverProjects(db, { status: 'fundraising', limit: 50 })).filter((p) => p.slug === 'mawei-childrens-art-troupe')
  const english = localizeCard(card!, 'en')
  expect(english).toMatchObject({ title: expect.stringMatching(/^Mawei Children's Art Troupe/), lang: 'en', region: 'Liangshan, Sichuan', organization: { name: "Mawei Children's Art Troupe Social Work Station", lang: 'en' } })
  expect(english).not.toHaveProperty('translations')
  const chinese = localizeCard(card!, 'zh-CN')
  expect(chinese).toMatchObject({ title: '马尾儿童艺术团：让大山里的歌声被听见', lang: 'zh-CN', region: '四川省凉山彝族自治州', organization: { name: '凉山马尾儿童艺术团社工站', lang: 'zh-CN' } })
  // Without an English version the original shows, in its language.
  const untranslated = localizeCard({ ...card!, translations: {}, organization: { ...card!.organization, translations: {} }, regionCode: null }, 'en')
  expect(untranslated).toMatchObject({ title: '马尾儿童艺术团：让大山里的歌声被听见', lang: 'zh-CN', region: '四川·凉山', organization: { name: '凉山马尾儿童艺术团社工站', lang: 'zh-CN' } })
})
