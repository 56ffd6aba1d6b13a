import { type CacheHandler, silentLogger, systemClock } from '@fresco/cache'
import { describe, expect, it, vi } from 'vitest'
import { resolveConfig } from '../../config/resolve.js'
import { createHandler } from './cache-setup.js'

// Records the options cache-setup gives createRedisHandler; the handler itself is a memory one.
const redisOptions = vi.hoisted(() => [] as Record<string, unknown>[])
vi.mock('@fresco/cache', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@fresco/cache')>()
  return {
    ...actual,
    createRedisHandler: (options: Record<string, unknown>): CacheHandler => {
      redisOptions.push(options)
      return actual.createMemoryHandler({ maxBytes: 1024 })
    },
  }
})

describe('createHandler with cacheHandler redis', () => {
  it('passes redis.url, redis.prefix and expireTime, with the memory L1 in front', async () => {
    redisOptions.length = 0
    const config = resolveConfig(
      { cacheHandler: 'redis', expireTime: 3600, redis: { url: 'redis://r:6379', prefix: 'shop' } },
      { env: {} },
    )
    const handler = await createHandler(config, systemClock, silentLogger)
    expect(redisOptions).toEqual([
      expect.objectContaining({ url: 'redis://r:6379', prefix: 'shop', maxExpireSeconds: 3600 }),
    ])
    expect(handler.name).toBe('tiered(memory+memory)')
  })

  it('uses the default prefix fresco', async () => {
    redisOptions.length = 0
    await createHandler(resolveConfig({}, { env: { REDIS_URL: 'redis://r' } }), systemClock, silentLogger)
    expect(redisOptions[0]).toMatchObject({ url: 'redis://r', prefix: 'fresco' })
  })
})
