import { describe, expect, it } from 'vitest'
import { mapNextConfig, mergeConfigs, NEXT_KEYS, settleNextConfig } from './next-config.js'
import { resolveConfig } from './resolve.js'

const FILE = 'next.config.mjs'
const map = (value: Record<string, unknown>) => mapNextConfig(FILE, value)

describe('mapNextConfig: next.config keys onto Fresco keys, one table line each', () => {
  it('copies the keys Fresco has under the same name and shape', () => {
    const input = {
      headers: async () => [],
      trailingSlash: true,
      env: { A: 'a' },
      cacheMaxMemorySize: 1024,
      serverActions: { bodySizeLimit: '2mb', allowedOrigins: ['a.com'] },
      compress: false,
    }
    const { config, warnings } = map(input)
    expect(config).toEqual(input)
    expect(warnings).toEqual([])
  })

  it('maps experimental.staleTimes and experimental.serverActions onto the top-level keys', () => {
    const { config, warnings } = map({
      experimental: { staleTimes: { dynamic: 30 }, serverActions: { bodySizeLimit: '3mb' }, ppr: true },
    })
    expect(config).toEqual({ staleTimes: { dynamic: 30 }, serverActions: { bodySizeLimit: '3mb' } })
    expect(warnings).toEqual([`${FILE}: experimental.ppr is not supported by Fresco and has no effect.`])
  })

  it("keeps the images keys Fresco's endpoint has and names the others", () => {
    const { config, warnings } = map({
      images: {
        unoptimized: true,
        remotePatterns: [{ hostname: 'a.com' }],
        loader: 'custom',
        domains: ['x'],
      },
    })
    expect(config).toEqual({ images: { unoptimized: true, remotePatterns: [{ hostname: 'a.com' }] } })
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toContain('images.loader is not supported')
    expect(warnings[1]).toContain(
      'images.domains is not supported (deprecated in Next.js too): list the hosts in images.remotePatterns',
    )
  })

  it('takes a URL object in images.remotePatterns (Next 15.3+) as its string', () => {
    const { config } = map({
      images: { remotePatterns: [new URL('https://cdn.example/img/**'), { hostname: 'a.com' }] },
    })
    expect(config).toEqual({
      images: { remotePatterns: ['https://cdn.example/img/**', { hostname: 'a.com' }] },
    })
    expect(() => resolveConfig(config, { env: {} })).not.toThrow()
  })

  it('maps logging.fetches.fullUrl and names the rest', () => {
    const { config, warnings } = map({
      logging: { fetches: { fullUrl: true, hmrRefreshes: true }, incomingRequests: false },
    })
    expect(config).toEqual({ logging: { fetches: { fullUrl: true } } })
    expect(warnings.map((w) => w.split(' ')[1])).toEqual([
      'logging.fetches.hmrRefreshes',
      'logging.incomingRequests',
    ])
  })

  it('is silent for values that match what Fresco does, and names the others with what Fresco does', () => {
    const quiet = map({
      poweredByHeader: false,
      generateEtags: true,
      reactStrictMode: false,
      typescript: { ignoreBuildErrors: true },
      eslint: { ignoreDuringBuilds: true },
    })
    expect(quiet.warnings).toEqual([])
    const loud = map({
      poweredByHeader: true,
      generateEtags: false,
      reactStrictMode: true,
      typescript: { ignoreBuildErrors: false },
      eslint: {},
    })
    expect(loud.warnings).toEqual([
      `${FILE}: poweredByHeader true is not applied: Fresco never sends X-Powered-By.`,
      expect.stringContaining('generateEtags false is not applied: Fresco always sends a strong ETag'),
      expect.stringContaining('reactStrictMode true is not applied'),
      expect.stringContaining('typescript is not applied: `fresco build` does not type-check'),
      expect.stringContaining('eslint is not applied: `fresco build` does not run ESLint'),
    ])
  })

  it("maps output: 'standalone'; names output: 'export' with what Fresco does instead", () => {
    expect(map({ output: 'standalone' })).toEqual({ config: { output: 'standalone' }, warnings: [] })
    const exported = map({ output: 'export' })
    expect(exported.config.output).toBeUndefined()
    expect(exported.warnings).toEqual([
      `${FILE}: output 'export' is not applied: Fresco builds a server in .fresco/ (static export is not supported). Run \`fresco start\`, or set output: 'standalone' for a folder that runs with \`node server.js\`.`,
    ])
  })

  it('names cacheHandler with what to do instead; maps redirects, rewrites, basePath', () => {
    const redirects = async () => []
    const rewrites = async () => []
    const { config, warnings } = map({
      cacheHandler: './cache-handler.js',
      redirects,
      rewrites,
      basePath: '/docs',
      webpack: (c: unknown) => c,
    })
    expect(config).toEqual({ redirects, rewrites, basePath: '/docs' })
    expect(warnings).toEqual([
      expect.stringContaining(
        "cacheHandler is not supported: a Next.js cache handler module has another interface. Set cacheHandler in fresco.config.ts ('fs', 'memory', 'redis'",
      ),
      expect.stringContaining('webpack is not applied: Fresco builds with Vite'),
    ])
  })

  it('warns once per unknown key, naming it', () => {
    const { warnings } = map({ distDir: 'build', transpilePackages: ['x'], toString: 1 })
    expect(warnings).toEqual([
      `${FILE}: distDir is not supported by Fresco and has no effect.`,
      `${FILE}: transpilePackages is not supported by Fresco and has no effect.`,
      `${FILE}: toString is not supported by Fresco and has no effect.`,
    ])
  })

  it('maps every table key onto a key resolveConfig accepts', () => {
    for (const [key, rule] of Object.entries(NEXT_KEYS)) {
      const rules = rule.kind === 'nested' ? Object.values(rule.rules) : [rule]
      for (const r of rules)
        if (r.kind === 'to') expect(() => resolveConfig({ [r.key]: undefined }), key).not.toThrow()
    }
  })
})

describe('settleNextConfig and mergeConfigs', () => {
  it("calls a config function with Next's phase string and defaultConfig, and awaits it", async () => {
    const seen: unknown[] = []
    const fn = async (phase: string, ctx: { defaultConfig: unknown }) => {
      seen.push(phase, ctx.defaultConfig)
      return { trailingSlash: true }
    }
    expect(await settleNextConfig(fn, 'build', { env: {} })).toEqual({ trailingSlash: true })
    expect(seen).toEqual(['phase-production-build', { env: {} }])
    expect(await settleNextConfig({ env: {} }, 'start', {})).toEqual({ env: {} })
  })

  it('lets fresco.config win key by key, and inside objects name by name', () => {
    expect(
      mergeConfigs(
        { env: { A: 'next', B: 'next' }, trailingSlash: true, cacheMaxMemorySize: 1 },
        { env: { B: 'fresco' }, cacheMaxMemorySize: 2 },
      ),
    ).toEqual({ env: { A: 'next', B: 'fresco' }, trailingSlash: true, cacheMaxMemorySize: 2 })
    expect(mergeConfigs({ trailingSlash: true }, undefined)).toEqual({ trailingSlash: true })
  })
})
