// The one validator of fresco.config: it checks every key and yields the defaults, so no other
// module re-validates or invents its own default. Environment variables are applied here too.
import { availableParallelism } from 'node:os'
import { DEFAULT_ACTION_BODY_SIZE_LIMIT, DEFAULT_BODY_SIZE_LIMIT, MB, ONE_YEAR } from '../defaults.js'
import { invalidConfigValueError, unknownConfigKeyError } from '../errors.js'
import { parseBytes } from './bytes.js'
import { readCdn } from './cdn.js'
import type { Bad } from './checks.js'
import { didYouMean } from './did-you-mean.js'
import { type Env, isRedisUrl, readFlag, readPort, readRedisUrlEnv } from './env.js'
import { type ResolvedImages, readImages } from './images.js'
import { readInspector } from './inspector.js'
import { readMetrics } from './metrics.js'
import { NEXT_STYLE_KEYS, readNextStyle } from './next-style.js'
import { readRouting } from './routing.js'
import type { CacheHandlerOption, ResolvedConfig } from './types.js'

export type { Env } from './env.js'

export interface ResolveOptions {
  /** Names the config file in errors. Default 'fresco.config'. */
  file?: string
  env?: Env
  /** What prerenderWorkers: 'auto' means. Default os.availableParallelism(). */
  cores?: number
}

const DEFAULTS = {
  cacheDir: '.fresco/cache',
  cacheMaxMemorySize: 50 * MB,
  // Big enough for ~20k pages of 50 KB; small enough that a flood of URLs cannot fill a disk.
  cacheMaxDiskSize: 1024 * MB,
  expireTime: ONE_YEAR,
  staleTimes: { dynamic: 0, static: 300 },
  bodySizeLimit: DEFAULT_BODY_SIZE_LIMIT,
  actionBodySizeLimit: DEFAULT_ACTION_BODY_SIZE_LIMIT,
  /** Renders in flight per prerender worker: one renders while the others await data or the cache. */
  prerenderConcurrencyPerWorker: 4,
  maxPrerenderWorkers: 256,
  renderConcurrency: 16,
  /** One render thread: renders leave the loop that answers HITs for one isolate's memory. */
  // Opt-in: module state shared by every render (as on `next start`) matters more to apps moving
  // from Next.js than the pool's p99, which a loaded 2-core machine could not show (bench/RESULTS.md).
  renderWorkers: 0,
  maxRenderWorkers: 64,
  regenerationTimeout: 60,
  shutdownTimeout: 10,
  regenerationWait: 2,
  port: 3000,
  redisPrefix: 'fresco',
  // What Next.js gives a cached render (`http://localhost:3000/<path>`), so apps port unchanged.
  origin: 'http://localhost:3000',
}

const TOP_KEYS = [
  'cacheHandler',
  'cacheDir',
  'cacheMaxMemorySize',
  'cacheMaxDiskSize',
  'expireTime',
  'staleTimes',
  'logging',
  'bodySizeLimit',
  'serverActions',
  'prerenderWorkers',
  'prerenderConcurrency',
  'renderConcurrency',
  'renderWorkers',
  'regenerationTimeout',
  'regenerationWait',
  'redis',
  'origin',
  'trustProxy',
  'shutdownTimeout',
  'workers',
  'images',
  'cdn',
  'basePath',
  'redirects',
  'rewrites',
  ...NEXT_STYLE_KEYS,
  'metrics',
  'inspector',
  'output',
] as const

const HANDLER_METHODS = ['get', 'set', 'delete', 'updateTags', 'getTagState'] as const

