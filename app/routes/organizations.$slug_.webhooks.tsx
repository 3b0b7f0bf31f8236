import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { translateErrors } from '~/components/form-errors'
import { Button } from '~/components/ui/button'
import { Field } from '~/components/ui/field'
import { detectLanguage, getFixedT } from '~/i18n/i18n.server'
import { organizationBySlugOr404 } from '~/models/organizations.server'
import { dateFormatter } from '~/utils/dates.server'
import { db } from '~/utils/db.server'
import { echo, invalid, readForm } from '~/utils/forms.server'
import { pageTitle } from '~/utils/meta'
import { organizationIsPublic, requireOrgRole } from '~/utils/permissions.server'
import { requireRecentVerification } from '~/utils/sign-in.server'
import { redirectWithToast } from '~/utils/toast.server'
import type { FieldErrors } from '~/utils/validation'
import {
  MAX_ENDPOINTS,
  WEBHOOK_EVENTS,
  checkEndpointUrl,
  createEndpoint,
  deleteEndpoint,
  deliveriesOf,
  endpointsOf,
  sendTestEvent,
  setEndpointPaused,
  type WebhookEvent,
} from '~/webhooks/outgoing.server'

/** An organisation's outgoing webhooks (owners only: the secrets sign what the organisation's systems trust). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const org = await organizationBySlugOr404(db(), params.slug)
  await requireOrgRole(request, org.id, 'owner', { hidden: !organizationIsPublic(org.status) })
  const [endpoints, deliveries, t, language] = await Promise.all([endpointsOf(db(), org.id), deliveriesOf(db(), org.id), getFixedT(request), detectLanguage(request)])
  const date = dateFormatter(language, { withTime: true })
  return {
    title: `${t('webhooks.title', { name: org.name })} — ${t('app.name')}`,
    org: { slug: org.slug, name: org.name },
    endpoints: endpoints.map((e) => ({ id: e.id, url: e.url, events: e.events, secret: e.secret, paused: e.disabledAt !== null, created: date(e.createdAt) })),
    deliveries: deliveries.map((d) => ({
      id: String(d.id),
      url: d.url,
      eventId: d.eventId,
      eventType: d.eventType,
      status: d.status,
      attempts: d.attempts,
      next: d.status === 'pending' && d.attempts > 0 ? date(d.nextAttemptAt) : null,
      tries: d.tries.map((a) => ({ id: String(a.id), at: date(a.at), status: a.responseStatus, excerpt: a.responseExcerpt, ms: a.durationMs })),
    })),
    events: WEBHOOK_EVENTS,
    max: MAX_ENDPOINTS,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const org = await organizationBySlugOr404(db(), params.slug)
  const { user } = await requireOrgRole(request, org.id, 'owner', { hidden: !organizationIsPublic(org.status) })
  const formData = await readForm(request)
  const intent = formData.get('intent')
  const back = `/organizations/${org.slug}/webhooks`
  const endpointId = String(formData.get('endpointId') ?? '')
  if (intent === 'add') {
    // A new endpoint receives the organisation's money events: a fresh proof of identity, as for members.
    requireRecentVerification(request, user)
    const values = echo(formData, ['url'])
    const events = formData.getAll('events').map(String)
    const errors: FieldErrors = {}
    const checked = checkEndpointUrl(String(formData.get('url') ?? ''))
    if (!checked.ok) errors.url = [`webhooks.url.${checked.reason}`]
    if (events.length === 0 || !events.every((e) => (WEBHOOK_EVENTS as readonly string[]).includes(e))) errors.events = ['webhooks.eventsRequired']
    if ((await endpointsOf(db(), org.id)).length >= MAX_ENDPOINTS) errors.url = ['webhooks.tooMany']
    if (Object.keys(errors).length > 0 || !checked.ok) return invalid(errors, values, { params: { max: MAX_ENDPOINTS } })
    await createEndpoint(db(), { organizationId: org.id, userId: user.id, url: checked.url, events: events as WebhookEvent[] })
    return redirectWithToast(back, { type: 'success', key: 'webhooks.added' })
  }
  if (intent === 'test') {
    const ok = await sendTestEvent(db(), { organizationId: org.id, endpointId })
    return redirectWithToast(back, ok ? { type: 'success', key: 'webhooks.testQueued' } : { type: 'error', key: 'webhooks.notFound' })
  }
  if (intent === 'pause' || intent === 'resume') {
    const ok = await setEndpointPaused(db(), { organizationId: org.id, endpointId, paused: intent === 'pause' })
    return redirectWithToast(back, ok ? { type: 'success', key: intent === 'pause' ? 'webhooks.paused' : 'webhooks.resumed' } : { type: 'error', key: 'webhooks.notFound' })
  }
  if (intent === 'delete') {
    requireRecentVerification(request, user)
    const ok = await deleteEndpoint(db(), { organizationId: org.id, endpointId })
    return redirectWithToast(back, ok ? { type: 'success', key: 'webhooks.deleted' } : { type: 'error', key: 'webhooks.notFound' })
  }
  return invalid({ form: ['webhooks.unknownAction'] })
}

const VERIFY_EXAMPLE = `// Node, with Stripe's library (the scheme is Stripe's): any language's HMAC-SHA256 works too.
const event = require('stripe').webhooks.constructEvent(rawBody, req.headers['sunlight-signature'], process.env.SUNLIGHT_WEBHOOK_SECRET, 300)
// Or by hand: header "t=<unix>,v1=<hex>"; v1 = HMAC-SHA256(secret, t + "." + rawBody); refuse a t older than 5 minutes.
// The same event may arrive twice: keep the event ids you have handled (event.id).`

export default function Webhooks() {
  const { org, endpoints, deliveries, events, max } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const errors: FieldErrors = actionData?.errors ?? {}
  return (
    <section className="container section" aria-labelledby="webhooks-title">
      <p className="small">
        <Link to={`/organizations/${org.slug}/console`}>← {t('console.title', { name: org.name })}</Link>
      </p>
      <h1 id="webhooks-title">{t('webhooks.title', { name: org.name })}</h1>
      <p className="lead">{t('webhooks.lead')}</p>
      <details className="small">
        <summary>{t('webhooks.howToVerify')}</summary>
        <p>{t('webhooks.verifyText')}</p>
        <pre className="excerpt">{VERIFY_EXAMPLE}</pre>
      </details>

      <h2>{t('webhooks.endpoints')}</h2>
      {endpoints.length === 0 ? <p className="muted">{t('webhooks.none')}</p> : null}
      <ul className="stack-list" role="list">
        {endpoints.map((e) => (
          <li key={e.id} className="card webhook-endpoint">
            <p>
              <strong className="break-all">{e.url}</strong> {e.paused ? <span className="badge">{t('webhooks.pausedBadge')}</span> : null}
            </p>
            <p className="small muted">
              {e.events.map((name) => t(`webhooks.event.${name as WebhookEvent}`)).join(' · ')} · {t('webhooks.since', { date: e.created })}
            </p>
            <details>
              <summary>{t('webhooks.showSecret')}</summary>
              <code className="break-all">{e.secret}</code>
            </details>
            <div className="button-row">
              {(['test', e.paused ? 'resume' : 'pause', 'delete'] as const).map((intent) => (
                <Form method="post" key={intent}>
                  <input type="hidden" name="endpointId" value={e.id} />
                  <Button type="submit" name="intent" value={intent} variant={intent === 'delete' ? 'danger' : 'secondary'} size="sm" aria-label={`${t(`webhooks.${intent}`)} ${e.url}`}>
                    {t(`webhooks.${intent}`)}
                  </Button>
                </Form>
              ))}
            </div>
          </li>
        ))}
      </ul>

      {endpoints.length < max ? (
        <>
          <h2>{t('webhooks.add')}</h2>
          <Form method="post" noValidate>
            <Field label={t('webhooks.url.label')} name="url" type="url" inputMode="url" autoComplete="off" placeholder="https://" defaultValue={actionData?.values?.url} errors={translateErrors(t, errors.url, actionData?.params)} />
            <fieldset aria-describedby={errors.events ? 'events-error' : undefined}>
              <legend>{t('webhooks.eventsLabel')}</legend>
              {events.map((name) => (
                <label key={name} className="check">
                  <input type="checkbox" name="events" value={name} defaultChecked /> {t(`webhooks.event.${name}`)}
                </label>
              ))}
              {errors.events ? (
                <p id="events-error" className="field-error" role="alert">
                  {translateErrors(t, errors.events)?.join(' ')}
                </p>
              ) : null}
            </fieldset>
            <Button type="submit" name="intent" value="add">
              {t('webhooks.addSubmit')}
            </Button>
          </Form>
        </>
      ) : null}

      <h2>{t('webhooks.deliveries')}</h2>
      {deliveries.length === 0 ? <p className="muted">{t('webhooks.noDeliveries')}</p> : null}
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('webhooks.eventColumn')}</th>
              <th scope="col">{t('webhooks.statusColumn')}</th>
              <th scope="col">{t('webhooks.attemptsColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td>
                  {t(`webhooks.event.${d.eventType as WebhookEvent}`, { defaultValue: d.eventType })}
                  <br />
                  <code className="small">{d.eventId}</code>
                  <br />
                  <span className="small muted break-all">{d.url}</span>
                </td>
                <td>
                  {t(`webhooks.status.${d.status}`)}
                  {d.next ? <span className="small muted"> · {t('webhooks.nextTry', { date: d.next })}</span> : null}
                </td>
                <td>
                  {d.tries.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <details>
                      <summary>{t('webhooks.attempts', { count: d.attempts })}</summary>
                      <ol className="small">
                        {d.tries.map((a) => (
                          <li key={a.id}>
                            {a.at} · {a.status ?? t('webhooks.noAnswer')} · {a.ms} ms
                            {a.excerpt ? <pre className="excerpt">{a.excerpt}</pre> : null}
                          </li>
                        ))}
                      </ol>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
