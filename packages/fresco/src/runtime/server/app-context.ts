// Everything one server bundle instance shares between requests: the route table, the caches,
// and what the build learnt about each route (static / dynamic, prerendered paths).

import { type Clock, implicitTags, type Logger, type ResponseCache } from '@fresco/cache'
import type { ResolvedConfig } from '../../config/types.js'
import type { Cdn } from '../cdn/setup.js'
import type { InterceptRule } from '../render/intercept-pattern.js'
import type { RenderEnv } from '../render/render-page.js'
import {
  type AnyModule,
  type LoadedRoute,
  type LoadedSegment,
  type Loader,
  loadRoute,
  type RuntimeRoute,
} from '../render/route-modules.js'
import type { AppObserver } from './app-observer.js'
import { interceptRulesOf } from './intercept-rules.js'
import { createMatcher, type Matcher } from './match.js'
import type { RenderPool } from './render-pool.js'
import { createRenderSlots, type RenderSlots, timedRenders } from './render-slots.js'
import { createRouteCache, type RouteCache } from './route-cache.js'
import type { Tracer } from './tracer.js'

/** What the build recorded for one route (from .fresco/manifest.json). */
export interface RouteStatus {
  dynamic: boolean
  /** Why the build found it dynamic (the API used, or the config). */
  reason?: string
  /** Pathnames prerendered at build (dynamicParams = false allows only these). */
  paths: ReadonlySet<string>
  /** Pages Router: getStaticPaths' fallback. */
  fallback?: boolean | 'blocking'
}

export interface AppContextOptions {
  routes: RuntimeRoute[]
  /** Intercepting routes in `children` (no URL of their own): see intercept.ts. */
  interceptRoutes?: RuntimeRoute[]
  rootNotFound: Loader | null
  buildId: string
  dev: boolean
  config: ResolvedConfig
  cache: ResponseCache
  clock: Clock
  logger: Logger
  routeStatus?: ReadonlyMap<string, RouteStatus>
  /** The cache-tag header and served-path index of cdn config (runtime/cdn/setup.ts); serving only. */
  cdn?: Pick<Cdn, 'tagHeader' | 'served'>
  /** `fresco start`'s render threads: cached entries are rendered there, not on this loop. */
  renderPool?: RenderPool
  /** Metrics, when configured (app-observer.ts). */
  observer?: AppObserver
  /** OpenTelemetry spans, when the app registered a tracer provider (tracer.ts). */
  tracer?: Tracer
}

export interface AppContext extends AppContextOptions {
  byId: Map<string, RuntimeRoute>
  match: Matcher
  /** Intercepting routes' rules (intercept.ts): which URLs' answers vary with x-fresco-url. */
  intercepts: InterceptRule[]
  routeCache: RouteCache
  /** Renders on the request path take a slot (renderConcurrency); build prerenders do not. */
  renders: RenderSlots
  render: () => Promise<RenderEnv>
  loadRootSegment(): Promise<LoadedSegment[]>
  tagsFor(route: Pick<RuntimeRoute, 'id' | 'kind'>, pathname: string): string[]
  load(route: RuntimeRoute): Promise<LoadedRoute>
  /** Background work of per-request stores, awaited by close(). */
  track(work: Promise<unknown>): void
  drain(): Promise<void>
}

export function createAppContext(opts: AppContextOptions): AppContext {
  const routeCache = createRouteCache({
    cache: opts.cache,
    buildId: opts.buildId,
    expireTime: opts.config.expireTime,
    logger: opts.logger,
    tagHeader: opts.cdn?.tagHeader,
    served: opts.cdn?.served,
  })
  let rootNotFound: Promise<AnyModule | undefined> | undefined
  const pending = new Set<Promise<unknown>>()
  return {
    ...opts,
    byId: new Map(opts.routes.map((r) => [r.id, r])),
    intercepts: interceptRulesOf(opts.routes, opts.interceptRoutes),
    match: createMatcher(opts.routes),
    routeCache,
    renders: timedRenders(createRenderSlots(opts.config.renderConcurrency), opts.observer),
    async render() {
      rootNotFound ??= opts.rootNotFound ? opts.rootNotFound() : Promise.resolve(undefined)
      return {
        clock: opts.clock,
        logger: opts.logger,
        rootNotFound: await rootNotFound,
        buildId: opts.buildId,
      }
    },
    async loadRootSegment() {
      // Every route shares the root segment (app/layout.tsx); any route can lend it.
      const first = opts.routes.find((r) => r.kind === 'page') ?? opts.routes[0]
      if (!first) return []
      const loaded = await loadRoute(first)
      return loaded.segments.slice(0, 1)
    },
    tagsFor(route, pathname) {
      const leaf = `${route.id === '/' ? '' : route.id}/${route.kind}`
      return implicitTags(leaf, pathname, opts.logger)
    },
    load: loadRoute,
    track(work) {
      const settled: Promise<unknown> = work.then(
        () => pending.delete(settled),
        () => pending.delete(settled),
      )
      pending.add(settled)
    },
    async drain() {
      while (pending.size > 0) await Promise.all([...pending])
    },
  }
}
