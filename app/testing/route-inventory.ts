/**
 * The route inventory: every route module, its loader and action, called as each role with the
 * outcome each must get, over a small world (organisations, projects, a gift, updates, a report).
 * Used by the authorization matrix (app/routes/authorization.test.ts) and the input fuzzer
 * (app/routes/fuzz.test.ts). Import it only from a test file: it opens a test database.
 *
 * Outcomes: `ok` (got past every guard: a page, a redirect elsewhere, or a 4xx about the input),
 * `login` (redirected to log in), `403`, `404` (hidden: indistinguishable from absent).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { setupTestDatabase } from '~db/testing/test-database'

const dataDir = mkdtempSync(join(tmpdir(), 'sunlight-authz-'))
process.env.DATA_DIR = dataDir
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const handle = await setupTestDatabase()
;(globalThis as { __sunlightDatabase?: unknown }).__sunlightDatabase = handle
export const { db } = handle
// What the server does at start: the installation's own secrets exist before the first request.
await (await import('~/payments/gateway.server')).prepareInstallation(db)
/** The folder of the route modules the inventory describes. */
export const routesDir = fileURLToPath(new URL('../routes', import.meta.url))

const { createUser } = await import('~/models/users.server')
const { applyForOrganization, decideOrganization, inviteEditor } = await import('~/models/organizations.server')
const { startSession } = await import('~/utils/session.server')
const { organizationMembers, users } = await import('~db/schema')
const { eq } = await import('drizzle-orm')
const { usccCheckCharacter } = await import('~/utils/uscc')

/** `adminNoFactor`: a platform admin signed in with a password alone, who has no second factor yet. */
export const ROLES = ['anonymous', 'donor', 'otherEditor', 'editor', 'owner', 'adminNoFactor', 'admin'] as const
export type Role = (typeof ROLES)[number]
/** `enrol`: sent to add a second factor first (an admin without one). */
export type Outcome = 'ok' | 'login' | '403' | '404' | 'enrol'

// ── The world: org A (approved) and P (pending), run by `owner` with `editor`; org B by `otherEditor`.
let serial = 0
const uscc = () => {
  const first17 = `5299${String(process.pid).padStart(6, '0')}${String(serial++).padStart(7, '0')}`
  return first17 + usccCheckCharacter(first17)
}
const user = (name: string, isAdmin = false) =>
  createUser(db, { email: `${name}-${crypto.randomUUID()}@example.com`, displayName: name, password: 'a long test passphrase', birthDate: '1980-01-01', locale: 'en' }).then(async (u) => {
    if (isAdmin) await db.update(users).set({ isAdmin: true }).where(eq(users.id, u.id))
    return u
  })
