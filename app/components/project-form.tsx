import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { projectCategories } from '~db/enums'
import { otherLanguage } from '~/content/translation-input'
import { languageNames } from '~/i18n/config'
import { BilingualColumns, ContentLanguageChoice, inOther, useContentLanguage, useFocusFirstError } from './bilingual-fields'
import { translateErrors } from './form-errors'
import { Button } from './ui/button'
import { Field, FormErrorSummary, TextareaField } from './ui/field'
import { RegionCodeSelect } from './region-select'
import { FieldErrors } from './ui/field'

export interface ProjectFormValues {
  fields: Partial<
    Record<
      'title' | 'summary' | 'story' | 'category' | 'region' | 'regionCode' | 'goal' | 'startsOn' | 'endsOn' | 'budgetNote' | 'contentLanguage' | 'translatedTitle' | 'translatedSummary' | 'translatedStory',
      string
    >
  >
  lines: { label: string; amount: string; translatedLabel?: string }[]
}

/** The project editor, for a new draft and for an edit; works without JavaScript (blank budget rows are provided). */
export function ProjectForm({ values, errors, params, submitLabel }: { values: ProjectFormValues; errors: Record<string, string[]>; params?: Record<string, unknown>; submitLabel: string }) {
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const err = (name: string) => translateErrors(t, errors[name], params)
  const rows = [...values.lines, ...Array.from({ length: Math.max(3, 6 - values.lines.length) }, () => ({ label: '', amount: '', translatedLabel: '' }))]
  const f = values.fields
  const [contentLanguage, setContentLanguage] = useContentLanguage(f.contentLanguage)
  useFocusFirstError(errors)
  return (
    <Form method="post" encType="multipart/form-data" noValidate>
      <FormErrorSummary count={Object.keys(errors).length} />
      {errors.form ? <p className="form-error-summary">{err('form')}</p> : null}
      <ContentLanguageChoice value={contentLanguage} onChange={setContentLanguage} errors={[...(err('contentLanguage') ?? []), ...(err('translationLanguage') ?? [])]} />
      <BilingualColumns
        contentLanguage={contentLanguage}
        original={
          <>
            <Field label={t('projectForm.title')} name="title" defaultValue={f.title} maxLength={80} errors={err('title')} />
            <Field label={t('projectForm.summary')} hint={t('projectForm.summaryHint')} name="summary" defaultValue={f.summary} maxLength={200} errors={err('summary')} />
            <TextareaField label={t('projectForm.story')} hint={t('projectForm.storyHint')} name="story" rows={10} defaultValue={f.story} errors={err('story')} />
          </>
        }
        translation={
          <>
            <Field label={inOther(t('projectForm.title'), contentLanguage)} name="translatedTitle" optional defaultValue={f.translatedTitle} maxLength={80} errors={err('translatedTitle')} />
            <Field label={inOther(t('projectForm.summary'), contentLanguage)} name="translatedSummary" optional defaultValue={f.translatedSummary} maxLength={200} errors={err('translatedSummary')} />
            <TextareaField label={inOther(t('projectForm.story'), contentLanguage)} name="translatedStory" optional rows={10} defaultValue={f.translatedStory} errors={err('translatedStory')} />
          </>
        }
      />
      <div className="field">
        <label htmlFor="project-category">{t('projectForm.category')}</label>
        <select id="project-category" name="category" defaultValue={f.category ?? ''} aria-invalid={errors.category ? true : undefined} aria-describedby={errors.category ? 'project-category-error' : undefined}>
          <option value="" disabled>
            —
          </option>
          {projectCategories.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}`)}
            </option>
          ))}
        </select>
        <FieldErrors id="project-category-error" errors={err('category')} />
      </div>
      <Field label={t('projectForm.region')} hint={t('projectForm.regionHint')} name="region" defaultValue={f.region} errors={err('region')} />
      <RegionCodeSelect id="project-region-code" defaultValue={f.regionCode} errors={err('regionCode')} />
      <div className="field-pair">
        <Field label={t('projectForm.goal')} name="goal" inputMode="decimal" defaultValue={f.goal} errors={err('goal')} />
      </div>
      <div className="field-pair">
        <Field label={t('projectForm.startsOn')} name="startsOn" type="date" defaultValue={f.startsOn} errors={err('startsOn')} />
        <Field label={t('projectForm.endsOn')} name="endsOn" type="date" defaultValue={f.endsOn} errors={err('endsOn')} />
      </div>
      <Field label={t('projectForm.cover')} hint={t('projectForm.coverHint')} name="cover" type="file" optional accept="image/jpeg,image/png,image/webp" errors={err('cover')} />

      <fieldset className="field-group budget-rows" aria-describedby={errors.budget ? 'budget-error' : undefined}>
        <legend>{t('projectForm.budget')}</legend>
        <p className="field-hint">{t('projectForm.budgetLead')}</p>
        {rows.map((row, i) => (
          <div className="budget-row budget-row-bilingual" key={i}>
            <label lang={contentLanguage}>
              <span className="visually-hidden">{t('projectForm.lineLabel', { n: i + 1 })}</span>
              <input name="lineLabel" defaultValue={row.label} placeholder={t('projectForm.lineLabel', { n: i + 1 })} maxLength={120} />
            </label>
            <label lang={otherLanguage(contentLanguage)}>
              <span className="visually-hidden">{t('bilingual.lineLabelTranslated', { n: i + 1 })}</span>
              <input name="lineLabelTranslated" defaultValue={row.translatedLabel ?? ''} placeholder={`${languageNames[otherLanguage(contentLanguage)]} · ${t('projectForm.lineLabel', { n: i + 1 })}`} maxLength={120} />
            </label>
            <label>
              <span className="visually-hidden">{t('projectForm.lineAmount', { n: i + 1 })}</span>
              <input name="lineAmount" defaultValue={row.amount} inputMode="decimal" placeholder="0.00" />
            </label>
          </div>
        ))}
        <FieldErrors id="budget-error" errors={err('budget')} />
      </fieldset>
      <TextareaField label={t('projectForm.budgetNote')} hint={t('projectForm.budgetNoteHint')} name="budgetNote" rows={2} optional defaultValue={f.budgetNote} errors={err('budgetNote')} />
      <Button type="submit" size="lg" disabled={busy}>
        {submitLabel}
      </Button>
    </Form>
  )
}
