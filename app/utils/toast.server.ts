/**
 * Toasts after mutations: a flash cookie carrying a translation key, read once by the root loader,
 * so the message appears in the reader's language and survives the redirect without JavaScript.
 */
import { createCookieSessionStorage, redirect } from '@remix-run/node'
import { z } from 'zod'
import { isSecureDeployment, sessionSecret } from './env.server'

const ToastSchema = z.object({
  type: z.enum(['success', 'info', 'error']).default('success'),
  /** An i18n key, e.g. "toast.languageChanged". */
  key: z.string().min(1).max(120),
  values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  id: z.string().default(() => crypto.randomUUID()),
})
export type Toast = z.infer<typeof ToastSchema>

type ToastStorage = ReturnType<typeof createCookieSessionStorage<Record<string, never>, { toast: Toast }>>
let storage: ToastStorage | undefined
function toastStorage() {
  storage ??= createCookieSessionStorage<Record<string, never>, { toast: Toast }>({
    cookie: {
      name: 'sl_toast',
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: isSecureDeployment(),
      secrets: [sessionSecret()],
    },
  })
  return storage
}

export async function toastHeader(toast: z.input<typeof ToastSchema>) {
  const session = await toastStorage().getSession()
  session.flash('toast', ToastSchema.parse(toast))
  return toastStorage().commitSession(session)
}

export async function redirectWithToast(url: string, toast: z.input<typeof ToastSchema>, init?: ResponseInit) {
  const headers = new Headers(init?.headers)
  headers.append('Set-Cookie', await toastHeader(toast))
  return redirect(url, { ...init, headers })
}

/** Reads and clears the pending toast; returns the header that clears it, if any. */
export async function takeToast(request: Request) {
  const session = await toastStorage().getSession(request.headers.get('Cookie'))
  if (!session.has('toast')) return { toast: null, headers: null }
  const parsed = ToastSchema.safeParse(session.get('toast'))
  return {
    toast: parsed.success ? parsed.data : null,
    headers: { 'Set-Cookie': await toastStorage().destroySession(session) },
  }
}
