/** The verified mark of an approved organisation, with its text (and an optional longer title). */
export function VerifiedBadge({ label, title }: { label: string; title?: string }) {
  return (
    <span className="badge-verified" title={title}>
      <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path d="M8 0l2 2h3v3l2 3-2 3v3h-3l-2 2-2-2H3v-3L1 8l2-3V2h3z" />
        <path className="check" d="M5 8.2l2 2 4-4.2" />
      </svg>
      {label}
    </span>
  )
}
