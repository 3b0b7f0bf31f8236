/**
 * Donor messages on an organisation's projects, for its members: hide an abusive one (it leaves the
 * project page at once) or show it again. Names follow the donor's choice; contact details never appear.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { MessageVisibilityForm } from '~/components/message-visibility-form'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { organizationMessages, setMessageVisibility } from '~/models/moderation.server'
import { organizationBySlugOr404 } from '~/models/organizations.server'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { invalid, readForm } from '~/utils/forms.server'
import { isUuid } from '~/utils/ids'
import { formatMoney } from '~/utils/money'
import { organizationIsPublic, requireOrgRole } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'
import { pageTitle } from '~/utils/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const org = await organizationBySlugOr404(db(), params.slug)
  await requireOrgRole(request, org.id, 'editor', { hidden: !organizationIsPublic(org.status) })
  const [rows, t, language] = await Promise.all([organizationMessages(db(), org.id), getFixedT(request), detectLanguage(request)])
  const when = dateFormatter(language, { withTime: true })
  return data(
    {
      title: `${t('moderation.messagesTitle')} — ${org.name} — ${t('app.name')}`,
      org: { slug: org.slug, name: org.name },
      messages: rows.map((r) => ({
        id: r.id,
        message: r.message ?? '',
        status: r.messageStatus,
        byModerator: r.hiddenBy === 'moderator',
        // The organisation sees what the public sees: the chosen name, or "anonymous".
        name: r.isAnonymous ? null : r.displayName,
        amount: r.amount,
        currency: r.currency,
        at: when(r.succeededAt),
        project: { slug: r.projectSlug, title: r.projectTitle },
      })),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export async function action({ request, params }: ActionFunctionArgs) {
  const org = await organizationBySlugOr404(db(), params.slug)
  const { user } = await requireOrgRole(request, org.id, 'editor', { hidden: !organizationIsPublic(org.status) })
  const formData = await readForm(request)
  const intent = String(formData.get('intent') ?? '')
  const donationId = String(formData.get('donationId') ?? '')
  if ((intent !== 'hideMessage' && intent !== 'showMessage') || !isUuid(donationId)) return invalid({ form: ['validation.invalid'] })
  const done = await setMessageVisibility(db(), { donationId, organizationId: org.id, actorId: user.id, hidden: intent === 'hideMessage' })
  if (!done) return invalid({ form: ['moderation.messageNotFound'] }, {}, { status: 409 })
  return redirectWithToast(`/organizations/${org.slug}/messages`, { type: 'success', key: intent === 'hideMessage' ? 'moderation.messageHidden' : 'moderation.messageShown' })
}

export default function OrganizationMessages() {
  const { org, messages } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  return (
    <section className="container section" aria-labelledby="messages-title">
      <p className="small">
        <Link to={`/organizations/${org.slug}/console`}>← {org.name}</Link>
      </p>
      <h1 id="messages-title">{t('moderation.messagesTitle')}</h1>
      <p className="lead">{t('moderation.messagesLead', { name: org.name })}</p>
      {actionData?.errors.form ? (
        <p role="alert" className="form-error-summary">
          {translateErrors(t, actionData.errors.form)}
        </p>
      ) : null}
      {messages.length === 0 ? (
        <p className="muted">{t('moderation.noMessages')}</p>
      ) : (
        <ul className="donation-list" role="list">
          {messages.map((m) => (
            <li key={m.id} className={m.status === 'visible' ? '' : 'muted'}>
              <strong>{m.name ?? t('project.anonymous')}</strong> · {formatMoney(m.amount, m.currency, i18n.language)} · <Link to={`/projects/${m.project.slug}`}>{m.project.title}</Link> <span className="small">· {m.at}</span>
              <p className="donation-message">{m.message}</p>
              <div className="small message-actions">
                <span className="tag">{m.byModerator ? t('moderation.hiddenByModerator') : t(`moderation.messageStatus.${m.status}`)}</span>{' '}
                {m.status === 'visible' || (m.status === 'hidden' && !m.byModerator) ? <MessageVisibilityForm donationId={m.id} hidden={m.status === 'hidden'} /> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
