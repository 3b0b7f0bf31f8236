/**
 * Passkeys in the browser (@simplewebauthn/browser). They need JavaScript and a browser that
 * supports WebAuthn: until the page has checked, nothing is shown, so a page without JavaScript
 * offers only what works without it (one-time codes, passwords).
 */
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from './ui/button'

async function post(url: string, fields: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams(fields),
    credentials: 'same-origin',
  })
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
  return { ok: response.ok, body }
}

function useWebAuthn() {
  const [supported, setSupported] = useState(false)
  useEffect(() => setSupported(browserSupportsWebAuthn()), [])
  return supported
}

/**
 * "Use a passkey": to sign in without a password (`signin`), as the second step after a password
 * (`second`), or to prove it is you again before money or power moves (`reauth`).
 */
export function PasskeySignIn({ purpose, redirectTo }: { purpose: 'signin' | 'second' | 'reauth'; redirectTo: string }) {
  const { t } = useTranslation()
  const supported = useWebAuthn()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!supported) return null
  async function go() {
    setBusy(true)
    setError(null)
    try {
      const options = await post('/login/passkey', { intent: 'options', purpose })
      if (!options.ok) throw new Error(String(options.body.error ?? 'security.passkeyFailed'))
      const response = await startAuthentication({ optionsJSON: options.body.options as Parameters<typeof startAuthentication>[0]['optionsJSON'] })
      const result = await post('/login/passkey', { intent: 'verify', purpose, redirectTo, response: JSON.stringify(response) })
      if (result.ok && typeof result.body.redirectTo === 'string') {
        window.location.assign(result.body.redirectTo)
        return
      }
      setError(t(String(result.body.error ?? 'security.passkeyFailed') as 'security.passkeyFailed'))
    } catch (thrown) {
      const key = thrown instanceof Error && thrown.message.startsWith('security.') ? thrown.message : 'security.passkeyFailed'
      setError(t(key as 'security.passkeyFailed'))
    }
    setBusy(false)
  }
  return (
    <div className="passkey-sign-in">
      <Button type="button" variant="secondary" size="lg" onClick={go} disabled={busy}>
        {t(purpose === 'signin' ? 'security.signInWithPasskey' : 'security.usePasskey')}
      </Button>
      {error ? (
        <p role="alert" className="form-error-summary">
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** Adds a passkey to the signed-in account; shows the first recovery codes when it is the first factor. */
export function PasskeyEnrol({ onDone }: { onDone: (recoveryCodes: string[] | null) => void }) {
  const { t } = useTranslation()
  const supported = useWebAuthn()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [name, setName] = useState('')
  if (!supported) return <p className="muted">{t('security.passkeyNeedsJs')}</p>
  async function go() {
    setBusy(true)
    setError(null)
    try {
      const options = await post('/account/passkeys', { intent: 'options' })
      if (!options.ok) throw new Error(String(options.body.error ?? 'security.passkeyFailed'))
      const response = await startRegistration({ optionsJSON: options.body.options as Parameters<typeof startRegistration>[0]['optionsJSON'] })
      const result = await post('/account/passkeys', { intent: 'register', name, response: JSON.stringify(response) })
      if (!result.ok) throw new Error(String(result.body.error ?? 'security.passkeyFailed'))
      setName('')
      onDone((result.body.recoveryCodes as string[] | null) ?? null)
    } catch (thrown) {
      // The browser refuses a second passkey for this account on the same authenticator.
      const exists = thrown instanceof Error && (thrown.name === 'InvalidStateError' || ('code' in thrown && thrown.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED'))
      const key = exists ? 'security.passkeyExists' : thrown instanceof Error && thrown.message.startsWith('security.') ? thrown.message : 'security.passkeyFailed'
      setError(t(key as 'security.passkeyFailed'))
    }
    setBusy(false)
  }
  return (
    <div className="passkey-enrol">
      <div className="field">
        <label htmlFor="passkey-name">{t('security.passkeyName')}</label>
        <input id="passkey-name" value={name} maxLength={60} onChange={(event) => setName(event.target.value)} placeholder={t('security.passkeyNamePlaceholder')} />
      </div>
      <Button type="button" onClick={go} disabled={busy}>
        {t('security.addPasskey')}
      </Button>
      {error ? (
        <p role="alert" className="form-error-summary">
          {error}
        </p>
      ) : null}
    </div>
  )
}
