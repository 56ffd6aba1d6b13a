import { describe, expect, it } from 'vitest'
import { invalidConfigValueError } from '../errors.js'
import { resolveConfig } from './resolve.js'
import { settleRouting } from './routing.js'

const bad = (key: string, value: unknown, allowed: string) =>
  invalidConfigValueError('fresco.config.ts', key, value, allowed)
const resolve = async (user: Record<string, unknown>) =>
  resolveConfig(await settleRouting(user, bad), { env: {}, file: 'fresco.config.ts' })

describe('redirects, rewrites and basePath (next.config shapes)', () => {
  it('defaults to no rules and no basePath', async () => {
    const c = await resolve({})
    expect([c.basePath, c.redirects, c.rewrites]).toEqual([
      '',
      [],
      { beforeFiles: [], afterFiles: [], fallback: [] },
    ])
  })

  it('calls the async functions and resolves permanent / statusCode, has and missing', async () => {
    const c = await resolve({
      redirects: async () => [
        { source: '/a', destination: '/b', permanent: true },
        { source: '/c/:id', destination: '/d/:id', statusCode: 301, basePath: false },
        {
          source: '/e',
          destination: '/f',
          permanent: false,
          has: [{ type: 'query', key: 'q', value: '(?<v>.*)' }],
        },
      ],
    })
    expect(c.redirects.map((r) => [r.source, r.statusCode, r.basePath])).toEqual([
      ['/a', 308, true],
      ['/c/:id', 301, false],
      ['/e', 307, true],
    ])
    expect(c.redirects[2]?.has).toEqual([{ type: 'query', key: 'q', value: '(?<v>.*)' }])
  })

  it('accepts locale: false (the only value Next allows; nothing to prefix without i18n) and refuses others', async () => {
    // opennextjs-aws's example app: a redirect with `locale: false`.
    const c = await resolve({
      redirects: async () => [{ source: '/a', destination: '/b', permanent: true, locale: false }],
      rewrites: async () => [{ source: '/c', destination: '/d', locale: false }],
      headers: [{ source: '/e', locale: false, headers: [{ key: 'x-e', value: '1' }] }],
    })
    expect(c.headers.map((h) => h.source)).toEqual(['/e'])
    expect(c.redirects.map((r) => [r.source, r.destination, r.statusCode])).toEqual([['/a', '/b', 308]])
    expect(c.rewrites.afterFiles.map((r) => r.destination)).toEqual(['/d'])
    await expect(
      resolve({
        redirects: async () => [{ source: '/a', destination: '/b', permanent: true, locale: true }],
      }),
    ).rejects.toThrow(
      'redirects()[0].locale = true is invalid. Use false or leave it out (Fresco has no i18n routing).',
    )
  })

  it('an array of rewrites is afterFiles; the object form keeps its three phases', async () => {
    const list = await resolve({ rewrites: () => [{ source: '/a', destination: '/b' }] })
    expect(list.rewrites.afterFiles.map((r) => r.destination)).toEqual(['/b'])
    const phases = await resolve({
      rewrites: async () => ({
        beforeFiles: [{ source: '/x', destination: 'https://example.com/y' }],
        fallback: [],
      }),
    })
    expect(phases.rewrites.beforeFiles[0]?.destination).toBe('https://example.com/y')
    expect(phases.rewrites.afterFiles).toEqual([])
  })

  it('names the key and the rule of every mistake', async () => {
    await expect(resolve({ redirects: [] })).rejects.toThrow(
      'fresco.config.ts: redirects = [] is invalid. Use an async function returning the redirects',
    )
    await expect(resolve({ redirects: async () => [{ source: '/a', destination: '/b' }] })).rejects.toThrow(
      'redirects()[0] = {"source":"/a","destination":"/b"} is invalid. Set exactly one of permanent',
    )
    await expect(
      resolve({ redirects: async () => [{ source: 'a', destination: '/b', permanent: true }] }),
    ).rejects.toThrow("redirects()[0].source = 'a' is invalid")
    await expect(
      resolve({ rewrites: async () => ({ afterFiles: [{ source: '/a/:x(', destination: '/b' }] }) }),
    ).rejects.toThrow('rewrites().afterFiles[0].source')
    await expect(
      resolve({ rewrites: async () => [{ source: '/a', destination: '/b', has: [{ type: 'header' }] }] }),
    ).rejects.toThrow('rewrites()[0].has[0].key = undefined is invalid. Name the header to test.')
    await expect(resolve({ rewrites: async () => ({ before: [] }) })).rejects.toThrow('rewrites().before')
    await expect(
      resolve({
        redirects: async () => {
          throw new Error('cms down')
        },
      }),
    ).rejects.toThrow('It threw: cms down')
  })

  it('basePath: a path without a trailing slash', async () => {
    expect((await resolve({ basePath: '/docs' })).basePath).toBe('/docs')
    for (const wrong of ['docs', '/docs/', '/', 5])
      await expect(resolve({ basePath: wrong })).rejects.toThrow('fresco.config.ts: basePath =')
  })
})
