/** An organisation member records an expense against a budget line, with up to three evidence files. */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { isRecentlyVerified, REAUTH_EXPENSE_FROM, reauthPath, requireRecentVerification } from '~/utils/sign-in.server'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { media } from '~db/schema'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { CheckboxField, Field, FieldErrors, FormErrorSummary, fieldErrorCount, TextareaField } from '~/components/ui/field'
import { getFixedT } from '~/i18n/i18n.server'
import { checkUploadQuota, quotaResponse } from '~/media/quotas.server'
import { discardUploads, MB, parseUploadForm, promote, RULES } from '~/media/upload.server'
import { balances } from '~/ledger/post.server'
import { ExpenseRefused, recordExpense } from '~/models/expenses.server'
import { getBudgetLines } from '~/models/project-lifecycle.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { echo, invalid } from '~/utils/forms.server'
import { chinaToday } from '~/utils/age'
import { formatMoney } from '~/utils/money'
import { requireProjectEditor } from '~/utils/project-access.server'
import { redirectWithToast } from '~/utils/toast.server'
import { AmountSchema, DateSchema, Fields, parseForm, type FieldErrors as Errors } from '~/utils/validation'
import { pageTitle } from '~/utils/meta'

const EVIDENCE_FIELDS = ['evidence1', 'evidence2', 'evidence3'] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project, user } = await requireProjectEditor(request, params.slug, { live: true })
  const [lines, balance, t] = await Promise.all([getBudgetLines(db(), project.id), balances(db(), project.id), getFixedT(request)])
  return data(
    {
      title: `${t('expenseForm.title')} — ${project.title}`,
      project: { slug: project.slug, title: project.title, currency: project.currency },
      lines: lines.map((l) => ({ id: l.id, label: l.label })),
      unspent: balance.available < 0n ? 0n : balance.available,
      today: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()),
      // Expenses from this amount ask for a fresh proof of identity; said before the form is filled.
      reauth: isRecentlyVerified(user) ? null : { from: REAUTH_EXPENSE_FROM, verifyPath: reauthPath(new URL(request.url).pathname) },
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

/** The expense form's schema: money read the one way (AmountSchema), a real date not in the future (2026-02-30 is refused). */
function expenseSchema(currency: string) {
  return z.object({
    budgetLineId: z.string().uuid('validation.chooseOne'),
    amount: AmountSchema(currency),
    spentOn: DateSchema({ min: '2000-01-01', max: () => chinaToday() }),
    payee: Fields.text(80),
    payeeIsPerson: Fields.checkbox,
    description: Fields.text(500),
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { project, organization, user } = await requireProjectEditor(request, params.slug, { live: true })
  if (Number(request.headers.get('Content-Length') ?? '0') > 31 * MB) return invalid({ form: ['validation.formTooLarge'] }, {}, { status: 413 })
  const over = await checkUploadQuota(db(), { userId: user.id, incomingBytes: Number(request.headers.get('Content-Length') ?? '0') })
  if (over) {
    const { status, headers, hours } = quotaResponse(over)
    return data({ errors: { form: [over.key] }, values: {}, params: { hours } }, { status, headers })
  }
  if (!(request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) return invalid({ form: ['validation.formTooLarge'] }, {})
  const upload = await parseUploadForm(request, Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, RULES.evidence])))
  if (!upload.ok) return invalid({ form: ['validation.formTooLarge'] }, {})
  const values = echo(upload.formData, ['budgetLineId', 'amount', 'spentOn', 'payee', 'description'])
  const parsed = parseForm(expenseSchema(project.currency), upload.formData)
  const errors: Errors = parsed.ok ? {} : { ...parsed.errors }
  const amount = parsed.ok ? parsed.data.amount : null
  if (amount !== null && amount <= 0n) errors.amount = ['validation.amount']
  for (const field of EVIDENCE_FIELDS) {
    const outcome = upload.uploads.get(field)
    if (outcome && !outcome.ok) errors[field] = [outcome.error]
  }
  if (!parsed.ok || Object.keys(errors).length || amount === null) {
    await discardUploads(upload.uploads)
    return invalid(errors, values)
  }
  // A large expense moves a lot of donors' money: a fresh proof of identity first (the form says so).
  if (amount >= REAUTH_EXPENSE_FROM && !isRecentlyVerified(user)) {
    await discardUploads(upload.uploads)
    requireRecentVerification(request, user)
  }
  try {
    const mediaIds: string[] = []
    for (const field of EVIDENCE_FIELDS) {
      const outcome = upload.uploads.get(field)
      if (!outcome?.ok) continue
      const storageKey = await promote(outcome.file)
      const [row] = await db()
        .insert(media)
        .values({ kind: outcome.file.contentType === 'application/pdf' ? 'document' : 'image', storageKey, contentType: outcome.file.contentType, byteSize: outcome.file.byteSize, sha256: outcome.file.sha256, uploadedBy: user.id, organizationId: organization.id })
        .returning({ id: media.id })
      mediaIds.push(row!.id)
    }
    const { data: form } = parsed
    await recordExpense(db(), { projectId: project.id, organizationId: organization.id, budgetLineId: form.budgetLineId, amount, spentOn: form.spentOn, payee: form.payee, payeeIsPerson: form.payeeIsPerson, description: form.description, recordedBy: user.id, evidenceMediaIds: mediaIds })
  } catch (error) {
    await discardUploads(upload.uploads)
    if (error instanceof ExpenseRefused) {
      const balance = await balances(db(), project.id)
      const field = error.reason === 'overspend' ? 'amount' : error.reason === 'wrongBudgetLine' ? 'budgetLineId' : 'form'
      return invalid({ [field]: [`expenseForm.refused.${error.reason}`] }, values, { status: 409, params: { unspent: formatMoney(balance.available < 0n ? 0n : balance.available, project.currency, 'zh-CN') } })
    }
    throw error
  }
  return redirectWithToast(`/projects/${project.slug}/transparency`, { type: 'success', key: 'expenseForm.recorded' })
}

export default function NewExpense() {
  const { project, lines, unspent, today, reauth } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: Errors = actionData?.errors ?? {}
  const values: Record<string, string> = actionData?.values ?? {}
  const err = (name: string) => translateErrors(t, errors[name], actionData?.params)
  return (
    <section className="container narrow section" aria-labelledby="expense-title">
      <p className="small">
        <Link to={`/projects/${project.slug}/transparency`}>← {project.title}</Link>
      </p>
      <h1 id="expense-title">{t('expenseForm.title')}</h1>
      <p className="lead">{t('expenseForm.lead')}</p>
      {reauth ? (
        <p className="notice">
          {t('expenseForm.reauth', { amount: formatMoney(BigInt(reauth.from), project.currency, i18n.language) })} <Link to={reauth.verifyPath}>{t('security.verifyTitle')}</Link>
        </p>
      ) : null}
      <p className="small muted">
        {t('project.unspent')}: {formatMoney(unspent, project.currency, i18n.language)}
      </p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <FormErrorSummary count={fieldErrorCount(errors)} />
        {errors.form ? <p className="form-error-summary">{err('form')}</p> : null}
        <div className="field">
          <label htmlFor="expense-line">{t('expenseForm.line')}</label>
          <select id="expense-line" name="budgetLineId" defaultValue={values.budgetLineId ?? ''} aria-describedby={errors.budgetLineId ? 'expense-line-error' : undefined}>
            <option value="" disabled>
              —
            </option>
            {lines.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
          <FieldErrors id="expense-line-error" errors={err('budgetLineId')} />
        </div>
        <div className="field-pair">
          <Field label={t('expenseForm.amount')} name="amount" inputMode="decimal" defaultValue={values.amount} errors={err('amount')} />
          <Field label={t('expenseForm.spentOn')} name="spentOn" type="date" defaultValue={values.spentOn ?? today} errors={err('spentOn')} />
        </div>
        <Field label={t('expenseForm.payee')} hint={t('expenseForm.payeeHint')} name="payee" defaultValue={values.payee} errors={err('payee')} />
        <CheckboxField name="payeeIsPerson" label={t('expenseForm.payeeIsPerson')} />
        <TextareaField label={t('expenseForm.description')} name="description" rows={3} defaultValue={values.description} errors={err('description')} />
        {EVIDENCE_FIELDS.map((field, i) => (
          <Field key={field} label={t('expenseForm.evidence', { n: i + 1 })} hint={i === 0 ? t('expenseForm.evidenceHint') : undefined} name={field} type="file" optional accept="application/pdf,image/jpeg,image/png" errors={err(field)} />
        ))}
        <Button type="submit" size="lg" disabled={busy}>
          {t('expenseForm.submit')}
        </Button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
