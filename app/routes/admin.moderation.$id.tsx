/** One moderation case: the item, its reports and automatic flags, and the decision form. */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { requireRecentVerification } from '~/utils/sign-in.server'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { moderationActions, reportReasons, type ReportReason } from '~db/enums'
import { AuditHistory } from '~/components/audit-history'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { RadioGroup, TextareaField } from '~/components/ui/field'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { publicOrigin } from '~/mail/messages.server'
import { auditEntries } from '~/models/organizations.server'
import { allowedActions, decideCase, getCase } from '~/models/moderation.server'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { echo, invalid, readForm } from '~/utils/forms.server'
import { isUuid } from '~/utils/ids'
import { requireAdmin } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'
import { Fields, parseForm, type FieldErrors } from '~/utils/validation'
import { pageTitle } from '~/utils/meta'

const DecisionSchema = z.object({
  action: z.enum(moderationActions, { message: 'validation.pickOne' }),
  category: z.enum(reportReasons, { message: 'validation.pickOne' }),
  reason: Fields.optionalText(500),
})

const notFound = () => new Response('Not found', { status: 404 })

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const id = params.id ?? ''
  if (!isUuid(id)) throw notFound()
  const found = await getCase(db(), id)
  if (!found) throw notFound()
  const [t, language, history] = await Promise.all([getFixedT(request), detectLanguage(request), found.target ? auditEntries(db(), { targetType: found.target.type, targetId: found.target.id, limit: 100 }) : []])
  const when = dateFormatter(language, { withTime: true })
  // The category the reports most often gave: the form's default.
  const tally = new Map<ReportReason, number>()
  for (const r of found.reports) tally.set(r.reason, (tally.get(r.reason) ?? 0) + 1)
  const likely = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? (found.autoFlags.length ? 'spam' : 'other')
  return data(
    {
      title: `${t('moderation.caseTitle', { kind: t(`moderation.kind.${found.targetType}`) })} — ${t('app.name')}`,
      id: found.id,
      type: found.targetType,
      severity: found.severity,
      isOpen: found.isOpen,
      openedAt: when(found.openedAt),
      flags: found.autoFlags,
      decision: found.decision ? { action: found.decision, reason: found.decisionReason, at: found.decidedAt ? when(found.decidedAt) : '' } : null,
      target: found.target
        ? { title: found.target.title, body: found.target.body, state: found.target.state, link: found.target.link, organization: found.target.organizationName, project: found.target.projectTitle }
        : null,
      actions: found.target ? allowedActions(found.target) : [],
      likely,
      reports: found.reports.map((r) => ({ id: r.id, reason: r.reason, details: r.details, at: when(r.createdAt), signedIn: r.signedIn })),
      history: history.map((h) => ({ id: String(h.id), action: h.action, reason: h.reason, actor: h.actorName ?? '—', at: when(h.createdAt) })),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  const id = params.id ?? ''
  if (!isUuid(id)) throw notFound()
  const formData = await readForm(request)
  const parsed = parseForm(DecisionSchema, formData)
  if (!parsed.ok) return invalid(parsed.errors, echo(formData, ['action', 'category', 'reason']))
  // Suspending an account or an organisation is power over others: a fresh proof of identity.
  if (parsed.data.action === 'suspend') requireRecentVerification(request, admin)
  const outcome = await decideCase(db(), {
    caseId: id,
    adminId: admin.id,
    action: parsed.data.action,
    category: parsed.data.category,
    reason: parsed.data.reason ?? '',
    origin: publicOrigin(request, getEnv().PUBLIC_URL),
  })
  if (!outcome.ok) {
    if (outcome.reason === 'notFound') throw notFound()
    const key = outcome.reason === 'reasonRequired' ? 'validation.required' : 'moderation.notAllowed'
    const field = outcome.reason === 'reasonRequired' ? 'reason' : 'form'
    return invalid({ [field]: [key] }, echo(formData, ['action', 'category', 'reason']), { status: 409 })
  }
  return redirectWithToast('/admin/moderation', { type: 'success', key: 'moderation.decidedToast' })
}

export default function ModerationCase() {
  const { type, severity, isOpen, openedAt, flags, decision, target, actions, likely, reports, history } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: FieldErrors = actionData?.errors ?? {}
  const values: Record<string, string> = actionData?.values ?? {}
  return (
    <section aria-labelledby="case-title" className="moderation-case">
      <p className="small">
        <Link to="/admin/moderation">← {t('moderation.queueTitle')}</Link>
      </p>
      <h1 id="case-title">{t('moderation.caseTitle', { kind: t(`moderation.kind.${type}`) })}</h1>
      <p className="small muted">
        {t('moderation.severity', { n: severity })} · {t('moderation.opened', { at: openedAt })}
        {decision ? ` · ${t('moderation.lastDecision', { action: t(`moderation.actionPast.${decision.action}`), at: decision.at })}` : ''}
      </p>
      {target ? (
        <div className="card">
          <p className="small muted">
            {t('moderation.itemState')}: <strong>{t(`moderation.state.${target.state}`)}</strong>
            {target.project ? ` · ${t('moderation.in', { place: target.project })}` : ''}
            {target.organization ? ` · ${target.organization}` : ''}
          </p>
          <h2>{target.title}</h2>
          {target.body ? <p className="pre-wrap">{target.body}</p> : null}
          <p className="small">
            <a href={target.link}>{t('moderation.view')}</a>
          </p>
        </div>
      ) : (
        <p className="notice">{t('moderation.gone')}</p>
      )}
      {flags.length ? (
        <>
          <h2>{t('moderation.autoFlagged')}</h2>
          <ul>
            {flags.map((f, i) => (
              <li key={i}>{t(`moderation.flag.${f.kind as 'term'}`, { detail: f.detail ?? '' })}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('moderation.reportsHeading')}</h2>
      {reports.length === 0 ? (
        <p className="muted">{t('moderation.noReports')}</p>
      ) : (
        <ul className="report-list">
          {reports.map((r) => (
            <li key={r.id}>
              <strong>{t(`report.reasons.${r.reason}`)}</strong> · <span className="small muted">{r.at} · {r.signedIn ? t('moderation.reporterSignedIn') : t('moderation.reporterAnonymous')}</span>
              {r.details ? <p className="pre-wrap">{r.details}</p> : null}
            </li>
          ))}
        </ul>
      )}
      {actions.length ? (
        <Form method="post" noValidate className="card" aria-label={t('moderation.decide')}>
          {errors.form ? (
            <p role="alert" className="form-error-summary">
              {translateErrors(t, errors.form)}
            </p>
          ) : null}
          <RadioGroup legend={t('moderation.decide')} name="action" options={actions.map((a) => ({ value: a, label: t(`moderation.action.${a}`) }))} selected={values.action ?? (isOpen ? undefined : actions[0])} errors={translateErrors(t, errors.action)} />
          <div className={errors.category ? 'field field-invalid' : 'field'}>
            <label htmlFor="case-category">{t('moderation.category')}</label>
            <select id="case-category" name="category" defaultValue={values.category ?? likely}>
              {reportReasons.map((r) => (
                <option key={r} value={r}>
                  {t(`report.reasons.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <TextareaField label={t('moderation.reason')} hint={t('moderation.reasonHint')} name="reason" rows={3} optional maxLength={500} defaultValue={values.reason} errors={translateErrors(t, errors.reason)} />
          <Button type="submit" disabled={busy}>
            {t('moderation.submit')}
          </Button>
        </Form>
      ) : null}
      <AuditHistory entries={history} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
