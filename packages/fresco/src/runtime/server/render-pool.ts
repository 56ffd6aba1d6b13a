// The seam between the app (inside the server bundle) and the render pool of `fresco start`
// (node/render-pool.ts, outside it): the worker threads that render cached entries so that no render
// runs on the event loop that answers HITs (issue 9 goal 2; docs/design/server.md, "The render
// pool"). The app keeps the cache, single flight and every HIT; a pooled render only answers the
// entry, which the app's response cache stores as if it had rendered it itself.
import type { CacheEntry, CacheHandler, Clock, ResponseCache } from '@fresco/cache'
import type { Params } from '../render/payload.js'

interface PooledJobInput {
  routeId: string
  /** The canonical pathname (the plan's match.pathname, decoded). */
  pathname: string
  params: Params
  /** The path's implicit tags: the worker judges the data entries it reads by their state. */
  implicitTags: string[]
  /** The trace context of the main thread's render span (tracing only); never reaches the entry. */
  trace?: Record<string, string>
}

/**
 * One cachedRender, as the plan names it: never the request that triggered it (invariant 9). The
 * router says whose route table `routeId` belongs to: the App Router's and the Pages Router's ids
 * are looked up in different tables and rendered by different cachedRenders.
 */
export type PooledRenderJob = AppRenderJob | PagesRenderJob

export type AppRenderJob = PooledJobInput & { router: 'app' }

export type PagesRenderJob = PooledJobInput & {
  router: 'pages'
  /** getStaticProps' `revalidateReason`, decided on the main thread from the regeneration's reason. */
  revalidateReason: 'stale' | 'on-demand'
}

export interface RenderPool {
  /** Rejects like a failed render (thrown in the page, the worker crashed or hung). */
  render(job: PooledRenderJob, signal: AbortSignal): Promise<CacheEntry>
  /** Ends every worker (after the app's last flight settled). */
  close(): Promise<void>
}

/** What the app lends the pool: its one cache, which the workers reach through messages. */
export interface RenderPoolHost {
  handler: CacheHandler
  /** The app's ResponseCache.revalidateTags: a worker's revalidateTag lands as the app's own. */
  revalidateTags: ResponseCache['revalidateTags']
  clock: Clock
}

/** Made by `fresco start`, called by createApp once its cache exists. */
export type RenderPoolFactory = (host: RenderPoolHost) => RenderPool
