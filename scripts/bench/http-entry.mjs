// `npm run bench:http-entry`: what an HTTP entry costs a tiny JSON endpoint (the webhook's duplicate
// path), measured in one process with autocannon: Node's bare http server, an Express route reading
// the body by hand, and an Express route with express.raw (Stripe's documented pattern, what
// server/index.ts uses). The server and the load share one core here, so read the ratios, not the rates.
import { createServer } from 'node:http'
import express from 'express'
import autocannon from 'autocannon'
const handle = (raw, res) => { const text = JSON.stringify({ received: true, duplicate: true, n: raw.length }); res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text) }
const variants = {
  node: () => createServer((req, res) => { const chunks = []; req.on('data', (c) => chunks.push(c)); req.on('end', () => handle(Buffer.concat(chunks).toString(), res)) }),
  expressManual: () => { const app = express(); app.post('/w', (req, res) => { const chunks = []; req.on('data', (c) => chunks.push(c)); req.on('end', () => handle(Buffer.concat(chunks).toString(), res)) }); return createServer(app) },
  expressRaw: () => { const app = express(); app.post('/w', express.raw({ type: () => true, limit: 524288 }), (req, res) => handle(req.body.toString(), res)); return createServer(app) },
}
const body = JSON.stringify({ id: 'evt_x', type: 'x', data: { object: { id: 'y'.repeat(800) } } })
for (const [name, make] of Object.entries(variants)) {
  const server = make(); await new Promise((r) => server.listen(4390, '127.0.0.1', r))
  const r = await autocannon({ url: 'http://127.0.0.1:4390/w', connections: 50, duration: 4, method: 'POST', body, headers: { 'content-type': 'application/json' } })
  console.log(name, Math.round(r.requests.average), 'req/s p99', r.latency.p99)
  await new Promise((r) => server.close(r)); server.closeAllConnections?.()
}
