// The shared CacheHandler conformance suite, run against the Redis handler on a real redis-server.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../logger.js'
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.js'
import { runHandlerConformance } from '../testing.js'
import { createRedisHandler } from './redis.js'

let server: TestRedisServer
let run = 0
beforeAll(async () => {
  server = await startRedisServer()
})
afterAll(async () => {
  await server.stop()
})

// A fresh prefix per handler: each conformance test starts from an empty namespace.
runHandlerConformance(
  'redis',
  ({ clock }) => createRedisHandler({ url: server.url, prefix: `conf${run++}`, clock, logger: silentLogger }),
  { describe, it, expect, beforeEach, afterEach },
)