export function resolveConfig(user: unknown, options: ResolveOptions = {}): ResolvedConfig {
  const file = options.file ?? 'fresco.config'
  const env = options.env ?? process.env
  const bad = (key: string, value: unknown, allowed: string) =>
    invalidConfigValueError(file, key, value, allowed)

  const c = user === undefined || user === null ? {} : user
  if (!isPlainObject(c))
    throw bad('export default', c, 'Export an object: export default defineConfig({ … }).')
  checkKeys(file, '', c, TOP_KEYS)

  const int = (
    key: string,
    value: unknown,
    fallback: number,
    min: number,
    allowed: string,
    max = Number.MAX_SAFE_INTEGER,
  ): number => {
    if (value === undefined) return fallback
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value
    throw bad(key, value, allowed)
  }
  const size = (key: string, value: unknown, fallback: number): number => {
    if (value === undefined) return fallback
    const bytes = parseBytes(value)
    if (bytes === null)
      throw bad(key, value, "Use a number of bytes or a size string such as '1mb' or '512kb'.")
    return bytes
  }
  const object = (key: string, value: unknown, keys: readonly string[]): Record<string, unknown> => {
    if (value === undefined) return {}
    if (!isPlainObject(value)) throw bad(key, value, `Use an object with ${keys.join(', ')}.`)
    checkKeys(file, `${key}.`, value, keys)
    return value
  }

  const staleTimes = object('staleTimes', c.staleTimes, ['dynamic', 'static'])
  const serverActions = object('serverActions', c.serverActions, ['bodySizeLimit', 'allowedOrigins'])
  const redis = object('redis', c.redis, ['url', 'prefix'])
  const redisUrl = readRedisUrl(redis.url, env, bad)
  const redisPrefix = readRedisPrefix(redis.prefix, bad)
  const cacheHandler = readCacheHandler(c.cacheHandler, redisUrl, bad)
  if (cacheHandler === 'redis' && !redisUrl) {
    throw bad('cacheHandler', 'redis', 'Set redis.url in the config or the REDIS_URL environment variable.')
  }
  if (c.cacheDir !== undefined && (typeof c.cacheDir !== 'string' || c.cacheDir.trim() === '')) {
    throw bad('cacheDir', c.cacheDir, "Use a directory path such as '.fresco/cache'.")
  }
  const allowedOrigins = serverActions.allowedOrigins ?? []
  if (!Array.isArray(allowedOrigins) || allowedOrigins.some((o) => typeof o !== 'string' || o === '')) {
    throw bad(
      'serverActions.allowedOrigins',
      allowedOrigins,
      "Use an array of hosts, e.g. ['example.com', '*.example.com'].",
    )
  }

  const prerenderWorkers = readPrerenderWorkers(
    c.prerenderWorkers,
    options.cores ?? availableParallelism(),
    bad,
  )
  const routing = readRouting(c, bad)

  return {
    cacheHandler,
    cacheDir: (c.cacheDir as string | undefined) ?? DEFAULTS.cacheDir,
    cacheMaxMemorySize: size('cacheMaxMemorySize', c.cacheMaxMemorySize, DEFAULTS.cacheMaxMemorySize),
    cacheMaxDiskSize: readDiskSize(c.cacheMaxDiskSize, bad),
    expireTime: int(
      'expireTime',
      c.expireTime,
      DEFAULTS.expireTime,
      1,
      'Use a positive whole number of seconds.',
    ),
    staleTimes: {
      dynamic: int(
        'staleTimes.dynamic',
        staleTimes.dynamic,
        DEFAULTS.staleTimes.dynamic,
        0,
        'Use 0 or a positive whole number of seconds.',
      ),
      static: int(
        'staleTimes.static',
        staleTimes.static,
        DEFAULTS.staleTimes.static,
        30,
        'Use a whole number of seconds, at least 30.',
      ),
    },
    bodySizeLimit: size('bodySizeLimit', c.bodySizeLimit, DEFAULTS.bodySizeLimit),
    logging: readLogging(file, c.logging, bad),
    serverActions: {
      bodySizeLimit: size(
        'serverActions.bodySizeLimit',
        serverActions.bodySizeLimit,
        DEFAULTS.actionBodySizeLimit,
      ),
      allowedOrigins: [...(allowedOrigins as string[])],
    },
    prerenderWorkers,
    prerenderConcurrency: int(
      'prerenderConcurrency',
      c.prerenderConcurrency,
      DEFAULTS.prerenderConcurrencyPerWorker * prerenderWorkers,
      1,
      'Use a whole number, at least 1 (the renders in flight across all prerender workers).',
    ),
    renderConcurrency: int(
      'renderConcurrency',
      c.renderConcurrency,
      DEFAULTS.renderConcurrency,
      1,
      'Use a whole number, at least 1.',
    ),
    renderWorkers: int(
      'renderWorkers',
      c.renderWorkers,
      DEFAULTS.renderWorkers,
      0,
      `Use a whole number from 0 to ${DEFAULTS.maxRenderWorkers} (the render threads of each \`fresco start\` process; 0 renders on the thread that answers requests).`,
      DEFAULTS.maxRenderWorkers,
    ),
    regenerationTimeout: int(
      'regenerationTimeout',
      c.regenerationTimeout,
      DEFAULTS.regenerationTimeout,
      1,
      'Use a positive whole number of seconds.',
    ),
    regenerationWait: readSeconds(
      'regenerationWait',
      c.regenerationWait,
      DEFAULTS.regenerationWait,
      'Use a number of seconds >= 0, e.g. 2 (0 = never wait when a last good entry exists).',
      bad,
    ),
    redis: redisUrl ? { url: redisUrl, prefix: redisPrefix } : null,
    origin: readOrigin(c.origin, bad),
    trustProxy: readTrustProxy(c.trustProxy, bad),
    shutdownTimeout: int(
      'shutdownTimeout',
      c.shutdownTimeout,
      DEFAULTS.shutdownTimeout,
      1,
      'Use a positive whole number of seconds.',
    ),
    workers: readWorkers(c.workers, bad),
    images: underBasePath(
      readImages(c.images, bad, (prefix, obj, keys) => checkKeys(file, prefix, obj, keys)),
      routing.basePath,
    ),
    cdn: readCdn(c.cdn, bad, (prefix, obj, keys) => checkKeys(file, prefix, obj, keys)),
    ...routing,
    ...readNextStyle(c, bad),
    metrics: readMetrics(c.metrics, bad, (prefix, obj, keys) => checkKeys(file, prefix, obj, keys)),
    inspector: readInspector(c.inspector, env.FRESCO_INSPECTOR_SECRET, bad, (prefix, obj, keys) =>
      checkKeys(file, prefix, obj, keys),
    ),
    output: readOutput(c.output, bad),
    port: readPort(env.PORT, DEFAULTS.port),
    debugCache: readFlag('FRESCO_DEBUG_CACHE', env.FRESCO_DEBUG_CACHE),
  }
}

