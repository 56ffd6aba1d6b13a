import { describe, expect, it } from 'vitest'
import { basePathRootLocation, insideBasePath, outsideSlashLocation, outsideTarget } from './base-path.js'

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

// next start 16.5 with basePath '/docs' (e2e/browser/base-path.test.ts): its trailing-slash 308s
// are not under basePath.
describe('outsideSlashLocation', () => {
  it('/about/ → /about (query kept); under trailingSlash /about → /about/, /file.txt/ → /file.txt', () => {
    expect(outsideSlashLocation(at('/about/', '?x=1'), false)).toBe('/about?x=1')
    expect(outsideSlashLocation(at('/about'), false)).toBeUndefined()
    expect(outsideSlashLocation(at('/'), false)).toBeUndefined()
    expect(outsideSlashLocation(at('/about'), true)).toBe('/about/')
    expect(outsideSlashLocation(at('/about/'), true)).toBeUndefined()
    expect(outsideSlashLocation(at('/file.txt/'), true)).toBe('/file.txt')
  })

  it('a decoded path is encoded again: the Location is a valid header and stays a path', () => {
    expect(outsideSlashLocation(at('/a b/ü/'), false)).toBe('/a%20b/%C3%BC')
    expect(outsideSlashLocation(at('/a?b/'), false)).toBe('/a%3Fb')
  })
})

describe('outsideTarget', () => {
  it('is in the form the app never redirects, so outside basePath is a 404', () => {
    expect(outsideTarget(false).pathname.endsWith('/')).toBe(false)
    expect(outsideTarget(true).pathname.endsWith('/')).toBe(true)
  })
})
