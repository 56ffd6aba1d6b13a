// Serving a build (.fresco/): load the server bundle, create the app, serve it with node:http.
// SIGTERM and SIGINT stop accepting, finish in-flight requests and flush cache writes before exiting.
// With workers > 1 this process becomes the primary of N node:cluster workers, each running
// the single-process path below on the same port; without Redis the primary owns the cache store
// and serves it to the workers over IPC (docs/design/server.md, "Workers").
// Shared by `fresco start` (cli/start.ts) and a standalone server.js (standalone/server.ts), so it
// takes a loaded config and never imports the config loader (which needs Vite).
import cluster from 'node:cluster'
import { pathToFileURL } from 'node:url'
import { consoleLogger, createIpcHost, type IpcChannel, nodeChannel, systemClock } from '@fresco/cache'
import { readManifest } from '../build/manifest.js'
import { appPaths } from '../build/paths.js'
import type { ResolvedInspector } from '../config/inspector.js'
import { serializableConfig } from '../config/serializable.js'
import type { ResolvedConfig } from '../config/types.js'
import { createHealth } from '../node/health.js'
import { limitHeapGrowth } from '../node/heap-growth.js'
import helperThreads from '../node/helper-threads.cjs'
import { imageCacheConfig } from '../node/image/image-cache-config.js'
import { createImageEndpoint } from '../node/image/image-endpoint.js'
import { runInstrumentation } from '../node/instrumentation.js'
import type { MetricsEndpoint } from '../node/metrics/endpoint.js'
import { createRenderPool } from '../node/render-pool.js'
import { startServer } from '../node/server.js'
import { gracefulShutdown, installShutdown, onShutdownSignals } from '../node/shutdown.js'
import { loadTracer } from '../node/tracing/otel-tracer.js'
import { onPrimaryShutdown, reportReady, superviseWorkers } from '../node/workers.js'
import { createHandler, createLocalStore, storeOwnedByPrimary } from '../runtime/server/cache-setup.js'
import type { FrescoApp } from '../runtime/server/contract.js'
import { resolveWorkers } from './server-options.js'

type ServerEntry = typeof import('../runtime/entries/rsc.js')

const logger = consoleLogger

/** Serve the build in `root` with `config` (loaded by the caller) on `port` / `hostname`. */
export async function serveBuild(
  root: string,
  config: ResolvedConfig,
  {
    port,
    hostname,
    workers: flag,
    keepAliveTimeout,
  }: { port: number; hostname: string; workers?: string; keepAliveTimeout?: number },
): Promise<void> {
  // `fresco start` and the standalone server.js alike (node/heap-growth.ts).
  limitHeapGrowth()
  if (cluster.isWorker)
    return serve(root, config, { port, hostname, keepAliveTimeout }, 'worker').catch((error: unknown) => {
      // The IPC link would keep a failed worker alive: let the CLI print the error, then exit.
      setImmediate(() => process.exit(1))
      throw error
    })
  const workers = resolveWorkers(flag, config.workers)
  if (workers > 1) return runPrimary(root, config, workers, hostname)
  // V8's GC helpers at the lowest priority only where the main thread is the one busy thread: not
  // beside render threads, not in --workers' processes (node/helper-threads.cts says why).
  if (config.renderWorkers === 0) helperThreads.lowerHelperThreads()
  return serve(root, config, { port, hostname, keepAliveTimeout }, 'single')
}

