/**
 * The one way Sunlight sends mail. A message is written to `outbox_messages` (inside the caller's
 * transaction when there is one, so it exists exactly when its cause does). With SMTP_URL set, the
 * background runner (app/runtime) sends unsent messages through nodemailer and retries failures; without it, the
 * outbox is the destination, readable at /dev/outbox in development and the demo.
 */
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm'
import nodemailer, { type Transporter } from 'nodemailer'
import type { Db } from '~db/client.server'
import { outboxMessages } from '~db/schema'
import { getEnv } from '~/utils/env.server'
import { logger } from '~/utils/logger.server'

export interface Mail {
  to: string
  subject: string
  text: string
  headers?: Record<string, string>
}

/** The channel the background runner's mail delivery listens on. */
export const OUTBOX_CHANNEL = 'outbox'

export async function queueMail(db: Db, mail: Mail) {
  await db.insert(outboxMessages).values(mail)
  // Wakes the delivery when the caller's transaction commits (nothing listens without SMTP_URL).
  await db.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`)
}

/** Many messages in one insert (a batch of receipts), and one wake-up. */
export async function queueMails(db: Db, mails: readonly Mail[]) {
  if (!mails.length) return
  for (let i = 0; i < mails.length; i += 1000) await db.insert(outboxMessages).values(mails.slice(i, i + 1000))
  await db.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`)
}

export interface MailTransport {
  send(mail: Mail & { from: string }): Promise<void>
}

let transport: MailTransport | null | undefined
function smtpTransport(): MailTransport | null {
  if (transport !== undefined) return transport
  const { SMTP_URL } = getEnv()
  if (!SMTP_URL) return (transport = null)
  const smtp: Transporter = nodemailer.createTransport(SMTP_URL)
  return (transport = {
    async send(mail) {
      await smtp.sendMail(mail)
    },
  })
}

const MAX_ATTEMPTS = 8

/** Sends what is waiting, oldest first. Safe to run from several servers: each claims its rows. */
export async function deliverOutbox(db: Db, via: MailTransport | null = smtpTransport(), batch = 20) {
  if (!via) return 0
  const from = getEnv().MAIL_FROM
  let sent = 0
  const waiting = await db
    .select()
    .from(outboxMessages)
    .where(and(isNull(outboxMessages.sentAt), lt(outboxMessages.attempts, MAX_ATTEMPTS)))
    .orderBy(asc(outboxMessages.createdAt))
    .limit(batch)
  for (const message of waiting) {
    // Claim: bump attempts only if nobody else did in the meantime.
    const claimed = await db
      .update(outboxMessages)
      .set({ attempts: sql`${outboxMessages.attempts} + 1` })
      .where(and(eq(outboxMessages.id, message.id), eq(outboxMessages.attempts, message.attempts), isNull(outboxMessages.sentAt)))
      .returning({ id: outboxMessages.id })
    if (claimed.length === 0) continue
    try {
      await via.send({ from, to: message.to, subject: message.subject, text: message.text, headers: message.headers ?? undefined })
      await db.update(outboxMessages).set({ sentAt: new Date(), lastError: null }).where(eq(outboxMessages.id, message.id))
      sent++
    } catch (error) {
      logger.warn({ err: error, messageId: message.id }, 'mail delivery failed; will retry')
      await db.update(outboxMessages).set({ lastError: String((error as Error).message).slice(0, 500) }).where(eq(outboxMessages.id, message.id))
    }
  }
  return sent
}
