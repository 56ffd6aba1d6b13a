import { describe, expect, it } from 'vitest'
import {
  ageFreshness,
  DEFAULT_EXPIRE,
  expireAfter,
  explainFreshness,
  freshness,
  nextTagState,
  retryBackoffMs,
  tagFreshness,
  tagStateFreshness,
} from './freshness.js'
import { makeEntry } from './testing.js'
import type { TagState } from './types.js'

const T = 1_700_000_000_000
const entry = makeEntry({ lastModified: T, revalidate: 60, tags: ['posts'] })
const none = () => undefined

describe('age freshness', () => {
  it('is fresh up to and including revalidate, stale after', () => {
    expect(ageFreshness(entry, T)).toBe('fresh')
    expect(ageFreshness(entry, T + 60_000)).toBe('fresh')
    expect(ageFreshness(entry, T + 60_001)).toBe('stale')
  })

  it('expires after the default one-year window', () => {
    expect(DEFAULT_EXPIRE).toBe(31_536_000)
    expect(ageFreshness(entry, T + DEFAULT_EXPIRE * 1000)).toBe('stale')
    expect(ageFreshness(entry, T + DEFAULT_EXPIRE * 1000 + 1)).toBe('expired')
  })

  it('uses the entry expire, or a configured default', () => {
    const short = makeEntry({ lastModified: T, revalidate: 60, expire: 120 })
    expect(ageFreshness(short, T + 120_001)).toBe('expired')
    expect(ageFreshness(entry, T + 100_001, 100)).toBe('expired')
  })

  it('never lets the default expire undercut revalidate', () => {
    expect(expireAfter(makeEntry({ revalidate: 1000 }), 100)).toBe(1000)
  })

  it('revalidate false never goes stale, and expires only with an explicit expire', () => {
    const forever = makeEntry({ lastModified: T, revalidate: false })
    expect(ageFreshness(forever, T + 10 * DEFAULT_EXPIRE * 1000)).toBe('fresh')
    expect(ageFreshness({ ...forever, expire: 10 }, T + 10_001)).toBe('expired')
  })
})

describe('tag freshness', () => {
  it('is unaffected by tags never invalidated or invalidated before the entry', () => {
    expect(tagStateFreshness(undefined, T, T)).toBe('fresh')
    expect(tagStateFreshness({ stale: T - 1, expired: T - 1 }, T, T + 5)).toBe('fresh')
  })

  it('expires entries at or before an immediate invalidation (tie counts as affected)', () => {
    const state: TagState = { stale: T, expired: T }
    expect(tagStateFreshness(state, T, T)).toBe('tag-expired')
    expect(tagStateFreshness(state, T - 1, T)).toBe('tag-expired')
    expect(tagStateFreshness(state, T + 1, T + 1)).toBe('fresh')
  })

  it('a stale-with-expire invalidation is stale until its deadline, then expired', () => {
    const state: TagState = { stale: T, expired: T + 300_000 }
    expect(tagStateFreshness(state, T - 1, T + 299_999)).toBe('tag-stale')
    expect(tagStateFreshness(state, T - 1, T + 300_000)).toBe('tag-expired')
    // an entry regenerated after the invalidation is not touched by the later deadline
    expect(tagStateFreshness(state, T + 1, T + 400_000)).toBe('fresh')
  })

  it('takes the worst verdict over entry tags and extra tags', () => {
    const states: Record<string, TagState> = {
      a: { stale: T, expired: T + 1000 },
      b: { stale: T, expired: T },
    }
    const read = (tag: string) => states[tag]
    expect(tagFreshness(['x'], T, T, read)).toBe('fresh')
    expect(tagFreshness(['x', 'a'], T, T, read)).toBe('tag-stale')
    expect(tagFreshness(['a'], T, T, read, ['b'])).toBe('tag-expired')
  })
})

describe('freshness', () => {
  const read = (tag: string) => (tag === 'posts' ? { stale: T, expired: T } : undefined)

  it('orders age-expired > tag-expired > stale > tag-stale > fresh', () => {
    const expiredEntry = makeEntry({ lastModified: T, revalidate: 60, expire: 60, tags: ['posts'] })
    expect(freshness(expiredEntry, T + 61_000, read)).toBe('expired')
    expect(freshness(entry, T + 61_000, read)).toBe('tag-expired')
    expect(freshness(entry, T + 61_000, none)).toBe('stale')
    expect(freshness(entry, T, () => ({ stale: T, expired: T + 9 }))).toBe('tag-stale')
    expect(freshness(entry, T, none)).toBe('fresh')
  })

  it('checks extra tags passed by the reader', () => {
    const other = makeEntry({ lastModified: T, tags: [] })
    expect(freshness(other, T, read, { extraTags: ['posts'] })).toBe('tag-expired')
  })

  it('explains itself for debug lines', () => {
    expect(explainFreshness(entry, T + 61_000, none)).toBe('age 61s > revalidate 60s')
    expect(explainFreshness(entry, T + 1000, read)).toBe('tag posts expired')
    expect(explainFreshness(entry, T + 1000, none)).toBe('age 1s <= revalidate 60s')
  })
})

describe('nextTagState', () => {
  it('without expire: stale and expired now', () => {
    expect(nextTagState(undefined, T)).toEqual({ stale: T, expired: T })
    expect(nextTagState({ stale: 1, expired: 2 }, T, { expire: 0 })).toEqual({ stale: T, expired: T })
  })

  it('with expire: stale now, expired later', () => {
    expect(nextTagState(undefined, T, { expire: 300 })).toEqual({ stale: T, expired: T + 300_000 })
  })

  it('keeps a pending earlier deadline, drops a passed one', () => {
    expect(nextTagState({ stale: T - 10, expired: T + 50 }, T, { expire: 300 })).toEqual({
      stale: T,
      expired: T + 50,
    })
    expect(nextTagState({ stale: T - 10, expired: T - 5 }, T, { expire: 300 })).toEqual({
      stale: T,
      expired: T + 300_000,
    })
  })
})

describe('retry back-off', () => {
  it('is clamp(revalidate, 3, 30) seconds', () => {
    expect(retryBackoffMs(makeEntry({ revalidate: 1 }))).toBe(3000)
    expect(retryBackoffMs(makeEntry({ revalidate: 10 }))).toBe(10_000)
    expect(retryBackoffMs(makeEntry({ revalidate: 3600 }))).toBe(30_000)
    expect(retryBackoffMs(makeEntry({ revalidate: false }))).toBe(30_000)
  })
})
