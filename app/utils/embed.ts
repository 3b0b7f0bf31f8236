/**
 * Which pages other sites may frame (ADR 0020). Every response refuses framing
 * (`frame-ancestors 'none'` and `X-Frame-Options: DENY`) unless the route that answers exports
 * `handle = embeddableHandle`: then its CSP names who may frame it and X-Frame-Options is dropped
 * (server/index.ts). Such a route also gets the bare document (no site header, no scripts bundle).
 */
export interface EmbeddableHandle {
  embeddable: { frameAncestors: string[] }
}

/** Any site may frame the widget: it shows only public figures and its one link opens a new window. */
export const embeddableHandle: EmbeddableHandle = { embeddable: { frameAncestors: ['*'] } }

/** The frame ancestors the deepest embeddable route of a match asks for, or null: nobody may frame. */
export function frameAncestorsOf(handles: readonly unknown[]): string[] | null {
  for (const handle of [...handles].reverse()) {
    const embeddable = (handle as Partial<EmbeddableHandle> | undefined)?.embeddable
    if (embeddable && Array.isArray(embeddable.frameAncestors) && embeddable.frameAncestors.length) return embeddable.frameAncestors
  }
  return null
}