/** next/image's endpoint lives under basePath, as Next prefixes its default `images.path`. */
function underBasePath(images: ResolvedImages, basePath: string): ResolvedImages {
  return basePath === '' ? images : { ...images, path: basePath + images.path }
}

function readCacheHandler(value: unknown, redisUrl: string | undefined, bad: Bad): CacheHandlerOption {
  // REDIS_URL alone switches a multi-instance deployment to the shared handler.
  if (value === undefined) return redisUrl ? 'redis' : 'fs'
  if (value === 'fs' || value === 'memory' || value === 'redis') return value
  if (isObject(value) && HANDLER_METHODS.every((m) => typeof value[m] === 'function')) {
    return value as unknown as CacheHandlerOption
  }
  throw bad(
    'cacheHandler',
    value,
    `Use 'fs', 'memory', 'redis' or a CacheHandler object from @fresco/cache (with ${HANDLER_METHODS.join(', ')}).`,
  )
}

/** What `fresco build` emits besides .fresco/: 'standalone' adds .fresco/standalone (build/standalone.ts). */
function readOutput(value: unknown, bad: Bad): 'standalone' | null {
  if (value === undefined || value === null) return null
  if (value === 'standalone') return value
  throw bad(
    'output',
    value,
    "Use 'standalone' (a folder that runs with `node server.js` without the app's node_modules), or leave it out.",
  )
}

/** `fresco start` processes: a whole number >= 1, or 'auto' (one per core, counted at start). */
export function readWorkers(value: unknown, bad: Bad): number | 'auto' {
  if (value === undefined) return 1
  if (value === 'auto' || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1))
    return value
  throw bad('workers', value, "Use a whole number >= 1, or 'auto' (one worker per available core).")
}

