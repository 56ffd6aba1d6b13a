// The server bundle's entry (.fresco/dist/rsc/index.js). Everything that renders, caches or
// revalidates runs inside this bundle, so every Fresco runtime module exists once per process.

import { config as bakedConfig, buildId, dev, draftSecret } from 'virtual:fresco/build'
import { middlewareFile, middleware as middlewareModule } from 'virtual:fresco/middleware'
import { hasErrorPages, hasNotFoundPage, pagesRoutes } from 'virtual:fresco/pages-routes'
import { interceptRoutes, rootNotFound, routes } from 'virtual:fresco/routes'
import {
  type CacheEntry,
  type CacheHandler,
  type Clock,
  consoleLogger,
  type IpcChannel,
  type Logger,
  type RegenerateContext,
  systemClock,
} from '@fresco/cache'
import type { ResolvedConfig } from '../../config/types.js'
import { createCdn } from '../cdn/setup.js'
import { configureDataLayer } from '../data/configure.js'
import { originalFetch } from '../data/fetch.js'
import { dataUrl } from '../pages/data-url.js'
import { createPagesApp, type PagesApp, pagesJobRenderer } from '../pages/server.js'
import { createFrescoApp } from '../server/app.js'
import { createAppContext, type RouteStatus } from '../server/app-context.js'
import type { AppObserver } from '../server/app-observer.js'
import { type BuildHooks, createBuildHooks } from '../server/build-hooks.js'
import { createCaches, createHandler } from '../server/cache-setup.js'
import { renderAppJob } from '../server/cached-render.js'
import type { FrescoApp } from '../server/contract.js'
import type { FrescoManifest } from '../server/manifest-types.js'
import { renderPooledJob } from '../server/pooled-render.js'
import type { AppRenderJob, PooledRenderJob, RenderPoolFactory } from '../server/render-pool.js'
import { createMiddleware } from '../server/routing/middleware.js'
import { createRouting, type RouteKindOf } from '../server/routing/router.js'
import type { Tracer } from '../server/tracer.js'

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
  /** `fresco start`'s render threads (renderWorkers > 0): given this app's cache once it exists. */
  renderPool?: RenderPoolFactory
  /** Metrics (`fresco start` with `metrics` configured): told of requests, renders, the cache. */
  observer?: AppObserver
  /** OpenTelemetry spans, when instrumentation.ts registered a tracer provider (runtime/server/tracer.ts). */
  tracer?: Tracer
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

async function context(opts: CreateAppOptions, serving: boolean) {
  const config = opts.config ?? bakedConfig
  const logger = opts.logger ?? consoleLogger
  const clock = opts.clock ?? systemClock
  // A server's store drops other builds' pages; `fresco dev` shares the directory with the last build.
  const role = serving && !dev ? { phase: 'serve' as const, buildId } : { phase: 'serve' as const }
  const cache = await createCaches(config, clock, logger, opts.cachePrimary, opts.observer, opts.tracer, role)
  // CDN tags and purges belong to a serving process; `fresco dev` stores nothing a CDN could keep.
  const cdn =
    serving && !dev
      ? createCdn(config.cdn, { logger, fetch: originalFetch(), dataUrl: (path) => dataUrl(buildId, path) })
      : undefined
  const purger = cdn?.purger
  configureDataLayer({
    cache,
    logger,
    onFetch: opts.observer?.fetch,
    tracer: opts.tracer,
    // Like Next, fetch logs are a development aid: build and start print them only with
    // FRESCO_DEBUG_CACHE=1, so a production server does not write a line per upstream request.
    logging: config.logging !== false && (dev || config.debugCache) ? config.logging : undefined,
    draftModeSecret: draftSecret,
    onRevalidate: purger && ((revalidated) => purger.purge(revalidated)),
  })
  const renderPool = opts.renderPool?.({
    handler: cache.handler,
    revalidateTags: (tags, options) => cache.revalidateTags(tags, options),
    clock,
  })
  const ctx = createAppContext({
    routes,
    interceptRoutes,
    rootNotFound,
    buildId,
    dev,
    config,
    cache,
    clock,
    logger,
    routeStatus: routeStatus(opts.manifest),
    cdn,
    ...(renderPool ? { renderPool } : {}),
    observer: opts.observer,
    tracer: opts.tracer,
  })
  // The readiness endpoint reports this handler's state (node/health.ts).
  return Object.assign(ctx, { cacheHandler: cache.handler })
}

