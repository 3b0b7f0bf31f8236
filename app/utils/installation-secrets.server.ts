/**
 * Secrets an installation makes for itself at first use and keeps with its data (the database), so
 * every server of one installation shares them, a new installation gets its own, and no constant in
 * the code can stand in for them. Read once per database handle and cached: they never change.
 */
import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Db } from '~db/client.server'
import { installationSecrets } from '~db/schema'

const cache = new WeakMap<Db, Map<string, Promise<string>>>()

export function installationSecret(db: Db, name: string, make: () => string = () => randomBytes(32).toString('base64url')): Promise<string> {
  let secrets = cache.get(db)
  if (!secrets) cache.set(db, (secrets = new Map()))
  let secret = secrets.get(name)
  if (!secret) {
    secret = (async () => {
      // Two servers starting together both insert; the first row wins and both read it.
      await db.insert(installationSecrets).values({ name, value: make() }).onConflictDoNothing()
      const [row] = await db.select({ value: installationSecrets.value }).from(installationSecrets).where(eq(installationSecrets.name, name))
      return row!.value
    })()
    secret.catch(() => secrets!.delete(name))
    secrets.set(name, secret)
  }
  return secret
}
