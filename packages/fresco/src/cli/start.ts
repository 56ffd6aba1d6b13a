// `fresco start`: load the server bundle, create the app, serve it with node:http. SIGTERM and
// SIGINT stop accepting, finish in-flight requests and flush cache writes before exiting.
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { consoleLogger, systemClock } from '@fresco/cache'
import { readManifest } from '../build/manifest.js'
import { appPaths } from '../build/paths.js'
import { loadConfig } from '../config/load.js'
import { buildOutputMissingError } from '../errors.js'
import { imageCacheConfig } from '../node/image/image-cache-config.js'
import { createImageEndpoint } from '../node/image/image-endpoint.js'
import { startServer } from '../node/server.js'
import { installShutdown } from '../node/shutdown.js'
import { createHandler } from '../runtime/server/cache-setup.js'
import { resolveServerOptions, type ServerFlags } from './server-options.js'

type ServerEntry = typeof import('../runtime/entries/rsc.js')

export async function runStart(root: string, flags: ServerFlags): Promise<void> {
  process.env.NODE_ENV = 'production'
  const paths = appPaths(root)
  if (!existsSync(paths.serverEntry)) throw buildOutputMissingError(paths.serverEntry)
  const { port, hostname } = resolveServerOptions(flags)
  const config = await loadConfig(root)
  const manifest = await readManifest(paths.frescoDir)
  const entry = (await import(pathToFileURL(paths.serverEntry).href)) as ServerEntry
  const logger = consoleLogger
  const app = await entry.createApp({ config, manifest, logger })
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
  })
  const shown = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname
  process.stdout.write(`▲ Fresco ready on http://${shown}:${server.port} (build ${app.buildId})\n`)

  // A second signal exits at once; the first drains requests, regenerations and cache writes.
  installShutdown(server, logger)
}
