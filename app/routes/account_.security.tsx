/**
 * Security of the signed-in account: two-step sign-in (a code generator, passkeys, recovery codes)
 * and the devices signed in. Everything but adding a passkey works without JavaScript. Removing a
 * factor or making new recovery codes asks for a fresh proof (re-authentication).
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { PasskeyEnrol } from '~/components/passkey'
import { Button } from '~/components/ui/button'
import { Field } from '~/components/ui/field'
import { getFixedT } from '~/i18n/i18n.server'
import { audit, beginTotpEnrolment, confirmTotpEnrolment, factorsOf, hasAnyFactor, pendingTotpEnrolment, regenerateRecoveryCodes, removePasskey, removeTotp } from '~/models/factors.server'
import { totpFactors } from '~db/schema'
import { and, eq, isNull } from 'drizzle-orm'
import { personalPage } from '~/utils/cache'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { invalid, readForm } from '~/utils/forms.server'
import { requireUser } from '~/utils/permissions.server'
import { endOtherSessions, endSessionById, markVerified, sessionsOf } from '~/utils/session.server'
import { describeBrowser, requireRecentVerification } from '~/utils/sign-in.server'
import { redirectWithToast } from '~/utils/toast.server'
import { detectLanguage } from '~/i18n/i18n.server'
import { pageTitle } from '~/utils/meta'

const ISSUER = 'Sunlight 阳光公益'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const [t, language, factors, devices, enrolling] = await Promise.all([
    getFixedT(request),
    detectLanguage(request),
    factorsOf(db(), user.id),
    sessionsOf(db(), user.id),
    pendingTotpEnrolment(db(), user, ISSUER),
  ])
  const when = dateFormatter(language, { withTime: true })
  return data(
    {
      title: `${t('security.title')} — ${t('app.name')}`,
      adminMustEnrol: user.adminStep === 'enrol',
      totp: factors.totp,
      enrolling: enrolling ? { secret: enrolling.secret, qr: enrolling.qr } : null,
      passkeys: factors.passkeys.map((p) => ({ id: p.id, name: p.name, createdAt: when(p.createdAt), lastUsedAt: p.lastUsedAt ? when(p.lastUsedAt) : null, synced: p.backedUp })),
      recoveryLeft: factors.recoveryLeft,
      anyFactor: hasAnyFactor(factors),
      devices: devices.map((d) => ({
        id: d.id,
        browser: describeBrowser(d.userAgent),
        network: d.network,
        signedInAt: when(d.createdAt),
        lastSeenAt: when(d.lastSeenAt),
        current: d.id === user.sessionId,
      })),
    },
    personalPage,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

const IntentSchema = z.object({ intent: z.string().max(40), code: z.string().trim().max(40).optional(), id: z.string().max(400).optional() })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const parsed = parseIntent(await readForm(request))
  if (!parsed) throw new Response('Unknown intent', { status: 400 })
  const { intent, code, id } = parsed
  switch (intent) {
    case 'totp-start': {
      const started = await beginTotpEnrolment(db(), user, ISSUER)
      if (!started.ok) return redirectWithToast('/account/security', { type: 'info', key: 'security.totpAlready' })
      return redirect('/account/security#totp')
    }
    case 'totp-cancel':
      await db()
        .delete(totpFactors)
        .where(and(eq(totpFactors.userId, user.id), isNull(totpFactors.confirmedAt)))
      return redirect('/account/security')
    case 'totp-confirm': {
      if (!code) return invalid({ code: ['validation.required'] })
      const confirmed = await confirmTotpEnrolment(db(), user, code)
      if (!confirmed.ok) return invalid({ code: [confirmed.reason === 'wrongCode' ? 'security.wrongCode' : 'security.sessionExpired'] })
      // The code just entered proves the factor on this device.
      await markVerified(db(), user.sessionId, { secondFactor: true })
      return data({ done: 'totpAdded' as const, recoveryCodes: confirmed.recoveryCodes, errors: {} as Record<string, string[]>, params: {} })
    }
    case 'totp-remove':
      requireRecentVerification(request, user)
      await removeTotp(db(), user)
      return redirectWithToast('/account/security', { key: 'security.totpRemoved' })
    case 'recovery-regenerate': {
      requireRecentVerification(request, user)
      const codes = await regenerateRecoveryCodes(db(), user)
      if (!codes) return redirect('/account/security')
      return data({ done: 'recoveryRegenerated' as const, recoveryCodes: codes, errors: {} as Record<string, string[]>, params: {} })
    }
    case 'passkey-remove':
      requireRecentVerification(request, user)
      if (!id || !(await removePasskey(db(), user, id))) return redirectWithToast('/account/security', { type: 'info', key: 'security.passkeyAlreadyGone' })
      return redirectWithToast('/account/security', { key: 'security.passkeyRemoved' })
    case 'session-end':
      // Already signed out (or not one of this person's devices, which is told the same way).
      if (!id || id === user.sessionId || !(await endSessionById(db(), { userId: user.id, sessionId: id }))) {
        return redirectWithToast('/account/security', { type: 'info', key: 'security.deviceAlreadyGone' })
      }
      await audit(db(), user.id, 'session.signed_out', { session: id })
      return redirectWithToast('/account/security', { key: 'security.deviceSignedOut' })
    case 'sessions-end-others': {
      const count = await endOtherSessions(db(), { userId: user.id, keep: user.sessionId })
      await audit(db(), user.id, 'session.signed_out_others', { count })
      return redirectWithToast('/account/security', { key: 'security.othersSignedOut', values: { count } })
    }
    default:
      throw new Response('Unknown intent', { status: 400 })
  }
}

function parseIntent(form: FormData) {
  const result = IntentSchema.safeParse(Object.fromEntries(form))
  return result.success ? result.data : null
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = useTranslation()
  return (
    <div className="notice notice-success recovery-codes" role="status">
      <h3>{t('security.recoveryCodesTitle')}</h3>
      <p>{t('security.recoveryCodesLead')}</p>
      <ol className="recovery-code-list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
    </div>
  )
}

export default function Security() {
  const { adminMustEnrol, totp, enrolling, passkeys, recoveryLeft, anyFactor, devices } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const revalidator = useRevalidator()
  const [passkeyCodes, setPasskeyCodes] = useState<string[] | null>(null)
  const errors = actionData && 'errors' in actionData ? actionData.errors : {}
  const shownCodes = (actionData && 'recoveryCodes' in actionData ? actionData.recoveryCodes : null) ?? passkeyCodes
  return (
    <section className="container narrow section security" aria-labelledby="security-title">
      <h1 id="security-title">{t('security.title')}</h1>
      {adminMustEnrol ? (
        <p className="notice notice-warning" role="alert">
          {t('security.adminMustEnrol')}
        </p>
      ) : null}
      {shownCodes ? <RecoveryCodes codes={shownCodes} /> : null}
      {actionData && 'done' in actionData && actionData.done === 'totpAdded' && devices.length > 1 ? (
        <Form method="post" className="notice">
          <p>{t('security.othersAfterEnrol', { count: devices.length - 1 })}</p>
          <Button type="submit" name="intent" value="sessions-end-others" variant="secondary" size="sm" disabled={busy}>
            {t('security.signOutOthers')}
          </Button>
        </Form>
      ) : null}
      {anyFactor && recoveryLeft === 0 && !shownCodes ? (
        <p className="notice notice-warning">{t('security.noRecoveryCodes')}</p>
      ) : null}

      <h2>{t('security.twoStepTitle')}</h2>
      <p>{t(anyFactor ? 'security.twoStepOn' : 'security.twoStepOff')}</p>

      <h3 id="totp">{t('security.totpTitle')}</h3>
      {totp ? (
        <Form method="post" className="inline-form">
          <p>{t('security.totpOn')}</p>
          <Button type="submit" name="intent" value="totp-remove" variant="danger" size="sm" disabled={busy}>
            {t('security.totpRemove')}
          </Button>
        </Form>
      ) : enrolling ? (
        <div className="totp-enrol">
          <p>{t('security.totpScan')}</p>
          <div className="totp-qr" role="img" aria-label={t('security.totpQrLabel')} dangerouslySetInnerHTML={{ __html: enrolling.qr }} />
          <p>
            {t('security.totpSecret')} <code className="secret">{enrolling.secret.match(/.{1,4}/g)?.join(' ')}</code>
          </p>
          <Form method="post" noValidate>
            <Field label={t('security.code')} hint={t('security.enrolCodeHint')} name="code" inputMode="numeric" autoComplete="one-time-code" errors={translateErrors(t, errors.code)} />
            <div className="actions">
              <Button type="submit" name="intent" value="totp-confirm" disabled={busy}>
                {t('security.totpConfirm')}
              </Button>
              <Button type="submit" name="intent" value="totp-cancel" variant="ghost" disabled={busy}>
                {t('security.cancel')}
              </Button>
            </div>
          </Form>
        </div>
      ) : (
        <Form method="post">
          <p>{t('security.totpLead')}</p>
          <Button type="submit" name="intent" value="totp-start" disabled={busy}>
            {t('security.totpStart')}
          </Button>
        </Form>
      )}

      <h3>{t('security.passkeysTitle')}</h3>
      <p>{t('security.passkeysLead')}</p>
      {passkeys.length ? (
        <ul className="plain-list">
          {passkeys.map((p) => (
            <li key={p.id} className="device-row">
              <span>
                <strong>{p.name}</strong> · {t('security.addedOn', { date: p.createdAt })}
                {p.lastUsedAt ? ` · ${t('security.lastUsed', { date: p.lastUsedAt })}` : ''}
                {p.synced ? ` · ${t('security.synced')}` : ''}
              </span>
              <Form method="post">
                <input type="hidden" name="id" value={p.id} />
                <Button type="submit" name="intent" value="passkey-remove" variant="secondary" size="sm" aria-label={`${t('security.remove')} ${p.name}`} disabled={busy}>
                  {t('security.remove')}
                </Button>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      <PasskeyEnrol
        onDone={(codes) => {
          setPasskeyCodes(codes)
          revalidator.revalidate()
        }}
      />

      {anyFactor ? (
        <>
          <h3>{t('security.recoveryTitle')}</h3>
          <Form method="post">
            <p>{t('security.recoveryLeft', { count: recoveryLeft })}</p>
            <Button type="submit" name="intent" value="recovery-regenerate" variant="secondary" size="sm" disabled={busy}>
              {t('security.recoveryRegenerate')}
            </Button>
          </Form>
        </>
      ) : null}

      <h2>{t('security.devicesTitle')}</h2>
      <ul className="plain-list">
        {devices.map((d) => (
          <li key={d.id} className="device-row">
            <span>
              <strong>{d.browser ?? t('security.unknownBrowser')}</strong>
              {d.current ? ` · ${t('security.thisDevice')}` : ''}
              <br />
              <span className="muted">
                {t('security.deviceDetails', { network: d.network ?? t('security.unknownNetwork'), signedIn: d.signedInAt, seen: d.lastSeenAt })}
              </span>
            </span>
            {d.current ? null : (
              <Form method="post">
                <input type="hidden" name="id" value={d.id} />
                <Button type="submit" name="intent" value="session-end" variant="secondary" size="sm" aria-label={`${t('security.signOutDevice')}: ${d.browser ?? t('security.unknownBrowser')} (${d.lastSeenAt})`} disabled={busy}>
                  {t('security.signOutDevice')}
                </Button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      {devices.length > 1 ? (
        <Form method="post">
          <Button type="submit" name="intent" value="sessions-end-others" variant="secondary" disabled={busy}>
            {t('security.signOutOthers')}
          </Button>
        </Form>
      ) : null}
      <p className="muted">{t('security.networkNote')}</p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
