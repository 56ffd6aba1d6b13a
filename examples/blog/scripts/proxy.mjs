#!/usr/bin/env node
// A small round-robin HTTP load balancer (node:http only) for trying several Fresco instances
// locally. Each request goes to the next instance; an instance that refuses the connection is
// skipped for a second and the request goes to the next one, so stopping an instance causes no
// errors. `x-upstream` on every response names the instance that answered.
//
//   node scripts/proxy.mjs --port 3000 --targets http://127.0.0.1:3001,http://127.0.0.1:3002
//   or: import { startProxy } from './proxy.mjs'
import { createServer, request as httpRequest } from 'node:http'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const MAX_BODY = 10 * 1024 * 1024
const DOWN_MS = 1000
// Hop-by-hop headers (RFC 9110 §7.6.1) are not forwarded.
const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
])

/**
 * @param {{ port: number, host?: string, targets: string[], log?: (line: string) => void }} options
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startProxy({ port, host = '127.0.0.1', targets, log = () => {} }) {
  if (targets.length === 0) throw new Error('[proxy] no targets: pass --targets http://host:port,…')
  const upstreams = targets.map((t) => ({ url: new URL(t), downUntil: 0 }))
  const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 256 })
  let next = 0

  /** The next instance not marked down (or, if all are, the next one anyway). */
  function pick(exclude) {
    const now = Date.now()
    for (let i = 0; i < upstreams.length; i++) {
      const u = upstreams[next++ % upstreams.length]
      if (!exclude.has(u) && u.downUntil <= now) return u
    }
    return upstreams.find((u) => !exclude.has(u))
  }

  function forward(req, res, body, tried) {
    const upstream = pick(tried)
    if (!upstream) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('[proxy] no instance is reachable\n')
      return
    }
    tried.add(upstream)
    const headers = {}
    for (const [name, value] of Object.entries(req.headers)) if (!HOP.has(name)) headers[name] = value
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? ''
    headers['x-forwarded-host'] = req.headers.host ?? ''
    headers['content-length'] = String(body.length)
    const out = httpRequest(
      {
        host: upstream.url.hostname,
        port: upstream.url.port,
        method: req.method,
        path: req.url,
        headers,
        agent,
      },
      (answer) => {
        const h = {}
        for (const [name, value] of Object.entries(answer.headers)) if (!HOP.has(name)) h[name] = value
        h['x-upstream'] = upstream.url.host
        res.writeHead(answer.statusCode ?? 502, h)
        answer.pipe(res)
        answer.on('error', () => res.destroy())
      },
    )
    out.on('error', (error) => {
      // Refused or reset before any answer: the instance is gone; the request was not handled,
      // so it is safe to send it to the next one (the body is buffered).
      if (!res.headersSent && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(error.code)) {
        upstream.downUntil = Date.now() + DOWN_MS
        log(`[proxy] ${upstream.url.host} unreachable (${error.code}); trying the next instance`)
        return forward(req, res, body, tried)
      }
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
      res.end()
    })
    out.end(body)
  }

  const server = createServer((req, res) => {
    const chunks = []
    let size = 0
    req.on('data', (chunk) => {
      size += chunk.length
      if (size > MAX_BODY) {
        res.writeHead(413).end()
        req.destroy()
      } else chunks.push(chunk)
    })
    req.on('end', () => forward(req, res, Buffer.concat(chunks), new Set()))
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        agent.destroy()
        server.close(() => resolve())
        server.closeAllConnections?.()
      }),
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '3000' }, targets: { type: 'string', default: '' } },
  })
  const targets = values.targets.split(',').filter(Boolean)
  const proxy = await startProxy({ port: Number(values.port), targets, log: console.log })
  console.log(`[proxy] ${proxy.url} → ${targets.join(', ')}`)
  const stop = () => void proxy.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
