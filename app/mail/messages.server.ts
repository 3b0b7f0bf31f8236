/** Emails in the recipient's language, built from the same i18n resources as the pages. */
import { isLanguage, fallbackLanguage } from '~/i18n/config'
import { i18nForLanguage } from '~/i18n/i18n.server'
import { absoluteUrl, requestOrigin } from '~/utils/site.server'
import type { Mail } from './mailer.server'

/** Every link in every email is absolute: a mail client cannot open a path. */
const url = (link: string) => absoluteUrl(link)

export type AlertKey = 'donationHeld' | 'platformCovered' | 'ledgerCheckFailed' | 'webhookLag'

/** To each admin when money needs a person (models/alerts.server.ts). */
export function adminAlertMail(admin: { email: string; displayName: string; locale: string }, alert: { key: AlertKey; values: Record<string, string>; link: string }): Mail {
  const t = translator(admin.locale)
  return {
    to: admin.email,
    subject: t(`mail.alert.${alert.key}.subject`),
    text: [t('mail.greeting', { name: admin.displayName }), '', t(`mail.alert.${alert.key}.body` as 'mail.alert.donationHeld.body', alert.values as { reason: string }), url(alert.link), '', t('mail.signature')].join('\n'),
  }
}

function translator(locale: string) {
  const language = isLanguage(locale) ? locale : fallbackLanguage
  return i18nForLanguage(language).getFixedT(language)
}

export function verifyEmailMail(user: { email: string; displayName: string; locale: string }, link: string): Mail {
  const t = translator(user.locale)
  return {
    to: user.email,
    subject: t('mail.verifySubject'),
    text: [t('mail.greeting', { name: user.displayName }), '', t('mail.verifyBody'), url(link), '', t('mail.signature')].join('\n'),
  }
}

/** To the owner of an address someone tried to sign up with again: nothing changed; here is how to get in. */
export function accountExistsMail(user: { email: string; displayName: string; locale: string }, links: { login: string; reset: string }): Mail {
  const t = translator(user.locale)
  return {
    to: user.email,
    subject: t('mail.existsSubject'),
    text: [t('mail.greeting', { name: user.displayName }), '', t('mail.existsBody'), '', t('mail.existsLogin'), url(links.login), '', t('mail.existsReset'), url(links.reset), '', t('mail.existsIgnore'), '', t('mail.signature')].join('\n'),
  }
}

export function resetPasswordMail(user: { email: string; displayName: string; locale: string }, link: string): Mail {
  const t = translator(user.locale)
  return {
    to: user.email,
    subject: t('mail.resetSubject'),
    text: [
      t('mail.greeting', { name: user.displayName }),
      '',
      t('mail.resetBody'),
      url(link),
      '',
      t('mail.resetIgnore'),
      '',
      t('mail.signature'),
    ].join('\n'),
  }
}

/** Where links built from a request point: PUBLIC_URL, or a loopback address the request came to, else the site's own. */
export function publicOrigin(request: Request, _publicUrl?: string) {
  return requestOrigin(request)
}

type Decision = 'approve' | 'reject' | 'suspend' | 'reinstate'

export function organizationDecisionMail(
  owner: { email: string; displayName: string; locale: string },
  input: { name: string; decision: Decision; reason: string | null; link: string },
): Mail {
  const t = translator(owner.locale)
  const lines = [t('mail.greeting', { name: owner.displayName }), '', t(`mail.organization.${input.decision}.body`, { name: input.name })]
  if (input.reason) lines.push('', `${t('mail.organization.reason')} ${input.reason}`)
  lines.push('', url(input.link), '', t('mail.signature'))
  return { to: owner.email, subject: t(`mail.organization.${input.decision}.subject`, { name: input.name }), text: lines.join('\n') }
}

export function invitationMail(to: { email: string; locale: string }, input: { organization: string; inviter: string; link: string }): Mail {
  const t = translator(to.locale)
  return {
    to: to.email,
    subject: t('mail.inviteSubject', { organization: input.organization }),
    text: [t('mail.inviteBody', { organization: input.organization, inviter: input.inviter }), url(input.link), '', t('mail.inviteIgnore'), '', t('mail.signature')].join('\n'),
  }
}

export function projectDecisionMail(
  member: { email: string; displayName: string; locale: string },
  input: { title: string; decision: 'approve' | 'reject'; reason: string | null; link: string },
): Mail {
  const t = translator(member.locale)
  const lines = [t('mail.greeting', { name: member.displayName }), '', t(`mail.project.${input.decision}.body`, { title: input.title })]
  if (input.reason) lines.push('', `${t('mail.organization.reason')} ${input.reason}`)
  lines.push('', url(input.link), '', t('mail.signature'))
  return { to: member.email, subject: t(`mail.project.${input.decision}.subject`, { title: input.title }), text: lines.join('\n') }
}

