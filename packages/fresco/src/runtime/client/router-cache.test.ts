import { describe, expect, it } from 'vitest'
import { cacheKey, createRouterCache, type RouterCacheEntry } from './router-cache.js'

function setup(maxBytes?: number) {
  let t = 1_000_000
  const cache = createRouterCache<string>({
    staleTimes: { dynamic: 0, static: 300 },
    now: () => t,
    maxBytes,
  })
  const entry = (key: string, over: Partial<RouterCacheEntry<string>> = {}): RouterCacheEntry<string> => ({
    key,
    payload: Promise.resolve(key),
    kind: 'full',
    staleTime: 'static',
    fetchedAt: t,
    bytes: 0,
    ...over,
  })
  return { cache, entry, advance: (s: number) => (t += s * 1000) }
}

describe('router cache', () => {
  it('keys by pathname and search, never the hash', () => {
    expect(cacheKey(new URL('http://x/blog/1?a=1#top'))).toBe('/blog/1?a=1')
  })

  it('serves a static entry until its stale time, then drops it', () => {
    const { cache, entry, advance } = setup()
    cache.set(entry('/a'))
    advance(299)
    expect(cache.get('/a')?.key).toBe('/a')
    advance(1)
    expect(cache.get('/a')).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('never reuses a dynamic entry with staleTimes.dynamic = 0', () => {
    const { cache, entry } = setup()
    cache.set(entry('/d', { staleTime: 'dynamic' }))
    expect(cache.get('/d')).toBeUndefined()
  })

  it('evicts the least recently used entries beyond the byte bound', () => {
    const { cache, entry } = setup(100)
    cache.set(entry('/a', { bytes: 40 }))
    cache.set(entry('/b', { bytes: 40 }))
    cache.get('/a') // /b is now the least recently used
    cache.set(entry('/c', { bytes: 40 }))
    expect(cache.get('/b')).toBeUndefined()
    expect(cache.get('/a')).toBeDefined()
    expect(cache.bytes).toBe(80)
  })

  it('sizes an entry once its body is read, ignoring an entry that was replaced meanwhile', () => {
    const { cache, entry } = setup()
    const old = entry('/a')
    cache.set(old)
    const fresh = entry('/a')
    cache.set(fresh)
    cache.sized(old, 500)
    expect(cache.bytes).toBe(0)
    cache.sized(fresh, 70)
    expect(cache.bytes).toBe(70)
  })

  it('invalidates by predicate', () => {
    const { cache, entry } = setup()
    for (const k of ['/a', '/b', '/a?x=1']) cache.set(entry(k))
    expect(cache.invalidate((k) => k.startsWith('/a'))).toBe(2)
    expect(cache.size).toBe(1)
  })
})
