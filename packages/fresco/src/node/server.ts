// The production server on node:http: validate the URL, serve build assets and public/ files,
// hand everything else to the app, write what it serves. Bad input never reaches the app and
// never crashes the process.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import type { Logger } from '@fresco/cache'
import type { HeaderRule } from '../config/next-style.js'
import { DEFAULT_BODY_SIZE_LIMIT } from '../defaults.js'
import { listenError } from '../errors.js'
import type { FrescoApp } from '../runtime/server/contract.js'
import { addAcceptors } from './acceptors.js'
import { answerClientError } from './client-error.js'
import { createRequestHandler, type HandlerOptions } from './handler.js'
import { compileHeaderRules } from './response-headers.js'
import { closeServer, createInflight, settlesWithin } from './shutdown.js'
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
  /**
   * How long close() waits for in-flight requests and then the app's background work (default
   * 10 s, config `shutdownTimeout`). Past it, connections are cut and close() resolves anyway.
   */
  shutdownTimeoutMs?: number
  /** Believe X-Forwarded-Proto / -Host from a proxy in front (config `trustProxy`, default false). */
  trustProxy?: boolean
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
  /** next.config's headers() (config `headers`) and the trailing-slash policy they match under. */
  headers?: HeaderRule[]
  trailingSlash?: boolean
  /** next.config's basePath ('' or '/docs'): the app and its files are served under it, nothing else. */
  basePath?: string
  /** next/image's optimisation endpoint (node/image/); closed with the server. */
  images?: HandlerOptions['images']
  /** The cache inspector page (config `inspector`, node/inspector/). */
  inspector?: HandlerOptions['inspector']
  /** /_fresco/health and /_fresco/ready (node/health.ts). */
  health?: HandlerOptions['health']
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
      trustProxy: options.trustProxy ?? false,
      images: options.images,
      inspector: options.inspector,
      health: options.health,
      basePath: options.basePath ?? '',
      trailingSlash: options.trailingSlash ?? false,
      headerRules: compileHeaderRules(options.headers ?? [], options.trailingSlash ?? false),
    }),
  )
  server.on('clientError', answerClientError)
  server.on('connect', refuseConnect)

  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(listenError(error.code, options.hostname ?? '0.0.0.0', options.port, error))
    server.once('error', failed)
    server.listen(options.port, options.hostname, () => {
      server.off('error', failed)
      resolve()
    })
  })
  server.on('error', (error) => logger.error('server error', error))
  const address = server.address() as AddressInfo
  const acceptors = addAcceptors(server)
  acceptors.ready.then(({ error }) => {
    if (error)
      logger.warn(
        `accepting one connection per event-loop turn (${error.message}): a busy server is slower to take new connections`,
      )
  })

  let closing: Promise<void> | undefined
  return {
    port: address.port,
    hostname: address.address,
    server,
    close() {
      closing ??= (async () => {
        // One deadline for requests and the app's background work: a deploy must not hang on us.
        const deadline = Date.now() + shutdownTimeoutMs
        if (inflight.count > 0)
          logger.warn(
            `closing: waiting up to ${shutdownTimeoutMs} ms for ${inflight.count} running request(s): ${inflight.describe()}`,
          )
        acceptors.close() // the socket stops listening only once every descriptor of it is closed
        const closed = closeServer(server, shutdownTimeoutMs + 1000)
        if (!(await inflight.drain(shutdownTimeoutMs))) {
          logger.warn(
            `requests still running after ${shutdownTimeoutMs} ms, closing their connections: ${inflight.describe()}`,
          )
          server.closeAllConnections()
        }
        await closed // finished responses flush, then their idle sockets are closed
        await options.images?.endpoint.close()
        // Cache writes get what is left of the bound, and at least a second.
        const left = Math.max(deadline - Date.now(), 1000)
        if (!(await settlesWithin(app.close(), left)))
          logger.warn(
            `background regenerations or cache writes still running after ${shutdownTimeoutMs} ms: exiting without them`,
          )
      })()
      return closing
    },
  }
}

/** CONNECT asks for a tunnel: this is an origin server, not a proxy (node would drop the socket). */
function refuseConnect(_req: IncomingMessage, socket: Duplex): void {
  // Node hands the socket over without its error listener: a reset must not crash the process.
  socket.on('error', () => socket.destroy())
  const body = 'CONNECT is not supported: this server is not a proxy\n'
  socket.end(
    'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}
