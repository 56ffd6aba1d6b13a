// The Redis cache handler: entries as binary values with a TTL, tag state in one hash mirrored
// locally, cluster-wide leases, and pub/sub between instances. Every Redis failure degrades to
// "no shared cache" (miss, dropped write, local lease) and heals by itself. See docs/design/redis.md.
import { randomUUID } from 'node:crypto'
import { DEFAULT_EXPIRE } from '../freshness.js'
import { consoleLogger } from '../logger.js'
import type { CacheEntry, CacheHandler, Clock, Logger } from '../types.js'
import { decodeEntry, encodeEntry, isNewerFormat } from './redis-codec.js'
import { createRedisConnection, type RedisClientLike } from './redis-connection.js'
import { createRedisKeys } from './redis-keys.js'
import { createRedisLeases } from './redis-lease.js'
import { createRedisPubSub } from './redis-pubsub.js'
import { createRedisTagMirror } from './redis-tags.js'

export type { RedisClientLike } from './redis-connection.js'

export interface RedisHandlerOptions {
  /** redis:// or rediss:// URL; defaults to `process.env.REDIS_URL`. Ignored when `client` is given. */
  url?: string
  /** Your own ioredis `Redis` or `Cluster` client (Sentinel, TLS, auth…). It is not closed by `close()`. */
  client?: RedisClientLike
  /** Namespace of every key and channel. Default `'fresco'`. */
  prefix?: string
  /** Route entries are stored under it, so a new build starts with an empty route cache. */
  buildId?: string
  /** No command waits longer than this; then it counts as a miss / dropped write. Default 500. */
  commandTimeoutMs?: number
  /** How long `ready()` waits for a first connection before starting without Redis. Default 2000. */
  connectTimeoutMs?: number
  /** Full reload of the tag mirror, healing missed pub/sub messages. Default 30000. */
  resyncIntervalMs?: number
  /** TTL of entries without `expire`, the cap on every TTL, and how long tag state is kept. Default one year. */
  maxExpireSeconds?: number
  clock?: Clock
  logger?: Logger
}

export function createRedisHandler(options: RedisHandlerOptions = {}): CacheHandler {
  const clock = options.clock ?? { now: Date.now }
  const logger = options.logger ?? consoleLogger
  const maxExpire = options.maxExpireSeconds ?? DEFAULT_EXPIRE
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000
  const keys = createRedisKeys(options.prefix ?? 'fresco', options.buildId)
  const conn = createRedisConnection({
    ...(options.client ? { client: options.client } : { url: options.url ?? process.env.REDIS_URL }),
    commandTimeoutMs: options.commandTimeoutMs ?? 500,
    logger,
  })
  const origin = randomUUID()
  const tags = createRedisTagMirror({
    conn,
    keys,
    clock,
    logger,
    origin,
    maxAgeMs: maxExpire * 1000,
  })
  const leases = createRedisLeases(conn, keys)
  const pubsub = createRedisPubSub({
    conn,
    keys,
    origin,
    onTagMessage: (message) => tags.handleMessage(message),
    onResubscribe: () => void tags.resync().catch(() => {}),
  })
  conn.health.onRecover(() => void tags.recover().catch(() => {}))
  // While Redis is unreachable no "entry written" notice can arrive: waiters render themselves.
  conn.health.onDown(() => pubsub.wakeAll())
  const timer = setInterval(() => void tags.resync().catch(() => {}), options.resyncIntervalMs ?? 30_000)
  timer.unref() // a cache must never keep the process alive

  // Start loading at once, so the mirror fills even if nobody awaits ready().
  const started = conn
    .whenReady(connectTimeoutMs)
    .then(() =>
      Promise.all([tags.resync().catch(() => {}), pubsub.subscribed(connectTimeoutMs)]).then(() => {}),
    )
  started.catch(() => {})

  // Per-operation failures are debug lines: the outage itself is logged once by the connection.
  const drop = (what: string, key: string) => (error: unknown) => {
    if (logger.debugEnabled !== false)
      logger.debug(`redis: ${what} of ${key} dropped: ${(error as Error).message}`)
  }

  return {
    name: 'redis',
    ready: () => started,
    async get(key) {
      const redisKey = keys.entry(key)
      let raw: Buffer | null
      try {
        raw = await conn.call('GET', (c) => c.getBuffer(redisKey))
      } catch (error) {
        // A non-string value under our prefix (WRONGTYPE) is foreign: remove it like any other.
        if ((error as Error).name === 'ReplyError')
          await conn.call('DEL', (c) => c.del(redisKey)).catch(() => {})
        else drop('read', key)(error)
        return undefined
      }
      if (!raw) return undefined
      const entry = decodeEntry(raw)
      if (!entry && !isNewerFormat(raw)) {
        logger.warn(`redis: deleted an unreadable value at ${redisKey} (foreign or truncated)`)
        await conn.call('DEL', (c) => c.del(redisKey)).catch(() => {})
      }
      return entry
    },
    async set(key, entry) {
      const redisKey = keys.entry(key)
      const ttlMs = Math.ceil(Math.min(entry.expire ?? maxExpire, maxExpire) * 1000 - ageMs(entry))
      try {
        // Past its expire window the entry can never be served again: nothing to store.
        if (ttlMs <= 0) await conn.call('DEL', (c) => c.del(redisKey))
        else await conn.call('SET', (c) => c.set(redisKey, encodeEntry(entry), 'PX', ttlMs))
      } catch (error) {
        return drop('write', key)(error)
      }
      pubsub.entrySet(key)
      await announce(key)
    },
    async delete(key) {
      try {
        await conn.call('DEL', (c) => c.del(keys.entry(key)))
      } catch (error) {
        return drop('delete', key)(error)
      }
      // Other instances drop their L1 copy; a waiter wakes and renders instead of timing out.
      await announce(key)
    },
    updateTags: (list, opts) => tags.update(list, opts),
    getTagState: (tag) => tags.get(tag),
    onTagUpdate: (listener) => tags.onUpdate(listener),
    acquireLease: (key, ttlMs) => leases.acquire(key, ttlMs),
    waitForEntry: (key, timeoutMs) =>
      conn.health.down || !pubsub.active ? Promise.resolve() : pubsub.waitForEntry(key, timeoutMs),
    onRemoteEntry: (listener) => pubsub.onRemoteEntry(listener),
    stats: () => ({ redisUp: !conn.health.down }),
    async close() {
      clearInterval(timer)
      pubsub.close()
      await conn.close()
    },
  }

  async function announce(key: string): Promise<void> {
    await conn
      .call('PUBLISH', (c) => c.publish(keys.setChannel, pubsub.notice(key)))
      .catch(drop('notice', key))
  }

  function ageMs(entry: CacheEntry): number {
    return Math.max(0, clock.now() - entry.lastModified)
  }
}
