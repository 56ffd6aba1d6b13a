// The production server on node:http: validate the URL, serve build assets and public/ files,
// hand everything else to the app, write what it serves. Bad input never reaches the app and
// never crashes the process.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from '@fresco/cache'
import { isBodyTooLargeError } from '../errors.js'
import type { FrescoApp } from '../runtime/server/contract.js'
import { DEFAULT_BODY_SIZE_LIMIT, declaredTooLarge } from './body.js'
import { answerClientError } from './client-error.js'
import { NodeIncoming } from './incoming.js'
import { closeServer, createInflight } from './shutdown.js'
import { createStaticFiles } from './static-files.js'
import { isBadTarget, isValidHost, parseRequestTarget } from './url.js'
import { writePrepared, writeText, writeWeb } from './write-response.js'

export interface StartServerOptions {
  app: FrescoApp
  /** dist/client: `/assets/*` are served immutable, other files like public/ ones. */
  clientDir?: string
  publicDir?: string
  port: number
  hostname?: string
  logger: Logger
  /** Largest accepted request body in bytes (default 1 MB); more is answered 413. */
  bodySizeLimit?: number
  /** How long close() lets in-flight requests run before cutting them (default 10 s). */
  shutdownTimeoutMs?: number
  /**
   * Idle keep-alive timeout in ms (node's default 5 s). Behind a load balancer, set it above the
   * balancer's idle timeout, or the balancer may reuse a socket node is closing (a 502).
   */
  keepAliveTimeout?: number
}

export interface FrescoServer {
  port: number
  hostname: string
  server: Server
  /** Stop accepting, finish in-flight requests (bounded), then `await app.close()`. Idempotent. */
  close(): Promise<void>
}

export async function startServer(options: StartServerOptions): Promise<FrescoServer> {
  const { app, logger } = options
  const limit = options.bodySizeLimit ?? DEFAULT_BODY_SIZE_LIMIT
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000
  const statics = await createStaticFiles({ clientDir: options.clientDir, publicDir: options.publicDir })

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    inflight.enter(res)
    try {
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
        if (file !== undefined) return await statics.serve(req, res, file)
      } else if (declaredTooLarge(req, limit)) {
        // Refuse before reading a byte; close, since the unread body is still on its way.
        return writeText(res, 413, `Request body larger than ${limit} bytes`, true)
      }
      const served = await app.serve(new NodeIncoming(req, res, target, limit))
      if (served.type === 'prepared') writePrepared(req, res, served.prepared, served.cacheStatus)
      else await writeWeb(req, res, served.response)
    } catch (error) {
      if (isBodyTooLargeError(error)) writeText(res, 413, `Request body larger than ${limit} bytes`, true)
      else {
        logger.error(`${req.method} ${req.url} failed`, error)
        writeText(res, 500, 'Internal Server Error')
      }
    } finally {
      inflight.leave(res)
    }
  }

  const server = createServer({ requireHostHeader: false }, (req, res) => {
    handle(req, res).catch((error) => logger.error(`${req.method} ${req.url}: response failed`, error))
  })
  if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout
  const inflight = createInflight(server)
  server.on('clientError', answerClientError)

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.hostname, () => {
      server.off('error', reject)
      resolve()
    })
  })
  server.on('error', (error) => logger.error('server error', error))
  const address = server.address() as AddressInfo

  let closing: Promise<void> | undefined
  return {
    port: address.port,
    hostname: address.address,
    server,
    close() {
      closing ??= (async () => {
        const closed = closeServer(server, shutdownTimeoutMs + 1000)
        if (!(await inflight.drain(shutdownTimeoutMs))) {
          logger.warn(`requests still running after ${shutdownTimeoutMs} ms: closing their connections`)
          server.closeAllConnections()
        }
        await closed // finished responses flush, then their idle sockets are closed
        await app.close()
      })()
      return closing
    },
  }
}
