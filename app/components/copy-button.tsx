import { useEffect, useState } from 'react'

/**
 * Copies a text to the clipboard. Shown only once the page runs scripts: without them the text
 * beside it is still there to select and copy by hand.
 */
export function CopyButton({ text, label, copiedLabel, describedBy }: { text: string; label: string; copiedLabel: string; describedBy?: string }) {
  const [hydrated, setHydrated] = useState(false)
  const [copied, setCopied] = useState(false)
  useEffect(() => setHydrated(true), [])
  useEffect(() => setCopied(false), [text])
  if (!hydrated) return null
  return (
    <button
      type="button"
      className="btn btn-secondary btn-sm"
      aria-describedby={describedBy}
      onClick={() => {
        void navigator.clipboard
          ?.writeText(text)
          .then(() => setCopied(true))
          .catch(() => undefined)
      }}
    >
      <span aria-live="polite">{copied ? copiedLabel : label}</span>
    </button>
  )
}
