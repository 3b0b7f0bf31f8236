/**
 * `npm run admin:create -- <email>`: makes an existing account a platform admin (recorded in the
 * audit log). The person signs up first, so the password never passes through a command line.
 */
import { sql } from 'drizzle-orm'
import { openDatabase } from '~db/client.server'
import { auditLog, users } from '~db/schema'
import { databaseTargetFromEnv } from '~db/target'
import { runScript } from './run-script'

const email = process.argv[2]?.trim().toLowerCase()
if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) {
  console.error('Usage: npm run admin:create -- <email of an existing account>')
  process.exit(2)
}

await runScript(async (env) => {
  const handle = await openDatabase(databaseTargetFromEnv(env))
  try {
    await handle.migrate()
    const result = await handle.db.transaction(async (tx) => {
      const [user] = await tx
        .update(users)
        .set({ isAdmin: true })
        .where(sql`lower(${users.email}) = ${email}`)
        .returning({ id: users.id })
      if (!user) return 'missing' as const
      await tx.insert(auditLog).values({ actorId: null, action: 'user.make_admin', targetType: 'user', targetId: user.id, reason: 'npm run admin:create' })
      return 'done' as const
    })
    if (result === 'missing') {
      console.error(`No account uses ${email}. Sign up first, then run this again.`)
      process.exitCode = 1
    } else console.log(`${email} is now an admin.`)
  } finally {
    await handle.close()
  }
})
