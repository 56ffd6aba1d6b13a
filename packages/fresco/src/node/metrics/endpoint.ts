// The metrics listener: its own port (config `metrics`, 127.0.0.1 by default), never the app's
// public one. GET or HEAD of the configured path answers the Prometheus text format; anything else
// is a 404 / 405 and nothing a client sends reaches the app.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from '@fresco/cache'

export interface MetricsEndpointOptions {
  port: number
  host: string
  path: string
  contentType: string
  /** The exposition text (one process's registry, or the aggregate of the workers). */
  scrape(): Promise<string>
  logger: Logger
}

export interface MetricsEndpoint {
  readonly port: number
  close(): Promise<void>
}

export async function startMetricsEndpoint(options: MetricsEndpointOptions): Promise<MetricsEndpoint> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]
    if (path !== options.path)
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found\n')
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return void res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end()
    options.scrape().then(
      (text) => {
        res.writeHead(200, { 'content-type': options.contentType, 'cache-control': 'no-store' })
        res.end(req.method === 'HEAD' ? undefined : text)
      },
      (error: unknown) => {
        // A worker that did not answer in time: say so, the next scrape will try again.
        options.logger.warn(`metrics: scrape failed: ${String(error)}`)
        res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('metrics unavailable\n')
      },
    )
  })
  server.keepAliveTimeout = 65_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `[fresco] metrics.port ${options.port} is in use on ${options.host}. Choose another port in the config's metrics.port.`,
            )
          : error,
      ),
    )
    server.listen(options.port, options.host, resolve)
  })
  // Idle scrapers' keep-alive sockets must not delay shutdown.
  server.unref()
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
