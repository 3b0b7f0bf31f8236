/**
 * An accessible progress bar: role="progressbar" with its value and a text label. The fill is an
 * SVG rectangle, so no inline style is needed under the strict CSP.
 */
export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  const shown = Math.max(0, Math.min(100, percent))
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={shown}
      aria-label={label}
    >
      <svg viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect className="progress-track" x="0" y="0" width="100" height="8" rx="4" />
        <rect className="progress-fill" x="0" y="0" width={shown} height="8" rx="4" />
      </svg>
    </div>
  )
}
