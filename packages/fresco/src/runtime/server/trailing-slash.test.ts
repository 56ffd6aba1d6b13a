import { describe, expect, it } from 'vitest'
import { canonicalHref } from '../client/trailing-slash-href.js'
import { matchedPath, trailingSlashLocation } from './trailing-slash.js'

describe("trailingSlashLocation: Next's trailing-slash redirects", () => {
  it('false (default): drops the slash; the root and bare paths stay', () => {
    expect(trailingSlashLocation('/about/', false)).toBe('/about')
    expect(trailingSlashLocation('/about//', false)).toBe('/about')
    expect(trailingSlashLocation('/about', false)).toBeUndefined()
    expect(trailingSlashLocation('/', false)).toBeUndefined()
  })

  it('true: adds the slash, except to file-like paths (which lose it) and /.well-known', () => {
    expect(trailingSlashLocation('/about', true)).toBe('/about/')
    expect(trailingSlashLocation('/about/', true)).toBeUndefined()
    expect(trailingSlashLocation('/file.txt/', true)).toBe('/file.txt')
    expect(trailingSlashLocation('/file.txt', true)).toBeUndefined()
    expect(trailingSlashLocation('/a.b-c', true)).toBeUndefined()
    expect(trailingSlashLocation('/.well-known/x', true)).toBeUndefined()
    expect(trailingSlashLocation('/', true)).toBeUndefined()
  })

  it('matches routes without the slash only when it is canonical', () => {
    expect(matchedPath('/about/', true)).toBe('/about')
    expect(matchedPath('/about/', false)).toBe('/about/')
    expect(matchedPath('/', true)).toBe('/')
  })
})

describe('canonicalHref: <Link> hrefs under trailingSlash', () => {
  it('adds the slash before the query and hash, leaves files, externals and the disabled case', () => {
    expect(canonicalHref('/about', true)).toBe('/about/')
    expect(canonicalHref('/about?x=1#h', true)).toBe('/about/?x=1#h')
    expect(canonicalHref('/about/', true)).toBe('/about/')
    expect(canonicalHref('/feed.xml/', true)).toBe('/feed.xml')
    expect(canonicalHref('https://x.dev/a', true)).toBe('https://x.dev/a')
    expect(canonicalHref('//x.dev/a', true)).toBe('//x.dev/a')
    expect(canonicalHref('/about', false)).toBe('/about')
  })
})
