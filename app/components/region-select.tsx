import { useTranslation } from 'react-i18next'
import { REGIONS, regionName } from '~/regions/regions'
import { FieldErrors } from './ui/field'

/** The GB/T 2260 division a place lies in, chosen from the list (or worked out from the place typed). */
export function RegionCodeSelect({ id, name = 'regionCode', defaultValue, errors }: { id: string; name?: string; defaultValue?: string | null; errors?: string[] }) {
  const { t, i18n } = useTranslation()
  return (
    <div className={errors?.length ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{t('regions.label')}</label>
      <p className="field-hint" id={`${id}-hint`}>
        {t('regions.hint')}
      </p>
      <select id={id} name={name} defaultValue={defaultValue ?? ''} aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? `${id}-hint ${id}-error` : `${id}-hint`}>
        <option value="">{t('regions.auto')}</option>
        {REGIONS.map((r) => (
          <option key={r.code} value={r.code}>
            {r.parent ? `— ${regionName(r.code, i18n.language)}` : regionName(r.code, i18n.language)}
          </option>
        ))}
      </select>
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  )
}