function readPrerenderWorkers(value: unknown, cores: number, bad: Bad): number {
  if (value === undefined || value === 'auto')
    return Math.min(Math.max(1, cores), DEFAULTS.maxPrerenderWorkers)
  if (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 1 &&
    value <= DEFAULTS.maxPrerenderWorkers
  )
    return value
  throw bad(
    'prerenderWorkers',
    value,
    `Use 'auto' (one worker per available core) or a whole number from 1 to ${DEFAULTS.maxPrerenderWorkers} (1 = render in the main thread).`,
  )
}

function readTrustProxy(value: unknown, bad: Bad): boolean {
  if (value === undefined) return false
  if (typeof value === 'boolean') return value
  throw bad(
    'trustProxy',
    value,
    'Use true (X-Forwarded-Proto and X-Forwarded-Host come from your own proxy) or false.',
  )
}

function readDiskSize(value: unknown, bad: Bad): number | false {
  if (value === undefined) return DEFAULTS.cacheMaxDiskSize
  if (value === false) return false
  const bytes = parseBytes(value)
  if (bytes === null || bytes === 0)
    throw bad(
      'cacheMaxDiskSize',
      value,
      "Use a number of bytes or a size string such as '1gb' or '500mb', or false for no budget.",
    )
  return bytes
}

/** Seconds that may be fractional (0.5) or 0. */
function readSeconds(key: string, value: unknown, fallback: number, allowed: string, bad: Bad): number {
  if (value === undefined) return fallback
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value
  throw bad(key, value, allowed)
}

function readRedisUrl(value: unknown, env: Env, bad: Bad): string | undefined {
  if (value === undefined) return readRedisUrlEnv(env.REDIS_URL)
  if (typeof value === 'string' && isRedisUrl(value)) return value
  throw bad('redis.url', value, "Use a redis:// or rediss:// URL, e.g. 'redis://localhost:6379'.")
}

function readRedisPrefix(value: unknown, bad: Bad): string {
  if (value === undefined) return DEFAULTS.redisPrefix
  if (typeof value === 'string' && /^[A-Za-z0-9:_-]+$/.test(value)) return value
  throw bad(
    'redis.prefix',
    value,
    "Use a non-empty string of letters, digits, ':', '_' and '-', e.g. 'shop' or 'shop:staging'.",
  )
}

/** An absolute http(s) origin: scheme, host and port only (no path, query, fragment or user). */
function readOrigin(value: unknown, bad: Bad): string {
  if (value === undefined) return DEFAULTS.origin
  const allowed =
    "Use an origin such as 'https://example.com' (http or https, no path, query or credentials)."
  if (typeof value !== 'string') throw bad('origin', value, allowed)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw bad('origin', value, allowed)
  }
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !bare) throw bad('origin', value, allowed)
  return url.origin
}

function readLogging(file: string, value: unknown, bad: Bad): ResolvedConfig['logging'] {
  if (value === false) return false
  if (value === undefined) return { fetches: { fullUrl: false } }
  if (!isPlainObject(value)) throw bad('logging', value, 'Use false or { fetches: { fullUrl: boolean } }.')
  checkKeys(file, 'logging.', value, ['fetches'])
  const fetches = value.fetches ?? {}
  if (!isPlainObject(fetches)) throw bad('logging.fetches', fetches, 'Use { fullUrl: boolean }.')
  checkKeys(file, 'logging.fetches.', fetches, ['fullUrl'])
  const fullUrl = fetches.fullUrl ?? false
  if (typeof fullUrl !== 'boolean') throw bad('logging.fetches.fullUrl', fullUrl, 'Use true or false.')
  return { fetches: { fullUrl } }
}

function checkKeys(
  file: string,
  prefix: string,
  obj: Record<string, unknown>,
  allowed: readonly string[],
): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue
    const suggestion = didYouMean(key, allowed)
    throw unknownConfigKeyError(
      file,
      prefix + key,
      allowed.map((k) => prefix + k),
      suggestion && prefix + suggestion,
    )
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!isObject(v) || Array.isArray(v)) return false
  // Any realm's Object.prototype (a config evaluated by Vite's module runner included).
  const proto = Object.getPrototypeOf(v)
  return proto === null || Object.getPrototypeOf(proto) === null
}
