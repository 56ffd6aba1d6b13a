// Test helper: one throwaway redis-server per test file (started before its first test, stopped
// after its last) and the clean-up every test needs. Registers vitest hooks, so call it at the top
// level of a test file. Not exported from the package; excluded from tsc's output like the tests.
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { createRedisHandler, type RedisHandlerOptions } from '../handlers/redis.js'
import { silentLogger } from '../logger.js'
import type { CacheHandler } from '../types.js'
import { startRedisServer, type TestRedisServer } from './redis-server.js'

type Close = () => Promise<unknown> | undefined

export interface RedisServerFixture {
  /** The server (set once beforeAll has run). */
  readonly server: TestRedisServer
  /** Functions run one after another, in this order, after the current test. */
  onCleanup(...close: Close[]): void
}

export interface RedisDatabaseFixture extends RedisServerFixture {
  /** A plain client on the server, to look at keys. */
  readonly raw: Redis
  /** A Redis handler on the server (silent logger unless given), closed after the current test. */
  handler(options?: RedisHandlerOptions): CacheHandler
  /** handler(options), once it is ready. */
  readyHandler(options?: RedisHandlerOptions): Promise<CacheHandler>
}

/** The server only: tests keep apart by prefix, nothing is flushed between them. */
export function useRedisServer(): RedisServerFixture {
  return setup(false)
}

/** The server, a raw client and tracked handlers; the database is flushed after every test. */
export function useRedisDatabase(): RedisDatabaseFixture {
  return setup(true)
}

function setup(database: boolean): RedisDatabaseFixture {
  let server: TestRedisServer | undefined
  let raw: Redis | undefined
  const cleanups: Close[] = []
  const handlers: CacheHandler[] = []

  beforeAll(async () => {
    server = await startRedisServer()
    if (database) raw = new Redis(server.url)
  })
  afterEach(async () => {
    for (const close of cleanups.splice(0)) await close()
    await Promise.all(handlers.splice(0).map((h) => h.close?.()))
    await raw?.flushall()
  })
  afterAll(async () => {
    raw?.disconnect()
    await server?.stop()
  })

  const fixture: RedisDatabaseFixture = {
    get server() {
      if (!server) throw new Error('The redis-server starts in beforeAll: use it inside a test or hook.')
      return server
    },
    get raw() {
      if (!raw) throw new Error('No raw client: use useRedisDatabase(), inside a test or hook.')
      return raw
    },
    onCleanup(...close) {
      cleanups.push(...close)
    },
    handler(options = {}) {
      const h = createRedisHandler({ url: fixture.server.url, logger: silentLogger, ...options })
      handlers.push(h)
      return h
    },
    async readyHandler(options) {
      const h = fixture.handler(options)
      await h.ready?.()
      return h
    },
  }
  return fixture
}
