// The shape of fresco.config.ts as the user writes it (every key optional) and as the
// framework reads it after validation (every key present, defaults applied).
import type { CacheHandler } from '@fresco/cache'
import type { CdnOptions, ResolvedCdn } from './cdn.js'
import type { ImagesOptions, ResolvedImages } from './images.js'
import type { InspectorOptions, ResolvedInspector } from './inspector.js'
import type { MetricsOptions, ResolvedMetrics } from './metrics.js'
import type { HeaderRule, ResolvedNextStyle } from './next-style.js'
import type { Redirect, ResolvedRouting, RewritesResult } from './routing.js'

export type CacheHandlerOption = 'fs' | 'memory' | 'redis' | CacheHandler

export interface FrescoConfig {
  /** Where cache entries live. Default 'fs' ('redis' when REDIS_URL is set). */
  cacheHandler?: CacheHandlerOption
  /** Directory of the fs handler, relative to the project root. Default '.fresco/cache'. */
  cacheDir?: string
  /** In-memory (L1) cache budget in bytes, or a size string ('50mb'). 0 disables it. Default 50 MB. */
  cacheMaxMemorySize?: number | string
  /**
   * Byte budget of the fs cache directory ('1gb', 500_000_000); false = no budget. Past it, expired
   * entries go first, then the least recently used. Default '1gb'.
   */
  cacheMaxDiskSize?: number | string | false
  /** Seconds after which a stale entry may no longer be served at all. Default one year. */
  expireTime?: number
  /** Client router cache lifetimes in seconds. Default { dynamic: 0, static: 300 }. */
  staleTimes?: { dynamic?: number; static?: number }
  /** Fetch logging during development; false turns it off. */
  logging?: { fetches?: { fullUrl?: boolean } } | false
  /**
   * Largest request body the server reads for any request (route handlers, actions): bytes or a
   * size string. Larger bodies get 413. Default '10mb'. Server Actions also have their own limit.
   */
  bodySizeLimit?: number | string
  serverActions?: {
    /** Largest accepted action body: bytes or a size string. Default '1mb'. */
    bodySizeLimit?: number | string
    /** Extra origins (host[:port], wildcards allowed) allowed to post Server Actions. */
    allowedOrigins?: string[]
  }
  /**
   * Worker threads that prerender pages during `fresco build`: 'auto' (default) = one per available
   * core, or a whole number from 1 to 256. 1 renders in the main thread, without workers.
   */
  prerenderWorkers?: 'auto' | number
  /** Pages prerendered at the same time during `fresco build`, across all workers. Default 4 per worker. */
  prerenderConcurrency?: number
  /**
   * Renders `fresco start` runs at once (cache misses, regenerations, dynamic pages, 404 pages);
   * the others wait their turn in arrival order. Default 16.
   */
  renderConcurrency?: number
  /**
   * Worker threads of each `fresco start` process that render cached pages (cache misses, ISR and
   * on-demand regenerations), so that no render holds the thread answering cached requests: a
   * whole number from 0 to 64. 0 renders on that thread. Dynamic pages render on it either way.
   * Default 1 (docs/guide/deploying.md, "Render threads").
   */
  renderWorkers?: number
  /** Seconds a background regeneration may take before it is abandoned. Default 60. */
  regenerationTimeout?: number
  /**
   * The origin every cached render (prerender, ISR regeneration) sees as its `request.url`:
   * never the Host, scheme or query of the request that triggered it. Default
   * 'http://localhost:3000', what Next.js gives a static render.
   */
  origin?: string
  /**
   * Believe X-Forwarded-Proto / X-Forwarded-Host (first value, validated) for the request URL and
   * the Server Action origin check. Only behind a proxy that sets them. Default false.
   */
  trustProxy?: boolean
  /** Seconds SIGTERM waits for in-flight requests and cache writes before exiting. Default 10. */
  shutdownTimeout?: number
  /**
   * Processes `fresco start` serves the app with (`--workers` overrides it): a whole number, or
   * 'auto' for one per available core. They share one port and, without Redis, one cache owned by
   * the primary process (docs/guide/deploying.md, "Workers"). Default 1.
   */
  workers?: number | 'auto'
  /**
   * Seconds a request waits for a regeneration when a last good entry exists (a page whose tag
   * was revalidated): past it the request gets that entry (STALE) while the regeneration runs on.
   * 0 = never wait. Default 2.
   */
  regenerationWait?: number
  /** next/image and the image optimisation endpoint (/_fresco/image): see config/images.ts. */
  images?: ImagesOptions
  /** Cache tags for a CDN and the CDNs / proxies to purge on revalidation: see config/cdn.ts. */
  cdn?: CdnOptions
  /**
   * next.config's basePath ('/docs'), validated; not served yet: `fresco build` and `fresco dev`
   * refuse a non-empty one (docs/guide/differences-from-nextjs.md). Default ''.
   */
  basePath?: string
  /** As next.config's redirects(): run before middleware (docs/guide/middleware.md). */
  redirects?: () => Redirect[] | Promise<Redirect[]>
  /** As next.config's rewrites(): an array (afterFiles) or { beforeFiles, afterFiles, fallback }. */
  rewrites?: () => RewritesResult | Promise<RewritesResult>
  /** As next.config's headers(): response headers by path; they win over Fresco's (config/next-style.ts). */
  headers?: () => HeaderRule[] | Promise<HeaderRule[]>
  /** As next.config's: true makes `/about/` canonical (`/about` → 308). Default false. */
  trailingSlash?: boolean
  /** As next.config's env: inlined as process.env.NAME into server and client code at build. */
  env?: Record<string, string>
  /** As next.config's: compress streamed (dynamic) responses. Default true; cached pages are stored pre-compressed. */
  compress?: boolean
  /**
   * Prometheus metrics of `fresco start` on a listener of their own (never the public port):
   * { port: 9464 } serves http://127.0.0.1:9464/metrics. Default off (docs/guide/operations.md).
   */
  metrics?: MetricsOptions | false
  /**
   * The cache inspector page of `fresco start` at /_fresco/inspector, guarded by this secret.
   * Default off; FRESCO_INSPECTOR_SECRET also turns it on (docs/guide/operations.md).
   */
  inspector?: InspectorOptions | false
  /**
   * 'standalone': `fresco build` also writes .fresco/standalone, the server with only the files and
   * packages it needs, run with `node server.js` (docs/guide/operations.md#standalone-output).
   */
  output?: 'standalone'
  /** Redis connection for cacheHandler 'redis'. */
  redis?: {
    /** redis:// or rediss:// URL. Default: REDIS_URL. */
    url?: string
    /**
     * Namespace of every key and channel (letters, digits, ':', '_', '-'). Give each app or
     * environment sharing one Redis its own. Default 'fresco'.
     */
    prefix?: string
  }
}

