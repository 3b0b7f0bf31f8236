import type { MetaFunction } from '@remix-run/node'
import { GeneralErrorBoundary } from '~/components/error-boundary'

/** Every unknown path: a real 404 page, in the reader's language. */
export function loader() {
  throw new Response('Not found', { status: 404 })
}

export function action() {
  throw new Response('Not found', { status: 404 })
}

export const meta: MetaFunction = () => [{ title: '404 — Sunlight 阳光公益' }]

export default function NotFound() {
  return <GeneralErrorBoundary />
}

export const ErrorBoundary = GeneralErrorBoundary
