import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { UPDATE_LIMITS } from '~/models/update-form'
import { BilingualColumns, ContentLanguageChoice, inOther, useContentLanguage, useFocusFirstError } from './bilingual-fields'
import { translateErrors } from './form-errors'
import { Field, TextareaField } from './ui/field'

/** An update's title and body, in the language it is written in and, beside them, in the other. */
export function UpdateTextFields({ values, errors, params, stored }: { values: Record<string, string | undefined>; errors: Record<string, string[]>; params?: Record<string, unknown>; stored?: string }) {
  const { t } = useTranslation()
  const [contentLanguage, setContentLanguage] = useContentLanguage(values.contentLanguage || stored)
  useFocusFirstError(errors)
  const err = (name: string) => translateErrors(t as TFunction, errors[name], params)
  return (
    <>
      <ContentLanguageChoice value={contentLanguage} onChange={setContentLanguage} errors={[...(err('contentLanguage') ?? []), ...(err('translationLanguage') ?? [])]} />
      <BilingualColumns
        contentLanguage={contentLanguage}
        original={
          <>
            <Field label={t('updates.titleLabel')} name="title" maxLength={UPDATE_LIMITS.title} defaultValue={values.title} errors={err('title')} />
            <TextareaField label={t('updates.bodyLabel')} hint={t('updates.bodyHint')} name="body" rows={8} defaultValue={values.body} errors={err('body')} />
          </>
        }
        translation={
          <>
            <Field label={inOther(t('updates.titleLabel'), contentLanguage)} name="translatedTitle" optional maxLength={UPDATE_LIMITS.title} defaultValue={values.translatedTitle} errors={err('translatedTitle')} />
            <TextareaField label={inOther(t('updates.bodyLabel'), contentLanguage)} name="translatedBody" optional rows={8} defaultValue={values.translatedBody} errors={err('translatedBody')} />
          </>
        }
      />
    </>
  )
}