/** The Pages Router beside the App Router, when the app has pages/. */
function pagesOf(ctx: Awaited<ReturnType<typeof context>>): PagesApp | undefined {
  return pagesRoutes.length > 0 || hasNotFoundPage || hasErrorPages
    ? createPagesApp(ctx, pagesRoutes)
    : undefined
}

export async function createApp(opts: CreateAppOptions = {}): Promise<FrescoApp> {
  const ctx = await context(opts, true)
  const pages = pagesOf(ctx)
  const app = { ...createFrescoApp(ctx, pages), cacheHandler: ctx.cacheHandler }
  // redirects, rewrites and middleware.ts / proxy.ts (runtime/server/routing/router.ts).
  const routeKind: RouteKindOf = (pathname) => {
    const found = ctx.match(pathname)
    const appPath = found ? ctx.byId.get(found.routeId)?.path : undefined
    const pagePath = pages?.routeOf(pathname)?.path
    if ((appPath && !appPath.includes('[')) || (pagePath && !pagePath.includes('['))) return 'static'
    return appPath || pagePath ? 'dynamic' : undefined
  }
  const logError = (message: string, error: unknown) => ctx.logger.error(message, error)
  const { basePath, trailingSlash } = ctx.config
  const routing = createRouting({
    routing: ctx.config,
    middleware:
      middlewareModule &&
      createMiddleware(middlewareModule, middlewareFile ?? 'middleware', {
        logError,
        basePath,
        trailingSlash,
      }),
    buildId,
    routeKind,
    logError,
    trailingSlash: ctx.config.trailingSlash,
  })
  return routing ? { ...app, routing } : app
}

/** Used by `fresco build` only: prerendering through the same route cache the server reads. */
export async function createPrerenderer(
  opts: CreateAppOptions = {},
): Promise<BuildHooks & { close(): Promise<void> }> {
  const ctx = await context(opts, false)
  // A middleware without a function or with a bad matcher fails the build, not the first start.
  if (middlewareModule)
    createMiddleware(middlewareModule, middlewareFile ?? 'middleware', { basePath: ctx.config.basePath })
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
 * Used by a render thread of `fresco start` only (node/render-worker.ts): this bundle renders the
 * cached entries the main thread's app asks for, over `config.cacheHandler` (the proxy to the main
 * thread's cache), and stores nothing itself: the main thread's single flight stores the answer.
 */
export async function createRenderWorker(opts: CreateAppOptions): Promise<{
  render(job: PooledRenderJob, regeneration: RegenerateContext): Promise<CacheEntry>
  close(): Promise<void>
}> {
  const ctx = await context(opts, false)
  const renderers = {
    app: (job: AppRenderJob, regeneration: RegenerateContext) => renderAppJob(ctx, job, regeneration),
    pages: pagesJobRenderer(ctx, pagesRoutes),
  }
  return {
    render: (job, regeneration) => renderPooledJob(ctx.tracer, renderers, job, regeneration),
    async close() {
      await ctx.drain()
      await ctx.cache.close()
    },
  }
}

/**
 * Used by `fresco build` only: the configured cache handler, created once in the build's main thread
 * and passed back as `config.cacheHandler` (it owns it; prerender workers reach it through a proxy).
 */
export async function createBuildCache(
  config: ResolvedConfig,
): Promise<{ handler: CacheHandler; clock: Clock }> {
  // The build's store also drops earlier builds' pages (its GC, awaited by close()), so a standalone
  // folder copied from it holds this build's pages only.
  const handler = await createHandler(config, systemClock, consoleLogger, undefined, {
    phase: 'build',
    buildId,
  })
  await handler.ready?.()
  return { handler, clock: systemClock }
}

if (import.meta.hot) import.meta.hot.accept()
