import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SEGMENT_CONFIG,
  mergeSegmentConfig,
  readSegmentConfig,
  type SegmentConfig,
} from './segment-config.js'

const FILE = 'app/blog/page.tsx'
const read = (mod: Record<string, unknown>) => readSegmentConfig(FILE, mod)
const fails = (mod: Record<string, unknown>) => {
  try {
    read(mod)
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected readSegmentConfig to throw')
}

describe('readSegmentConfig', () => {
  it('returns only the keys a module sets', () => {
    expect(read({ default: () => null })).toEqual({})
    expect(
      read({
        default: () => null,
        revalidate: 60,
        dynamic: 'force-static',
        dynamicParams: false,
        fetchCache: 'only-cache',
        runtime: 'nodejs',
        generateStaticParams: async () => [],
        metadata: { title: 'x' },
        helper: 1,
      }),
    ).toEqual({ revalidate: 60, dynamic: 'force-static', dynamicParams: false, fetchCache: 'only-cache' })
  })

  it('accepts false, 0 and Infinity (= false) for revalidate', () => {
    expect(read({ revalidate: false })).toEqual({ revalidate: false })
    expect(read({ revalidate: 0 })).toEqual({ revalidate: 0 })
    expect(read({ revalidate: Number.POSITIVE_INFINITY })).toEqual({ revalidate: false })
  })

  it.each([
    [
      { revalidate: -5 },
      'export const revalidate = -5 is invalid. Use false, 0 or a positive whole number of seconds.',
    ],
    [{ revalidate: 1.5 }, 'export const revalidate = 1.5 is invalid.'],
    [{ revalidate: '60' }, "export const revalidate = '60' is invalid."],
    [{ revalidate: true }, 'export const revalidate = true is invalid.'],
    [{ revalidate: Number.NaN }, 'export const revalidate = NaN is invalid.'],
    [
      { dynamic: 'static' },
      "export const dynamic = 'static' is invalid. Use one of 'auto', 'force-dynamic', 'force-static', 'error'.",
    ],
    [{ dynamicParams: 'false' }, "export const dynamicParams = 'false' is invalid. Use true or false."],
    [
      { fetchCache: 'no-store' },
      "export const fetchCache = 'no-store' is invalid. Use one of 'auto', 'default-cache'",
    ],
    [
      { generateStaticParams: [{ id: '1' }] },
      'export const generateStaticParams = [{"id":"1"}] is invalid. Export an',
    ],
    [{ runtime: 'deno' }, "export const runtime = 'deno' is invalid. Use 'nodejs'"],
  ])('rejects %o naming the file, key, value and allowed values', (mod, message) => {
    const msg = fails(mod)
    expect(msg.startsWith(`[fresco] ${FILE}: `)).toBe(true)
    expect(msg).toContain(message)
  })

  it.each([
    [{ preferredRegion: 'iad1' }, 'export preferredRegion is not supported by Fresco.'],
    [
      { maxDuration: 30 },
      'export maxDuration is not supported by Fresco. Remove it: regenerations are bounded',
    ],
    [{ experimental_ppr: true }, 'export experimental_ppr is not supported'],
    [{ unstable_instant: false }, 'export unstable_instant is not supported'],
    [{ viewport: {} }, 'export viewport is not supported'],
    [{ generateViewport: () => ({}) }, 'export generateViewport is not supported'],
    [{ generateImageMetadata: () => [] }, 'export generateImageMetadata is not supported'],
    [{ generateSitemaps: () => [] }, 'export generateSitemaps is not supported'],
  ])('rejects the unsupported export %o', (mod, message) => {
    expect(fails(mod)).toContain(`[fresco] ${FILE}: ${message}`)
  })

  it("accepts runtime 'nodejs' and 'edge' (both run on Node; the build warns about 'edge')", () => {
    expect(read({ runtime: 'edge', revalidate: 5 })).toEqual({ revalidate: 5 })
    expect(read({ runtime: 'nodejs' })).toEqual({})
  })

  it("ignores 'use client' modules (their exports are client references)", () => {
    const ref = Object.assign(() => null, { $$typeof: Symbol.for('react.client.reference') })
    expect(read({ default: ref, dynamic: ref, revalidate: ref })).toEqual({})
  })
})

describe('mergeSegmentConfig', () => {
  const merge = (...layers: Partial<SegmentConfig>[]) => mergeSegmentConfig(layers, '/blog/[id]')

  it('defaults', () => {
    expect(merge()).toEqual(DEFAULT_SEGMENT_CONFIG)
    expect(merge({}, {})).toEqual({
      dynamic: 'auto',
      revalidate: false,
      dynamicParams: true,
      fetchCache: 'auto',
    })
  })

  it('revalidate is the minimum over layers; false is forever', () => {
    expect(merge({ revalidate: 60 }, { revalidate: 10 }).revalidate).toBe(10)
    expect(merge({ revalidate: 10 }, { revalidate: 60 }).revalidate).toBe(10)
    expect(merge({ revalidate: 10 }, { revalidate: false }).revalidate).toBe(10)
    expect(merge({ revalidate: false }, { revalidate: 30 }).revalidate).toBe(30)
    expect(merge({ revalidate: 30 }, { revalidate: 0 }).revalidate).toBe(0)
    expect(merge({ revalidate: false }).revalidate).toBe(false)
  })

  type Dyn = SegmentConfig['dynamic']
  const table: [(Dyn | undefined)[], Dyn][] = [
    [['force-dynamic', 'force-static'], 'force-dynamic'],
    [['force-static', 'force-dynamic'], 'force-dynamic'],
    [['force-dynamic', 'auto'], 'force-dynamic'],
    [['force-static', undefined], 'force-static'],
    [['force-static', 'auto'], 'auto'],
    [['error', 'auto'], 'auto'],
    [['auto', 'error'], 'error'],
    [['error', undefined], 'error'],
    [['error', 'force-static'], 'force-static'],
    [['force-static', 'error'], 'force-static'],
  ]
  it.each(table)('dynamic %o → %s', (modes, expected) => {
    expect(merge(...modes.map((dynamic) => (dynamic ? { dynamic } : {}))).dynamic).toBe(expected)
  })

  it('dynamicParams is false if any layer says false', () => {
    expect(merge({ dynamicParams: false }, { dynamicParams: true }).dynamicParams).toBe(false)
    expect(merge({ dynamicParams: true }, { dynamicParams: false }).dynamicParams).toBe(false)
    expect(merge({ dynamicParams: true }, {}).dynamicParams).toBe(true)
  })

  it('fetchCache: deepest wins, force-* wins over the route, contradictions are errors', () => {
    expect(merge({ fetchCache: 'default-cache' }, { fetchCache: 'default-no-store' }).fetchCache).toBe(
      'default-no-store',
    )
    expect(merge({ fetchCache: 'only-cache' }, {}).fetchCache).toBe('only-cache')
    expect(merge({ fetchCache: 'force-cache' }, { fetchCache: 'only-no-store' }).fetchCache).toBe(
      'force-cache',
    )
    expect(merge({ fetchCache: 'only-cache' }, { fetchCache: 'force-no-store' }).fetchCache).toBe(
      'force-no-store',
    )
    expect(() => merge({ fetchCache: 'force-cache' }, { fetchCache: 'force-no-store' })).toThrow(
      "[fresco] /blog/[id]: the segments of this route combine fetchCache = 'force-cache' and 'force-no-store'",
    )
    expect(() => merge({ fetchCache: 'only-no-store' }, { fetchCache: 'only-cache' })).toThrow(
      /fetchCache = 'only-cache' and 'only-no-store'/,
    )
  })
})
