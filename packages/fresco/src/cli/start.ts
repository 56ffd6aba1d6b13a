// `fresco start`: load the server bundle, create the app, serve it with node:http. SIGTERM and
// SIGINT stop accepting, finish in-flight requests and flush cache writes before exiting.
// With --workers N (> 1) this process becomes the primary of N node:cluster workers, each running
// the single-process path below on the same port; without Redis the primary owns the cache store
// and serves it to the workers over IPC (docs/design/server.md, "Workers").
import cluster from 'node:cluster'
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { consoleLogger, createIpcHost, type IpcChannel, nodeChannel, systemClock } from '@fresco/cache'
import { readManifest } from '../build/manifest.js'
import { appPaths } from '../build/paths.js'
import { loadConfig } from '../config/load.js'
import { serializableConfig } from '../config/serializable.js'
import type { ResolvedConfig } from '../config/types.js'
import { buildOutputMissingError } from '../errors.js'
import { imageCacheConfig } from '../node/image/image-cache-config.js'
import { createImageEndpoint } from '../node/image/image-endpoint.js'
import { createRenderPool } from '../node/render-pool.js'
import { startServer } from '../node/server.js'
import { gracefulShutdown, installShutdown, onShutdownSignals } from '../node/shutdown.js'
import { onPrimaryShutdown, reportReady, superviseWorkers } from '../node/workers.js'
import { createHandler, createLocalStore, storeOwnedByPrimary } from '../runtime/server/cache-setup.js'
import { resolveServerOptions, resolveWorkers, type ServerFlags } from './server-options.js'

type ServerEntry = typeof import('../runtime/entries/rsc.js')

const logger = consoleLogger

export async function runStart(root: string, flags: ServerFlags): Promise<void> {
  process.env.NODE_ENV = 'production'
  const paths = appPaths(root)
  if (!existsSync(paths.serverEntry)) throw buildOutputMissingError(paths.serverEntry)
  const { port, hostname } = resolveServerOptions(flags)
  // next.config's warnings were printed by the build; every worker loads the config again.
  const config = await loadConfig(root, { phase: 'start', warn: () => {} })
  if (cluster.isWorker)
    return serve(root, config, { port, hostname }, 'worker').catch((error: unknown) => {
      // The IPC link would keep a failed worker alive: let the CLI print the error, then exit.
      setImmediate(() => process.exit(1))
      throw error
    })
  const workers = resolveWorkers(flags.workers, config.workers)
  if (workers > 1) return runPrimary(config, workers, hostname)
  return serve(root, config, { port, hostname }, 'single')
}

async function serve(
  root: string,
  config: ResolvedConfig,
  { port, hostname }: { port: number; hostname: string },
  role: 'single' | 'worker',
): Promise<void> {
  const paths = appPaths(root)
  const manifest = await readManifest(paths.frescoDir)
  const entry = (await import(pathToFileURL(paths.serverEntry).href)) as ServerEntry
  const cachePrimary: IpcChannel | undefined = role === 'worker' ? nodeChannel(process) : undefined
  // Cached pages render in worker threads (renderWorkers), never on the loop answering requests.
  const renderPool =
    config.renderWorkers > 0
      ? (host: Parameters<typeof createRenderPool>[0]['host']) =>
          createRenderPool({
            size: config.renderWorkers,
            serverEntry: paths.serverEntry,
            config: serializableConfig(config),
            host,
            logger,
          })
      : undefined
  const app = await entry.createApp({ config, manifest, logger, cachePrimary, renderPool })
  // next/image's optimiser (/_fresco/image), unless the app turned optimisation off.
  const imageHandler = config.images.unoptimized
    ? undefined
    : await createHandler(imageCacheConfig(config), systemClock, logger)
  await imageHandler?.ready?.()
  const images = imageHandler && {
    path: config.images.path,
    endpoint: createImageEndpoint({
      config: config.images,
      handler: imageHandler,
      dirs: { publicDir: paths.publicDir, clientDir: paths.clientDir },
      buildId: app.buildId,
      logger,
    }),
  }
  // The app already holds timers and connections (cache GC, Redis, the primary's channel): a port
  // in use must not leave the process running without a server.
  const server = await startServer({
    app,
    clientDir: paths.clientDir,
    publicDir: paths.publicDir,
    port,
    hostname,
    logger,
    bodySizeLimit: Math.max(config.bodySizeLimit, config.serverActions.bodySizeLimit),
    trustProxy: config.trustProxy,
    shutdownTimeoutMs: config.shutdownTimeout * 1000,
    images,
    compress: config.compress,
    headers: config.headers,
    trailingSlash: config.trailingSlash,
  }).catch(async (error: unknown) => {
    await Promise.all([app.close(), imageHandler?.close?.()])
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
  process.stdout.write(`▲ Fresco ready on http://${shown(hostname)}:${server.port} (build ${app.buildId})\n`)
  // A second signal exits at once; the first drains requests, regenerations and cache writes.
  installShutdown(server, logger)
}

async function runPrimary(config: ResolvedConfig, count: number, hostname: string): Promise<void> {
  // Entries (Uint8Array bodies) cross the IPC link as binary, not as JSON arrays of numbers.
  cluster.setupPrimary({ serialization: 'advanced' })
  const store = storeOwnedByPrimary(config) ? createLocalStore(config, systemClock, logger) : undefined
  await store?.ready?.()
  const host = store && createIpcHost({ handler: store, logger })
  const workers = superviseWorkers({
    count,
    logger,
    shutdownTimeoutMs: config.shutdownTimeout * 1000,
    onFork: (worker) => host?.attach(String(worker.id), nodeChannel(worker)),
    onExit: (worker) => host?.detach(String(worker.id)),
  })
  const primary = {
    async close() {
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
    `▲ Fresco ready on http://${shown(hostname)}:${ready.port} (build ${ready.buildId}, ${count} workers, ${cache})\n`,
  )
  installShutdown(primary, logger)
}

const shown = (hostname: string) => (hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname)
