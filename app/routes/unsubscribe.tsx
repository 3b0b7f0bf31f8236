/**
 * One-click unsubscribe from update emails. GET shows a confirmation (link scanners must not
 * unsubscribe anyone); POST — from the page or from a mail client per RFC 8058 — does it.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { eq } from 'drizzle-orm'
import { useTranslation } from 'react-i18next'
import { users } from '~db/schema'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Button } from '~/components/ui/button'
import { getFixedT } from '~/i18n/i18n.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { verifyUnsubscribe } from '~/utils/unsubscribe.server'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const userId = verifyUnsubscribe(url.searchParams.get('u'), url.searchParams.get('t'))
  const t = await getFixedT(request)
  return data({ title: `${t('unsubscribe.title')} — ${t('app.name')}`, valid: Boolean(userId) }, { ...personalPage, status: userId ? 200 : 400 })
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request }: ActionFunctionArgs) {
  const url = new URL(request.url)
  const userId = verifyUnsubscribe(url.searchParams.get('u'), url.searchParams.get('t'))
  if (!userId) return data({ done: false }, { status: 400 })
  await db().update(users).set({ updateEmails: 'off' }).where(eq(users.id, userId))
  return data({ done: true })
}

export default function Unsubscribe() {
  const { valid } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <section className="container narrow section" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">{t('unsubscribe.title')}</h1>
      {!valid || result?.done === false ? (
        <p className="notice notice-warning">{t('unsubscribe.invalid')}</p>
      ) : result?.done ? (
        <p className="notice" role="status">
          {t('unsubscribe.done')}
        </p>
      ) : (
        <Form method="post">
          <p>{t('unsubscribe.lead')}</p>
          <Button type="submit">{t('unsubscribe.confirm')}</Button>
        </Form>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
