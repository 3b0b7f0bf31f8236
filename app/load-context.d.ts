import '@remix-run/node'

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** The per-request nonce of the Content-Security-Policy (server/index.ts). */
    cspNonce?: string
    /** The client's IP address, for rate limits. */
    clientIp?: string
    /** Waits until the answer's buffer has room; false once the client is gone (server/index.ts). */
    room?: () => Promise<boolean>
  }
}
