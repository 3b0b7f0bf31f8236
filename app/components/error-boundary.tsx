import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

const MESSAGES = {
  400: 'badRequest',
  403: 'forbidden',
  404: 'notFound',
  405: 'methodNotAllowed',
  413: 'tooLarge',
  415: 'notAForm',
  429: 'tooMany',
  500: 'serverError',
  503: 'unavailable',
} as const

function messageFor(status: number) {
  if (status in MESSAGES) return MESSAGES[status as keyof typeof MESSAGES]
  return status >= 500 ? MESSAGES[500] : MESSAGES[400]
}

/**
 * The one error page: a per-status title and advice in the reader's language. Details of
 * unexpected errors are logged on the server, never shown.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const message = messageFor(status)
  return (
    <section className="container error-page" aria-labelledby="error-title">
      <p className="eyebrow">{t('errors.statusLabel', { status })}</p>
      <h1 id="error-title">{t(`errors.${message}.title`)}</h1>
      <p className="lead">{t(`errors.${message}.body`)}</p>
      <p>
        <Link to="/" className="btn btn-primary btn-md">
          {t('errors.backHome')}
        </Link>
      </p>
    </section>
  )
}
