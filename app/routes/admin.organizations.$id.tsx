import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { requireRecentVerification } from '~/utils/sign-in.server'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { AuditHistory } from '~/components/audit-history'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { FormErrorSummary, fieldErrorCount, TextareaField } from '~/components/ui/field'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { publicOrigin } from '~/mail/messages.server'
import {
  auditEntries,
  decideOrganization,
  DECISIONS,
  decisionsFrom,
  getOrganizationById,
  InvalidTransitionError,
  listMembers,
  type Decision,
} from '~/models/organizations.server'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { invalid, readForm } from '~/utils/forms.server'
import { requireAdmin } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'
import { Fields, parseForm } from '~/utils/validation'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'

async function organizationOr404(id: string | undefined) {
  const org = id ? await getOrganizationById(db(), id) : null
  invariantResponse(org, 404, 'Not found')
  return org
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const org = await organizationOr404(params.id)
  const [history, members, t, language] = await Promise.all([
    auditEntries(db(), { targetType: 'organization', targetId: org.id, limit: 100 }),
    listMembers(db(), org.id),
    getFixedT(request),
    detectLanguage(request),
  ])
  const date = dateFormatter(language, { withTime: true })
  return {
    title: `${org.name} — ${t('admin.title')}`,
    org: {
      ...org,
      createdAt: date(org.createdAt),
      approvedAt: date(org.approvedAt),
      certificateUrl: org.certificateMediaId ? `/media/${org.certificateMediaId}` : null,
      logoUrl: org.logoMediaId ? `/media/${org.logoMediaId}` : null,
    },
    owners: members.filter((m) => m.role === 'owner').map((m) => ({ name: m.displayName, email: m.email })),
    decisions: decisionsFrom(org.status),
    history: history.map((h) => ({ id: String(h.id), action: h.action, reason: h.reason, actor: h.actorName ?? '—', at: date(h.createdAt) })),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

// Built inside the action: DECISIONS lives in a .server module, which is undefined in the browser bundle.
const decisionSchema = () =>
  z.object({
    decision: z.enum(Object.keys(DECISIONS) as [Decision, ...Decision[]], { message: 'validation.invalid' }),
    reason: Fields.optionalText(1000),
  })

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  // Approvals, rejections and suspensions change who may raise money: a fresh proof of identity.
  requireRecentVerification(request, admin)
  const org = await organizationOr404(params.id)
  const formData = await readForm(request)
  const parsed = parseForm(decisionSchema(), formData)
  const values = { reason: String(formData.get('reason') ?? '') }
  if (!parsed.ok) return invalid(parsed.errors, values)
  const { decision, reason } = parsed.data
  if (DECISIONS[decision].reasonRequired && !reason) return invalid({ reason: ['validation.reasonRequired'] }, values)
  const origin = publicOrigin(request, getEnv().PUBLIC_URL)
  try {
    await decideOrganization(db(), { adminId: admin.id, organizationId: org.id, decision, reason, link: (slug) => `${origin}/organizations/${slug}` })
  } catch (error) {
    if (error instanceof InvalidTransitionError) {
      const t = await getFixedT(request)
      return invalid({ form: ['admin.invalidTransition'] }, values, { status: 409, params: { status: t(`orgStatus.${error.status ?? 'pending'}`) } })
    }
    throw error
  }
  return redirectWithToast(decision === 'approve' || decision === 'reject' ? '/admin/organizations' : `/admin/organizations/${org.id}`, {
    type: 'success',
    key: `admin.decided.${decision}`,
    values: { name: org.name },
  })
}

export default function ReviewOrganization() {
  const { org, owners, decisions, history } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors = actionData?.errors ?? {}
  return (
    <article aria-labelledby="review-title">
      <p className="small">
        <Link to={`/admin/organizations?status=${org.status}`}>← {t('admin.queueTitle')}</Link>
      </p>
      <h1 id="review-title">{org.name}</h1>
      <p>
        <span className={`status status-${org.status}`}>{t(`orgStatus.${org.status}`)}</span>{' '}
        <span className="muted small">{t('admin.applied', { date: org.createdAt })}</span>
      </p>
      {org.statusReason ? (
        <p className="notice">
          {t('admin.reason')}: {org.statusReason}
        </p>
      ) : null}
      <dl className="details">
        <dt>{t('admin.uscc')}</dt>
        <dd className="mono">{org.uscc}</dd>
        <dt>{t('orgPage.qualification')}</dt>
        <dd>{org.hasPublicFundraisingQualification ? t('orgPage.qualificationYes') : t('orgPage.qualificationNo')}</dd>
        <dt>{t('orgPage.causes')}</dt>
        <dd>{org.causeAreas.map((c) => t(`category.${c}`)).join(' · ')}</dd>
        <dt>{t('orgPage.region')}</dt>
        <dd>{org.region}</dd>
        <dt>{t('orgPage.website')}</dt>
        <dd>{org.website ? <a href={org.website} rel="nofollow noopener noreferrer" target="_blank">{org.website}</a> : '—'}</dd>
        <dt>{t('admin.contact')}</dt>
        <dd>
          {org.contactName} · {org.contactEmail}
          {org.contactPhone ? ` · ${org.contactPhone}` : ''}
        </dd>
        <dt>{t('accountPage.role.owner')}</dt>
        <dd>{owners.map((o) => `${o.name} <${o.email}>`).join(', ')}</dd>
        <dt>{t('admin.certificate')}</dt>
        <dd>{org.certificateUrl ? <a href={org.certificateUrl} target="_blank" rel="noopener">{t('admin.certificate')}</a> : '—'}</dd>
        <dt>{t('admin.logo')}</dt>
        <dd>{org.logoUrl ? <img src={org.logoUrl} alt={t('admin.logo')} width={64} height={64} className="org-logo org-logo-sm" /> : t('admin.noLogo')}</dd>
      </dl>
      <h2>{t('orgApply.description')}</h2>
      <p className="prewrap">{org.description}</p>

      {decisions.length ? (
        <section aria-labelledby="decide-title" className="card decide">
          <h2 id="decide-title">{t('admin.decide')}</h2>
          <Form method="post" noValidate>
            <FormErrorSummary count={fieldErrorCount(errors)} />
            {errors.form ? <p className="form-error-summary">{translateErrors(t, errors.form, actionData?.params)}</p> : null}
            <TextareaField label={t('admin.reason')} hint={t('admin.reasonHint')} name="reason" rows={3} optional defaultValue={actionData?.values?.reason} errors={translateErrors(t, errors.reason)} />
            <div className="button-row">
              {decisions.map((d) => (
                <Button key={d} type="submit" name="decision" value={d} variant={d === 'approve' || d === 'reinstate' ? 'primary' : 'danger'} disabled={busy}>
                  {t(`admin.decision.${d}`)}
                </Button>
              ))}
            </div>
          </Form>
        </section>
      ) : null}

      <AuditHistory entries={history} />
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
