// The per-request dispatcher: validate, route (node/routed.ts), static file or app, write. Written without async/await so
// a HIT costs no promise of its own: an app that answers synchronously (Served, not a Promise)
// is written in the same tick, and an async answer costs one `then`.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from '@fresco/cache'
import { isBodyTooLargeError } from '../errors.js'
import type { FrescoApp, Served } from '../runtime/server/contract.js'
import { insideBasePath } from './base-path.js'
import { declaredTooLarge } from './body.js'
import type { Health } from './health.js'
import type { ImageEndpoint } from './image/image-endpoint.js'
import type { IncomingOptions } from './incoming.js'
import type { Inspector } from './inspector/endpoint.js'
import { badRequestLine } from './request-line.js'
import { applyOnWriteHead, type HeaderRules } from './response-headers.js'
import { createServeTarget } from './routed.js'
import type { StaticFiles } from './static-files.js'
import { closeIfMuchLeft, discardRest } from './unread-body.js'
import { isBadTarget, parseRequestTarget } from './url.js'
import { writePrepared, writeText, writeWeb } from './write-response.js'

export interface HandlerOptions {
  app: FrescoApp
  statics: StaticFiles
  bodySizeLimit: number
  logger: Logger
  /** Compress streamed responses on the fly (cached ones are always pre-compressed). */
  compress: boolean
  /** Believe X-Forwarded-Proto / -Host (config `trustProxy`). */
  trustProxy: boolean
  /** next.config's headers() (config `headers`), compiled; undefined when there are none. */
  headerRules?: HeaderRules
  /** next.config's basePath: '' or '/docs' (node/base-path.ts), and its trailingSlash. */
  basePath: string
  trailingSlash?: boolean
  /** The image optimisation endpoint (`images.path`, under basePath), when the app has one. */
  images?: { path: string; endpoint: ImageEndpoint }
  /** The cache inspector (config `inspector`) at its path; without it that path is the app's (a 404). */
  inspector?: { path: string; endpoint: Inspector }
  /** /_fresco/health and /_fresco/ready (node/health.ts). */
  health?: Health
  inflight: {
    enter(req: IncomingMessage, res: ServerResponse): void
    leave(req: IncomingMessage, res: ServerResponse): void
  }
}

const isAbort = (error: unknown) => (error as { name?: unknown } | null)?.name === 'AbortError'

export function createRequestHandler(options: HandlerOptions) {
  const { app, statics, bodySizeLimit: limit, logger, inflight, compress } = options
  const incoming: IncomingOptions = { bodyLimit: limit, trustProxy: options.trustProxy }

  // Every answer decides first whether an unread body lets the connection stay open.
  const answer = (req: IncomingMessage, res: ServerResponse, status: number, message: string) => {
    closeIfMuchLeft(req, res)
    writeText(res, status, message)
  }

  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    if (isBodyTooLargeError(error)) return answer(req, res, 413, `Request body larger than ${limit} bytes`)
    // The client left and its request was dropped (IncomingInfo.signal): nobody to answer, nothing failed.
    if (res.destroyed && isAbort(error)) return
    logger.error(`${req.method} ${req.url} failed`, error)
    answer(req, res, 500, 'Internal Server Error')
  }

  const deliver = (req: IncomingMessage, res: ServerResponse, served: Served): void | Promise<void> => {
    closeIfMuchLeft(req, res)
    if (served.type === 'prepared') writePrepared(req, res, served.prepared, served.cacheStatus)
    else return writeWeb(req, res, served.response, compress)
  }

  const dispatch = (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    const target = parseRequestTarget(req.url ?? '/')
    if (isBadTarget(target)) return answer(req, res, target.status, target.message)
    const bad = badRequestLine(req)
    if (bad !== undefined) return answer(req, res, 400, bad)
    // Before the app's own headers() rules: the inspector sets its own (node/inspector/).
    if (options.inspector && target.pathname === options.inspector.path)
      return options.inspector.endpoint.serve(req, res, target.search)
    // Liveness and readiness: before headers() and routing, so nothing makes them cacheable.
    const health = options.health?.serve(req, res, target.pathname)
    if (health === true) return
    if (health) return health
    // next.config headers(): applied last, over what the answer sets (node/response-headers.ts).
    // Their sources are under basePath, as Next prefixes them: matched against the path inside it.
    const inner = options.headerRules && insideBasePath(target, options.basePath)
    const extra = inner && options.headerRules?.(inner.pathname)
    if (extra) applyOnWriteHead(res, extra)
    // next/image's optimiser: its own path, beside static files and the app (node/image/).
    if (options.images && target.pathname === options.images.path)
      return options.images.endpoint.serve(req, res, target.search)
    if (req.method !== 'GET' && req.method !== 'HEAD' && declaredTooLarge(req, limit))
      return answer(req, res, 413, `Request body larger than ${limit} bytes`) // before the app reads a byte
    // redirects, middleware and rewrites, static files, then the app (node/routed.ts).
    return serveTarget(req, res, target)
  }

  const serveTarget = createServeTarget({
    app,
    incoming,
    answer,
    deliver,
    basePath: options.basePath,
    trailingSlash: options.trailingSlash,
    file: (req, res, pathname) => {
      const file = statics.lookup(pathname)
      return file === undefined ? undefined : statics.serve(req, res, file)
    },
  })

  const done = (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method
    if (method !== 'GET' && method !== 'HEAD') discardRest(req, res)
    inflight.leave(req, res)
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    inflight.enter(req, res)
    let pending: void | Promise<void>
    try {
      pending = dispatch(req, res)
    } catch (error) {
      fail(req, res, error)
      done(req, res)
      return
    }
    if (pending === undefined) done(req, res)
    else
      pending.then(
        () => done(req, res),
        (error: unknown) => {
          fail(req, res, error)
          done(req, res)
        },
      )
  }
}
