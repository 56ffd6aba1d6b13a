// @fresco/cache: the ISR engine. No React, no Vite, no HTTP; zero runtime dependencies.

export { createManualClock, type ManualClock, systemClock } from './clock.js'
export { errors, FrescoCacheError } from './errors.js'
export {
  type AgeFreshness,
  ageFreshness,
  DEFAULT_EXPIRE,
  expireAfter,
  explainFreshness,
  type Freshness,
  freshness,
  nextTagState,
  retryBackoffMs,
  type TagFreshness,
  type TagStateReader,
  tagFreshness,
  tagStateFreshness,
} from './freshness.js'
export { createFsHandler, type FsHandler, type FsHandlerOptions, type GcResult } from './handlers/fs.js'
export { createFsInspector } from './handlers/fs-inspect.js'
export { createIpcHandler, type IpcHandlerOptions } from './handlers/ipc.js'
export { createIpcHost, type IpcHost, type IpcHostOptions } from './handlers/ipc-host.js'
export { type IpcChannel, type NodeIpcEnd, nodeChannel } from './handlers/ipc-protocol.js'
export { createMemoryHandler, type MemoryHandler, type MemoryHandlerOptions } from './handlers/memory.js'
export { createRedisHandler, type RedisClientLike, type RedisHandlerOptions } from './handlers/redis.js'
export { createRedisInspector } from './handlers/redis-inspect.js'
export { ENTRY_OVERHEAD_BYTES, entryByteSize } from './handlers/size.js'
export { storedBrotli } from './handlers/stored-coding.js'
export { createTieredHandler, type TieredHandlerOptions } from './handlers/tiered.js'
export type { CacheInspector, InspectedEntry } from './inspect.js'
export { consoleLogger, createLogger, type LoggerOptions, silentLogger } from './logger.js'
export type { CacheHandlerStats, CacheObserver, RegenerationOutcome } from './observer.js'
export {
  type CacheResult,
  createResponseCache,
  type GetOptions,
  type Regenerate,
  type RegenerateContext,
  type ResponseCache,
  type ResponseCacheOptions,
} from './response-cache.js'
export { createSingleFlight, type SingleFlight } from './single-flight.js'
export {
  IMPLICIT_TAG_PREFIX,
  implicitTags,
  limitTags,
  MAX_PATH_LENGTH,
  MAX_TAG_LENGTH,
  MAX_TAGS,
  pathTag,
  routePath,
} from './tags.js'
export type {
  CacheEntry,
  CacheHandler,
  CacheStatus,
  Clock,
  EntryKind,
  Lease,
  Logger,
  TagState,
  UpdateTagsOptions,
} from './types.js'
export { assertKey, MAX_KEY_LENGTH, validateEntry } from './validate.js'
