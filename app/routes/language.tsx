import { readForm } from '~/utils/forms.server'
import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { languages } from '~/i18n/config'
import { languageCookie } from '~/i18n/i18n.server'
import { safeRedirectPath } from '~/utils/http.server'
import { toastHeader } from '~/utils/toast.server'
import { eq } from 'drizzle-orm'
import { users } from '~db/schema'
import { db } from '~/utils/db.server'
import { getOptionalUser } from '~/utils/permissions.server'

const LanguageForm = z.object({ language: z.enum(languages), redirectTo: z.string().max(2000).optional() })

/**
 * POST /language: remember the chosen language and go back to the page it was chosen on. For a
 * signed-in account it is also the account's language: every email to it (receipts, updates,
 * notices) goes out in the language its owner chose last.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request))
  const parsed = LanguageForm.safeParse(form)
  if (!parsed.success) throw new Response('Unknown language', { status: 400 })
  const user = await getOptionalUser(request)
  if (user) await db().update(users).set({ locale: parsed.data.language }).where(eq(users.id, user.id))
  const headers = new Headers()
  headers.append('Set-Cookie', await languageCookie.serialize(parsed.data.language))
  headers.append('Set-Cookie', await toastHeader({ type: 'info', key: 'toast.languageChanged' }))
  return redirect(safeRedirectPath(parsed.data.redirectTo), { headers })
}

export function loader() {
  return redirect('/')
}
