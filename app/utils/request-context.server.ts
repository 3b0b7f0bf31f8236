/**
 * One request id from the edge through the action, the jobs it enqueued and the events it stored
 * (docs/operations.md): kept in AsyncLocalStorage while a request, a job or an event is handled,
 * and added to every log line by the logger.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'

const store = new AsyncLocalStorage<{ requestId: string }>()

/** The id of what is being handled now, if any. */
export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId
}

/** An id a trusted edge sent (X-Request-Id from Varnish or a load balancer), if it looks like one. */
export function acceptableRequestId(value: unknown) {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{8,80}$/.test(value) ? value : null
}

export function newRequestId() {
  return randomUUID()
}

/** Runs `fn` with `requestId` as the current id (a request, or a job or event carrying one). */
export function withRequestId<T>(requestId: string | null | undefined, fn: () => T): T {
  return requestId ? store.run({ requestId }, fn) : fn()
}
