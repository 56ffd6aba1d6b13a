import { describe, expect, it } from 'vitest'
import { fitsPattern, isInterceptable } from './intercept-pattern.js'

describe('fitsPattern', () => {
  it.each([
    ['/photos/[id]', '/photos/1', false, true],
    ['/photos/[id]', '/photos', false, false],
    ['/photos/[id]', '/photos/1/x', false, false],
    ['/photos/[id]', '/photos/1/x', true, true],
    ['/', '/anything/at/all', true, true],
    ['/', '/x', false, false],
    ['/', '/', false, true],
    ['/feed', '/feedback', true, false],
    ['/feed', '/feed/a', true, true],
    ['/docs/[...slug]', '/docs', false, false],
    ['/docs/[...slug]', '/docs/a/b', false, true],
    ['/shop/[[...all]]', '/shop', false, true],
    ['/[user]/photo/[id]', '/ann/photo/2', false, true],
  ])('%s fits %s (below: %s) → %s', (pattern, pathname, below, expected) => {
    expect(fitsPattern(pattern, pathname, below)).toBe(expected)
  })

  it('isInterceptable: the URL fits one rule exactly', () => {
    const rules = [{ path: '/photos/[id]', from: '/' }]
    expect(isInterceptable(rules, '/photos/1')).toBe(true)
    expect(isInterceptable(rules, '/photos/1/comments')).toBe(false)
    expect(isInterceptable([], '/photos/1')).toBe(false)
  })
})
