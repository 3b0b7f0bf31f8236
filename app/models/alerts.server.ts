/**
 * Telling the platform's admins that money needs a person: in the app (a notification each) and by
 * email, in each admin's language, in the caller's transaction (so an alert exists exactly when the
 * thing it reports was committed).
 */
import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { notifications, users } from '~db/schema'
import { queueMail } from '~/mail/mailer.server'
import { adminAlertMail, type AlertKey } from '~/mail/messages.server'

export async function alertAdmins(tx: Db, alert: { key: AlertKey; values: Record<string, string>; link: string }) {
  const admins = await tx
    .select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale })
    .from(users)
    .where(and(eq(users.isAdmin, true), isNull(users.deletedAt)))
  if (!admins.length) return
  await tx.insert(notifications).values(admins.map((a) => ({ userId: a.id, messageKey: `notify.alert.${alert.key}`, values: alert.values, link: alert.link })))
  for (const admin of admins) await queueMail(tx, adminAlertMail(admin, alert))
}