async function serve(
  root: string,
  config: ResolvedConfig,
  { port, hostname, keepAliveTimeout }: { port: number; hostname: string; keepAliveTimeout?: number },
  role: 'single' | 'worker',
): Promise<void> {
  const paths = appPaths(root)
  const manifest = await readManifest(paths.frescoDir)
  // instrumentation.ts's register() before any app module loads; then spans only if it registered
  // a tracer provider (node/tracing/otel-tracer.ts), so an app without one pays nothing.
  await runInstrumentation(paths.instrumentationEntry)
  const tracer = await loadTracer((message) => logger.warn(message))
  const entry = (await import(pathToFileURL(paths.serverEntry).href)) as ServerEntry
  const cachePrimary: IpcChannel | undefined = role === 'worker' ? nodeChannel(process) : undefined
  // Cached pages render in worker threads (renderWorkers), never on the loop answering requests.
  const renderPool =
    config.renderWorkers > 0
      ? (host: Parameters<typeof createRenderPool>[0]['host']) =>
          createRenderPool({
            size: config.renderWorkers,
            serverEntry: paths.serverEntry,
            instrumentationEntry: paths.instrumentationEntry,
            config: serializableConfig(config),
            host,
            logger,
          })
      : undefined
  // Metrics only when configured: without them the app has no observer and pays nothing.
  const metrics = config.metrics ? await loadMetrics() : undefined
  // A worker's fs store belongs to the primary, which reports its bytes.
  const appMetrics = metrics?.createAppMetrics({ disk: cachePrimary === undefined })
  // A worker answers the primary's scrapes from the start (an unanswered one times out as a 503).
  if (role === 'worker' && metrics && appMetrics) metrics.shareWithPrimary(appMetrics.registry)
  const app = await entry.createApp({
    config,
    manifest,
    logger,
    cachePrimary,
    observer: appMetrics?.observer,
    tracer,
    renderPool,
  })
  // next/image's optimiser (/_fresco/image), unless the app turned optimisation off.
  const imageHandler = config.images.unoptimized
    ? undefined
    : // Each worker of `--workers` keeps its own image cache in the one directory: not its sole writer.
      await createHandler(imageCacheConfig(config), systemClock, logger, undefined, {
        phase: 'serve',
        soleWriter: role !== 'worker',
      })
  await imageHandler?.ready?.()
  const images = imageHandler && {
    path: config.images.path,
    endpoint: createImageEndpoint({
      config: config.images,
      handler: imageHandler,
      dirs: { publicDir: paths.publicDir, clientDir: paths.clientDir, basePath: config.basePath },
      buildId: app.buildId,
      logger,
    }),
  }
  // The cache inspector (config `inspector`): loaded only when a secret turns it on.
  const requests = metrics && appMetrics && (() => metrics.requestsByStatus(appMetrics.registry))
  const inspector = config.inspector
    ? await loadInspector(config, config.inspector, app, requests || undefined)
    : undefined
  // Listening before the app is: a scraper never sees the app up and its metrics missing.
  const endpoint =
    role === 'single' && metrics && appMetrics && config.metrics
      ? await metrics
          .startMetricsEndpoint({
            ...config.metrics,
            contentType: appMetrics.registry.contentType,
            scrape: () => appMetrics.registry.metrics(),
            logger,
          })
          .catch(async (error: unknown) => {
            await Promise.all([app.close(), imageHandler?.close?.()])
            throw error
          })
      : undefined
  // The app already holds timers and connections (cache GC, Redis, the primary's channel): a port
  // in use must not leave the process running without a server.
  const server = await startServer({
    app,
    clientDir: paths.clientDir,
    publicDir: paths.publicDir,
    port,
    hostname,
    keepAliveTimeout,
    logger,
    bodySizeLimit: Math.max(config.bodySizeLimit, config.serverActions.bodySizeLimit),
    trustProxy: config.trustProxy,
    shutdownTimeoutMs: config.shutdownTimeout * 1000,
    images,
    inspector,
    health: createHealth({
      cacheHandler: config.cacheHandler,
      cacheDir: config.cacheDir,
      handler: app.cacheHandler,
    }),
    compress: config.compress,
    headers: config.headers,
    trailingSlash: config.trailingSlash,
    basePath: config.basePath,
  }).catch(async (error: unknown) => {
    await Promise.all([app.close(), imageHandler?.close?.(), endpoint?.close()])
    throw error
  })
  if (role === 'worker') {
    // The primary prints the banner once every worker serves, and relays the shutdown.
    const begin = gracefulShutdown(server, logger)
    onShutdownSignals(begin, logger)
    onPrimaryShutdown(begin)
    reportReady({ port: server.port, buildId: app.buildId })
    return
  }
  process.stdout.write(
    `▲ Fresco ready on http://${shown(hostname)}:${server.port} (build ${app.buildId})${metricsNote(config, endpoint)}\n`,
  )
  // A second signal exits at once; the first drains requests, regenerations and cache writes.
  installShutdown(withEndpoint(server, endpoint), logger)
}