const [donor, otherEditor, editor, owner, admin, adminNoFactor] = [await user('donor'), await user('other'), await user('editor'), await user('owner'), await user('admin', true), await user('admin-no-factor', true)]
// The admin has a code generator and signed in with it; adminNoFactor has none.
const { totpFactors } = await import('~db/schema')
await db.insert(totpFactors).values({ userId: admin.id, secret: 'KRUGKIDTOVXGY2LHNB2CA2LTEBXXAZLO', confirmedAt: new Date() })
// Each document really is in storage (a real 1×1 PNG, so its image variants can be made), so a 404
// means "not allowed", never "file missing".
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
const file = (seed: string) => {
  const storageKey = `00/00/${seed}.png`
  mkdirSync(join(dataDir, 'media', '00', '00'), { recursive: true })
  writeFileSync(join(dataDir, 'media', storageKey), PNG)
  return { storageKey, contentType: 'image/png', byteSize: PNG.length, sha256: seed.padEnd(64, '0') }
}
async function organization(name: string, ownerId: string) {
  return applyForOrganization(db, {
    applicantId: ownerId,
    application: { name, uscc: uscc(), hasPublicFundraisingQualification: true, causeAreas: ['education'], region: '北京', description: 'd', contactName: 'c', contactEmail: 'c@example.org' },
    certificate: file(crypto.randomUUID().replace(/-/g, '')),
    logo: file(crypto.randomUUID().replace(/-/g, '')),
  })
}
const orgA = await organization('Org Alpha', owner.id)
const orgP = await organization('Org Pending', owner.id)
const orgB = await organization('Org Beta', otherEditor.id)
await db.insert(organizationMembers).values([
  { organizationId: orgA.id, userId: editor.id, role: 'editor' },
  { organizationId: orgP.id, userId: editor.id, role: 'editor' },
])
await db.update(organizationMembers).set({ role: 'editor' }).where(eq(organizationMembers.userId, otherEditor.id))
// A video of org A (public) and one of org P (private), each with its HLS master playlist in storage.
const { media } = await import('~db/schema')
const packagedVideo = async (organizationId: string, isPublic: boolean) => {
  const seed = crypto.randomUUID().replace(/-/g, '')
  const hlsKey = `hls/00/${seed}`
  mkdirSync(join(dataDir, 'media', hlsKey), { recursive: true })
  writeFileSync(join(dataDir, 'media', hlsKey, 'master.m3u8'), '#EXTM3U\n')
  const values = { kind: 'video' as const, storageKey: `00/00/${seed}.mp4`, contentType: 'video/mp4', byteSize: 1, sha256: seed.padEnd(64, '0'), isPublic, organizationId, uploadedBy: owner.id, hlsStatus: 'ready' as const, hlsKey }
  const [row] = await db.insert(media).values(values).returning({ id: media.id })
  return row!.id
}
const publicVideo = await packagedVideo(orgA.id, true)
const privateVideo = await packagedVideo(orgP.id, false)
const link = (slug: string) => `http://localhost/organizations/${slug}`
for (const org of [orgA, orgB]) await decideOrganization(db, { adminId: admin.id, organizationId: org.id, decision: 'approve', link })
const { createProjectDraft } = await import('~/models/project-lifecycle.server')
const { projects } = await import('~db/schema')
const projectInput = {
  title: 'Reading rooms',
  summary: 's',
  story: 'story',
  category: 'education' as const,
  region: '北京',
  currency: 'CNY',
  goalAmount: 10_000n,
  startsOn: '2026-01-01',
  endsOn: '2099-12-31',
  budgetLines: [{ label: 'books', plannedAmount: 10_000n }],
}
const liveProject = await createProjectDraft(db, { organizationId: orgA.id, userId: owner.id, project: projectInput })
await db.update(projects).set({ status: 'fundraising', filingNumber: 'F1', publishedAt: new Date() }).where(eq(projects.id, liveProject.id))
const draftProject = await createProjectDraft(db, { organizationId: orgA.id, userId: owner.id, project: projectInput })
const reviewProject = await createProjectDraft(db, { organizationId: orgA.id, userId: owner.id, project: projectInput })
await db.update(projects).set({ status: 'in_review' }).where(eq(projects.id, reviewProject.id))
const { createPendingDonation } = await import('~/models/donations.server')
const { donation: gift } = await createPendingDonation(db, { projectId: liveProject.id, user: { id: donor.id, email: donor.email, birthDate: '1980-01-01' }, amount: 5_000n, frequency: 'one_time', isAnonymous: false, locale: 'en' })
const { postUpdate } = await import('~/models/updates.server')
const liveUpdate = await postUpdate(db, { projectId: liveProject.id, organizationId: orgA.id, authorId: editor.id, title: 'Books arrived', body: 'Photos soon.' })
const draftUpdate = await postUpdate(db, { projectId: draftProject.id, organizationId: orgA.id, authorId: editor.id, title: 'Not yet public', body: 'x' })
// A challenge on the live project with one approved supporter video tagged to it.
const { openChallenge } = await import('~/models/challenges.server')
const { submitSupporterVideo } = await import('~/models/supporter-videos.server')
const { challenges, supporterVideos } = await import('~db/schema')
await openChallenge(db, { projectId: liveProject.id, actorId: owner.id, tag: '点画成真', title: 'Draw to life', brief: 'Draw.', slug: 'draw-to-life', endsOn: null })
const [challenge] = await db.select().from(challenges)
const [videoFile] = await db.insert(media).values({ kind: 'video', ...file(crypto.randomUUID().replace(/-/g, '')), contentType: 'video/mp4', isPublic: true, status: 'ready', uploadedBy: donor.id }).returning({ id: media.id })
const liveVideo = await submitSupporterVideo(db, { projectId: liveProject.id, userId: donor.id, title: 'My drawing', mediaId: videoFile!.id, challengeId: challenge!.id })
await db.update(supporterVideos).set({ status: 'approved' }).where(eq(supporterVideos.id, liveVideo))
const { fileReport } = await import('~/models/moderation.server')
const reported = await fileReport(db, { targetType: 'update', targetId: liveUpdate, reason: 'spam', details: null, reporterId: null, reporterEmail: null, locale: 'en' })
if (!reported.ok) throw new Error('setup: report refused')
const caseId = reported.caseId
// A live giving day with one pool, the live project taking part (issue 22).
const { addPool, advanceCampaign, applyToCampaign, createCampaign, decideCampaignProject } = await import('~/models/campaigns.server')
const campaign = await createCampaign(db, { adminId: admin.id, slug: 'inventory-day', title: '99 公益日', startsAt: new Date('2026-01-01T00:00:00Z'), endsAt: new Date('2099-01-01T00:00:00Z') })
await addPool(db, { adminId: admin.id, campaignId: campaign.id, sponsorName: 'Sponsor', totalAmount: 100_000n, rules: { ratioPercent: 50 } })
await advanceCampaign(db, { adminId: admin.id, campaignId: campaign.id, to: 'live' })
await applyToCampaign(db, { campaignId: campaign.id, projectId: liveProject.id, userId: owner.id })
await decideCampaignProject(db, { adminId: admin.id, campaignId: campaign.id, projectId: liveProject.id, decision: 'approved' })
// A team (一起捐) the donor started for the live project.
const { createTeam } = await import('~/models/teams.server')
const team = await createTeam(db, { userId: donor.id, projectId: liveProject.id, name: 'Team', goal: 100_000n })
const { unsubscribeLink } = await import('~/utils/unsubscribe.server')
const unsubscribePath = unsubscribeLink('', donor.id)
const multipart = () => {
  const body = new FormData()
  body.append('title', '')
  return body
}
// A guest's monthly plan (no account), and the signed link its receipt carries.
const { donation: monthlyGift } = await createPendingDonation(db, { projectId: liveProject.id, user: null, email: 'guest@example.com', amount: 3_000n, frequency: 'monthly', isAnonymous: true, locale: 'en' })
const { planCancelPath } = await import('~/models/donations.server')
const planId = monthlyGift.planId!
const cancelPath = planCancelPath(planId)
const inviteToken = await inviteEditor(db, { organization: orgA, email: 'nobody@example.com', invitedBy: owner, locale: 'en', linkFor: (t) => t })

const cookies: Partial<Record<Role, string>> = {}
/** The session cookie of a role (none for anonymous). */
export function cookiesFor(role: Role) {
  return cookies[role]
}

export async function logInEveryone() {
  for (const [role, u] of [['donor', donor], ['otherEditor', otherEditor], ['editor', editor], ['owner', owner], ['adminNoFactor', adminNoFactor], ['admin', admin]] as const) {
    cookies[role] = (await startSession(db, new Request('http://localhost/'), u.id, { secondFactor: role === 'admin' })).split(';')[0]
  }
}
await logInEveryone()

// ── The inventory: every route module, its loader and action, with the expected outcome per role.
export type Expect = Outcome | (Partial<Record<Role, Outcome>> & { rest?: Outcome })
export interface Call {
  method: 'GET' | 'POST'
  url: string
  params?: Record<string, string>
  body?: BodyInit
  expect: Expect
}
const form = (fields: Record<string, string>) => new URLSearchParams(fields)
const ALL_OK: Expect = 'ok'
const SIGNED_IN: Expect = { anonymous: 'login', rest: 'ok' }
const ADMIN_ONLY: Expect = { anonymous: 'login', admin: 'ok', adminNoFactor: 'enrol', rest: '403' }
const MEMBERS: Expect = { anonymous: '404', editor: 'ok', owner: 'ok', admin: 'ok', rest: '404' }

