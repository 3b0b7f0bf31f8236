/**
 * Editing content in both languages side by side (ADR 0021): "Written in: 中文 / English", then the
 * original's fields and the other language's beside them — two columns on a wide screen, one above
 * the other on a phone — each column named with its language and carrying its `lang`. Without
 * JavaScript the columns keep the language chosen when the page was drawn; the server reads the
 * other version as the language the original is not, whatever the labels said.
 */
import { useEffect, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { languageNames } from '~/i18n/config'
import { isContentLanguage, type ContentLanguage } from '~/content/localized'
import { otherLanguage } from '~/content/translation-input'
import { FieldErrors } from './ui/field'

/** The language the form starts in: what the content was written in, else the editor's interface language. */
export function useContentLanguage(stored: string | null | undefined) {
  const { i18n } = useTranslation()
  const initial: ContentLanguage = isContentLanguage(stored) ? stored : isContentLanguage(i18n.language) ? i18n.language : 'zh-CN'
  return useState<ContentLanguage>(initial)
}

export function ContentLanguageChoice({ value, onChange, errors }: { value: ContentLanguage; onChange: (language: ContentLanguage) => void; errors?: string[] }) {
  const { t } = useTranslation()
  return (
    <fieldset className={errors?.length ? 'field field-group field-invalid content-language' : 'field field-group content-language'} aria-describedby={errors?.length ? 'content-language-error' : 'content-language-hint'}>
      <legend>{t('bilingual.writtenIn')}</legend>
      <p className="field-hint" id="content-language-hint">
        {t('bilingual.writtenInHint')}
      </p>
      <div className="check-grid">
        {(['zh-CN', 'en'] as const).map((language) => (
          <label key={language} lang={language}>
            <input type="radio" name="contentLanguage" value={language} checked={value === language} onChange={() => onChange(language)} /> {languageNames[language]}
          </label>
        ))}
      </div>
      <FieldErrors id="content-language-error" errors={errors} />
    </fieldset>
  )
}

/** A field's label in the other language's column names that language ("Title · English"), so no two fields share a name. */
export function inOther(label: string, contentLanguage: ContentLanguage) {
  return `${label} · ${languageNames[otherLanguage(contentLanguage)]}`
}

/** The original's fields and the other language's, side by side. */
export function BilingualColumns({ contentLanguage, original, translation }: { contentLanguage: ContentLanguage; original: ReactNode; translation: ReactNode }) {
  const { t } = useTranslation()
  const other = otherLanguage(contentLanguage)
  return (
    <div className="bilingual">
      <div className="bilingual-column" lang={contentLanguage} data-language={contentLanguage}>
        <p className="bilingual-heading">
          <strong>{languageNames[contentLanguage]}</strong> · {t('bilingual.original')}
        </p>
        {original}
      </div>
      <div className="bilingual-column bilingual-translation" lang={other} data-language={other}>
        <p className="bilingual-heading">
          <strong>{languageNames[other]}</strong> · {t('bilingual.translation')}
        </p>
        <p className="field-hint">{t('bilingual.translationHint')}</p>
        {translation}
      </div>
    </div>
  )
}

/**
 * After the server refuses a form, focus moves to the first field marked invalid, so keyboard and
 * screen-reader users land on what to fix (Conform does this for the forms it validates in the browser).
 */
export function useFocusFirstError(errors: Record<string, unknown> | undefined | null) {
  useEffect(() => {
    if (!errors || Object.keys(errors).length === 0) return
    const first = document.querySelector<HTMLElement>('main [aria-invalid="true"]')
    first?.focus()
  }, [errors])
}