async function runPrimary(
  root: string,
  config: ResolvedConfig,
  count: number,
  hostname: string,
): Promise<void> {
  // Entries (Uint8Array bodies) cross the IPC link as binary, not as JSON arrays of numbers.
  cluster.setupPrimary({ serialization: 'advanced' })
  // The store the workers share drops other builds' pages, as a single server's does.
  const { buildId } = await readManifest(appPaths(root).frescoDir)
  const store = storeOwnedByPrimary(config)
    ? createLocalStore(config, systemClock, logger, { phase: 'serve', buildId })
    : undefined
  await store?.ready?.()
  const host = store && createIpcHost({ handler: store, logger })
  // The workers' metrics, summed, plus the store this process owns (node/metrics/cluster.ts).
  const metrics = config.metrics ? await loadMetrics() : undefined
  const own = metrics && store ? metrics.createStoreMetrics(store) : undefined
  const endpoint =
    metrics && config.metrics
      ? await metrics
          .startMetricsEndpoint({
            ...config.metrics,
            contentType: metrics.PROMETHEUS_CONTENT_TYPE,
            scrape: metrics.clusterScrape(own),
            logger,
          })
          .catch(async (error: unknown) => {
            host?.close()
            await store?.close?.()
            throw error
          })
      : undefined
  const workers = superviseWorkers({
    count,
    logger,
    shutdownTimeoutMs: config.shutdownTimeout * 1000,
    onFork: (worker) => host?.attach(String(worker.id), nodeChannel(worker)),
    onExit: (worker) => host?.detach(String(worker.id)),
  })
  const primary = {
    async close() {
      await endpoint?.close()
      await workers.close() // their last cache writes reach the store before it closes
      host?.close()
      await store?.close?.()
    },
  }
  let ready: Awaited<typeof workers.ready>
  try {
    ready = await workers.ready
  } catch (error) {
    await primary.close()
    throw error
  }
  const cache = store
    ? `one ${store.name} cache shared by the workers`
    : `cache ${config.cacheHandler === 'redis' ? 'redis' : 'handler from fresco.config'}`
  process.stdout.write(
    `▲ Fresco ready on http://${shown(hostname)}:${ready.port} (build ${ready.buildId}, ${count} workers, ${cache})${metricsNote(config, endpoint)}\n`,
  )
  installShutdown(primary, logger)
}

/** prom-client and the metrics listener, loaded only when `metrics` is configured. */
async function loadMetrics() {
  const [prometheus, endpoint, clustered] = await Promise.all([
    import('../node/metrics/prometheus.js'),
    import('../node/metrics/endpoint.js'),
    import('../node/metrics/cluster.js'),
  ])
  return { ...prometheus, ...endpoint, ...clustered }
}

async function loadInspector(
  config: ResolvedConfig,
  options: ResolvedInspector,
  app: FrescoApp,
  requests: (() => Promise<Record<string, number>>) | undefined,
) {
  const { INSPECTOR_PATH, createInspector } = await import('../node/inspector/endpoint.js')
  return {
    path: INSPECTOR_PATH,
    endpoint: createInspector({ config: { ...config, inspector: options }, app, logger, requests }),
  }
}

function metricsNote(config: ResolvedConfig, endpoint: MetricsEndpoint | undefined): string {
  if (!endpoint || !config.metrics) return ''
  return `; metrics on http://${shown(config.metrics.host)}:${endpoint.port}${config.metrics.path}`
}

/** The server's close, then the metrics listener's. */
const withEndpoint = (server: { close(): Promise<void> }, endpoint: MetricsEndpoint | undefined) =>
  endpoint
    ? {
        async close() {
          await server.close()
          await endpoint.close()
        },
      }
    : server

const shown = (hostname: string) => (hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname)
