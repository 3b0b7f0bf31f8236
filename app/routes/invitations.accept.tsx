import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Button } from '~/components/ui/button'
import { getFixedT } from '~/i18n/i18n.server'
import { acceptInvitation, findInvitation } from '~/models/organizations.server'
import { personalPage } from '~/utils/cache'
import { db } from '~/utils/db.server'
import { getOptionalUser, requireUser } from '~/utils/permissions.server'
import { redirectWithToast } from '~/utils/toast.server'
import { data } from '@remix-run/node'
import { invariantResponse } from '~/utils/http.server'
import { pageTitle } from '~/utils/meta'

function tokenOf(request: Request) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  return token.length > 20 && token.length < 100 ? token : null
}

/** Shows the invitation; the token stays in the link (not a session), and accepting needs the invited account. */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = tokenOf(request)
  const [invitation, user, t] = await Promise.all([token ? findInvitation(db(), token) : null, getOptionalUser(request), getFixedT(request)])
  const state = !invitation ? 'invalid' : !user ? 'logIn' : user.email.toLowerCase() !== invitation.email.toLowerCase() ? 'wrongAccount' : !user.emailVerifiedAt ? 'unverified' : 'ready'
  const back = `/invitations/accept?token=${encodeURIComponent(token ?? '')}`
  return data(
    {
      title: `${invitation ? t('invitation.title', { organization: invitation.name }) : t('invitation.invalid')} — ${t('app.name')}`,
      state,
      organization: invitation?.name ?? '',
      email: invitation?.email ?? '',
      loginHref: `/login?redirectTo=${encodeURIComponent(back)}`,
      signupHref: `/signup`,
    },
    { ...personalPage, headers: { ...personalPage.headers, 'Referrer-Policy': 'no-referrer' } },
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: pageTitle(data, error) }, { name: 'robots', content: 'noindex' }]

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const token = tokenOf(request)
  invariantResponse(token, 404, 'Not found')
  const invitation = await findInvitation(db(), token)
  const result = await acceptInvitation(db(), token, user)
  if (!result.ok) return redirectWithToast(`/invitations/accept?token=${encodeURIComponent(token)}`, { type: 'error', key: result.reason === 'wrongAccount' ? 'invitation.wrongAccount' : result.reason === 'unverified' ? 'invitation.unverified' : 'invitation.invalid', values: { email: invitation?.email ?? '' } })
  return redirectWithToast(`/organizations/${result.slug}`, { type: 'success', key: 'invitation.joined', values: { organization: invitation?.name ?? '' } })
}

export default function AcceptInvitation() {
  const { state, organization, email, loginHref, signupHref } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <section className="container narrow section" aria-labelledby="invite-title">
      <h1 id="invite-title">{state === 'invalid' ? t('invitation.invalid') : t('invitation.title', { organization })}</h1>
      {state === 'invalid' ? null : <p className="lead">{t('invitation.body', { organization })}</p>}
      {state === 'logIn' ? (
        <>
          <p>{t('invitation.logInFirst', { email })}</p>
          <p className="button-row">
            <Link className="btn btn-primary" to={loginHref}>
              {t('auth.submitLogIn')}
            </Link>
            <Link className="btn btn-secondary" to={signupHref}>
              {t('auth.submitSignUp')}
            </Link>
          </p>
        </>
      ) : null}
      {state === 'wrongAccount' ? <p className="notice notice-warning">{t('invitation.wrongAccount', { email })}</p> : null}
      {state === 'unverified' ? <p className="notice notice-warning">{t('invitation.unverified')}</p> : null}
      {state === 'ready' ? (
        <Form method="post">
          <Button type="submit" size="lg">
            {t('invitation.accept')}
          </Button>
        </Form>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
