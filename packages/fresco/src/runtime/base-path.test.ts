import { describe, expect, it } from 'vitest'
import { addBasePath, stripBasePath } from './base-path.js'

describe('addBasePath', () => {
  it("prefixes local paths as Next's addBasePath, the root without a trailing slash", () => {
    expect(addBasePath('/about?x=1#top', '/docs', false)).toBe('/docs/about?x=1#top')
    expect(addBasePath('/', '/docs', false)).toBe('/docs')
    expect(addBasePath('/?q=1', '/docs', false)).toBe('/docs?q=1')
    expect(addBasePath('/', '/docs', true)).toBe('/docs/')
    expect(addBasePath('/docs/a', '/docs', false)).toBe('/docs/docs/a')
  })

  it('leaves other origins, protocol-relative URLs, fragments and queries alone', () => {
    for (const href of ['https://example.com/a', '//example.com/a', '#top', '?q=1', 'relative'])
      expect(addBasePath(href, '/docs', false)).toBe(href)
    expect(addBasePath('/about', '', false)).toBe('/about')
  })
})

describe('stripBasePath', () => {
  it('gives the app path back, only at a segment boundary', () => {
    expect(stripBasePath('/docs/about', '/docs')).toBe('/about')
    expect(stripBasePath('/docs', '/docs')).toBe('/')
    expect(stripBasePath('/docsx', '/docs')).toBe('/docsx')
    expect(stripBasePath('/other', '/docs')).toBe('/other')
    expect(stripBasePath('/docs/about', '')).toBe('/docs/about')
  })
})
