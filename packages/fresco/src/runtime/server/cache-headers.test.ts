import { describe, expect, it } from 'vitest'
import { ONE_YEAR } from '../../defaults.js'
import { cacheControlFor, cacheStatusHeader, DYNAMIC_CACHE_CONTROL } from './cache-headers.js'

describe('cacheControlFor (same strings as next start)', () => {
  it('ISR: s-maxage=R, stale-while-revalidate=E-R', () => {
    expect(cacheControlFor(60, ONE_YEAR)).toBe('s-maxage=60, stale-while-revalidate=31535940')
    expect(cacheControlFor(10, 100)).toBe('s-maxage=10, stale-while-revalidate=90')
    expect(cacheControlFor(10)).toBe('s-maxage=10, stale-while-revalidate=31535990')
  })
  it('drops stale-while-revalidate when revalidate >= expire', () => {
    expect(cacheControlFor(100, 100)).toBe('s-maxage=100')
    expect(cacheControlFor(200, 100)).toBe('s-maxage=200')
  })
  it('static forever: s-maxage=31536000', () => {
    expect(cacheControlFor(false, ONE_YEAR)).toBe('s-maxage=31536000')
    expect(cacheControlFor(false, 100)).toBe('s-maxage=31536000')
  })
  it('dynamic: private, no-cache, no-store, max-age=0, must-revalidate', () => {
    expect(cacheControlFor(0, ONE_YEAR)).toBe('private, no-cache, no-store, max-age=0, must-revalidate')
    expect(DYNAMIC_CACHE_CONTROL).toBe('private, no-cache, no-store, max-age=0, must-revalidate')
  })
})

describe('cacheStatusHeader (RFC 9211)', () => {
  it('maps each outcome', () => {
    expect(cacheStatusHeader('HIT')).toBe('fresco; hit')
    expect(cacheStatusHeader('STALE')).toBe('fresco; hit; detail=stale-while-revalidate')
    expect(cacheStatusHeader('MISS')).toBe('fresco; fwd=miss; stored')
    expect(cacheStatusHeader('REVALIDATED')).toBe('fresco; fwd=request; stored; detail=revalidated')
  })
  it('leaves out stored for uncacheable renders and takes a custom detail', () => {
    expect(cacheStatusHeader('MISS', undefined, false)).toBe('fresco; fwd=miss')
    expect(cacheStatusHeader('HIT', 'memory')).toBe('fresco; hit; detail=memory')
  })
})
