/**
 * One giving day for admins: its title and dates (dates only while a draft), its sponsors' pools
 * (added with their rules, never changed: the public replay depends on them), publishing and closing,
 * and the projects' applications to approve or reject. Every change is audited by the model.
 */
import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AuditHistory } from '~/components/audit-history'
import { PoolRules } from '~/components/campaign-parts'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { CheckboxField, Field, FormErrorSummary } from '~/components/ui/field'
import { useValidatedForm } from '~/components/use-validated-form'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { CampaignUpdateSchema, PARTICIPATION_ACTIONS, ParticipationPoolSchema, PoolSchema, sponsorTranslations, toChinaLocal } from '~/models/campaign-forms'
import { inOther } from '~/components/bilingual-fields'
import { translationIn, type ContentLanguage } from '~/content/localized'
import { translationsFrom } from '~/content/translation-form'
import { otherLanguage } from '~/content/translation-input'
import { languageNames } from '~/i18n/config'
import { addParticipationPool, closeParticipationPool, participationPoolsOf, ParticipationPoolRefused, updateParticipationPool } from '~/models/participation.server'
import { addPool, advanceCampaign, campaignApplications, campaignById, campaignPools, CampaignRefused, campaignTotals, decideCampaignProject, PoolRefused, updateCampaign } from '~/models/campaigns.server'
import { auditEntries } from '~/models/organizations.server'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { invalid, readForm, rejectSubmission } from '~/utils/forms.server'
import { invariantResponse } from '~/utils/http.server'
import { isUuid } from '~/utils/ids'
import { formatMoney } from '~/utils/money'
import { pageTitle } from '~/utils/meta'
import { requireAdmin } from '~/utils/permissions.server'
import { requireRecentVerification } from '~/utils/sign-in.server'
import { redirectWithToast } from '~/utils/toast.server'

