import { describe, expect, it } from 'vitest'
import { parseBytes } from './bytes.js'
import { CDN_DEFAULTS } from './cdn.js'
import { defineConfig } from './define-config.js'
import { didYouMean } from './did-you-mean.js'
import { IMAGE_DEFAULTS } from './images.js'
import { resolveConfig } from './resolve.js'
import { serializableConfig } from './serializable.js'

// Two cores, whatever machine runs the tests: prerenderWorkers 'auto' depends on it.
const resolve = (user: unknown, env: Record<string, string | undefined> = {}) =>
  resolveConfig(user, { env, file: 'fresco.config.ts', cores: 2 })
const fails = (user: unknown, env: Record<string, string | undefined> = {}) => {
  try {
    resolve(user, env)
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected resolveConfig to throw')
}

const handler = {
  name: 'custom',
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
  updateTags: async () => {},
  getTagState: () => undefined,
}

describe('resolveConfig: defaults', () => {
  it('yields every default for no config', () => {
    const expected = {
      cacheHandler: 'fs',
      cacheDir: '.fresco/cache',
      cacheMaxMemorySize: 50 * 1024 * 1024,
      cacheMaxDiskSize: 1024 * 1024 * 1024,
      expireTime: 31_536_000,
      staleTimes: { dynamic: 0, static: 300 },
      bodySizeLimit: 10 * 1024 * 1024,
      logging: { fetches: { fullUrl: false } },
      serverActions: { bodySizeLimit: 1024 * 1024, allowedOrigins: [] },
      prerenderWorkers: 2,
      prerenderConcurrency: 8,
      renderConcurrency: 16,
      renderWorkers: 0,
      regenerationTimeout: 60,
      regenerationWait: 2,
      redis: null,
      origin: 'http://localhost:3000',
      trustProxy: false,
      shutdownTimeout: 10,
      workers: 1,
      images: IMAGE_DEFAULTS,
      cdn: CDN_DEFAULTS,
      basePath: '',
      redirects: [],
      rewrites: { beforeFiles: [], afterFiles: [], fallback: [] },
      headers: [],
      trailingSlash: false,
      env: {},
      compress: true,
      metrics: null,
      inspector: null,
      output: null,
      port: 3000,
      debugCache: false,
    }
    expect(resolve(undefined)).toEqual(expected)
    expect(resolve({})).toEqual(expected)
    expect(resolve(null)).toEqual(expected)
  })

  it('keeps valid values', () => {
    const c = resolve(
      defineConfig({
        cacheHandler: 'memory',
        cacheDir: 'tmp/cache',
        cacheMaxMemorySize: 0,
        expireTime: 3600,
        staleTimes: { static: 30 },
        logging: { fetches: { fullUrl: true } },
        bodySizeLimit: '50mb',
        serverActions: { bodySizeLimit: '2mb', allowedOrigins: ['*.example.com'] },
        prerenderConcurrency: 1,
        regenerationTimeout: 5,
        trustProxy: true,
        shutdownTimeout: 3,
        regenerationWait: 0.5,
        cacheMaxDiskSize: '200mb',
      }),
    )
    expect(c).toMatchObject({
      cacheHandler: 'memory',
      cacheDir: 'tmp/cache',
      cacheMaxMemorySize: 0,
      expireTime: 3600,
      staleTimes: { dynamic: 0, static: 30 },
      logging: { fetches: { fullUrl: true } },
      bodySizeLimit: 50 * 1024 * 1024,
      serverActions: { bodySizeLimit: 2 * 1024 * 1024, allowedOrigins: ['*.example.com'] },
      prerenderConcurrency: 1,
      regenerationTimeout: 5,
      trustProxy: true,
      shutdownTimeout: 3,
      regenerationWait: 0.5,
      cacheMaxDiskSize: 200 * 1024 * 1024,
    })
    expect(resolve({ regenerationWait: 0 }).regenerationWait).toBe(0)
    expect(resolve({ workers: 4 }).workers).toBe(4)
    expect(resolve({ workers: 'auto' }).workers).toBe('auto')
    expect(resolve({ cacheMaxDiskSize: false }).cacheMaxDiskSize).toBe(false)
    expect(resolve({ cacheMaxDiskSize: 5_000_000 }).cacheMaxDiskSize).toBe(5_000_000)
    expect(resolve({ logging: false }).logging).toBe(false)
    expect(resolve({ logging: {} }).logging).toEqual({ fetches: { fullUrl: false } })
    expect(resolve({ cacheMaxMemorySize: '10mb' }).cacheMaxMemorySize).toBe(10 * 1024 * 1024)
  })

  it("resolves prerenderWorkers ('auto' = the cores) and 4 renders in flight per worker unless set", () => {
    const pick = (c: unknown, cores: number) => {
      const r = resolveConfig(c, { env: {}, cores })
      return [r.prerenderWorkers, r.prerenderConcurrency]
    }
    expect(pick({}, 8)).toEqual([8, 32])
    expect(pick({ prerenderWorkers: 'auto' }, 1)).toEqual([1, 4])
    expect(pick({ prerenderWorkers: 'auto' }, 1000)).toEqual([256, 1024])
    expect(pick({ prerenderWorkers: 1 }, 8)).toEqual([1, 4])
    expect(pick({ prerenderWorkers: 256, prerenderConcurrency: 3 }, 2)).toEqual([256, 3])
  })

  it('accepts a CacheHandler object as is', () => {
    expect(resolve({ cacheHandler: handler }).cacheHandler).toBe(handler)
  })

  it('accepts objects without Object.prototype', () => {
    expect(resolve(Object.assign(Object.create(null), { expireTime: 10 })).expireTime).toBe(10)
  })
})

describe('resolveConfig: environment', () => {
  it('REDIS_URL implies the redis handler unless one is set', () => {
    expect(resolve({}, { REDIS_URL: 'redis://r:6379' })).toMatchObject({
      cacheHandler: 'redis',
      redis: { url: 'redis://r:6379', prefix: 'fresco' },
    })
    expect(resolve({ cacheHandler: 'fs' }, { REDIS_URL: 'redis://r:6379' }).cacheHandler).toBe('fs')
    expect(resolve({ redis: { url: 'rediss://a:1' } }, { REDIS_URL: 'redis://b:2' }).redis).toEqual({
      url: 'rediss://a:1',
      prefix: 'fresco',
    })
    expect(resolve({ cacheHandler: 'redis', redis: { url: 'redis://x' } }).cacheHandler).toBe('redis')
  })

  it('redis.prefix: default, kept, applies to REDIS_URL, unused without a URL', () => {
    expect(resolve({ redis: { url: 'redis://x', prefix: 'shop:staging_1-a' } }).redis).toEqual({
      url: 'redis://x',
      prefix: 'shop:staging_1-a',
    })
    expect(resolve({ redis: { prefix: 'shop' } }, { REDIS_URL: 'redis://r:6379' })).toMatchObject({
      cacheHandler: 'redis',
      redis: { url: 'redis://r:6379', prefix: 'shop' },
    })
    expect(resolve({ redis: { prefix: 'shop' } }).redis).toBeNull()
    // No REDIS_PREFIX: the prefix is part of the app's config, not of the environment.
    expect(resolve({}, { REDIS_URL: 'redis://r', REDIS_PREFIX: 'other' }).redis).toEqual({
      url: 'redis://r',
      prefix: 'fresco',
    })
  })

  it('PORT and FRESCO_DEBUG_CACHE', () => {
    expect(resolve({}, { PORT: '8080', FRESCO_DEBUG_CACHE: '1' })).toMatchObject({
      port: 8080,
      debugCache: true,
    })
    expect(resolve({}, { FRESCO_DEBUG_CACHE: 'false' }).debugCache).toBe(false)
    expect(fails({}, { PORT: '80a' })).toBe(
      "[fresco] The environment variable PORT='80a' is invalid. Use a port number from 0 to 65535 (0: any free port).",
    )
    expect(resolve({}, { PORT: '0' }).port).toBe(0)
    expect(resolve({}, { PORT: '' }).port).toBe(3000)
    expect(fails({}, { PORT: '-1' })).toContain("PORT='-1' is invalid")
    expect(fails({}, { PORT: '1e3' })).toContain("PORT='1e3' is invalid")
    expect(fails({}, { PORT: '70000' })).toContain('PORT=')
    expect(fails({}, { FRESCO_DEBUG_CACHE: 'yes' })).toContain(
      "FRESCO_DEBUG_CACHE='yes' is invalid. Use '1' or 'true'",
    )
    expect(fails({}, { REDIS_URL: 'localhost:6379' })).toContain("REDIS_URL='localhost:6379' is invalid")
  })

  it('uses process.env by default', () => {
    expect(resolveConfig({}).cacheDir).toBe('.fresco/cache')
  })
})

describe('resolveConfig: origin', () => {
  it('keeps an http(s) origin, normalised', () => {
    expect(resolve({ origin: 'https://Shop.Example' }).origin).toBe('https://shop.example')
    expect(resolve({ origin: 'http://localhost:8080/' }).origin).toBe('http://localhost:8080')
  })

  it.each([
    'shop.example',
    'ftp://shop.example',
    'https://shop.example/blog',
    'https://shop.example?x=1',
    'https://user:pw@shop.example',
    '',
    42,
  ])('rejects %j naming the key and what to use', (origin) => {
    expect(fails({ origin })).toMatch(
      /origin = .* is invalid\. Use an origin such as 'https:\/\/example\.com'/,
    )
  })
})

describe('resolveConfig: metrics', () => {
  it('is off by default and on its own port, 127.0.0.1 and /metrics unless configured', () => {
    expect(resolve({ metrics: false }).metrics).toBeNull()
    expect(resolve({ metrics: { port: 9464 } }).metrics).toEqual({
      port: 9464,
      host: '127.0.0.1',
      path: '/metrics',
    })
    expect(resolve({ metrics: { port: 0, host: '0.0.0.0', path: '/_m' } }).metrics).toEqual({
      port: 0,
      host: '0.0.0.0',
      path: '/_m',
    })
  })

  it.each([
    [{ metrics: true }, 'metrics = true is invalid. Use false or an object such as { port: 9464 }'],
    [{ metrics: {} }, 'metrics.port = undefined is invalid. Use a port number from 0 to 65535'],
    [{ metrics: { port: 70000 } }, 'metrics.port = 70000 is invalid.'],
    [{ metrics: { port: '9464' } }, "metrics.port = '9464' is invalid."],
    [{ metrics: { port: 9464, host: '' } }, "metrics.host = '' is invalid. Use an interface address"],
    [
      { metrics: { port: 9464, path: 'metrics' } },
      "metrics.path = 'metrics' is invalid. Use a path starting with '/'",
    ],
    [{ metrics: { prot: 9464 } }, "unknown option 'metrics.prot'. Did you mean 'metrics.port'?"],
  ])('rejects %j naming the key and what to use', (config, message) => {
    expect(fails(config)).toContain(message)
  })
})

describe('resolveConfig: inspector', () => {
  const secret = 'a-secret-of-24-characters'
  it('is off by default; a secret from the config or FRESCO_INSPECTOR_SECRET turns it on', () => {
    expect(resolve({}).inspector).toBeNull()
    expect(resolve({ inspector: { secret } }).inspector).toEqual({ secret })
    expect(resolve({}, { FRESCO_INSPECTOR_SECRET: secret }).inspector).toEqual({ secret })
    expect(resolve({ inspector: false }, { FRESCO_INSPECTOR_SECRET: secret }).inspector).toBeNull()
    expect(resolve({}, { FRESCO_INSPECTOR_SECRET: '' }).inspector).toBeNull()
  })

  it('never reaches the config the build bakes into the server bundle', () => {
    const baked = serializableConfig(resolve({ inspector: { secret } }))
    expect(baked.inspector).toBeNull()
    expect(JSON.stringify(baked)).not.toContain(secret)
  })

  it.each([
    [{ inspector: true }, {}, 'inspector = true is invalid. Use false or an object such as { secret:'],
    [
      { inspector: {} },
      {},
      'inspector.secret = undefined is invalid. Use a string of at least 16 characters',
    ],
    [
      { inspector: { secret: 'short-secret' } },
      {},
      "inspector.secret = '(hidden, 12 characters)' is invalid.",
    ],
    [
      {},
      { FRESCO_INSPECTOR_SECRET: 'short-secret' },
      "FRESCO_INSPECTOR_SECRET='(hidden, 12 characters)' is invalid",
    ],
    [
      { inspector: { secrt: secret } },
      {},
      "unknown option 'inspector.secrt'. Did you mean 'inspector.secret'?",
    ],
  ])('rejects %j %j naming the key, never showing the secret', (config, env, message) => {
    const error = fails(config, env)
    expect(error).toContain(message)
    expect(error).not.toContain('short-secret')
  })
})

describe('resolveConfig: errors', () => {
  it('names an unknown key, suggests the closest one and lists the allowed keys', () => {
    expect(fails({ cacheHandlr: 'fs' })).toBe(
      "[fresco] fresco.config.ts: unknown option 'cacheHandlr'. Did you mean 'cacheHandler'? Allowed options: " +
        'cacheHandler, cacheDir, cacheMaxMemorySize, cacheMaxDiskSize, expireTime, staleTimes, logging, bodySizeLimit, ' +
        'serverActions, prerenderWorkers, prerenderConcurrency, renderConcurrency, renderWorkers, regenerationTimeout, regenerationWait, redis, origin, ' +
        'trustProxy, shutdownTimeout, workers, images, cdn, basePath, redirects, rewrites, headers, trailingSlash, env, compress, metrics, inspector, output.',
    )
    expect(fails({ output: 'export' })).toContain(
      "output = 'export' is invalid. Use 'standalone' (a folder that runs with `node server.js`",
    )
    expect(resolve({ output: 'standalone' }).output).toBe('standalone')
    expect(fails({ staleTimes: { statik: 60 } })).toContain(
      "unknown option 'staleTimes.statik'. Did you mean 'staleTimes.static'? Allowed options: staleTimes.dynamic, staleTimes.static.",
    )
    expect(fails({ logging: { fetch: {} } })).toContain("'logging.fetch'. Did you mean 'logging.fetches'?")
    expect(fails({ serverActions: { bodySize: 1 } })).toContain("Did you mean 'serverActions.bodySizeLimit'?")
    expect(fails({ redis: { prefx: 'a' } })).toContain(
      "unknown option 'redis.prefx'. Did you mean 'redis.prefix'? Allowed options: redis.url, redis.prefix.",
    )
  })

  it.each([
    [
      { cacheHandler: 'disk' },
      "cacheHandler = 'disk' is invalid. Use 'fs', 'memory', 'redis' or a CacheHandler object",
    ],
    [{ cacheHandler: { get() {} } }, 'cacheHandler = {} is invalid.'],
    [
      { cacheHandler: 'redis' },
      "cacheHandler = 'redis' is invalid. Set redis.url in the config or the REDIS_URL",
    ],
    [{ cacheDir: '' }, "cacheDir = '' is invalid. Use a directory path"],
    [{ cacheDir: 1 }, 'cacheDir = 1 is invalid.'],
    [
      { cacheMaxMemorySize: -1 },
      "cacheMaxMemorySize = -1 is invalid. Use a number of bytes or a size string such as '1mb'",
    ],
    [{ cacheMaxMemorySize: '50 megs' }, "cacheMaxMemorySize = '50 megs' is invalid."],
    [{ expireTime: 0 }, 'expireTime = 0 is invalid. Use a positive whole number of seconds.'],
    [{ expireTime: 1.5 }, 'expireTime = 1.5 is invalid.'],
    [
      { staleTimes: { static: 10 } },
      'staleTimes.static = 10 is invalid. Use a whole number of seconds, at least 30.',
    ],
    [{ staleTimes: { dynamic: -1 } }, 'staleTimes.dynamic = -1 is invalid.'],
    [{ staleTimes: 5 }, 'staleTimes = 5 is invalid. Use an object with dynamic, static.'],
    [{ logging: true }, 'logging = true is invalid. Use false or { fetches: { fullUrl: boolean } }.'],
    [
      { logging: { fetches: { fullUrl: 'yes' } } },
      "logging.fetches.fullUrl = 'yes' is invalid. Use true or false.",
    ],
    [
      { serverActions: { bodySizeLimit: '1 terabyte' } },
      "serverActions.bodySizeLimit = '1 terabyte' is invalid.",
    ],
    [
      { serverActions: { allowedOrigins: 'a.com' } },
      "serverActions.allowedOrigins = 'a.com' is invalid. Use an array",
    ],
    [
      { prerenderConcurrency: 0 },
      'prerenderConcurrency = 0 is invalid. Use a whole number, at least 1 (the renders in flight across all prerender workers).',
    ],
    ...[0, 257, 1.5, '2', 'all', true].map((value): [unknown, string] => [
      { prerenderWorkers: value },
      `prerenderWorkers = ${typeof value === 'string' ? `'${value}'` : value} is invalid. Use` +
        " 'auto' (one worker per available core) or a whole number from 1 to 256 (1 = render in the main thread).",
    ]),
    ...[-1, 65, 1.5, 'auto'].map((value): [unknown, string] => [
      { renderWorkers: value },
      `renderWorkers = ${typeof value === 'string' ? `'${value}'` : value} is invalid. Use a whole number` +
        ' from 0 to 64 (the render threads of each `fresco start` process; 0 renders on the thread that answers requests).',
    ]),
    [{ regenerationTimeout: '60' }, "regenerationTimeout = '60' is invalid."],
    [
      { trustProxy: 'yes' },
      "trustProxy = 'yes' is invalid. Use true (X-Forwarded-Proto and X-Forwarded-Host",
    ],
    [{ shutdownTimeout: 0 }, 'shutdownTimeout = 0 is invalid. Use a positive whole number of seconds.'],
    [
      { workers: 0 },
      "workers = 0 is invalid. Use a whole number >= 1, or 'auto' (one worker per available core).",
    ],
    [{ workers: 'all' }, "workers = 'all' is invalid."],
    [{ workers: 1.5 }, 'workers = 1.5 is invalid.'],
    [
      { regenerationWait: -1 },
      'regenerationWait = -1 is invalid. Use a number of seconds >= 0, e.g. 2 (0 = never wait when a last good entry exists).',
    ],
    [{ regenerationWait: '2s' }, "regenerationWait = '2s' is invalid."],
    [{ regenerationWait: Number.POSITIVE_INFINITY }, 'regenerationWait = Infinity is invalid.'],
    [
      { cacheMaxDiskSize: 0 },
      "cacheMaxDiskSize = 0 is invalid. Use a number of bytes or a size string such as '1gb' or '500mb', or false for no budget.",
    ],
    [{ cacheMaxDiskSize: true }, 'cacheMaxDiskSize = true is invalid.'],
    [{ cacheMaxDiskSize: '1 tb' }, "cacheMaxDiskSize = '1 tb' is invalid."],
    [{ redis: { url: 'http://x' } }, "redis.url = 'http://x' is invalid. Use a redis:// or rediss:// URL"],
    [
      { redis: { prefix: '' } },
      "redis.prefix = '' is invalid. Use a non-empty string of letters, digits, ':', '_' and '-'",
    ],
    [{ redis: { prefix: 'my app' } }, "redis.prefix = 'my app' is invalid. Use a non-empty string"],
    [{ redis: { prefix: 'shop*' } }, "redis.prefix = 'shop*' is invalid."],
    [{ redis: { prefix: 7 } }, 'redis.prefix = 7 is invalid.'],
    [[1], 'export default = [1] is invalid. Export an object'],
    ['x', "export default = 'x' is invalid."],
  ])('%o', (user, message) => {
    const msg = fails(user)
    expect(msg.startsWith(`[fresco] fresco.config.ts: ${message}`)).toBe(true)
  })
})

describe('helpers', () => {
  it('parseBytes', () => {
    expect(parseBytes(10)).toBe(10)
    expect(parseBytes('1mb')).toBe(1048576)
    expect(parseBytes('512KB')).toBe(524288)
    expect(parseBytes('1.5 kb')).toBe(1536)
    expect(parseBytes('2gb')).toBe(2 * 1024 ** 3)
    expect(parseBytes('100')).toBe(100)
    expect(parseBytes(-1)).toBeNull()
    expect(parseBytes(1.5)).toBeNull()
    expect(parseBytes('mb')).toBeNull()
    expect(parseBytes(null)).toBeNull()
  })

  it('didYouMean', () => {
    expect(didYouMean('cachedir', ['cacheDir', 'expireTime'])).toBe('cacheDir')
    expect(didYouMean('expire', ['cacheDir', 'expireTime'])).toBe('expireTime')
    expect(didYouMean('exp', ['cacheDir', 'expireTime'])).toBeUndefined()
    expect(didYouMean('completelyDifferent', ['cacheDir'])).toBeUndefined()
  })
})
