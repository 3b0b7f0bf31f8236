import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { eq } from 'drizzle-orm'
import { useTranslation } from 'react-i18next'
import { organizationMembers, organizations } from '~db/schema'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Button } from '~/components/ui/button'
import { getFixedT } from '~/i18n/i18n.server'
import { queueMail } from '~/mail/mailer.server'
import { publicOrigin, verifyEmailMail } from '~/mail/messages.server'
import { findUserByEmail, issueEmailToken } from '~/models/users.server'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { requireUser } from '~/utils/permissions.server'
import { clientIp, hit } from '~/utils/rate-limit.server'
import { redirectWithToast } from '~/utils/toast.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const t = await getFixedT(request)
  const memberships = await db()
    .select({ slug: organizations.slug, name: organizations.name, status: organizations.status, role: organizationMembers.role })
    .from(organizationMembers)
    .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
    .where(eq(organizationMembers.userId, user.id))
  return { title: `${t('accountPage.title')} — ${t('app.name')}`, user, memberships }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const intent = (await request.formData()).get('intent')
  if (intent !== 'resend-verification') throw new Response('Unknown intent', { status: 400 })
  if (!user.emailVerifiedAt && !(await hit('emailIp', clientIp(context)))) {
    const full = (await findUserByEmail(db(), user.email))!
    await db().transaction(async (tx) => {
      const token = await issueEmailToken(tx, { kind: 'verify_email', userId: user.id, email: user.email })
      await queueMail(tx, verifyEmailMail(full, `${publicOrigin(request, getEnv().PUBLIC_URL)}/verify-email?token=${token}`))
    })
  }
  return redirectWithToast('/account', { type: 'info', key: 'auth.verifyResent' })
}

export default function Account() {
  const { user, memberships } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <section className="container narrow section" aria-labelledby="account-title">
      <h1 id="account-title">{t('accountPage.title')}</h1>
      <dl className="details">
        <dt>{t('auth.displayName')}</dt>
        <dd>{user.displayName}</dd>
        <dt>{t('auth.email')}</dt>
        <dd>
          {user.email} · {user.emailVerifiedAt ? t('accountPage.emailVerified') : t('accountPage.emailUnverified')}
        </dd>
      </dl>
      {user.emailVerifiedAt ? null : (
        <Form method="post" className="notice">
          <p>{t('auth.verifyNotice')}</p>
          <Button type="submit" name="intent" value="resend-verification" variant="secondary" size="sm">
            {t('auth.verifyResend')}
          </Button>
        </Form>
      )}

      <h2>{t('accountPage.organizations')}</h2>
      {memberships.length === 0 ? <p className="muted">{t('accountPage.noOrganizations')}</p> : (
        <ul>
          {memberships.map((m) => (
            <li key={m.slug}>
              <Link to={`/organizations/${m.slug}`}>{m.name}</Link> · {t(`accountPage.role.${m.role}`)}
            </li>
          ))}
        </ul>
      )}

      <div className="button-row">
        <Form method="post" action="/logout">
          <Button type="submit" variant="secondary">
            {t('auth.logOut')}
          </Button>
        </Form>
        <Form method="post" action="/logout">
          <Button type="submit" name="intent" value="everywhere" variant="ghost">
            {t('auth.logOutEverywhere')}
          </Button>
        </Form>
      </div>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
