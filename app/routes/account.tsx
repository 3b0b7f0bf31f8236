import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { eq } from 'drizzle-orm'
import { useTranslation } from 'react-i18next'
import { organizationMembers, organizations, users } from '~db/schema'
import { updateEmailModes } from '~db/enums'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Button } from '~/components/ui/button'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { latestNotifications, markAllRead } from '~/models/notifications.server'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { queueMail } from '~/mail/mailer.server'
import { publicOrigin, verifyEmailMail } from '~/mail/messages.server'
import { findUserByEmail, issueEmailToken } from '~/models/users.server'
import { db } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { getEnv } from '~/utils/env.server'
import { requireUser } from '~/utils/permissions.server'
import { clientIp, hit } from '~/utils/rate-limit.server'
import { redirectWithToast } from '~/utils/toast.server'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const t = await getFixedT(request)
  const memberships = await db()
    .select({ slug: organizations.slug, name: organizations.name, status: organizations.status, role: organizationMembers.role })
    .from(organizationMembers)
    .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
    .where(eq(organizationMembers.userId, user.id))
  const [notes, language, [prefs]] = await Promise.all([
    latestNotifications(db(), user.id),
    detectLanguage(request),
    db().select({ updateEmails: users.updateEmails }).from(users).where(eq(users.id, user.id)),
  ])
  const date = dateFormatter(language, { withTime: true })
  return data(
    {
      title: `${t('accountPage.title')} — ${t('app.name')}`,
      user,
      memberships,
      updateEmails: prefs?.updateEmails ?? 'each',
      notifications: notes.map((n) => ({ id: n.id, key: n.messageKey, values: localizedValues(n.values, language), link: n.link, unread: !n.readAt, at: date(n.createdAt) })),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const form = await readForm(request)
  const intent = form.get('intent')
  if (intent === 'update-emails') {
    const mode = String(form.get('updateEmails') ?? '')
    if (!(updateEmailModes as readonly string[]).includes(mode)) throw new Response('Unknown email setting', { status: 400 })
    await db().update(users).set({ updateEmails: mode as (typeof updateEmailModes)[number] }).where(eq(users.id, user.id))
    return redirectWithToast('/account', { type: 'success', key: 'accountPage.emailsSaved' })
  }
  if (intent === 'mark-read') {
    await markAllRead(db(), user.id)
    return redirect('/account')
  }
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
  const { user, memberships, notifications, updateEmails } = useLoaderData<typeof loader>()
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

      <p>
        <Link to="/feed">{t('accountPage.feed')}</Link>
      </p>

      <h2 id="notifications">{t('accountPage.notifications')}</h2>
      {notifications.length === 0 ? <p className="muted">{t('accountPage.noNotifications')}</p> : (
        <>
          <ul className="notifications" role="list">
            {notifications.map((n) => {
              const translate = t as unknown as (key: string, values?: Record<string, string>) => string
              // Moderation notices name the kind of item by key, so it reads in the reader's language.
              const values = n.values.kind ? { ...n.values, kind: translate(`moderation.kind.${n.values.kind}`) } : n.values
              const text = translate(n.key, values)
              return (
                <li key={n.id} className={n.unread ? 'notification unread' : 'notification'}>
                  {n.link ? <Link to={n.link}>{text}</Link> : text} <span className="muted small">· {n.at}</span>
                </li>
              )
            })}
          </ul>
          {notifications.some((n) => n.unread) ? (
            <Form method="post">
              <Button type="submit" name="intent" value="mark-read" variant="ghost" size="sm">
                {t('accountPage.markRead')}
              </Button>
            </Form>
          ) : null}
        </>
      )}

      <Form method="post" className="email-prefs">
        <fieldset className="field field-group">
          <legend>{t('accountPage.updateEmails')}</legend>
          <p className="field-hint">{t('accountPage.updateEmailsHint')}</p>
          {(['each', 'daily', 'off'] as const).map((mode) => (
            <label key={mode} className="radio">
              <input type="radio" name="updateEmails" value={mode} defaultChecked={updateEmails === mode} /> {t(`accountPage.updateEmailMode.${mode}`)}
            </label>
          ))}
        </fieldset>
        <Button type="submit" name="intent" value="update-emails" variant="secondary" size="sm">
          {t('accountPage.saveEmails')}
        </Button>
      </Form>

      <h2>{t('accountPage.organizations')}</h2>
      {memberships.length === 0 ? <p className="muted">{t('accountPage.noOrganizations')}</p> : (
        <ul>
          {memberships.map((m) => (
            <li key={m.slug}>
              <Link to={`/organizations/${m.slug}`}>{m.name}</Link> · {t(`accountPage.role.${m.role}`)} · {t(`orgStatus.${m.status}`)}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/organizations/apply">{t('accountPage.apply')}</Link>
      </p>
      <h2>{t('myDonations.title')}</h2>
      <p>
        <Link to="/account/donations">{t('myDonations.title')}</Link>
      </p>

      <h2>{t('participation.mine.title')}</h2>
      <p>
        <Link to="/account/participation">{t('participation.mine.link')}</Link>
      </p>

      <h2>{t('watch.myVideos')}</h2>
      <p>
        <Link to="/account/videos">{t('watch.myVideosLink')}</Link>
      </p>

      <h2>{t('security.title')}</h2>
      <p>
        <Link to="/account/security">{t('security.accountLink')}</Link>
      </p>

      <h2 id="your-data">{t('accountPage.yourData')}</h2>
      <p className="muted">
        {t('accountPage.yourDataLead')} <Link to="/privacy">{t('privacy.title')}</Link>
      </p>
      <p className="button-row">
        <a className="btn btn-secondary btn-sm" href="/account/data.json" download>
          {t('accountPage.downloadData')}
        </a>
        <Link className="btn btn-ghost btn-sm" to="/account/delete">
          {t('accountPage.deleteAccount')}
        </Link>
      </p>

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

/** A notification's values in the reader's language, where it stored them per language (update notifications, ADR 0021). */
function localizedValues(values: Record<string, unknown>, language: string) {
  const { byLanguage, ...rest } = values as Record<string, unknown> & { byLanguage?: Record<string, Record<string, string>> }
  return { ...rest, ...(byLanguage?.[language] ?? {}) } as Record<string, string>
}
