import { describe, expect, it } from 'vitest'
import { basePathRootLocation, insideBasePath } from './base-path.js'

const at = (pathname: string, search = '') => ({ pathname, search })

describe('insideBasePath', () => {
  it('strips the prefix at a segment boundary and refuses everything else', () => {
    expect(insideBasePath(at('/docs/a/b', '?x=1'), '/docs')).toEqual(at('/a/b', '?x=1'))
    expect(insideBasePath(at('/docs'), '/docs')).toEqual(at('/'))
    expect(insideBasePath(at('/docs/'), '/docs')).toEqual(at('/'))
    for (const outside of ['/', '/docsx', '/doc', '/a/docs', '/Docs/a'])
      expect(insideBasePath(at(outside), '/docs')).toBeUndefined()
  })

  it('without basePath, is the target itself', () => {
    const target = at('/a', '?q')
    expect(insideBasePath(target, '')).toBe(target)
  })
})

describe('basePathRootLocation', () => {
  it('/docs/ → /docs (query kept); under trailingSlash, /docs → /docs/', () => {
    expect(basePathRootLocation(at('/docs/', '?x=1'), '/docs', false)).toBe('/docs?x=1')
    expect(basePathRootLocation(at('/docs'), '/docs', false)).toBeUndefined()
    expect(basePathRootLocation(at('/docs'), '/docs', true)).toBe('/docs/')
    expect(basePathRootLocation(at('/docs/'), '/docs', true)).toBeUndefined()
    expect(basePathRootLocation(at('/'), '', false)).toBeUndefined()
  })
})