/**
 * The receipt's words per language, translated once, with a marker where each gift's own values go.
 * i18next's `t()` costs tens of microseconds a call; a batch of the event processor writes hundreds of
 * receipts at once (ADR 0016), so each receipt fills the markers instead of translating again.
 */
const receiptTemplates = new Map<string, Record<'subject' | 'greeting' | 'anonymous' | 'body' | 'number' | 'link' | 'verify' | 'cancel' | 'signature', string>>()
const marker = (name: string) => `\uE000${name}\uE000`
/** Values replace their markers once, and are not read again (a value may hold anything). */
const fill = (text: string, values: Record<string, string>) => text.replace(/\uE000(\w+)\uE000/g, (_, name: string) => values[name] ?? '')

function receiptTemplate(locale: string) {
  const language = isLanguage(locale) ? locale : fallbackLanguage
  let template = receiptTemplates.get(language)
  if (!template) {
    const t = translator(language)
    template = {
      subject: t('mail.receiptSubject', { receiptNumber: marker('receiptNumber') }),
      greeting: t('mail.greeting', { name: marker('name') }),
      anonymous: t('project.anonymous'),
      body: t('mail.receiptBody', { amount: marker('amount'), project: marker('project'), organization: marker('organization') }),
      number: t('receipt.number'),
      link: t('mail.receiptLink'),
      verify: t('mail.receiptVerify'),
      cancel: t('mail.receiptCancel'),
      signature: t('mail.signature'),
    }
    receiptTemplates.set(language, template)
  }
  return template
}

export function donationReceiptMail(
  to: { email: string; locale: string; name: string | null },
  input: {
    amount: string
    project: string
    organization: string
    receiptNumber: string
    link: string
    verify: string
    cancel: string | null
    /** What sponsors matched in a giving day (issue 22): "your ¥50 was matched with ¥25 by …". */
    matches?: { status: 'paid' | 'held'; amount: string; sponsor: string; campaign: string }[]
  },
): Mail {
  const words = receiptTemplate(to.locale)
  const values = { receiptNumber: input.receiptNumber, name: to.name ?? words.anonymous, amount: input.amount, project: input.project, organization: input.organization }
  // Matches are rare (giving days only): translated per receipt that has them.
  const t = input.matches?.length ? translator(to.locale) : null
  const matched = (input.matches ?? []).map((m) =>
    m.status === 'paid' ? t!('campaigns.matchPaid', { gift: input.amount, amount: m.amount, sponsor: m.sponsor, campaign: m.campaign }) : t!('campaigns.matchHeld', { amount: m.amount, sponsor: m.sponsor, campaign: m.campaign }),
  )
  return {
    to: to.email,
    subject: fill(words.subject, values),
    text: [
      fill(words.greeting, values),
      '',
      fill(words.body, values),
      ...matched,
      '',
      `${words.number}: ${input.receiptNumber}`,
      words.link,
      url(input.link),
      '',
      words.verify,
      url('/verify-ledger.mjs'),
      `node verify-ledger.mjs ${url(input.verify)}`,
      ...(input.cancel ? ['', words.cancel, url(input.cancel)] : []),
      '',
      words.signature,
    ].join('\n'),
  }
}

export function refundMail(to: { email: string; locale: string }, input: { amount: string; receiptNumber: string; reason: string | null }): Mail {
  const t = translator(to.locale)
  const lines = [t('mail.refundBody', { amount: input.amount, receiptNumber: input.receiptNumber })]
  if (input.reason) lines.push('', `${t('mail.organization.reason')} ${input.reason}`)
  return { to: to.email, subject: t('mail.refundSubject', { receiptNumber: input.receiptNumber }), text: [...lines, '', t('mail.signature')].join('\n') }
}

export function disclosureReminderMail(owner: { email: string; displayName: string; locale: string }, input: { title: string; dueBy: Date; link: string }): Mail {
  const t = translator(owner.locale)
  const date = new Intl.DateTimeFormat(owner.locale, { dateStyle: 'long', timeZone: 'Asia/Shanghai' }).format(input.dueBy)
  return {
    to: owner.email,
    subject: t('mail.disclosureSubject', { title: input.title }),
    text: [t('mail.greeting', { name: owner.displayName }), '', t('mail.disclosureBody', { title: input.title, date }), url(input.link), '', t('mail.signature')].join('\n'),
  }
}

