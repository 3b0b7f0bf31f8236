import { useId } from 'react'

/** A labelled filter control (label tied by id, so its name is the label alone, not the options). */
export function FilterSelect({ label, name, value, options }: { label: string; name: string; value: string; options: { value: string; label: string }[] }) {
  const id = useId()
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

export function FilterInput({ label, name, value, type = 'text', placeholder, maxLength }: { label: string; name: string; value: string; type?: string; placeholder?: string; maxLength?: number }) {
  const id = useId()
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type={type} defaultValue={value} placeholder={placeholder} maxLength={maxLength} />
    </div>
  )
}
