import { IMPLICIT_TAG_PREFIX as ENGINE_PREFIX } from '@fresco/cache'
import { describe, expect, it } from 'vitest'
import { IMPLICIT_TAG_PREFIX, invalidationFor } from './invalidation.js'

const drops = (header: string, key: string) => {
  const inv = invalidationFor(header)
  if (inv === undefined) return false
  return inv === 'all' ? true : inv(key)
}

describe('invalidation from x-fresco-revalidated', () => {
  it('reads implicit tags with the prefix the engine writes', () => {
    expect(IMPLICIT_TAG_PREFIX).toBe(ENGINE_PREFIX)
  })

  it('drops nothing without a header', () => {
    expect(invalidationFor(null)).toBeUndefined()
    expect(invalidationFor('')).toBeUndefined()
  })

  it('drops everything for cookies (*), an explicit tag or the root layout', () => {
    expect(invalidationFor('*')).toBe('all')
    expect(invalidationFor('posts')).toBe('all')
    expect(invalidationFor(encodeURIComponent('_N_T_/layout'))).toBe('all')
  })

  it('revalidatePath(path) drops that URL, with any query', () => {
    const h = encodeURIComponent('_N_T_/blog')
    expect(drops(h, '/blog')).toBe(true)
    expect(drops(h, '/blog?page=2')).toBe(true)
    expect(drops(h, '/blog/1')).toBe(false)
    expect(drops(encodeURIComponent('_N_T_/index'), '/')).toBe(true)
  })

  it("revalidatePath(pattern, 'page') drops the URLs of that route", () => {
    const h = encodeURIComponent('_N_T_/blog/[id]/page')
    expect(drops(h, '/blog/7')).toBe(true)
    expect(drops(h, '/blog')).toBe(false)
    expect(drops(h, '/blog/7/comments')).toBe(false)
    expect(drops(encodeURIComponent('_N_T_/(shop)/docs/[...slug]/page'), '/docs/a/b')).toBe(true)
  })

  it("revalidatePath(pattern, 'layout') drops everything below it", () => {
    const h = encodeURIComponent('_N_T_/blog/layout')
    expect(drops(h, '/blog')).toBe(true)
    expect(drops(h, '/blog/7/comments')).toBe(true)
    expect(drops(h, '/blogs')).toBe(false)
  })

  it('combines several tags', () => {
    const h = ['_N_T_/a', '_N_T_/b'].map(encodeURIComponent).join(',')
    expect(drops(h, '/a')).toBe(true)
    expect(drops(h, '/b')).toBe(true)
    expect(drops(h, '/c')).toBe(false)
  })
})
