// Liveness and readiness on the reserved /_fresco/ prefix, as container platforms probe them:
// - GET /_fresco/health (liveness): 200 while this process answers requests. It checks nothing
//   else, so a Redis outage never makes an orchestrator restart healthy servers.
// - GET /_fresco/ready (readiness): 200 when the cache backend works (the fs cache directory is
//   writable, Redis answers), 503 when it does not, so a load balancer can send traffic elsewhere.
// Both are answered before redirects, middleware, headers() and the app: never cached (no-store),
// never rewritten, and no request input reaches them (query and body are ignored, any other
// method is a 405). The fs check writes one small file; its result is shared by the requests of
// the next second, so a flood of probes costs one write per second.
import { randomBytes } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import type { CacheHandler } from '@fresco/cache'
import type { CacheHandlerOption } from '../config/types.js'

export const HEALTH_PATH = '/_fresco/health'
export const READY_PATH = '/_fresco/ready'

/** How long one readiness verdict answers later probes. */
const CHECK_TTL_MS = 1000

export interface CacheState {
  /** 'fs', 'memory', 'redis' or 'custom' (a handler object from fresco.config). */
  handler: string
  /** 'writable' / 'not-writable' (fs), 'up' / 'down' (redis), 'in-memory', 'not-checked' (custom). */
  state: string
  ready: boolean
}

export interface HealthOptions {
  cacheHandler: CacheHandlerOption
  /** The fs handler's directory (config cacheDir). */
  cacheDir: string
  /** The app's handler (FrescoApp.cacheHandler): Redis's state as the handler sees it. */
  handler?: CacheHandler
  /** Milliseconds now (injected in tests). */
  now?: () => number
}

export interface Health {
  /** false when `pathname` is not one of the two endpoints; else true once answered, or the answer's promise. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): boolean | Promise<void>
}

export function createHealth(options: HealthOptions): Health {
  const check = cacheCheck(options)
  let last: { at: number; state: Promise<CacheState> } | undefined
  const clock = options.now ?? Date.now
  const cacheState = (): Promise<CacheState> => {
    const now = clock()
    if (!last || now - last.at >= CHECK_TTL_MS) last = { at: now, state: check() }
    return last.state
  }
  return {
    serve(req, res, pathname) {
      if (pathname !== HEALTH_PATH && pathname !== READY_PATH) return false
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(req, res, 405, { status: 'method-not-allowed' }, { allow: 'GET, HEAD' })
        return true
      }
      if (pathname === HEALTH_PATH) {
        send(req, res, 200, { status: 'ok' })
        return true
      }
      return cacheState().then(
        ({ ready, ...cache }) =>
          send(req, res, ready ? 200 : 503, { status: ready ? 'ready' : 'not-ready', cache }),
        // A check never rejects (each one catches its own errors); this keeps a bug from hanging a probe.
        () => send(req, res, 503, { status: 'not-ready', cache: { handler: 'unknown', state: 'error' } }),
      )
    },
  }
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: object,
  extra: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return
  const text = `${JSON.stringify(body)}\n`
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    'x-robots-tag': 'noindex',
    'x-content-type-options': 'nosniff',
    ...extra,
  })
  res.end(req.method === 'HEAD' ? undefined : text)
}

function cacheCheck(options: HealthOptions): () => Promise<CacheState> {
  const option = options.cacheHandler
  if (option === 'memory') return async () => ({ handler: 'memory', state: 'in-memory', ready: true })
  if (option === 'redis' || typeof option === 'object') {
    const handler = option === 'redis' ? 'redis' : 'custom'
    return async () => {
      // The Redis handler's own view: down from the first failed command or lost connection,
      // up again from the first success (redis-health.ts), the same as fresco_redis_up.
      const up = options.handler?.stats?.().redisUp
      if (up === undefined) return { handler, state: 'not-checked', ready: true }
      return { handler, state: up ? 'up' : 'down', ready: up }
    }
  }
  return () => fsWritable(options.cacheDir)
}

/** Writes and removes one small file in the cache directory: catches a full disk, a read-only mount, lost permissions. */
async function fsWritable(dir: string): Promise<CacheState> {
  const probe = path.join(dir, `.ready-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    await mkdir(dir, { recursive: true })
    await writeFile(probe, 'ok')
    await rm(probe, { force: true })
    return { handler: 'fs', state: 'writable', ready: true }
  } catch {
    await rm(probe, { force: true }).catch(() => {})
    return { handler: 'fs', state: 'not-writable', ready: false }
  }
}
