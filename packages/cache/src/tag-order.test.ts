import { describe, expect, it } from 'vitest'
import { nextTagState } from './freshness.js'
import { isLaterTagState, mergeTagStates } from './tag-order.js'

const T = 1_800_000_000_000

describe('tag order', () => {
  it('a later stale is later; at equal stale an earlier expiry is later; anything beats nothing', () => {
    expect(isLaterTagState({ stale: T + 1, expired: T + 1 }, { stale: T, expired: T })).toBe(true)
    expect(isLaterTagState({ stale: T, expired: T }, { stale: T + 1, expired: T + 1 })).toBe(false)
    expect(isLaterTagState({ stale: T, expired: T }, { stale: T, expired: T + 60_000 })).toBe(true)
    expect(isLaterTagState({ stale: T, expired: T }, { stale: T, expired: T })).toBe(false)
    expect(isLaterTagState({ stale: T, expired: T }, undefined)).toBe(true)
  })

  it('merging is the sequential rule (nextTagState) when updates arrive in order', () => {
    const soft = nextTagState(undefined, T, { expire: 60 })
    expect(mergeTagStates(soft, nextTagState(soft, T + 10, { expire: 300 }))).toEqual({
      stale: T + 10,
      expired: T + 60_000, // the pending deadline is never postponed
    })
    expect(mergeTagStates(soft, { stale: T + 10, expired: T + 10 })).toEqual({
      stale: T + 10,
      expired: T + 10,
    })
    const passed = { stale: T, expired: T + 5 }
    expect(mergeTagStates(passed, nextTagState(passed, T + 10, { expire: 60 }))).toEqual({
      stale: T + 10,
      expired: T + 60_010,
    })
  })

  it('whatever the arrival order, the result is the same and never earlier than what it replaces', () => {
    const states = [
      { stale: T, expired: T },
      { stale: T, expired: T + 60_000 },
      { stale: T + 5, expired: T + 5 },
      { stale: T + 5, expired: T + 30_000 },
      { stale: T + 100_000, expired: T + 400_000 },
    ]
    for (const a of states)
      for (const b of states) {
        const ab = mergeTagStates(a, b)
        expect(mergeTagStates(b, a)).toEqual(ab)
        expect(isLaterTagState(a, ab)).toBe(false)
        expect(isLaterTagState(b, ab)).toBe(false)
      }
  })
})