/** RFC 8058 one-click unsubscribe: mail clients show a button that POSTs to the link. */
function unsubscribeHeaders(unsubscribe: string) {
  return { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
}

export function updateMail(
  to: { email: string; displayName: string; locale: string },
  input: { title: string; project: string; organization: string; link: string; unsubscribe: string },
): Mail {
  const t = translator(to.locale)
  return {
    to: to.email,
    subject: t('mail.update.subject', { organization: input.organization, title: input.title }),
    text: [
      t('mail.greeting', { name: to.displayName }),
      '',
      t('mail.update.body', { organization: input.organization, project: input.project }),
      '',
      `「${input.title}」`,
      url(input.link),
      '',
      t('mail.update.unsubscribe'),
      url(input.unsubscribe),
      '',
      t('mail.signature'),
    ].join('\n'),
    headers: unsubscribeHeaders(url(input.unsubscribe)),
  }
}

export function updateDigestMail(
  to: { email: string; displayName: string; locale: string },
  items: { title: string; project: string; link: string }[],
  input: { feed: string; unsubscribe: string },
): Mail {
  const t = translator(to.locale)
  return {
    to: to.email,
    subject: t('mail.digest.subject', { count: items.length }),
    text: [
      t('mail.greeting', { name: to.displayName }),
      '',
      t('mail.digest.body', { count: items.length }),
      '',
      ...items.flatMap((item) => [`• ${item.project}: ${item.title}`, `  ${url(item.link)}`]),
      '',
      t('mail.digest.feed'),
      url(input.feed),
      '',
      t('mail.update.unsubscribe'),
      url(input.unsubscribe),
      '',
      t('mail.signature'),
    ].join('\n'),
    headers: unsubscribeHeaders(url(input.unsubscribe)),
  }
}

type ModerationKind = 'project' | 'update' | 'supporter_video' | 'donation_message' | 'organization'

/** To the author (or the organisation's owners) when a moderator hides, removes, restores or warns. */
export function moderationNoticeMail(
  to: { email: string; displayName: string; locale: string },
  input: { action: 'hide' | 'remove' | 'restore' | 'warn'; kind: ModerationKind; title: string; reason: string; link: string },
): Mail {
  const t = translator(to.locale)
  const kind = t(`moderation.kind.${input.kind}`)
  const lines = [t('mail.greeting', { name: to.displayName }), '', t(`mail.moderation.${input.action}`, { kind, title: input.title })]
  if (input.reason) lines.push('', `${t('mail.organization.reason')} ${input.reason}`)
  lines.push('', t('mail.moderation.policy'), url(input.link), '', t('mail.signature'))
  return { to: to.email, subject: t('mail.moderation.subject', { kind }), text: lines.join('\n') }
}

/** To a reporter: what came of the report (no names, no details of the decision beyond the outcome). */
export function reportOutcomeMail(to: { email: string; locale: string }, input: { outcome: 'noViolation' | 'warned' | 'actioned'; kind: ModerationKind; title: string; link: string }): Mail {
  const t = translator(to.locale)
  const kind = t(`moderation.kind.${input.kind}`)
  return {
    to: to.email,
    subject: t('mail.report.subject'),
    text: [t(`mail.report.${input.outcome}`, { kind, title: input.title }), '', t('mail.report.log'), url(input.link), '', t('mail.signature')].join('\n'),
  }
}

/** To the owner of an account whose second factors changed (or a recovery code was used). */
export function factorChangedMail(user: { email: string; displayName: string; locale: string }, change: 'totpAdded' | 'totpRemoved' | 'passkeyAdded' | 'passkeyRemoved' | 'recoveryRegenerated' | 'recoveryUsed'): Mail {
  const t = translator(user.locale)
  return {
    to: user.email,
    subject: t(`mail.factor.${change}`),
    text: [t('mail.greeting', { name: user.displayName }), '', t(`mail.factor.${change}`), '', t('mail.factor.notYou'), url('/account/security'), '', t('mail.signature')].join('\n'),
  }
}

/** To the owner of an account with power (an admin, an organisation's member) signed in from a browser it had not used. */
export function newDeviceMail(user: { email: string; displayName: string; locale: string }, device: { browser: string; network: string; at: string }): Mail {
  const t = translator(user.locale)
  return {
    to: user.email,
    subject: t('mail.newDevice.subject'),
    text: [
      t('mail.greeting', { name: user.displayName }),
      '',
      t('mail.newDevice.body', { browser: device.browser || t('security.unknownBrowser'), network: device.network || t('security.unknownNetwork'), at: device.at }),
      '',
      t('mail.factor.notYou'),
      url('/account/security'),
      '',
      t('mail.signature'),
    ].join('\n'),
  }
}