export interface ResolvedConfig extends ResolvedRouting, ResolvedNextStyle {
  cacheHandler: CacheHandlerOption
  cacheDir: string
  cacheMaxMemorySize: number
  cacheMaxDiskSize: number | false
  expireTime: number
  staleTimes: { dynamic: number; static: number }
  logging: { fetches: { fullUrl: boolean } } | false
  bodySizeLimit: number
  serverActions: { bodySizeLimit: number; allowedOrigins: string[] }
  /** Resolved: 'auto' is the number of available cores. */
  prerenderWorkers: number
  prerenderConcurrency: number
  renderConcurrency: number
  renderWorkers: number
  regenerationTimeout: number
  regenerationWait: number
  /** Set when a Redis URL is configured (redis.url or REDIS_URL). */
  redis: { url: string; prefix: string } | null
  origin: string
  trustProxy: boolean
  shutdownTimeout: number
  workers: number | 'auto'
  images: ResolvedImages
  cdn: ResolvedCdn
  /** null = no metrics endpoint (the default). */
  metrics: ResolvedMetrics | null
  /** null = no inspector page (the default). Never baked into the build (serializable.ts). */
  inspector: ResolvedInspector | null
  /** 'standalone' when `fresco build` writes .fresco/standalone; null otherwise (the default). */
  output: 'standalone' | null
  /** From PORT (default 3000); the CLI's --port overrides it. */
  port: number
  /** From FRESCO_DEBUG_CACHE: log every cache decision. */
  debugCache: boolean
}
