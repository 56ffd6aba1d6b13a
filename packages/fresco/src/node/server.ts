// The production server on node:http: validate the URL, serve build assets and public/ files,
// hand everything else to the app, write what it serves. Bad input never reaches the app and
// never crashes the process.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from '@fresco/cache'
import { DEFAULT_BODY_SIZE_LIMIT } from '../defaults.js'
import type { FrescoApp } from '../runtime/server/contract.js'
import { answerClientError } from './client-error.js'
import { createRequestHandler } from './handler.js'
import { closeServer, createInflight } from './shutdown.js'
import { createStaticFiles } from './static-files.js'

export interface StartServerOptions {
  app: FrescoApp
  /** dist/client: `/_fresco/static/*` are served immutable, other files like public/ ones. */
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
  /**
   * Compress streamed (dynamic) responses with br or gzip, like Next's `compress` (default true).
   * Turn it off when a proxy in front compresses. Cached responses always carry pre-compressed
   * variants, built once per entry.
   */
  compress?: boolean
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

  // Node's own Host check answers without a body; the handler's answers with a readable one.
  const server = createServer({ requireHostHeader: false })
  if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout
  const inflight = createInflight(server)
  server.on(
    'request',
    createRequestHandler({
      app,
      statics,
      bodySizeLimit: limit,
      logger,
      inflight,
      compress: options.compress ?? true,
    }),
  )
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