async function campaignOr404(id: string | undefined) {
  invariantResponse(id && isUuid(id), 404, 'Not found')
  const campaign = await campaignById(db(), id)
  invariantResponse(campaign, 404, 'Not found')
  return campaign
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const campaign = await campaignOr404(params.id)
  const [pools, totals, applications, history, t, language, participation] = await Promise.all([
    campaignPools(db(), campaign.id),
    campaignTotals(db(), campaign.id),
    campaignApplications(db(), campaign.id),
    auditEntries(db(), { targetType: 'campaign', targetId: campaign.id }),
    getFixedT(request),
    detectLanguage(request),
    participationPoolsOf(db(), campaign.id),
  ])
  const when = dateFormatter(language, { withTime: true })
  const now = new Date()
  return data(
    {
      title: `${campaign.title} — ${t('admin.title')}`,
      campaign: {
        id: campaign.id,
        slug: campaign.slug,
        title: campaign.title,
        contentLanguage: campaign.contentLanguage,
        translatedTitle: translationIn(campaign.translations, otherLanguage(campaign.contentLanguage), ['title'])?.title ?? '',
        status: campaign.status, startsAt: toChinaLocal(campaign.startsAt), endsAt: toChinaLocal(campaign.endsAt) },
      pools: pools.map((p) => {
        const figures = totals.pools.find((x) => x.id === p.id)!
        return {
          id: p.id,
          sponsor: p.sponsorName,
          translatedSponsor: translationIn(p.translations, otherLanguage(campaign.contentLanguage), ['sponsorName'])?.sponsorName ?? '',
          currency: p.currency.trim(),
          total: p.totalAmount,
          remaining: figures.remaining,
          held: figures.held,
          cardDailyLimit: p.cardDailyLimit,
          rules: { ratioPercent: p.ratioPercent, capPerGift: p.capPerGift, capPerDonorDay: p.capPerDonorDay, capPerProject: p.capPerProject, firstGiftOnly: p.firstGiftOnly, window: `${when(p.startsAt)} – ${when(p.endsAt)}` },
        }
      }),
      participation: participation.map((p) => ({
        id: p.id,
        sponsor: p.sponsorName,
        translatedSponsor: translationIn(p.translations, otherLanguage(campaign.contentLanguage), ['sponsorName'])?.sponsorName ?? '',
        currency: p.currency.trim(),
        total: p.totalAmount,
        paid: p.committedAmount,
        amountPerAction: p.amountPerAction,
        actions: p.actions,
        capPerPersonDay: p.capPerPersonDay,
        startsAt: toChinaLocal(p.startsAt),
        endsAt: toChinaLocal(p.endsAt),
        window: `${when(p.startsAt)} – ${when(p.endsAt)}`,
        open: p.endsAt > now,
      })),
      applications: applications.map((a) => ({ projectId: a.projectId, slug: a.slug, title: a.title, organization: a.organization, status: a.status, at: when(a.appliedAt) })),
      history: history.map((h) => ({ id: String(h.id), action: h.action, reason: h.reason, actor: h.actorName ?? '—', at: when(h.createdAt) })),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }]

const refusalKey = (reason: string) => `campaignAdmin.problem.${reason === 'unknownCampaign' ? 'notFound' : reason === 'campaignClosed' ? 'closed' : reason}`

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  const campaign = await campaignOr404(params.id)
  const formData = await readForm(request)
  const intent = String(formData.get('intent') ?? '')
  const back = `/admin/campaigns/${campaign.id}`
  if (intent === 'update') {
    const submission = parseWithZod(formData, { schema: CampaignUpdateSchema })
    if (submission.status !== 'success') return rejectSubmission(submission)
    try {
      // The title's language stays the campaign's (its sponsors' names are written in it); the other version beside it.
      const translations = translationsFrom('campaign', { ...submission.value, translationLanguage: undefined }, campaign.contentLanguage)
      await updateCampaign(db(), { adminId: admin.id, campaignId: campaign.id, title: submission.value.title, startsAt: submission.value.startsAt, endsAt: submission.value.endsAt, translations })
    } catch (error) {
      if (!(error instanceof CampaignRefused)) throw error
      return rejectSubmission(submission, { formErrors: [refusalKey(error.reason)], status: 409 })
    }
    return redirectWithToast(back, { type: 'success', key: 'campaignAdmin.saved' })
  }
  if (intent === 'pool') {
    // Sponsor money is pledged here: a proof of identity from the last few minutes.
    requireRecentVerification(request, admin)
    const submission = parseWithZod(formData, { schema: PoolSchema })
    if (submission.status !== 'success') return rejectSubmission(submission)
    const { sponsorName, translatedSponsorName, totalAmount, startsAt, endsAt, ...rules } = submission.value
    try {
      await addPool(db(), { adminId: admin.id, campaignId: campaign.id, sponsorName, translations: sponsorTranslations(translatedSponsorName, campaign.contentLanguage), totalAmount, rules: { ...rules, startsAt: startsAt ?? undefined, endsAt: endsAt ?? undefined } })
    } catch (error) {
      if (!(error instanceof PoolRefused)) throw error
      return rejectSubmission(submission, { formErrors: [refusalKey(error.reason)], status: 409 })
    }
    return redirectWithToast(back, { type: 'success', key: 'campaignAdmin.poolAdded' })
  }
  if (intent === 'participation-add' || intent === 'participation-edit') {
    // Sponsor money is pledged here too: a proof of identity from the last few minutes.
    requireRecentVerification(request, admin)
    const submission = parseWithZod(formData, { schema: ParticipationPoolSchema })
    if (submission.status !== 'success') return rejectSubmission(submission)
    const { intent: which, poolId, translatedSponsorName, ...fields } = submission.value
    const pool = { ...fields, translations: sponsorTranslations(translatedSponsorName, campaign.contentLanguage) }
    try {
      if (which === 'participation-add') await addParticipationPool(db(), { adminId: admin.id, campaignId: campaign.id, ...pool, startsAt: pool.startsAt ?? undefined, endsAt: pool.endsAt ?? undefined })
      else if (poolId) await updateParticipationPool(db(), { adminId: admin.id, campaignId: campaign.id, poolId, ...pool })
      else return rejectSubmission(submission, { formErrors: ['campaignAdmin.problem.notFound'], status: 404 })
    } catch (error) {
      if (!(error instanceof ParticipationPoolRefused)) throw error
      return rejectSubmission(submission, { formErrors: [`campaignAdmin.problem.${error.reason === 'unknownCampaign' ? 'notFound' : error.reason === 'campaignClosed' ? 'closed' : error.reason}`], status: 409 })
    }
    return redirectWithToast(back, { type: 'success', key: which === 'participation-add' ? 'campaignAdmin.participationAdded' : 'campaignAdmin.saved' })
  }
  if (intent === 'participation-close') {
    const poolId = String(formData.get('poolId') ?? '')
    if (!isUuid(poolId)) return invalid({ form: ['campaignAdmin.problem.notFound'] }, {}, { status: 404 })
    try {
      await closeParticipationPool(db(), { adminId: admin.id, campaignId: campaign.id, poolId })
    } catch (error) {
      if (!(error instanceof ParticipationPoolRefused)) throw error
      return invalid({ form: [`campaignAdmin.problem.${error.reason}`] }, {}, { status: error.reason === 'notFound' ? 404 : 409 })
    }
    return redirectWithToast(back, { type: 'success', key: 'campaignAdmin.participationClosed' })
  }
  if (intent === 'publish' || intent === 'close') {
    const done = await advanceCampaign(db(), { adminId: admin.id, campaignId: campaign.id, to: intent === 'publish' ? 'live' : 'closed' })
    if (!done) return invalid({ form: ['campaignAdmin.problem.notLive'] }, {}, { status: 409 })
    return redirectWithToast(back, { type: 'success', key: intent === 'publish' ? 'campaignAdmin.published' : 'campaignAdmin.closed' })
  }
  if (intent === 'approve' || intent === 'reject') {
    const projectId = String(formData.get('projectId') ?? '')
    const reason = String(formData.get('reason') ?? '').trim().slice(0, 500)
    if (!isUuid(projectId)) return invalid({ form: ['campaignAdmin.problem.notFound'] }, {}, { status: 404 })
    if (intent === 'reject' && !reason) return invalid({ [`reason-${projectId}`]: ['validation.reasonRequired'] })
    const done = await decideCampaignProject(db(), { adminId: admin.id, campaignId: campaign.id, projectId, decision: intent === 'approve' ? 'approved' : 'rejected', reason: reason || undefined })
    if (!done) return invalid({ form: ['campaignAdmin.problem.notOpen'] }, {}, { status: 409 })
    return redirectWithToast(back, { type: 'success', key: 'campaignAdmin.decided' })
  }
  return invalid({ form: ['validation.invalid'] })
}

