import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'

/** Errors under a field, announced with it (aria-describedby) and marked for screen readers. */
export function FieldErrors({ id, errors }: { id: string; errors?: string[] | null }) {
  if (!errors?.length) return null
  return (
    <ul id={id} className="field-errors">
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  )
}

interface FieldShellProps {
  label: ReactNode
  hint?: ReactNode
  errors?: string[] | null
  optional?: boolean
  children: (ids: { inputId: string; describedBy: string | undefined; invalid: boolean }) => ReactNode
}

function FieldShell({ label, hint, errors, optional, children }: FieldShellProps) {
  const { t } = useTranslation()
  const inputId = useId()
  const hintId = hint ? `${inputId}-hint` : undefined
  const errorId = errors?.length ? `${inputId}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className={errors?.length ? 'field field-invalid' : 'field'}>
      <label htmlFor={inputId}>
        {label}
        {optional ? <span className="field-optional"> ({t('form.optional')})</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children({ inputId, describedBy, invalid: Boolean(errors?.length) })}
      <FieldErrors id={errorId ?? `${inputId}-error`} errors={errors} />
    </div>
  )
}

export function Field({
  label,
  hint,
  errors,
  optional,
  ...inputProps
}: Omit<FieldShellProps, 'children'> & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell label={label} hint={hint} errors={errors} optional={optional}>
      {({ inputId, describedBy, invalid }) => (
        <input
          id={inputId}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          required={!optional}
          {...inputProps}
        />
      )}
    </FieldShell>
  )
}

export function TextareaField({
  label,
  hint,
  errors,
  optional,
  ...textareaProps
}: Omit<FieldShellProps, 'children'> & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell label={label} hint={hint} errors={errors} optional={optional}>
      {({ inputId, describedBy, invalid }) => (
        <textarea
          id={inputId}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          required={!optional}
          {...textareaProps}
        />
      )}
    </FieldShell>
  )
}

/**
 * How many fields have errors, for the summary: a form-wide error (`form`, shown on its own) is not
 * a field to fix.
 */
export function fieldErrorCount(errors: Record<string, unknown> | null | undefined) {
  return errors ? Object.keys(errors).filter((key) => key !== 'form').length : 0
}

/** A summary at the top of a form with errors, so keyboard and screen-reader users find them. */
export function FormErrorSummary({ count }: { count: number }) {
  const { t } = useTranslation()
  if (count === 0) return null
  return (
    <p role="alert" className="form-error-summary">
      {t('form.fixErrors', { count })}
    </p>
  )
}

/** One checkbox with its label, errors announced with it. */
export function CheckboxField({ name, label, errors, defaultChecked }: { name: string; label: ReactNode; errors?: string[]; defaultChecked?: boolean }) {
  const errorId = `${name}-error`
  return (
    <div className={errors?.length ? 'field field-check field-invalid' : 'field field-check'}>
      <label>
        <input type="checkbox" name={name} defaultChecked={defaultChecked} aria-describedby={errors?.length ? errorId : undefined} aria-invalid={errors?.length ? true : undefined} /> {label}
      </label>
      <FieldErrors id={errorId} errors={errors} />
    </div>
  )
}

interface GroupProps {
  legend: ReactNode
  name: string
  options: { value: string; label: ReactNode }[]
  errors?: string[]
}

/** Checkboxes or radio buttons sharing a name, in a fieldset with a legend and the errors announced with it. */
function ChoiceGroup({ legend, name, options, errors, type, isSelected }: GroupProps & { type: 'checkbox' | 'radio'; isSelected: (value: string) => boolean }) {
  const errorId = `${name}-error`
  return (
    <fieldset className={errors?.length ? 'field field-group field-invalid' : 'field field-group'} aria-describedby={errors?.length ? errorId : undefined}>
      <legend>{legend}</legend>
      <div className="check-grid">
        {options.map((option) => (
          <label key={option.value}>
            <input type={type} name={name} value={option.value} defaultChecked={isSelected(option.value)} /> {option.label}
          </label>
        ))}
      </div>
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  )
}

/** Several choices, e.g. cause areas. */
export function CheckboxGroup({ selected, ...props }: GroupProps & { selected?: readonly string[] }) {
  return <ChoiceGroup {...props} type="checkbox" isSelected={(value) => Boolean(selected?.includes(value))} />
}

/** One choice among several, e.g. a report's reason. */
export function RadioGroup({ selected, ...props }: GroupProps & { selected?: string }) {
  return <ChoiceGroup {...props} type="radio" isSelected={(value) => selected === value} />
}
