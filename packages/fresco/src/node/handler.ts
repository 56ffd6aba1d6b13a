// The per-request dispatcher: validate, static file or app, write. Written without async/await so
// a HIT costs no promise of its own: an app that answers synchronously (Served, not a Promise)
// is written in the same tick, and an async answer costs one `then`.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from '@fresco/cache'
import { isBodyTooLargeError } from '../errors.js'
import type { FrescoApp, Served } from '../runtime/server/contract.js'
import { declaredTooLarge } from './body.js'
import type { ImageEndpoint } from './image/image-endpoint.js'
import { type IncomingOptions, NodeIncoming } from './incoming.js'
import { badRequestLine } from './request-line.js'
import { applyOnWriteHead, type HeaderRules } from './response-headers.js'
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
  /** The image optimisation endpoint (`images.path`), when the app has one. */
  images?: { path: string; endpoint: ImageEndpoint }
  inflight: {
    enter(req: IncomingMessage, res: ServerResponse): void
    leave(req: IncomingMessage, res: ServerResponse): void
  }
}

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as Promise<T> | undefined)?.then === 'function'

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
    const method = req.method
    const extra = options.headerRules?.(target.pathname)
    if (extra) applyOnWriteHead(res, extra)
    // next/image's optimiser: its own path, beside static files and the app (node/image/).
    if (options.images && target.pathname === options.images.path)
      return options.images.endpoint.serve(req, res, target.search)
    if (method === 'GET' || method === 'HEAD') {
      const file = statics.lookup(target.pathname)
      if (file !== undefined) return statics.serve(req, res, file)
    } else if (declaredTooLarge(req, limit)) {
      return answer(req, res, 413, `Request body larger than ${limit} bytes`) // before the app reads a byte
    }
    const served = app.serve(new NodeIncoming(req, res, target, incoming))
    return isPromise(served) ? served.then((s) => deliver(req, res, s)) : deliver(req, res, served)
  }

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
