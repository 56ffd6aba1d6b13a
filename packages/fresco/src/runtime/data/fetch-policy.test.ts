// The fetch policy table (Next's patch-fetch.ts, App Router without PPR), one row per case.
import { describe, expect, it } from 'vitest'
import { decideFetchPolicy, type FetchContext, type FetchOptionsSeen } from './fetch-policy.js'

const url = 'https://api.example.com/posts'
const ctx = (c: Partial<FetchContext> = {}): FetchContext => ({
  fetchCache: 'auto',
  dynamic: 'auto',
  phase: 'prerender',
  revalidate: false,
  noStore: false,
  inCacheScope: false,
  ...c,
})
const opts = (o: Partial<FetchOptionsSeen> = {}): FetchOptionsSeen => ({
  url,
  method: 'GET',
  cache: undefined,
  revalidate: undefined,
  credentialed: false,
  ...o,
})
const decide = (o: Partial<FetchOptionsSeen>, c: Partial<FetchContext> = {}) =>
  decideFetchPolicy(opts(o), ctx(c))

describe('fetch policy', () => {
  it.each([
    // [fetch options, segment context, revalidate, reason, dynamic?]
    [{}, {}, 0, 'auto no cache', false],
    [{ cache: 'default' }, {}, 0, 'auto no cache', false],
    [{ cache: 'force-cache' }, {}, false, 'revalidate: false', false],
    [{ revalidate: 60 }, {}, 60, 'revalidate: 60', false],
    [{ revalidate: false }, {}, false, 'revalidate: false', false],
    [{ cache: 'no-store' }, {}, 0, 'cache: no-store', true],
    [{ cache: 'no-cache' }, {}, 0, 'cache: no-cache', true],
    [{ revalidate: 0 }, {}, 0, 'revalidate: 0', true],
    [{}, { fetchCache: 'default-cache' }, false, 'fetchCache = default-cache', false],
    [{}, { fetchCache: 'default-cache', noStore: true }, 0, 'noStore call', true],
    [{ cache: 'no-store' }, { fetchCache: 'default-cache' }, 0, 'cache: no-store', true],
    [{}, { fetchCache: 'default-no-store' }, 0, 'fetchCache = default-no-store', true],
    [{ revalidate: 60 }, { fetchCache: 'default-no-store' }, 60, 'revalidate: 60', false],
    [{}, { fetchCache: 'force-cache' }, false, 'fetchCache = force-cache', false],
    [{ cache: 'no-store' }, { fetchCache: 'force-cache' }, false, 'fetchCache = force-cache', true],
    [{ revalidate: 30 }, { fetchCache: 'force-cache' }, 30, 'revalidate: 30', false],
    [{ cache: 'force-cache' }, { fetchCache: 'force-no-store' }, 0, 'fetchCache = force-no-store', true],
    [{ revalidate: 60 }, { fetchCache: 'only-no-store' }, 0, 'fetchCache = only-no-store', true],
    [{}, { fetchCache: 'only-cache', revalidate: 120 }, 120, 'auto cache', false],
    [{}, { fetchCache: 'only-cache' }, false, 'auto cache', false],
    [{}, { dynamic: 'force-dynamic' }, 0, 'revalidate: 0', true], // markDynamic is a no-op there
    [{ cache: 'force-cache' }, { dynamic: 'force-dynamic' }, false, 'revalidate: false', false],
    [{ cache: 'no-store' }, { dynamic: 'force-static' }, 0, 'cache: no-store', false],
    [{ cache: 'force-cache' }, { inCacheScope: true }, 0, 'fetchCache = force-no-store', true],
  ] as const)('%j in %j → revalidate %s (%s)', (o, c, revalidate, reason, dynamic) => {
    const policy = decide(o, c)
    expect([policy.revalidate, policy.reason, policy.dynamic !== undefined]).toEqual([
      revalidate,
      reason,
      dynamic,
    ])
  })

  it('ignores conflicting cache and revalidate options with a warning', () => {
    const policy = decide({ cache: 'force-cache', revalidate: 0 })
    expect(policy.warning).toBe(
      'Specified "cache: force-cache" and "revalidate: 0", only one should be specified.',
    )
    expect(policy.revalidate).toBe(0)
    expect(decide({ cache: 'no-store', revalidate: 60 }).revalidate).toBe(0)
  })

  it('lowers the route only for an explicit revalidate below the running minimum', () => {
    expect(decide({ revalidate: 60 }).lower).toBe(60)
    expect(decide({ revalidate: 60 }, { revalidate: 30 }).lower).toBeUndefined()
    expect(decide({ cache: 'force-cache' }).lower).toBeUndefined()
    expect(decide({ revalidate: 0 }, { dynamic: 'force-static' }).lower).toBeUndefined()
  })

  it('does not make the route dynamic for credentialed fetches without options', () => {
    const policy = decide({ credentialed: true, method: 'POST' }, { revalidate: 0 })
    expect([policy.revalidate, policy.dynamic]).toEqual([0, undefined])
  })

  it('rejects invalid revalidate values and only-* conflicts with clear errors', () => {
    expect(() => decide({ revalidate: -1 })).toThrow(
      `[fresco] Invalid revalidate value -1 on fetch ${url}: it must be a non-negative number of seconds or false.`,
    )
    expect(() => decide({ revalidate: '60' })).toThrow('Invalid revalidate value')
    expect(() => decide({ cache: 'force-cache' }, { fetchCache: 'only-no-store' })).toThrow(
      `[fresco] cache: 'force-cache' used on fetch for ${url} with export const fetchCache = 'only-no-store'.`,
    )
    expect(() => decide({ cache: 'no-store' }, { fetchCache: 'only-cache' })).toThrow(
      `[fresco] cache: 'no-store' used on fetch for ${url} with export const fetchCache = 'only-cache'.`,
    )
  })
})
