// The per-request dispatcher: validate, static file or app, write. Written without async/await so
// a HIT costs no promise of its own: an app that answers synchronously (Served, not a Promise)
// is written in the same tick, and an async answer costs one `then`.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from '@fresco/cache'
import { isBodyTooLargeError } from '../errors.js'
import type { FrescoApp, Served } from '../runtime/server/contract.js'
import { declaredTooLarge, discardRest, refuseBody } from './body.js'
import { NodeIncoming } from './incoming.js'
import type { StaticFiles } from './static-files.js'
import { isBadTarget, isValidHost, parseRequestTarget } from './url.js'
import { writePrepared, writeText, writeWeb } from './write-response.js'

export interface HandlerOptions {
  app: FrescoApp
  statics: StaticFiles
  bodySizeLimit: number
  logger: Logger
  /** Compress streamed responses on the fly (cached ones are always pre-compressed). */
  compress: boolean
  inflight: { enter(res: ServerResponse): void; leave(res: ServerResponse): void }
}

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as Promise<T> | undefined)?.then === 'function'

export function createRequestHandler(options: HandlerOptions) {
  const { app, statics, bodySizeLimit: limit, logger, inflight, compress } = options

  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    if (isBodyTooLargeError(error))
      return writeText(res, 413, `Request body larger than ${limit} bytes`, true)
    logger.error(`${req.method} ${req.url} failed`, error)
    writeText(res, 500, 'Internal Server Error')
  }

  const deliver = (req: IncomingMessage, res: ServerResponse, served: Served): void | Promise<void> => {
    if (served.type === 'prepared') writePrepared(req, res, served.prepared, served.cacheStatus)
    else return writeWeb(req, res, served.response, compress)
  }

  const dispatch = (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    const target = parseRequestTarget(req.url ?? '/')
    if (isBadTarget(target)) return writeText(res, target.status, target.message)
    const host = req.headers.host
    // RFC 9112 §3.2: HTTP/1.1 requires Host (checked here, not by node, for a readable 400).
    if (host === undefined ? req.httpVersionMinor >= 1 : !isValidHost(host)) {
      return writeText(res, 400, host === undefined ? 'Missing Host header' : 'Malformed Host header')
    }
    const method = req.method
    if (method === 'GET' || method === 'HEAD') {
      const file = statics.lookup(target.pathname)
      if (file !== undefined) return statics.serve(req, res, file)
    } else if (declaredTooLarge(req, limit)) {
      return refuseBody(req, res, limit) // before the app reads a byte
    }
    const served = app.serve(new NodeIncoming(req, res, target, limit))
    return isPromise(served) ? served.then((s) => deliver(req, res, s)) : deliver(req, res, served)
  }

  const done = (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method
    if (method !== 'GET' && method !== 'HEAD') discardRest(req)
    inflight.leave(res)
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    inflight.enter(res)
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
