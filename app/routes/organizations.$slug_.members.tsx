import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { requireRecentVerification } from '~/utils/sign-in.server'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { Field } from '~/components/ui/field'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { publicOrigin } from '~/mail/messages.server'
import {
  organizationBySlugOr404,
  inviteEditor,
  listMembers,
  pendingInvitations,
  removeEditor,
  revokeInvitation,
} from '~/models/organizations.server'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { echo, invalid, readForm } from '~/utils/forms.server'
import { organizationIsPublic, requireOrgRole } from '~/utils/permissions.server'
import { hit } from '~/utils/rate-limit.server'
import { redirectWithToast } from '~/utils/toast.server'
import { Fields, parseForm, type FieldErrors } from '~/utils/validation'
import { pageTitle } from '~/utils/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const org = await organizationBySlugOr404(db(), params.slug)
  const { user, role } = await requireOrgRole(request, org.id, 'editor', { hidden: !organizationIsPublic(org.status) })
  const [members, invitations, t, language] = await Promise.all([
    listMembers(db(), org.id),
    role === 'owner' ? pendingInvitations(db(), org.id) : [],
    getFixedT(request),
    detectLanguage(request),
  ])
  const date = dateFormatter(language)
  return {
    title: `${t('members.title', { name: org.name })} — ${t('app.name')}`,
    org: { slug: org.slug, name: org.name },
    me: user.id,
    isOwner: role === 'owner',
    members: members.map((m) => ({ userId: m.userId, displayName: m.displayName, email: role === 'owner' ? m.email : null, role: m.role })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, expires: date(i.expiresAt) })),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

const InviteSchema = z.object({ email: Fields.email })

export async function action({ request, params }: ActionFunctionArgs) {
  const org = await organizationBySlugOr404(db(), params.slug)
  const { user } = await requireOrgRole(request, org.id, 'owner', { hidden: !organizationIsPublic(org.status) })
  // Inviting, removing and revoking change who may act for the organisation: a fresh proof of identity.
  requireRecentVerification(request, user)
  const formData = await readForm(request)
  const intent = formData.get('intent')
  const back = `/organizations/${org.slug}/members`
  if (intent === 'invite') {
    const parsed = parseForm(InviteSchema, formData)
    const values = echo(formData, ['email'])
    if (!parsed.ok) return invalid(parsed.errors, values)
    const members = await listMembers(db(), org.id)
    if (members.some((m) => m.email.toLowerCase() === parsed.data.email)) return invalid({ email: ['members.alreadyMember'] }, values)
    const wait = await hit('inviteUser', user.id)
    if (wait) return invalid({ email: ['validation.tooManyAttempts'] }, values, { status: 429, params: { minutes: Math.ceil(wait / 60) } })
    const origin = publicOrigin(request, getEnv().PUBLIC_URL)
    await inviteEditor(db(), {
      organization: org,
      email: parsed.data.email,
      invitedBy: user,
      locale: await detectLanguage(request),
      linkFor: (token) => `${origin}/invitations/accept?token=${token}`,
    })
    return redirectWithToast(back, { type: 'success', key: 'members.invited', values: { email: parsed.data.email } })
  }
  if (intent === 'remove') {
    await removeEditor(db(), { organizationId: org.id, userId: String(formData.get('userId') ?? ''), actorId: user.id })
    return redirectWithToast(back, { type: 'success', key: 'members.removed' })
  }
  if (intent === 'revoke') {
    await revokeInvitation(db(), { organizationId: org.id, invitationId: String(formData.get('invitationId') ?? '') })
    return redirectWithToast(back, { type: 'success', key: 'members.revoked' })
  }
  throw new Response('Unknown intent', { status: 400 })
}

export default function Members() {
  const { org, me, isOwner, members, invitations } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const errors: FieldErrors = actionData?.errors ?? {}
  return (
    <section className="container narrow section" aria-labelledby="members-title">
      <p className="small">
        <Link to={`/organizations/${org.slug}`}>← {org.name}</Link>
      </p>
      <h1 id="members-title">{t('members.title', { name: org.name })}</h1>
      <p className="lead">{t('members.lead')}</p>
      <ul className="member-list" role="list">
        {members.map((m) => (
          <li key={m.userId} className="member-row">
            <span>
              <strong>{m.displayName}</strong> {m.userId === me ? <span className="muted">{t('members.you')}</span> : null}
              {m.email ? <span className="muted small"> · {m.email}</span> : null}
            </span>
            <span className="muted">{t(`accountPage.role.${m.role}`)}</span>
            {isOwner && m.role === 'editor' ? (
              <Form method="post">
                <input type="hidden" name="userId" value={m.userId} />
                <Button type="submit" name="intent" value="remove" variant="secondary" size="sm" aria-label={`${t('members.remove')} ${m.displayName}`}>
                  {t('members.remove')}
                </Button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {isOwner ? (
        <>
          <h2>{t('members.invite')}</h2>
          <Form method="post" noValidate className="inline-form">
            <Field label={t('members.inviteEmail')} name="email" type="email" autoComplete="off" defaultValue={actionData?.values?.email} errors={translateErrors(t, errors.email, actionData?.params)} />
            <Button type="submit" name="intent" value="invite">
              {t('members.inviteSubmit')}
            </Button>
          </Form>
          <h2>{t('members.pending')}</h2>
          {invitations.length === 0 ? <p className="muted">{t('members.noPending')}</p> : null}
          <ul className="member-list" role="list">
            {invitations.map((i) => (
              <li key={i.id} className="member-row">
                <span>{i.email}</span>
                <span className="muted small">{t('members.expires', { date: i.expires })}</span>
                <Form method="post">
                  <input type="hidden" name="invitationId" value={i.id} />
                  <Button type="submit" name="intent" value="revoke" variant="secondary" size="sm" aria-label={`${t('members.revoke')} ${i.email}`}>
                    {t('members.revoke')}
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{t('members.ownersOnly')}</p>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
