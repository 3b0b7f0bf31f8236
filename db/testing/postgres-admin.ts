import postgres from 'postgres'

/** The server's maintenance database, used to create and drop test databases. */
export function adminUrl(url: string) {
  const admin = new URL(url)
  admin.pathname = '/postgres'
  return admin.toString()
}

export function templateName(url: string) {
  const name = new URL(url).pathname.slice(1) || 'sunlight_test'
  return `${name}_template`
}

export async function recreateDatabase(url: string, name: string, template?: string) {
  const sql = postgres(adminUrl(url), { max: 1, onnotice: () => {} })
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await sql.unsafe(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`)
  } finally {
    await sql.end({ timeout: 5 })
  }
}

export async function dropDatabase(url: string, name: string) {
  const sql = postgres(adminUrl(url), { max: 1, onnotice: () => {} })
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  } finally {
    await sql.end({ timeout: 5 })
  }
}
