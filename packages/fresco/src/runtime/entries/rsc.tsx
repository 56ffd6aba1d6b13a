// The server bundle's entry (.fresco/dist/rsc/index.js). Everything that renders, caches or
// revalidates runs inside this bundle, so every Fresco runtime module exists once per process.

import { config as bakedConfig, buildId, dev, draftSecret } from 'virtual:fresco/build'
import { hasNotFoundPage, pagesRoutes } from 'virtual:fresco/pages-routes'
import { rootNotFound, routes } from 'virtual:fresco/routes'
import {
  type CacheHandler,
  type Clock,
  consoleLogger,
  type IpcChannel,
  type Logger,
  systemClock,
} from '@fresco/cache'
import type { ResolvedConfig } from '../../config/types.js'
import { configureDataLayer } from '../data/configure.js'
import { createPagesApp, type PagesApp } from '../pages/server.js'
import { createFrescoApp } from '../server/app.js'
import { createAppContext, type RouteStatus } from '../server/app-context.js'
import type { AppObserver } from '../server/app-observer.js'
import { type BuildHooks, createBuildHooks } from '../server/build-hooks.js'
import { createCaches, createHandler } from '../server/cache-setup.js'
import type { FrescoApp } from '../server/contract.js'
import type { FrescoManifest } from '../server/manifest-types.js'

/** The build's prerender workers tell this build's route keys (one job renders each) from shared data keys. */
export { routeKeyPrefix } from '../server/route-cache.js'

const PAGES_ID_PREFIX = 'pages:'

export type { BuildHooks, FrescoApp }
export { buildId }

export interface CreateAppOptions {
  /** The config loaded at start (fresco.config.ts may hold a handler object); defaults to the build's. */
  config?: ResolvedConfig
  /** What the build learnt about each route; without it every page renders per request. */
  manifest?: FrescoManifest
  logger?: Logger
  clock?: Clock
  /**
   * The link to the primary process of `fresco start --workers N`, which owns the fs (or memory)
   * store: this worker reaches it through the link, behind its own memory L1.
   */
  cachePrimary?: IpcChannel
  /** Metrics (`fresco start` with `metrics` configured): told of requests, renders, the cache. */
  observer?: AppObserver
}

function routeStatus(manifest: FrescoManifest | undefined): Map<string, RouteStatus> | undefined {
  if (!manifest) return undefined
  return new Map(
    manifest.routes.map((r) => [
      r.id,
      {
        dynamic: r.type === 'dynamic',
        reason: r.dynamicReason,
        paths: new Set(r.prerendered),
        ...(r.fallback !== undefined ? { fallback: r.fallback } : {}),
      },
    ]),
  )
}

async function context(opts: CreateAppOptions) {
  const config = opts.config ?? bakedConfig
  const logger = opts.logger ?? consoleLogger
  const clock = opts.clock ?? systemClock
  const cache = await createCaches(config, clock, logger, opts.cachePrimary, opts.observer)
  configureDataLayer({
    cache,
    logger,
    onFetch: opts.observer?.fetch,
    // Like Next, fetch logs are a development aid: build and start print them only with
    // FRESCO_DEBUG_CACHE=1, so a production server does not write a line per upstream request.
    logging: config.logging !== false && (dev || config.debugCache) ? config.logging : undefined,
    draftModeSecret: draftSecret,
  })
  return createAppContext({
    routes,
    rootNotFound,
    buildId,
    dev,
    config,
    cache,
    clock,
    logger,
    routeStatus: routeStatus(opts.manifest),
    observer: opts.observer,
  })
}

/** The Pages Router beside the App Router, when the app has pages/. */
function pagesOf(ctx: Awaited<ReturnType<typeof context>>): PagesApp | undefined {
  return pagesRoutes.length > 0 || hasNotFoundPage ? createPagesApp(ctx, pagesRoutes) : undefined
}

export async function createApp(opts: CreateAppOptions = {}): Promise<FrescoApp> {
  const ctx = await context(opts)
  return createFrescoApp(ctx, pagesOf(ctx))
}

/** Used by `fresco build` only: prerendering through the same route cache the server reads. */
export async function createPrerenderer(
  opts: CreateAppOptions = {},
): Promise<BuildHooks & { close(): Promise<void> }> {
  const ctx = await context(opts)
  const app = createBuildHooks(ctx)
  const pages = pagesOf(ctx)?.buildHooks
  if (!pages) return { ...app, close: () => ctx.cache.close() }
  const of = (id: string) => (id.startsWith(PAGES_ID_PREFIX) ? pages : app)
  return {
    routes: async () => [...(await app.routes()), ...(await pages.routes())],
    paths: (id) => of(id).paths(id),
    prerender: (id, pathname) => of(id).prerender(id, pathname),
    implicitTags: (id, pathname) => of(id).implicitTags(id, pathname),
    close: () => ctx.cache.close(),
  }
}

/**
 * Used by `fresco build` only: the configured cache handler, created once in the build's main thread
 * and passed back as `config.cacheHandler` (it owns it; prerender workers reach it through a proxy).
 */
export async function createBuildCache(
  config: ResolvedConfig,
): Promise<{ handler: CacheHandler; clock: Clock }> {
  const handler = await createHandler(config, systemClock, consoleLogger)
  await handler.ready?.()
  return { handler, clock: systemClock }
}

if (import.meta.hot) import.meta.hot.accept()