export const inventory: Record<string, { loader?: Call[]; action?: Call[] }> = {
  _index: { loader: [{ method: 'GET', url: '/', expect: ALL_OK }] },
  $: {
    loader: [{ method: 'GET', url: '/nowhere', params: { '*': 'nowhere' }, expect: { rest: '404' } }],
    action: [{ method: 'POST', url: '/nowhere', params: { '*': 'nowhere' }, body: form({}), expect: { rest: '404' } }],
  },
  language: {
    loader: [{ method: 'GET', url: '/language', expect: ALL_OK }],
    action: [{ method: 'POST', url: '/language', body: form({ language: 'en', redirectTo: '/' }), expect: ALL_OK }],
  },
  signup: {
    loader: [{ method: 'GET', url: '/signup', expect: ALL_OK }],
    action: [{ method: 'POST', url: '/signup', body: form({ email: 'bad' }), expect: ALL_OK }],
  },
  login: {
    loader: [{ method: 'GET', url: '/login', expect: ALL_OK }],
    action: [{ method: 'POST', url: '/login', body: form({ email: 'bad' }), expect: ALL_OK }],
  },
  'login_.verify': {
    // Without a password-checked sign-in in progress, the second step sends everyone to log in.
    loader: [{ method: 'GET', url: '/login/verify', expect: 'login' }],
    action: [{ method: 'POST', url: '/login/verify', body: form({ code: '000000' }), expect: 'login' }],
  },
  'login_.passkey': {
    // Anyone may ask for a challenge to sign in with a passkey; proving one is the check.
    action: [{ method: 'POST', url: '/login/passkey', body: form({ intent: 'options', purpose: 'signin' }), expect: ALL_OK }],
  },
  'account_.security': {
    loader: [{ method: 'GET', url: '/account/security', expect: SIGNED_IN }],
    action: [{ method: 'POST', url: '/account/security', body: form({ intent: 'totp-cancel' }), expect: SIGNED_IN }],
  },
  'account_.verify': {
    loader: [{ method: 'GET', url: '/account/verify?redirectTo=/account', expect: SIGNED_IN }],
    action: [{ method: 'POST', url: '/account/verify', body: form({ code: '000000', redirectTo: '/account' }), expect: SIGNED_IN }],
  },
  'account_.passkeys': {
    action: [{ method: 'POST', url: '/account/passkeys', body: form({ intent: 'nothing' }), expect: SIGNED_IN }],
  },
  logout: {
    loader: [{ method: 'GET', url: '/logout', expect: ALL_OK }],
    action: [{ method: 'POST', url: '/logout', body: form({}), expect: ALL_OK }],
  },
  'verify-email': {
    loader: [{ method: 'GET', url: '/verify-email?token=x', expect: ALL_OK }],
    // A bad link: everyone is sent to log in with a message (a redirect to /login).
    action: [{ method: 'POST', url: '/verify-email', body: form({ token: 'x'.repeat(30) }), expect: 'login' }],
  },
  'forgot-password': {
    loader: [{ method: 'GET', url: '/forgot-password', expect: ALL_OK }],
    action: [{ method: 'POST', url: '/forgot-password', body: form({ email: 'bad' }), expect: ALL_OK }],
  },
  'reset-password': {
    loader: [{ method: 'GET', url: '/reset-password?token=x', expect: ALL_OK }],
    action: [{ method: 'POST', url: '/reset-password?token=x', body: form({ password: 'x' }), expect: ALL_OK }],
  },
  account: {
    loader: [{ method: 'GET', url: '/account', expect: SIGNED_IN }],
    action: [
      { method: 'POST', url: '/account', body: form({ intent: 'mark-read' }), expect: SIGNED_IN },
      { method: 'POST', url: '/account', body: form({ intent: 'update-emails', updateEmails: 'daily' }), expect: SIGNED_IN },
    ],
  },
  // Everyone's reset and invitation links are in it: admins only.
  'dev.outbox': { loader: [{ method: 'GET', url: '/dev/outbox', expect: ADMIN_ONLY }] },
  partners: { loader: [{ method: 'GET', url: '/partners?cause=education', expect: ALL_OK }] },
  'organizations.apply': {
    loader: [{ method: 'GET', url: '/organizations/apply', expect: SIGNED_IN }],
    action: [{ method: 'POST', url: '/organizations/apply', body: form({ name: 'x' }), expect: SIGNED_IN }],
  },
  'organizations.$slug': {
    loader: [
      { method: 'GET', url: `/organizations/${orgA.slug}`, params: { slug: orgA.slug }, expect: ALL_OK },
      { method: 'GET', url: `/organizations/${orgP.slug}`, params: { slug: orgP.slug }, expect: MEMBERS },
      { method: 'GET', url: '/organizations/none', params: { slug: 'none' }, expect: { rest: '404' } },
    ],
    action: [
      { method: 'POST', url: `/organizations/${orgA.slug}`, params: { slug: orgA.slug }, body: form({ intent: 'follow' }), expect: SIGNED_IN },
      { method: 'POST', url: `/organizations/${orgP.slug}`, params: { slug: orgP.slug }, body: form({ intent: 'follow' }), expect: { anonymous: 'login', rest: '404' } },
    ],
  },
  'organizations.$slug_.members': {
    loader: [{ method: 'GET', url: `/organizations/${orgA.slug}/members`, params: { slug: orgA.slug }, expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } }],
    action: [
      { method: 'POST', url: `/organizations/${orgA.slug}/members`, params: { slug: orgA.slug }, body: form({ intent: 'invite', email: 'not-an-email' }), expect: { anonymous: 'login', owner: 'ok', rest: '403' } },
      { method: 'POST', url: `/organizations/${orgA.slug}/members`, params: { slug: orgA.slug }, body: form({ intent: 'remove', userId: editor.id.replace(/./g, '0') }), expect: { anonymous: 'login', owner: 'ok', rest: '403' } },
    ],
  },
  'invitations.accept': {
    loader: [{ method: 'GET', url: `/invitations/accept?token=${inviteToken}`, expect: ALL_OK }],
    action: [{ method: 'POST', url: `/invitations/accept?token=${inviteToken}`, body: form({}), expect: SIGNED_IN }],
  },
  'media.$id': {
    loader: [
      { method: 'GET', url: `/media/${orgA.certificateMediaId}`, params: { id: orgA.certificateMediaId! }, expect: MEMBERS },
      { method: 'GET', url: `/media/${orgB.certificateMediaId}`, params: { id: orgB.certificateMediaId! }, expect: { otherEditor: 'ok', admin: 'ok', rest: '404' } },
      { method: 'GET', url: `/media/${orgP.logoMediaId}`, params: { id: orgP.logoMediaId! }, expect: MEMBERS },
      { method: 'GET', url: `/media/${orgA.logoMediaId}`, params: { id: orgA.logoMediaId! }, expect: ALL_OK },
    ],
  },
  'media.$id_.hls.$': {
    loader: [
      { method: 'GET', url: `/media/${publicVideo}/hls/master.m3u8`, params: { id: publicVideo, '*': 'master.m3u8' }, expect: ALL_OK },
      { method: 'GET', url: `/media/${privateVideo}/hls/master.m3u8`, params: { id: privateVideo, '*': 'master.m3u8' }, expect: MEMBERS },
    ],
  },
  'media.$id_.$variant': {
    loader: [
      { method: 'GET', url: `/media/${orgA.logoMediaId}/w320.webp`, params: { id: orgA.logoMediaId!, variant: 'w320.webp' }, expect: ALL_OK },
      { method: 'GET', url: `/media/${orgP.logoMediaId}/w320.jpg`, params: { id: orgP.logoMediaId!, variant: 'w320.jpg' }, expect: MEMBERS },
    ],
  },
  discover: { loader: [{ method: 'GET', url: '/discover?category=education&q=%E5%8D%88%E9%A4%90', expect: ALL_OK }] },
  'projects.$slug': {
    loader: [
      { method: 'GET', url: `/projects/${liveProject.slug}`, params: { slug: liveProject.slug }, expect: ALL_OK },
      { method: 'GET', url: `/projects/${draftProject.slug}`, params: { slug: draftProject.slug }, expect: { editor: 'ok', owner: 'ok', admin: 'ok', rest: '404' } },
    ],
    action: [
      { method: 'POST', url: `/projects/${liveProject.slug}`, params: { slug: liveProject.slug }, body: form({ intent: 'follow' }), expect: SIGNED_IN },
      // Closing before the end with the goal unmet is refused with a message (409) — but only members get that far.
      { method: 'POST', url: `/projects/${liveProject.slug}`, params: { slug: liveProject.slug }, body: form({ intent: 'close' }), expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } },
      { method: 'POST', url: `/projects/${draftProject.slug}`, params: { slug: draftProject.slug }, body: form({ intent: 'follow' }), expect: { anonymous: 'login', editor: '404', owner: '404', admin: '404', rest: '404' } },
      // Hiding a donor message is the organisation's (a message that is not there: refused with 409).
      { method: 'POST', url: `/projects/${liveProject.slug}`, params: { slug: liveProject.slug }, body: form({ intent: 'hideMessage', donationId: gift.id }), expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } },
    ],
  },
  report: {
    loader: [{ method: 'GET', url: `/report?type=update&id=${liveUpdate}`, expect: ALL_OK }],
    // Signed out too: reporting needs no account (the form is refused here for a missing reason).
    action: [{ method: 'POST', url: '/report', body: form({ type: 'update', id: liveUpdate }), expect: ALL_OK }],
  },
  enforcement: { loader: [{ method: 'GET', url: '/enforcement', expect: ALL_OK }] },
  privacy: { loader: [{ method: 'GET', url: '/privacy', expect: ALL_OK }] },
  // The signed link works for whoever holds it; without it (or for another plan) the plan is not found.
  'plans.$id.cancel': {
    loader: [
      { method: 'GET', url: cancelPath, params: { id: planId }, expect: ALL_OK },
      { method: 'GET', url: `/plans/${planId}/cancel?t=forged`, params: { id: planId }, expect: '404' },
      { method: 'GET', url: cancelPath.replace(planId, crypto.randomUUID()), params: { id: crypto.randomUUID() }, expect: '404' },
    ],
    action: [{ method: 'POST', url: `/plans/${planId}/cancel`, params: { id: planId }, body: form({}), expect: '404' }],
  },
  'admin.moderation._index': { loader: [{ method: 'GET', url: '/admin/moderation?view=decided', expect: ADMIN_ONLY }] },
  'admin.moderation.$id': {
    loader: [{ method: 'GET', url: `/admin/moderation/${caseId}`, params: { id: caseId }, expect: ADMIN_ONLY }],
    action: [{ method: 'POST', url: `/admin/moderation/${caseId}`, params: { id: caseId }, body: form({ action: 'nope' }), expect: ADMIN_ONLY }],
  },
  'organizations.$slug_.messages': {
    loader: [{ method: 'GET', url: `/organizations/${orgA.slug}/messages`, params: { slug: orgA.slug }, expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } }],
    action: [{ method: 'POST', url: `/organizations/${orgA.slug}/messages`, params: { slug: orgA.slug }, body: form({ intent: 'hideMessage', donationId: gift.id }), expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } }],
  },
  'account_.data[.]json': { loader: [{ method: 'GET', url: '/account/data.json', expect: SIGNED_IN }] },
  'account_.delete': {
    loader: [{ method: 'GET', url: '/account/delete', expect: SIGNED_IN }],
    // A wrong password: refused with a message, for every signed-in role.
    action: [{ method: 'POST', url: '/account/delete', body: form({ password: 'not the password', understand: 'on' }), expect: SIGNED_IN }],
  },
  'projects.$slug_.edit': {
    // A draft is hidden from outsiders: not found, as if it did not exist (admins may look).
    loader: [{ method: 'GET', url: `/projects/${draftProject.slug}/edit`, params: { slug: draftProject.slug }, expect: { editor: 'ok', owner: 'ok', admin: '403', rest: '404' } }],
    action: [{ method: 'POST', url: `/projects/${draftProject.slug}/edit`, params: { slug: draftProject.slug }, body: multipart(), expect: { editor: 'ok', owner: 'ok', admin: '403', rest: '404' } }],
  },
  'organizations.$slug_.console': {
    loader: [
      { method: 'GET', url: `/organizations/${orgA.slug}/console`, params: { slug: orgA.slug }, expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } },
      // A pending organisation's console: hidden from outsiders (404), as its public page is.
      { method: 'GET', url: `/organizations/${orgP.slug}/console`, params: { slug: orgP.slug }, expect: { editor: 'ok', owner: 'ok', admin: '403', rest: '404' } },
    ],
  },
  'organizations.$slug_.profile': {
    // The profile in both languages: its own owner and editor only; admins do not edit organisations' words.
    loader: [
      { method: 'GET', url: `/organizations/${orgA.slug}/profile`, params: { slug: orgA.slug }, expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } },
      { method: 'GET', url: `/organizations/${orgP.slug}/profile`, params: { slug: orgP.slug }, expect: { editor: 'ok', owner: 'ok', admin: '403', rest: '404' } },
    ],
    action: [
      {
        method: 'POST',
        url: `/organizations/${orgA.slug}/profile`,
        params: { slug: orgA.slug },
        body: form({ name: 'x', description: 'y', region: '四川', regionCode: '999999', translatedDescription: 'no name' }),
        expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' },
      },
    ],
  },
  'organizations.$slug_.widget': {
    loader: [
      { method: 'GET', url: `/organizations/${orgA.slug}/widget`, params: { slug: orgA.slug }, expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } },
      { method: 'GET', url: `/organizations/${orgP.slug}/widget`, params: { slug: orgP.slug }, expect: { editor: 'ok', owner: 'ok', admin: '403', rest: '404' } },
    ],
  },
  'embed.projects.$slug': {
    // The donate widget: a public project for everyone, signed in or not; a draft for nobody (the widget reads no session).
    loader: [
      { method: 'GET', url: `/embed/projects/${liveProject.slug}`, params: { slug: liveProject.slug }, expect: ALL_OK },
      { method: 'GET', url: `/embed/projects/${draftProject.slug}`, params: { slug: draftProject.slug }, expect: { rest: '404' } },
    ],
  },
  'organizations.$slug_.projects.new': {
    loader: [{ method: 'GET', url: `/organizations/${orgA.slug}/projects/new`, params: { slug: orgA.slug }, expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } }],
    action: [{ method: 'POST', url: `/organizations/${orgA.slug}/projects/new`, params: { slug: orgA.slug }, body: multipart(), expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } }],
  },
  'admin.projects._index': { loader: [{ method: 'GET', url: '/admin/projects', expect: ADMIN_ONLY }] },
  'admin.projects.$id': {
    loader: [{ method: 'GET', url: `/admin/projects/${reviewProject.id}`, params: { id: reviewProject.id }, expect: ADMIN_ONLY }],
    action: [{ method: 'POST', url: `/admin/projects/${reviewProject.id}`, params: { id: reviewProject.id }, body: form({ decision: 'approve', filingNumber: '' }), expect: ADMIN_ONLY }],
  },
  'projects.$slug_.donate': {
    loader: [{ method: 'GET', url: `/projects/${liveProject.slug}/donate`, params: { slug: liveProject.slug }, expect: ALL_OK }],
    // An invalid amount: every role reaches the form's validation (guests may give).
    action: [{ method: 'POST', url: `/projects/${liveProject.slug}/donate`, params: { slug: liveProject.slug }, body: form({ frequency: 'one_time', otherAmount: '0' }), expect: ALL_OK }],
  },
  'webhooks.stripe': {
    loader: [{ method: 'GET', url: '/webhooks/stripe', expect: ALL_OK }],
    // Unsigned: refused with 400 for everyone (the signature is the only credential).
    action: [{ method: 'POST', url: '/webhooks/stripe', body: '{}', expect: ALL_OK }],
  },
  'sandbox.checkout.$id': {
    loader: [{ method: 'GET', url: '/sandbox/checkout/cs_test_missing', params: { id: 'cs_test_missing' }, expect: { rest: '404' } }],
    action: [{ method: 'POST', url: '/sandbox/checkout/cs_test_missing', params: { id: 'cs_test_missing' }, body: form({ card: '4242424242424242' }), expect: ALL_OK }],
  },
  'donations.$id': {
    loader: [
      { method: 'GET', url: `/donations/${gift.id}`, params: { id: gift.id }, expect: { donor: 'ok', admin: 'ok', rest: '404' } },
      { method: 'GET', url: `/donations/${gift.id}?t=${gift.accessToken}`, params: { id: gift.id }, expect: ALL_OK },
    ],
  },
  'receipts.$id': {
    loader: [
      { method: 'GET', url: `/receipts/${gift.id}`, params: { id: gift.id }, expect: { donor: 'ok', admin: 'ok', rest: '404' } },
      { method: 'GET', url: `/receipts/${gift.id}?t=${'0'.repeat(gift.accessToken.length)}`, params: { id: gift.id }, expect: { donor: 'ok', admin: 'ok', rest: '404' } },
    ],
  },
  'account_.donations': {
    loader: [{ method: 'GET', url: '/account/donations', expect: SIGNED_IN }],
    // Someone else's (or no) plan: not found for everyone signed in.
    action: [{ method: 'POST', url: '/account/donations', body: form({ intent: 'cancel', planId: crypto.randomUUID() }), expect: { anonymous: 'login', rest: '404' } }],
  },
  'account_.receipts.$year.$org': {
    loader: [{ method: 'GET', url: `/account/receipts/2026/${orgA.slug}`, params: { year: '2026', org: orgA.slug }, expect: { anonymous: 'login', rest: '404' } }],
  },
  'donations.$id_.refund': {
    loader: [{ method: 'GET', url: `/donations/${gift.id}/refund`, params: { id: gift.id }, expect: { anonymous: 'login', admin: 'ok', rest: '403' } }],
    action: [{ method: 'POST', url: `/donations/${gift.id}/refund`, params: { id: gift.id }, body: form({ amount: '1', reason: 'r' }), expect: { anonymous: 'login', admin: 'ok', rest: '403' } }],
  },
  'admin.donations': {
    loader: [{ method: 'GET', url: '/admin/donations?receipt=SL-0000-00000000', expect: ADMIN_ONLY }],
    // No such held gift: not found for the admin, refused for everyone else.
    action: [{ method: 'POST', url: '/admin/donations', body: form({ intent: 'rejectHeld', donationId: crypto.randomUUID(), reason: 'r' }), expect: { ...(ADMIN_ONLY as object), admin: '404' } }],
  },
  'ledger[.]json': { loader: [{ method: 'GET', url: '/ledger.json', expect: ALL_OK }] },
  'ledger[.]csv': { loader: [{ method: 'GET', url: '/ledger.csv', expect: ALL_OK }] },
  'projects.$slug_.ledger[.]json': {
    loader: [
      { method: 'GET', url: `/projects/${liveProject.slug}/ledger.json`, params: { slug: liveProject.slug }, expect: ALL_OK },
      { method: 'GET', url: `/projects/${draftProject.slug}/ledger.json`, params: { slug: draftProject.slug }, expect: { rest: '404' } },
    ],
  },
  'projects.$slug_.ledger[.]csv': { loader: [{ method: 'GET', url: `/projects/${liveProject.slug}/ledger.csv`, params: { slug: liveProject.slug }, expect: ALL_OK }] },
  'projects.$slug_.transparency': {
    // An expense of another project: not found for everyone who may act at all.
    action: [{ method: 'POST', url: `/projects/${liveProject.slug}/transparency`, params: { slug: liveProject.slug }, body: form({ intent: 'void', expenseId: crypto.randomUUID(), text: 'x' }), expect: { anonymous: 'login', rest: '404' } }],
    loader: [
      { method: 'GET', url: `/projects/${liveProject.slug}/transparency`, params: { slug: liveProject.slug }, expect: ALL_OK },
      { method: 'GET', url: `/projects/${draftProject.slug}/transparency`, params: { slug: draftProject.slug }, expect: { rest: '404' } },
    ],
  },
  'projects.$slug_.translation': {
    // A live project's other-language version: its organisation's owner and editor; admins do not write organisations' words.
    loader: [{ method: 'GET', url: `/projects/${liveProject.slug}/translation`, params: { slug: liveProject.slug }, expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } }],
    action: [{ method: 'POST', url: `/projects/${liveProject.slug}/translation`, params: { slug: liveProject.slug }, body: form({ translatedTitle: '' }), expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } }],
  },
  'projects.$slug_.expenses.new': {
    loader: [{ method: 'GET', url: `/projects/${liveProject.slug}/expenses/new`, params: { slug: liveProject.slug }, expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } }],
    action: [{ method: 'POST', url: `/projects/${liveProject.slug}/expenses/new`, params: { slug: liveProject.slug }, body: multipart(), expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } }],
  },
  'projects.$slug_.updates.new': {
    loader: [{ method: 'GET', url: `/projects/${liveProject.slug}/updates/new`, params: { slug: liveProject.slug }, expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } }],
    action: [{ method: 'POST', url: `/projects/${liveProject.slug}/updates/new`, params: { slug: liveProject.slug }, body: multipart(), expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } }],
  },
  'projects.$slug_.videos.new': {
    loader: [
      { method: 'GET', url: `/projects/${liveProject.slug}/videos/new`, params: { slug: liveProject.slug }, expect: SIGNED_IN },
      { method: 'GET', url: `/projects/${draftProject.slug}/videos/new`, params: { slug: draftProject.slug }, expect: { anonymous: 'login', rest: '404' } },
    ],
    action: [{ method: 'POST', url: `/projects/${liveProject.slug}/videos/new`, params: { slug: liveProject.slug }, body: multipart(), expect: SIGNED_IN }],
  },
  'updates.$id': {
    loader: [
      { method: 'GET', url: `/updates/${liveUpdate}`, params: { id: liveUpdate }, expect: ALL_OK },
      { method: 'GET', url: `/updates/${draftUpdate}`, params: { id: draftUpdate }, expect: { editor: 'ok', owner: 'ok', admin: 'ok', rest: '404' } },
    ],
  },
  'updates.$id_.edit': {
    loader: [{ method: 'GET', url: `/updates/${liveUpdate}/edit`, params: { id: liveUpdate }, expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } }],
    action: [{ method: 'POST', url: `/updates/${liveUpdate}/edit`, params: { id: liveUpdate }, body: form({ title: '', body: '' }), expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } }],
  },
  feed: { loader: [{ method: 'GET', url: '/feed', expect: SIGNED_IN }] },
  'watch._index': { loader: [{ method: 'GET', url: '/watch', expect: ALL_OK }] },
  'watch.$id': {
    loader: [
      { method: 'GET', url: `/watch/${liveVideo}`, params: { id: liveVideo }, expect: ALL_OK },
      { method: 'GET', url: `/watch/${liveUpdate}`, params: { id: liveUpdate }, expect: { rest: '404' } },
    ],
  },
  'watch.$id.qr[.]svg': {
    loader: [
      { method: 'GET', url: `/watch/${liveVideo}/qr.svg`, params: { id: liveVideo }, expect: ALL_OK },
      { method: 'GET', url: `/watch/${liveUpdate}/qr.svg`, params: { id: liveUpdate }, expect: { rest: '404' } },
    ],
  },
  'watch.events': {
    loader: [{ method: 'GET', url: '/watch/events', expect: ALL_OK }],
    action: [{ method: 'POST', url: '/watch/events', body: form({ video: liveVideo, event: 'impression' }), expect: ALL_OK }],
  },
  'challenges.$slug': {
    loader: [
      { method: 'GET', url: '/challenges/draw-to-life', params: { slug: 'draw-to-life' }, expect: ALL_OK },
      { method: 'GET', url: '/challenges/nothing-here', params: { slug: 'nothing-here' }, expect: { rest: '404' } },
    ],
    // Ending a challenge: its organisation's owner or editor, or an admin (an unknown intent keeps it open).
    action: [{ method: 'POST', url: '/challenges/draw-to-life', params: { slug: 'draw-to-life' }, body: form({ intent: 'nothing' }), expect: { anonymous: 'login', editor: 'ok', owner: 'ok', admin: 'ok', rest: '404' } }],
  },
  'teams.$id': {
    loader: [
      { method: 'GET', url: `/teams/${team.id}`, params: { id: team.id }, expect: ALL_OK },
      { method: 'GET', url: '/teams/not-a-team', params: { id: 'not-a-team' }, expect: { rest: '404' } },
    ],
  },
  'projects.$slug_.teams.new': {
    loader: [
      { method: 'GET', url: `/projects/${liveProject.slug}/teams/new`, params: { slug: liveProject.slug }, expect: SIGNED_IN },
      { method: 'GET', url: `/projects/${draftProject.slug}/teams/new`, params: { slug: draftProject.slug }, expect: { anonymous: 'login', rest: '404' } },
    ],
    // An empty name: every signed-in person reaches the form's validation.
    action: [{ method: 'POST', url: `/projects/${liveProject.slug}/teams/new`, params: { slug: liveProject.slug }, body: form({ name: '', goal: '' }), expect: SIGNED_IN }],
  },
  'projects.$slug_.challenges.new': {
    loader: [
      { method: 'GET', url: `/projects/${liveProject.slug}/challenges/new`, params: { slug: liveProject.slug }, expect: { anonymous: 'login', editor: 'ok', owner: 'ok', admin: 'ok', rest: '404' } },
      { method: 'GET', url: `/projects/${draftProject.slug}/challenges/new`, params: { slug: draftProject.slug }, expect: { anonymous: 'login', rest: '404' } },
    ],
    action: [{ method: 'POST', url: `/projects/${liveProject.slug}/challenges/new`, params: { slug: liveProject.slug }, body: form({ tag: '' }), expect: { anonymous: 'login', editor: 'ok', owner: 'ok', admin: 'ok', rest: '404' } }],
  },
  'account_.videos': { loader: [{ method: 'GET', url: '/account/videos', expect: SIGNED_IN }] },
  'account_.participation': { loader: [{ method: 'GET', url: '/account/participation', expect: SIGNED_IN }] },
  participate: {
    loader: [{ method: 'GET', url: '/participate', expect: ALL_OK }],
    // No giving day in this world: every signed-in claim is refused (a message, nothing changed); guests sign in first.
    action: [{ method: 'POST', url: '/participate', body: form({ intent: 'watch_update', item: liveUpdate, back: '/' }), expect: SIGNED_IN }],
  },
  unsubscribe: {
    // The signed link is the credential: anyone holding it may use it, with or without a session.
    loader: [{ method: 'GET', url: unsubscribePath, expect: ALL_OK }],
    action: [{ method: 'POST', url: '/unsubscribe?u=x&t=y', body: form({ 'List-Unsubscribe': 'One-Click' }), expect: ALL_OK }],
  },
  'admin.videos': {
    loader: [{ method: 'GET', url: '/admin/videos', expect: ADMIN_ONLY }],
    action: [{ method: 'POST', url: '/admin/videos', body: form({ id: 'x', decision: 'nope' }), expect: ADMIN_ONLY }],
  },
  transparency: { loader: [{ method: 'GET', url: '/transparency', expect: ALL_OK }] },
  'robots[.]txt': { loader: [{ method: 'GET', url: '/robots.txt', expect: ALL_OK }] },
  'i18n.$file': {
    loader: [
      { method: 'GET', url: '/i18n/en.000000000000.json', params: { file: 'en.000000000000.json' }, expect: ALL_OK },
      { method: 'GET', url: '/i18n/xx.json', params: { file: 'xx.json' }, expect: { rest: '404' } },
    ],
  },
  'verify-ledger[.]mjs': { loader: [{ method: 'GET', url: '/verify-ledger.mjs', expect: ALL_OK }] },
  'verify-matching[.]mjs': { loader: [{ method: 'GET', url: '/verify-matching.mjs', expect: ALL_OK }] },
  'api.transparency[.]json': { loader: [{ method: 'GET', url: '/api/transparency.json', expect: ALL_OK }] },
  // The read API (contract: app/api/v1.test.ts): public data for everyone; the pending organisation's
  // project and the pending organisation are not found whoever asks — the API has no signed-in view.
  // Webhooks: owners only (the secrets sign what the organisation's systems trust); others get 403, the pending org's page is hidden.
  'organizations.$slug_.webhooks': {
    loader: [{ method: 'GET', url: `/organizations/${orgA.slug}/webhooks`, params: { slug: orgA.slug }, expect: { anonymous: 'login', owner: 'ok', rest: '403' } }],
    action: [{ method: 'POST', url: `/organizations/${orgA.slug}/webhooks`, params: { slug: orgA.slug }, body: form({ intent: 'test', endpointId: 'none' }), expect: { anonymous: 'login', owner: 'ok', rest: '403' } }],
  },
  'api.v1.openapi[.]json': { loader: [{ method: 'GET', url: '/api/v1/openapi.json', expect: ALL_OK }] },
  'api.v1.projects': { loader: [{ method: 'GET', url: '/api/v1/projects?limit=5', expect: ALL_OK }] },
  'api.v1.projects_.$slug': {
    loader: [
      { method: 'GET', url: `/api/v1/projects/${liveProject.slug}`, params: { slug: liveProject.slug }, expect: ALL_OK },
      { method: 'GET', url: '/api/v1/projects/none', params: { slug: 'none' }, expect: { rest: '404' } },
    ],
  },
  'api.v1.organizations': { loader: [{ method: 'GET', url: '/api/v1/organizations', expect: ALL_OK }] },
  'api.v1.organizations_.$slug': {
    loader: [
      { method: 'GET', url: `/api/v1/organizations/${orgA.slug}`, params: { slug: orgA.slug }, expect: ALL_OK },
      { method: 'GET', url: `/api/v1/organizations/${orgP.slug}`, params: { slug: orgP.slug }, expect: { rest: '404' } },
    ],
  },
  'api.v1.updates': { loader: [{ method: 'GET', url: '/api/v1/updates', expect: ALL_OK }] },
  'api.v1.updates_.$id': { loader: [{ method: 'GET', url: '/api/v1/updates/00000000-0000-4000-8000-000000000000', params: { id: '00000000-0000-4000-8000-000000000000' }, expect: { rest: '404' } }] },
  'api.v1.ledger-entries': { loader: [{ method: 'GET', url: '/api/v1/ledger-entries', expect: ALL_OK }] },
  'api.v1.campaigns': { loader: [{ method: 'GET', url: '/api/v1/campaigns', expect: ALL_OK }] },
  'api.v1.campaigns_.$slug': { loader: [{ method: 'GET', url: '/api/v1/campaigns/no-such-day', params: { slug: 'no-such-day' }, expect: { rest: '404' } }] },
  'api.v1.transparency': { loader: [{ method: 'GET', url: '/api/v1/transparency', expect: ALL_OK }] },
  'api.v1.$': { loader: [{ method: 'GET', url: '/api/v1/nothing', params: { '*': 'nothing' }, expect: { rest: '404' } }] },
  // No campaign in this world: not found for everyone (the export itself is tested in app/models/matching-export.server.test.ts).
  'campaigns.$slug_.matching[.]json': { loader: [{ method: 'GET', url: '/campaigns/no-such-day/matching.json', params: { slug: 'no-such-day' }, expect: { rest: '404' } }] },
  'campaigns._index': { loader: [{ method: 'GET', url: '/campaigns', expect: ALL_OK }] },
  'campaigns.$slug': {
    loader: [
      { method: 'GET', url: '/campaigns/inventory-day', params: { slug: 'inventory-day' }, expect: ALL_OK },
      { method: 'GET', url: '/campaigns/no-such-day', params: { slug: 'no-such-day' }, expect: { rest: '404' } },
    ],
  },
  'campaigns.$slug_.live[.]json': {
    loader: [
      { method: 'GET', url: '/campaigns/inventory-day/live.json', params: { slug: 'inventory-day' }, expect: ALL_OK },
      { method: 'GET', url: '/campaigns/no-such-day/live.json', params: { slug: 'no-such-day' }, expect: { rest: '404' } },
    ],
  },
  'admin.campaigns._index': {
    loader: [{ method: 'GET', url: '/admin/campaigns', expect: ADMIN_ONLY }],
    action: [{ method: 'POST', url: '/admin/campaigns', body: form({ slug: 'Not a slug', title: '' }), expect: ADMIN_ONLY }],
  },
  'admin.campaigns.$id': {
    loader: [
      { method: 'GET', url: `/admin/campaigns/${campaign.id}`, params: { id: campaign.id }, expect: ADMIN_ONLY },
      { method: 'GET', url: '/admin/campaigns/x', params: { id: 'x' }, expect: { ...(ADMIN_ONLY as object), admin: '404' } },
    ],
    action: [
      { method: 'POST', url: `/admin/campaigns/${campaign.id}`, params: { id: campaign.id }, body: form({ intent: 'update', title: '' }), expect: ADMIN_ONLY },
      { method: 'POST', url: `/admin/campaigns/${campaign.id}`, params: { id: campaign.id }, body: form({ intent: 'pool', sponsorName: 'S', totalAmount: '-1' }), expect: ADMIN_ONLY },
      // Already decided: refused with a message (409) for the admin.
      { method: 'POST', url: `/admin/campaigns/${campaign.id}`, params: { id: campaign.id }, body: form({ intent: 'approve', projectId: liveProject.id }), expect: ADMIN_ONLY },
    ],
  },
  // No such held match: not found for the admin.
  'admin.matches': {
    loader: [{ method: 'GET', url: '/admin/matches', expect: ADMIN_ONLY }],
    action: [{ method: 'POST', url: '/admin/matches', body: form({ matchId: '999999', decision: 'release' }), expect: { ...(ADMIN_ONLY as object), admin: '404' } }],
  },
  'organizations.$slug_.campaigns': {
    loader: [{ method: 'GET', url: `/organizations/${orgA.slug}/campaigns`, params: { slug: orgA.slug }, expect: { anonymous: 'login', editor: 'ok', owner: 'ok', rest: '403' } }],
    // A project that is not the organisation's: not found for its members, refused for everyone else.
    action: [{ method: 'POST', url: `/organizations/${orgA.slug}/campaigns`, params: { slug: orgA.slug }, body: form({ intent: 'apply', campaignId: campaign.id, projectId: draftProject.id }), expect: { anonymous: 'login', editor: '404', owner: '404', rest: '403' } }],
  },
  admin: { loader: [{ method: 'GET', url: '/admin', expect: ADMIN_ONLY }] },
  'admin._index': { loader: [{ method: 'GET', url: '/admin', expect: ADMIN_ONLY }] },
  'admin.organizations._index': { loader: [{ method: 'GET', url: '/admin/organizations', expect: ADMIN_ONLY }] },
  'admin.organizations.$id': {
    loader: [{ method: 'GET', url: `/admin/organizations/${orgP.id}`, params: { id: orgP.id }, expect: ADMIN_ONLY }],
    action: [{ method: 'POST', url: `/admin/organizations/${orgP.id}`, params: { id: orgP.id }, body: form({ decision: 'nonsense' }), expect: ADMIN_ONLY }],
  },
  'admin.audit': { loader: [{ method: 'GET', url: '/admin/audit?action=organization.approve', expect: ADMIN_ONLY }] },
  'admin.operations': { loader: [{ method: 'GET', url: '/admin/operations', expect: ADMIN_ONLY }] },
}

