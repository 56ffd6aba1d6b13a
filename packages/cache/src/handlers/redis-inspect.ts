// `fresco cache` over Redis: entries found with SCAN under the prefix (route, data and function
// keys; never leases or the tag hash), read with GET (which changes nothing: no TTL, no recency),
// tag states from the one hash, and purge through the Redis handler's own updateTags, so every
// instance hears of it through the same script and pub/sub as a revalidateTag there.
import type { CacheInspector, InspectedEntry } from '../inspect.js'
import type { Logger } from '../types.js'
import { createRedisHandler } from './redis.js'
import { decodeEntry } from './redis-codec.js'
import { redisClientMissing } from './redis-errors.js'
import { statesOf } from './redis-tags.js'

/** Entry namespaces under the prefix (redis-keys.ts): everything else is a lease or the tag hash. */
const ENTRY_NAMESPACES = ['route:', 'data:', 'fn:']
const SCAN_COUNT = 500

export function createRedisInspector(options: {
  url: string
  prefix: string
  logger: Logger
}): CacheInspector {
  const { url, prefix, logger } = options
  const host = new URL(url).host
  // A command-line tool: give up after a few attempts instead of reconnecting forever.
  const connected = import('ioredis').then(
    ({ Redis }) => {
      const client = new Redis(url, {
        maxRetriesPerRequest: 1,
        connectTimeout: 5000,
        retryStrategy: (times) => (times > 3 ? null : 200),
      })
      client.on('error', () => {}) // reported by the command that fails
      return client
    },
    (error: unknown) => {
      throw redisClientMissing(error)
    },
  )
  const unreachable = (error: unknown) =>
    new Error(
      `[fresco] Could not reach Redis at ${host} (${(error as Error).message.replace(/\.+$/, '')}). Check redis.url in fresco.config or REDIS_URL, and that Redis runs.`,
    )
  /** The client, with a clear error for an unreachable server. */
  const clientPromise = connected.then(async (client) => {
    await client.ping().catch((error: unknown) => {
      client.disconnect()
      throw unreachable(error)
    })
    return client
  })
  const inspected = (key: string, raw: Buffer | null): InspectedEntry | undefined => {
    const entry = raw && decodeEntry(raw)
    if (!entry) return undefined
    const { body: _body, payload: _payload, ...meta } = entry
    return { ...meta, key, bytes: raw.byteLength }
  }
  return {
    description: `redis ${host} (prefix ${prefix})`,
    async list(keyPrefix = '') {
      const client = await clientPromise
      const found: InspectedEntry[] = []
      let cursor = '0'
      do {
        const [next, names] = await client.scan(
          cursor,
          'MATCH',
          `${prefix}:${globEscape(keyPrefix)}*`,
          'COUNT',
          SCAN_COUNT,
        )
        cursor = next
        for (const name of names) {
          const key = name.slice(prefix.length + 1)
          if (!ENTRY_NAMESPACES.some((ns) => key.startsWith(ns))) continue
          const entry = inspected(key, await client.getBuffer(name).catch(() => null))
          if (entry) found.push(entry)
        }
      } while (cursor !== '0')
      return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    },
    async read(key) {
      const client = await clientPromise
      return inspected(key, await client.getBuffer(`${prefix}:${key}`))
    },
    async tagStates() {
      const client = await clientPromise
      return statesOf(await client.hgetall(`${prefix}:tags`))
    },
    async purge(tags, updateOptions) {
      const handler = createRedisHandler({ url, prefix, logger })
      try {
        await handler.ready?.()
        await handler.updateTags(tags, updateOptions)
      } finally {
        await handler.close?.()
      }
    },
    async close() {
      const client = await connected.catch(() => undefined)
      await client?.quit().catch(() => client.disconnect())
    },
  }
}

/** A key prefix as a literal SCAN pattern. */
const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&')