type Reply = SubmissionResult<string[]> & { initialValue?: Record<string, unknown> | null }

export default function AdminCampaign() {
  const { campaign, pools, participation, applications, history } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as unknown
  const { t, i18n } = useTranslation()
  const reply = actionData && typeof actionData === 'object' && 'status' in actionData ? (actionData as Reply) : undefined
  const plain = actionData && typeof actionData === 'object' && 'errors' in actionData ? (actionData as { errors: Record<string, string[]> }).errors : {}
  const replyFor = (intent: string) => (reply?.initialValue?.intent === intent ? reply : undefined)
  const [editForm, edit] = useValidatedForm(CampaignUpdateSchema, replyFor('update'), { id: 'edit-campaign' })
  const [poolForm, pool] = useValidatedForm(PoolSchema, replyFor('pool'), { id: 'add-pool' })
  const err = (errors: string[] | undefined | null) => translateErrors(t, errors ?? undefined)
  const initial = (value: unknown, fallback?: string) => (typeof value === 'string' ? value : fallback)
  const money = (v: bigint, currency: string) => formatMoney(v, currency, i18n.language)
  const count = (fields: Record<string, { errors?: string[] }>) => Object.values(fields).filter((f) => f.errors?.length).length
  return (
    <section aria-labelledby="campaign-title">
      <p className="small">
        <Link to="/admin/campaigns">← {t('campaignAdmin.list')}</Link>
      </p>
      <h1 id="campaign-title">
        {campaign.title} <span className="tag">{t(`campaignAdmin.status.${campaign.status}`)}</span>
      </h1>
      <p className="small">{campaign.status === 'draft' ? `/campaigns/${campaign.slug}` : <Link to={`/campaigns/${campaign.slug}`}>/campaigns/{campaign.slug}</Link>}</p>
      {plain.form ? (
        <p className="form-error-summary" role="alert">
          {err(plain.form)}
        </p>
      ) : null}
      {campaign.status !== 'closed' ? (
        <Form method="post" className="button-row">
          {campaign.status === 'draft' ? (
            <Button type="submit" name="intent" value="publish">
              {t('campaignAdmin.publish')}
            </Button>
          ) : (
            <Button type="submit" name="intent" value="close" variant="danger">
              {t('campaignAdmin.close')}
            </Button>
          )}
        </Form>
      ) : null}

      <h2 id="edit-title">{t('campaignAdmin.edit')}</h2>
      <p className="small muted">
        {t('bilingual.writtenIn')}: <span lang={campaign.contentLanguage}>{languageNames[campaign.contentLanguage]}</span>
      </p>
      <Form method="post" id={editForm.id} onSubmit={editForm.onSubmit} noValidate aria-labelledby="edit-title">
        <input type="hidden" name="intent" value="update" />
        <FormErrorSummary count={count(edit)} />
        {editForm.errors?.length ? <p className="form-error-summary">{err(editForm.errors)}</p> : null}
        <Field label={t('campaignAdmin.titleLabel')} name={edit.title.name} defaultValue={initial(edit.title.initialValue, campaign.title)} maxLength={120} errors={err(edit.title.errors)} />
        <Field
          label={inOther(t('campaignAdmin.titleLabel'), campaign.contentLanguage)}
          hint={t('campaignAdmin.otherLanguageHint')}
          name={edit.translatedTitle.name}
          defaultValue={initial(edit.translatedTitle.initialValue, campaign.translatedTitle)}
          maxLength={120}
          errors={err(edit.translatedTitle.errors)}
        />
        <Field
          label={t('campaignAdmin.startsAt')}
          type="datetime-local"
          name={edit.startsAt.name}
          defaultValue={initial(edit.startsAt.initialValue, campaign.startsAt)}
          readOnly={campaign.status !== 'draft'}
          hint={campaign.status !== 'draft' ? t('campaignAdmin.datesLockedHint') : undefined}
          errors={err(edit.startsAt.errors)}
        />
        <Field label={t('campaignAdmin.endsAt')} type="datetime-local" name={edit.endsAt.name} defaultValue={initial(edit.endsAt.initialValue, campaign.endsAt)} readOnly={campaign.status !== 'draft'} errors={err(edit.endsAt.errors)} />
        {campaign.status !== 'closed' ? <Button type="submit">{t('campaignAdmin.save')}</Button> : null}
      </Form>

      <h2 id="pools-title">{t('campaignAdmin.pools')}</h2>
      <p className="small muted">{t('campaignAdmin.poolsFixed')}</p>
      {pools.length === 0 ? (
        <p className="muted">{t('campaignAdmin.noPools')}</p>
      ) : (
        <ul className="pool-list" role="list">
          {pools.map((p) => (
            <li key={p.id} className="card pool-card">
              <h3>{p.sponsor}</h3>
              <p className="small">{t('campaignAdmin.remaining', { remaining: money(p.remaining, p.currency), total: money(p.total, p.currency) })}</p>
              <PoolRules rules={p.rules} currency={p.currency} />
              <p className="small muted">
                {t('campaignAdmin.cardDailyLimit')}: {p.cardDailyLimit}
              </p>
            </li>
          ))}
        </ul>
      )}
      {campaign.status !== 'closed' ? (
        <>
          <h3 id="add-pool-title">{t('campaignAdmin.addPool')}</h3>
          <Form method="post" id={poolForm.id} onSubmit={poolForm.onSubmit} noValidate aria-labelledby="add-pool-title">
            <input type="hidden" name="intent" value="pool" />
            <FormErrorSummary count={count(pool)} />
            {poolForm.errors?.length ? <p className="form-error-summary">{err(poolForm.errors)}</p> : null}
            <Field label={t('campaignAdmin.sponsor')} name={pool.sponsorName.name} defaultValue={initial(pool.sponsorName.initialValue)} maxLength={120} errors={err(pool.sponsorName.errors)} />
            <Field
              label={inOther(t('campaignAdmin.sponsor'), campaign.contentLanguage)}
              hint={t('campaignAdmin.otherLanguageHint')}
              name={pool.translatedSponsorName.name}
              defaultValue={initial(pool.translatedSponsorName.initialValue)}
              maxLength={120}
              errors={err(pool.translatedSponsorName.errors)}
            />
            <Field label={t('campaignAdmin.total')} name={pool.totalAmount.name} inputMode="decimal" defaultValue={initial(pool.totalAmount.initialValue)} errors={err(pool.totalAmount.errors)} />
            <Field label={t('campaignAdmin.ratio')} hint={t('campaignAdmin.ratioHint')} name={pool.ratioPercent.name} inputMode="numeric" defaultValue={initial(pool.ratioPercent.initialValue, '100')} errors={err(pool.ratioPercent.errors)} />
            <Field label={t('campaignAdmin.capPerGift')} optional name={pool.capPerGift.name} inputMode="decimal" defaultValue={initial(pool.capPerGift.initialValue)} errors={err(pool.capPerGift.errors)} />
            <Field label={t('campaignAdmin.capPerDonorDay')} optional name={pool.capPerDonorDay.name} inputMode="decimal" defaultValue={initial(pool.capPerDonorDay.initialValue)} errors={err(pool.capPerDonorDay.errors)} />
            <Field label={t('campaignAdmin.capPerProject')} optional name={pool.capPerProject.name} inputMode="decimal" defaultValue={initial(pool.capPerProject.initialValue)} errors={err(pool.capPerProject.errors)} />
            <CheckboxField name={pool.firstGiftOnly.name} label={t('campaignAdmin.firstGiftOnly')} />
            <Field label={t('campaignAdmin.cardDailyLimit')} name={pool.cardDailyLimit.name} inputMode="numeric" defaultValue={initial(pool.cardDailyLimit.initialValue, '3')} errors={err(pool.cardDailyLimit.errors)} />
            <Field label={t('campaignAdmin.poolStartsAt')} hint={t('campaignAdmin.windowHint')} optional type="datetime-local" name={pool.startsAt.name} defaultValue={initial(pool.startsAt.initialValue)} errors={err(pool.startsAt.errors)} />
            <Field label={t('campaignAdmin.poolEndsAt')} optional type="datetime-local" name={pool.endsAt.name} defaultValue={initial(pool.endsAt.initialValue)} errors={err(pool.endsAt.errors)} />
            <Button type="submit">{t('campaignAdmin.addPool')}</Button>
          </Form>
        </>
      ) : null}

      <h2 id="participation-title">{t('campaignAdmin.participation')}</h2>
      <p className="small muted">{t('campaignAdmin.participationLead')}</p>
      {participation.length === 0 ? (
        <p className="muted">{t('campaignAdmin.noParticipation')}</p>
      ) : (
        <ul className="pool-list" role="list">
          {participation.map((p) => (
            <li key={p.id} className="card pool-card">
              <h3>
                {p.sponsor} {p.open ? null : <span className="tag">{t('campaignAdmin.participationEnded')}</span>}
              </h3>
              <p className="small">{t('campaignAdmin.remaining', { remaining: money(p.total - p.paid, p.currency), total: money(p.total, p.currency) })}</p>
              <p className="small muted">
                {t('participation.pools.perAction', { amount: money(p.amountPerAction, p.currency), cap: p.capPerPersonDay })} · {p.actions.map((a) => t(`participation.action.${a}`)).join(i18n.language.startsWith('zh') ? '、' : ', ')} · {p.window}
              </p>
              {campaign.status !== 'closed' ? (
                <>
                  <details>
                    <summary>{t('campaignAdmin.editParticipation')}</summary>
                    <ParticipationPoolForm campaignLanguage={campaign.contentLanguage} pool={p} reply={reply?.initialValue?.poolId === p.id ? replyFor('participation-edit') : undefined} />
                  </details>
                  {p.open ? (
                    <Form method="post">
                      <input type="hidden" name="poolId" value={p.id} />
                      <Button type="submit" name="intent" value="participation-close" size="sm" variant="danger">
                        {t('campaignAdmin.closeParticipation')}
                      </Button>
                    </Form>
                  ) : null}
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {campaign.status !== 'closed' ? (
        <>
          <h3 id="add-participation-title">{t('campaignAdmin.addParticipation')}</h3>
          <ParticipationPoolForm campaignLanguage={campaign.contentLanguage} reply={replyFor('participation-add')} />
        </>
      ) : null}

      <h2 id="applications-title">{t('campaignAdmin.applications')}</h2>
      {applications.length === 0 ? (
        <p className="muted">{t('campaignAdmin.noApplications')}</p>
      ) : (
        <ul className="card-list" role="list">
          {applications.map((a) => (
            <li key={a.projectId} className="card">
              <p>
                <Link to={`/projects/${a.slug}`}>{a.title}</Link> · {a.organization} · <span className="small muted">{a.at}</span> · <strong>{t(`campaignAdmin.appStatus.${a.status}`)}</strong>
              </p>
              {a.status === 'applied' ? (
                <Form method="post" noValidate>
                  <input type="hidden" name="projectId" value={a.projectId} />
                  <Field label={t('campaignAdmin.reason')} name="reason" optional maxLength={500} errors={err(plain[`reason-${a.projectId}`])} />
                  <div className="button-row">
                    <Button type="submit" name="intent" value="approve" size="sm">
                      {t('campaignAdmin.approve')}
                    </Button>
                    <Button type="submit" name="intent" value="reject" size="sm" variant="secondary">
                      {t('campaignAdmin.reject')}
                    </Button>
                  </div>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <AuditHistory entries={history} />
    </section>
  )
}

type ParticipationRow = ReturnType<typeof useLoaderData<typeof loader>>['participation'][number]

/** Adding a participation pool, or editing one: the same fields, one schema on both sides (Conform). */
function ParticipationPoolForm({ pool: existing, reply, campaignLanguage }: { pool?: ParticipationRow; reply?: Reply; campaignLanguage: ContentLanguage }) {
  const { t } = useTranslation()
  const [form, fields] = useValidatedForm(ParticipationPoolSchema, reply, { id: existing ? `participation-${existing.id}` : 'add-participation' })
  const err = (errors: string[] | undefined | null) => translateErrors(t, errors ?? undefined)
  const initial = (value: unknown, fallback?: string) => (typeof value === 'string' ? value : fallback)
  const yuan = (minor: bigint | undefined) => (minor === undefined ? undefined : (Number(minor) / 100).toFixed(2))
  const chosen = Array.isArray(fields.actions.initialValue) ? (fields.actions.initialValue as string[]) : typeof fields.actions.initialValue === 'string' ? [fields.actions.initialValue] : (existing?.actions ?? ['watch_update'])
  const errorCount = Object.values(fields).filter((f) => f.errors?.length).length
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate aria-label={existing ? t('campaignAdmin.editParticipation') : t('campaignAdmin.addParticipation')}>
      <input type="hidden" name="intent" value={existing ? 'participation-edit' : 'participation-add'} />
      {existing ? <input type="hidden" name="poolId" value={existing.id} /> : null}
      <FormErrorSummary count={errorCount} />
      {form.errors?.length ? <p className="form-error-summary">{err(form.errors)}</p> : null}
      <Field label={t('campaignAdmin.sponsor')} name={fields.sponsorName.name} defaultValue={initial(fields.sponsorName.initialValue, existing?.sponsor)} maxLength={120} errors={err(fields.sponsorName.errors)} />
      <Field
        label={inOther(t('campaignAdmin.sponsor'), campaignLanguage)}
        hint={t('campaignAdmin.otherLanguageHint')}
        name={fields.translatedSponsorName.name}
        defaultValue={initial(fields.translatedSponsorName.initialValue, existing?.translatedSponsor)}
        maxLength={120}
        errors={err(fields.translatedSponsorName.errors)}
      />
      <Field
        label={t('campaignAdmin.amountPerAction')}
        hint={existing && existing.paid > 0n ? t('campaignAdmin.perActionLockedHint') : undefined}
        name={fields.amountPerAction.name}
        inputMode="decimal"
        readOnly={Boolean(existing && existing.paid > 0n)}
        defaultValue={initial(fields.amountPerAction.initialValue, yuan(existing?.amountPerAction) ?? '0.10')}
        errors={err(fields.amountPerAction.errors)}
      />
      <fieldset className="field">
        <legend>{t('campaignAdmin.actions')}</legend>
        {PARTICIPATION_ACTIONS.map((action) => (
          <label key={action} className="checkbox">
            <input type="checkbox" name={fields.actions.name} value={action} defaultChecked={chosen.includes(action)} /> {t(`participation.action.${action}`)}
          </label>
        ))}
        {fields.actions.errors?.length ? (
          <p className="field-error" role="alert">
            {err(fields.actions.errors)}
          </p>
        ) : null}
      </fieldset>
      <Field label={t('campaignAdmin.capPerPersonDay')} name={fields.capPerPersonDay.name} inputMode="numeric" defaultValue={initial(fields.capPerPersonDay.initialValue, String(existing?.capPerPersonDay ?? 5))} errors={err(fields.capPerPersonDay.errors)} />
      <Field label={t('campaignAdmin.participationTotal')} hint={t('campaignAdmin.participationTotalHint')} name={fields.totalAmount.name} inputMode="decimal" defaultValue={initial(fields.totalAmount.initialValue, yuan(existing?.total))} errors={err(fields.totalAmount.errors)} />
      <Field label={t('campaignAdmin.poolStartsAt')} hint={t('campaignAdmin.windowHint')} optional type="datetime-local" name={fields.startsAt.name} defaultValue={initial(fields.startsAt.initialValue, existing?.startsAt)} errors={err(fields.startsAt.errors)} />
      <Field label={t('campaignAdmin.poolEndsAt')} optional type="datetime-local" name={fields.endsAt.name} defaultValue={initial(fields.endsAt.initialValue, existing?.endsAt)} errors={err(fields.endsAt.errors)} />
      <Button type="submit">{existing ? t('campaignAdmin.save') : t('campaignAdmin.addParticipation')}</Button>
    </Form>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