export function expected(spec: Expect, role: Role): Outcome {
  if (typeof spec === 'string') return spec
  return spec[role] ?? spec.rest ?? 'ok'
}

export function classify(result: unknown): Outcome {
  const status = result instanceof Response ? result.status : ((result as { init?: { status?: number } } | null)?.init?.status ?? 200)
  if (result instanceof Response && status >= 300 && status < 400 && (result.headers.get('Location') ?? '').startsWith('/login')) return 'login'
  if (result instanceof Response && status >= 300 && status < 400 && (result.headers.get('Location') ?? '').startsWith('/account/security?required=admin')) return 'enrol'
  if (status === 403) return '403'
  if (status === 404) return '404'
  if (status >= 500) throw new Error(`server error ${status}`)
  return 'ok'
}

export type RouteFn = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>

export async function call(fn: RouteFn, c: Call, role: Role): Promise<Outcome> {
  const headers = new Headers({ 'Accept-Language': 'en' })
  if (cookies[role]) headers.set('Cookie', cookies[role]!)
  if (c.body instanceof URLSearchParams) headers.set('Content-Type', 'application/x-www-form-urlencoded')
  const request = new Request(`http://localhost${c.url}`, { method: c.method, headers, body: c.method === 'POST' ? c.body : undefined })
  try {
    return classify(await fn({ request, params: c.params ?? {}, context: { clientIp: `10.0.${ROLES.indexOf(role)}.1`, cspNonce: '' } }))
  } catch (thrown) {
    return classify(thrown)
  }
}

/** A route module by its file name in app/routes. */
export async function routeModule(route: string) {
  return (await import(/* @vite-ignore */ `${routesDir}/${route}.tsx`).catch(() => import(/* @vite-ignore */ `${routesDir}/${route}.ts`))) as Record<string, RouteFn | undefined>
}
