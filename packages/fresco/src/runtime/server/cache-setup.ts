// The composition root of the caches: one CacheHandler from the config, one ResponseCache shared
// by the route cache and the data layer, so both see the same tag invalidations.
import {
  type CacheHandler,
  type Clock,
  createFsHandler,
  createIpcHandler,
  createMemoryHandler,
  createResponseCache,
  createTieredHandler,
  type IpcChannel,
  type Logger,
  type ResponseCache,
} from '@fresco/cache'
import type { ResolvedConfig } from '../../config/types.js'
import type { AppObserver } from './app-observer.js'
import { entryBrotli } from './compress.js'
import { otherBuildsRoute } from './route-cache.js'
import { tracedHandler } from './traced-handler.js'
import type { Tracer } from './tracer.js'

const FS_GC_INTERVAL_MS = 10 * 60_000
/** How often a server reads invalidations other processes appended to the fs tag journal. */
export const FS_FOLLOW_JOURNAL_MS = 500

/**
 * Whether the workers of `fresco start --workers N` share the store through the primary process:
 * the fs and memory stores belong to one process. Redis is shared already, and a handler object
 * from fresco.config is the user's (each worker uses its own, as each instance would).
 */
export function storeOwnedByPrimary(config: ResolvedConfig): boolean {
  return config.cacheHandler === 'fs' || config.cacheHandler === 'memory'
}

/** Who opens the store, and for which build. */
export interface StoreRole {
  /**
   * `build`: every entry is written once and served many times, so the fs store keeps its bodies
   * brotli-coded (a third of the bytes on disk, and the br coding a server sends without
   * compressing). `serve`: stored as rendered, coded only when a client asks.
   */
  phase: 'build' | 'serve'
  /**
   * The build being made or served (`fresco build`, `fresco start`; not `fresco dev`, whose
   * directory holds the last build's pages): the fs store's GC removes the route entries of every
   * other build.
   */
  buildId?: string
  /**
   * Whether this process is the only writer of the fs directory (default true): false for the image
   * cache of a `--workers` worker, whose sibling workers write the same directory.
   */
  soleWriter?: boolean
}

/** The process-local store: the fs handler, or the memory handler for cacheHandler 'memory'. */
export function createLocalStore(
  config: ResolvedConfig,
  clock: Clock,
  logger: Logger,
  role: StoreRole = { phase: 'serve' },
): CacheHandler {
  if (config.cacheHandler === 'memory')
    return createMemoryHandler({ maxBytes: config.cacheMaxMemorySize, clock, logger })
  return createFsHandler({
    dir: config.cacheDir,
    clock,
    logger,
    defaultExpire: config.expireTime,
    maxBytes: config.cacheMaxDiskSize === false ? undefined : config.cacheMaxDiskSize,
    // Expired entries and a killed writer's temp files go at start, then every 10 minutes.
    gcIntervalMs: FS_GC_INTERVAL_MS,
    // `fresco cache purge` appends to the tag journal from another process.
    followJournalMs: FS_FOLLOW_JOURNAL_MS,
    ...(role.phase === 'build' && { brotli: entryBrotli }),
    ...(role.buildId !== undefined && { obsolete: otherBuildsRoute(role.buildId) }),
    soleWriter: role.soleWriter !== false,
  })
}

/**
 * `primary`: the link to the process that owns the store (a worker of `fresco start --workers`);
 * then the store is reached through it (createIpcHandler) behind this process's memory L1.
 */
export async function createHandler(
  config: ResolvedConfig,
  clock: Clock,
  logger: Logger,
  primary?: IpcChannel,
  role: StoreRole = { phase: 'serve' },
): Promise<CacheHandler> {
  const option = config.cacheHandler
  if (typeof option === 'object') return option
  let shared: CacheHandler
  if (primary && storeOwnedByPrimary(config)) shared = createIpcHandler({ channel: primary, clock, logger })
  else if (option === 'memory') return createLocalStore(config, clock, logger, role)
  else if (option === 'redis')
    shared = await import('@fresco/cache').then((m) =>
      // Route keys already carry the build id (`route:<buildId>:/path`), so no buildId here.
      // TTLs and remembered tag state are capped by the expire window entries are served in.
      m.createRedisHandler({
        url: config.redis?.url,
        prefix: config.redis?.prefix,
        logger,
        clock,
        maxExpireSeconds: config.expireTime,
      }),
    )
  else shared = createLocalStore(config, clock, logger, role)
  if (config.cacheMaxMemorySize <= 0) return shared
  // A bounded memory L1 keeps HITs off the disk / network; freshness still comes from L2's tags.
  return createTieredHandler({
    l1: createMemoryHandler({ maxBytes: config.cacheMaxMemorySize, clock, logger }),
    l2: shared,
  })
}

export async function createCaches(
  config: ResolvedConfig,
  clock: Clock,
  logger: Logger,
  primary?: IpcChannel,
  observer?: AppObserver,
  tracer?: Tracer,
  role?: StoreRole,
): Promise<ResponseCache & { readonly handler: CacheHandler }> {
  const handler = await createHandler(config, clock, logger, primary, role)
  await handler.ready?.()
  observer?.handler(handler)
  const timeoutMs = config.regenerationTimeout * 1000
  const cache = createResponseCache({
    handler: tracedHandler(handler, tracer),
    clock,
    logger,
    timeoutMs,
    // A tag-invalidated page with a hanging source answers its last good entry after this bound.
    regenerationWaitMs: config.regenerationWait * 1000,
    defaultExpire: config.expireTime,
    // The owner renews its lease every ttl/2 while it renders, so a TTL longer than the longest
    // render allowed would only delay another instance taking over after the owner crashed.
    leaseTtlMs: Math.min(30_000, timeoutMs),
    observer: observer?.cache,
  })
  // A handler object from fresco.config.ts belongs to the user; ours are closed after the last
  // flight has written (a Redis connection would otherwise keep `fresco build` alive).
  if (typeof config.cacheHandler === 'object') return { ...cache, handler }
  return {
    ...cache,
    handler, // the render pool's workers reach this handler through messages (render-pool.ts)
    async close() {
      await cache.close()
      await handler.close?.()
    },
  }
}
