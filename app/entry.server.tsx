import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { StripNul } from '~/utils/strip-nul.server'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { detectLanguage, i18nForLanguage } from '~/i18n/i18n.server'
import { contentSecurityPolicy, inlineScriptHashes } from '~/utils/csp.server'
import { frameAncestorsOf } from '~/utils/embed'
import { logger } from '~/utils/logger.server'
import { NonceProvider } from '~/utils/nonce'

// What server/index.ts and server/worker.ts need from the app travels through this module, so the
// database and everything else live in exactly one bundle (they type-check against these exports).
export { health, metricsText, observeRequest, ready, shutdown, startup, StartupError } from '~/runtime/app.server'
export { handleWebhookBody, MAX_WEBHOOK_BODY } from '~/payments/webhook-http.server'
export { gateMiddleware } from '~/utils/request-gate.server'
export { contentSecurityPolicy } from '~/utils/csp.server'
export { acceptableRequestId, newRequestId, withRequestId } from '~/utils/request-context.server'
export { maskEmails } from '~/utils/logger.server'
export { networkOf } from '~/utils/session.server'

export const streamTimeout = 5_000

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // A page a shared cache may keep (its route said `public`) is the same for every reader: it is
  // rendered whole, without a nonce, and its CSP names its inline scripts by hash (ADR 0009).
  const shared = /(^|[\s,])public([\s,]|$)/.test(responseHeaders.get('Cache-Control') ?? '')
  const nonce = !shared && typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : ''
  const language = await detectLanguage(request)
  const i18n = i18nForLanguage(language)
  // Only a route that says so may be framed by other sites (the donate widget, ADR 0020).
  const frameAncestors = frameAncestorsOf(remixContext.staticHandlerContext.matches.map((match) => remixContext.routeModules[match.route.id]?.handle))
  if (frameAncestors && nonce) responseHeaders.set('Content-Security-Policy', contentSecurityPolicy({ nonce }, { frameAncestors }))
  // Crawlers, no-JS readers and shared pages get the whole document at once; browsers get the shell early.
  const readyEvent = shared || isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode ? 'onAllReady' : 'onShellReady'

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce || undefined} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce: nonce || undefined,
        [readyEvent]() {
          shellRendered = true
          // Stray NUL bytes from React 18.3's writer removed on the way (utils/strip-nul.server.ts).
          const body = new StripNul()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          // A page is kept by no cache unless its route says it may be (public pages do, with s-maxage):
          // personal pages must never be stored, and a route that forgets to say so stays private.
          if (!responseHeaders.has('Cache-Control')) responseHeaders.set('Cache-Control', 'private, no-store')
          responseHeaders.set('Content-Language', language)
          responseHeaders.append('Vary', 'Accept-Language, Cookie')
          if (shared) {
            const chunks: Buffer[] = []
            body.on('data', (chunk: Buffer) => chunks.push(chunk))
            body.on('error', reject)
            body.on('end', () => {
              const html = Buffer.concat(chunks).toString('utf8')
              responseHeaders.set('Content-Security-Policy', contentSecurityPolicy({ hashes: inlineScriptHashes(html) }, { frameAncestors: frameAncestors ?? undefined }))
              resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }))
            })
          } else {
            resolve(
              new Response(createReadableStreamFromReadable(body), {
                headers: responseHeaders,
                status: responseStatusCode,
              }),
            )
          }
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          // Errors after the shell are logged here; before it, handleError below logs them.
          if (shellRendered) logger.error({ err: error, url: request.url }, 'render error')
        },
      },
    )
    setTimeout(abort, streamTimeout + 1_000)
  })
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  // Aborted requests (the reader went away) are not errors of ours.
  if (request.signal.aborted) return
  logger.error({ err: error, method: request.method, url: request.url }, 'unhandled error')
}
