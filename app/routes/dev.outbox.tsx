import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { desc } from 'drizzle-orm'
import { useTranslation } from 'react-i18next'
import { outboxMessages } from '~db/schema'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { detectLanguage } from '~/i18n/i18n.server'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { requireAdmin } from '~/utils/permissions.server'
import { invariantResponse } from '~/utils/http.server'

/**
 * The local mail outbox: development and the demo only (a 404 anywhere else), and for platform
 * admins only — it holds everyone's reset and invitation links.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const env = getEnv()
  invariantResponse(env.NODE_ENV !== 'production' || env.DEMO_MODE, 404, 'Not found')
  await requireAdmin(request)
  const rows = await db().select().from(outboxMessages).orderBy(desc(outboxMessages.createdAt)).limit(50)
  // Dates are formatted here: Node's and the browser's ICU differ in spacing, which breaks hydration.
  const when = new Intl.DateTimeFormat(await detectLanguage(request), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' })
  return { messages: rows.map((m) => ({ id: m.id, to: m.to, subject: m.subject, text: m.text, sent: m.sentAt !== null, createdAt: when.format(m.createdAt) })) }
}

export const meta: MetaFunction = () => [{ title: 'Outbox — Sunlight' }, { name: 'robots', content: 'noindex' }]

export default function Outbox() {
  const { messages } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <section className="container section" aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t('outbox.title')}</h1>
      <p className="muted">{t('outbox.lead')}</p>
      {messages.length === 0 ? <p>{t('outbox.empty')}</p> : null}
      <ol className="outbox" reversed>
        {messages.map((m) => (
          <li key={m.id} className="card outbox-message">
            <h2>{m.subject}</h2>
            <p className="muted small">
              {t('outbox.to')}: {m.to} · {m.createdAt} · {m.sent ? t('outbox.sent') : t('outbox.waiting')}
            </p>
            <pre>{linkify(m.text)}</pre>
          </li>
        ))}
      </ol>
    </section>
  )
}

/** Makes the links in a plain-text email clickable, so the demo's verification links can be opened. */
function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  )
}

export const ErrorBoundary = GeneralErrorBoundary
