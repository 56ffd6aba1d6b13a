// The Redis connection of the handler: lazy ioredis import, fail-fast commands (never queued while
// disconnected, bounded by a timeout), a second connection for pub/sub, and outage tracking.
import type { RedisOptions } from 'ioredis'
import type { Logger } from '../types.js'
import {
  redisClientMissing,
  redisNoConnection,
  redisNotReady,
  redisTimeout,
  redisUnresponsive,
} from './redis-errors.js'
import { createRedisHealth, type RedisHealth } from './redis-health.js'

/** The subset of an ioredis `Redis` or `Cluster` client the handler uses. */
export interface RedisClientLike {
  readonly status: string
  getBuffer(key: string): Promise<Buffer | null>
  set(key: string, value: string | Buffer, px: 'PX', ms: number): Promise<unknown>
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<unknown>
  del(key: string): Promise<number>
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>
  hgetall(key: string): Promise<Record<string, string>>
  publish(channel: string, message: string): Promise<number>
  subscribe(...channels: string[]): Promise<unknown>
  duplicate(): RedisClientLike
  on(event: 'error', listener: (error: Error) => void): unknown
  on(event: 'ready' | 'end' | 'close', listener: () => void): unknown
  on(event: 'message', listener: (channel: string, message: string) => void): unknown
  quit(): Promise<unknown>
  disconnect(): void
  /** Only needed for clients created with `lazyConnect: true`. */
  connect?(): Promise<unknown>
}

export interface RedisConnectionOptions {
  url?: string
  client?: RedisClientLike
  commandTimeoutMs: number
  logger: Logger
}

export interface RedisConnection {
  readonly health: RedisHealth
  /** Run one command: rejects fast if not connected, after `commandTimeoutMs` if Redis is slow. */
  call<T>(command: string, fn: (client: RedisClientLike) => Promise<T>): Promise<T>
  /** The pub/sub connection (created on first use). */
  subscriber(): Promise<RedisClientLike>
  /** Resolves when the main connection is ready, or after `timeoutMs` (never rejects for an outage). */
  whenReady(timeoutMs: number): Promise<void>
  close(): Promise<void>
}

export function createRedisConnection(opts: RedisConnectionOptions): RedisConnection {
  const { commandTimeoutMs, logger } = opts
  const health = createRedisHealth(logger)
  const owned = !opts.client
  const clientPromise = opts.client ? Promise.resolve(opts.client) : createClient(opts.url, commandTimeoutMs)
  clientPromise.then(watch, () => {})
  let sub: Promise<RedisClientLike> | undefined
  let closed = false
  // A hung Redis (paused, overloaded) keeps its socket open, so `status` stays 'ready': without
  // this, every command of every request would wait out the timeout. During a known outage one
  // command a second goes through as a probe; the others fail at once.
  const PROBE_EVERY_MS = 1000
  let probeAt = 0

  const readyWaiters = new Set<() => void>()
  function watch(client: RedisClientLike): void {
    // Without an 'error' listener ioredis prints every reconnect failure; we log the outage once instead.
    client.on('error', (error: Error) => health.markDown(error))
    client.on('ready', () => {
      health.markUp()
      for (const resolve of readyWaiters) resolve()
    })
    if (client.status === 'wait') client.connect?.().catch(() => {}) // a lazyConnect client we gate on
  }

  async function ready(client: RedisClientLike, timeoutMs: number): Promise<boolean> {
    if (client.status === 'ready') return true
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        readyWaiters.delete(done)
        resolve()
      }
      const timer = setTimeout(done, timeoutMs)
      readyWaiters.add(done)
    })
    return client.status === 'ready'
  }

  return {
    health,
    async call(command, fn) {
      const client = await clientPromise
      const deadline = Date.now() + commandTimeoutMs
      // Still connecting (first start, or a blip): wait within the budget. Known outage: fail at once.
      if (!closed && !health.down && client.status !== 'ready') await ready(client, commandTimeoutMs)
      if (closed || client.status !== 'ready') {
        const error = redisNotReady(closed ? 'closed' : client.status)
        health.markDown(error)
        throw error
      }
      if (health.down) {
        if (Date.now() < probeAt) throw redisUnresponsive()
        probeAt = Date.now() + PROBE_EVERY_MS
      }
      let timer: NodeJS.Timeout | undefined
      const sent = fn(client)
      const timeout = new Promise<never>((_, reject) => {
        const left = Math.max(1, deadline - Date.now())
        timer = setTimeout(() => reject(redisTimeout(command, commandTimeoutMs)), left)
      })
      try {
        const result = await Promise.race([sent, timeout])
        health.markUp()
        return result
      } catch (error) {
        sent.catch(() => {}) // the losing promise must not become an unhandled rejection
        // A reply error (WRONGTYPE, NOSCRIPT…) means Redis answered: not an outage.
        if ((error as Error).name !== 'ReplyError') health.markDown(error)
        throw error
      } finally {
        clearTimeout(timer)
      }
    },
    subscriber() {
      sub ??= clientPromise.then((client) => {
        const s = client.duplicate()
        s.on('error', () => {}) // outages are reported by the main connection
        return s
      })
      return sub
    },
    async whenReady(timeoutMs) {
      await ready(await clientPromise, timeoutMs)
    },
    async close() {
      closed = true
      for (const resolve of readyWaiters) resolve()
      if (sub) (await sub).disconnect()
      const client = owned ? await clientPromise.catch(() => null) : null
      if (!client) return
      // QUIT lets writes already sent finish; bounded, then the socket is cut either way.
      if (client.status === 'ready') {
        const bound = new Promise((resolve) => setTimeout(resolve, commandTimeoutMs).unref())
        await Promise.race([client.quit().catch(() => {}), bound])
      }
      client.disconnect()
    },
  }
}

async function createClient(url: string | undefined, commandTimeoutMs: number): Promise<RedisClientLike> {
  if (!url) throw redisNoConnection()
  let Redis: typeof import('ioredis').Redis
  try {
    ;({ Redis } = await import('ioredis'))
  } catch (error) {
    throw redisClientMissing(error)
  }
  const options: RedisOptions = {
    enableOfflineQueue: false, // fail fast while disconnected instead of queueing forever
    maxRetriesPerRequest: 0, // a command cut off by a disconnect fails now, never lands minutes later
    autoResendUnfulfilledCommands: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(commandTimeoutMs, 1000),
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2000), // keep reconnecting, ≤ 2 s apart
  }
  return new Redis(url, options) as unknown as RedisClientLike
}
